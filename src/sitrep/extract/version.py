"""The extraction pipeline's version, importable without loading spaCy.

Stored extractions are keyed by it: bump it when a component's output changes.
"""

from __future__ import annotations

from sitrep import __version__

PIPELINE_VERSION = f"sitrep-extract-{__version__}.11"
