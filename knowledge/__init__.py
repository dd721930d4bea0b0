"""The knowledge base: models, repository functions, seed content and place resolution.

The ground floor of Signpost: it imports nothing from ``bot`` or ``actions``.
"""
