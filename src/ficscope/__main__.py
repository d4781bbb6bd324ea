"""``python -m ficscope`` runs the ``ficscope`` command."""

from .cli import app

app(prog_name="ficscope")
