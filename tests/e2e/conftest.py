"""The end-to-end tests share the session's running assistant (``tests/conftest.py``)."""
