"""Everything that speaks to Rasa: the HTTP client the channels share, Rasa's replies as
channels show them, the files ``rasa run`` reads, the Rasa process as Signpost runs it,
and the direct deletions from Rasa's tracker store that its API does not offer."""
