"""Language understanding built from the project's own data.

``spacy_pipeline`` builds the spaCy pipeline (entity patterns generated from the
knowledge base) that Rasa's SpacyNLP loads; ``danger_guard`` is a Rasa NLU component
that makes a clear sign of immediate danger win over any statistical guess.
"""
