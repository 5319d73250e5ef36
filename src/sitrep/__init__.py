"""sitrep: an open-source crisis monitor."""

__version__ = "0.1.0"
