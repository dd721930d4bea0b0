"""The web side of Signpost: the chat widget for the municipal intranet, its API, health."""
