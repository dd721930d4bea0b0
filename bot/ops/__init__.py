"""Running Signpost: starting and supervising its processes, training, retention."""
