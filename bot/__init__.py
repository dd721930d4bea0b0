"""What faces people and operators: the command line, the process runner, the settings.

``bot`` uses ``knowledge`` and reaches Rasa only over HTTP; it never imports ``actions``.
"""
