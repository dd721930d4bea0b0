"""Privacy by design: what Signpost removes before anything is stored or logged.

Understanding sees the original text; the tracker store and the logs never do.
"""
