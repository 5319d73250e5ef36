"""Stable article identity: a content hash of the normalised text.

Normalisation folds Unicode (NFKC), case and all runs of white space, so a copy that only
differs in line wrapping or capitalisation gets the same id; any change of words does not.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
ID_LENGTH = 16  # hex chars (64 bits): ample for archives of millions of articles


def normalize_text(text: str) -> str:
    """Fold Unicode form, case and white space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """The article id for ``text``: first :data:`ID_LENGTH` hex chars of SHA-256."""
    digest = hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
    return digest[:ID_LENGTH]
