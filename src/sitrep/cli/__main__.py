"""``python -m sitrep.cli``."""

from sitrep.cli import app

app()
