"""Language identification with py3langid."""

from __future__ import annotations

import py3langid

# Texts shorter than this are too short to identify reliably.
MIN_CHARS = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short to tell."""
    sample = text[:5000]
    if len(sample.strip()) < MIN_CHARS:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
