"""Signpost's custom actions (the Rasa action server): one module per topic.

Actions read the knowledge base through ``knowledge`` at answer time and talk to
nobody else.
"""
