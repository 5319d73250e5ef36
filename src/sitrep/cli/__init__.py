"""The ``sitrep`` command line: a thin Typer + Rich shell over the library.

Commands live in :mod:`sitrep.cli.commands` (articles and extraction) and
:mod:`sitrep.cli.situation` (stories, alerts, brief, watch); importing them registers them.
"""

from sitrep.cli import commands, situation
from sitrep.cli.base import app

__all__ = ["app", "commands", "situation"]
