"""The limits of the web app's upload worker: defaults and the range ``ficscope serve``
accepts. Kept apart from ``web`` so the command's help does not import the web app."""

from __future__ import annotations

DEFAULT_SECONDS = 300.0
DEFAULT_MEMORY_MB = 3072.0

# A day, a terabyte and 4 GB per upload are far beyond any work; below 256 MB the
# worker cannot load the language model.
MAX_SECONDS = 86400.0
MIN_MEMORY_MB, MAX_MEMORY_MB = 256.0, 1048576.0
MAX_UPLOAD_MB = 4096.0
