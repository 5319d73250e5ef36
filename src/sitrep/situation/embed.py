"""Text embeddings for story grouping: WordLlama, shipped inside its PyPI wheel.

The model is loaded once per process from the package folder with downloads disabled,
so nothing is fetched from a hub (see ../shared/STACK.md for the trap this avoids).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]

DIM = 256  # wordllama's default Matryoshka truncation; 17k sentences/s on one core
LEAD_CHARS = 600  # title plus the opening of the text carry the story


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors of one fixed dimension."""

    dim: int

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class WordLlamaEmbedder:
    """The default embedder (``wordllama==0.4.0.post1``, 256 dimensions)."""

    dim = DIM

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        folder = Path(wordllama.__file__).parent
        self._model = WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vectors = self._model.embed(list(texts), norm=True, return_np=True)
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def default_embedder() -> WordLlamaEmbedder:
    """The process-wide embedder, loaded on first use (~0.15 s)."""
    return WordLlamaEmbedder()


def lead_text(title: str | None, text: str) -> str:
    """What an article is embedded by: its title and the opening of its text."""
    return f"{title or ''}\n{text[:LEAD_CHARS]}".strip()


def to_bytes(vector: npt.NDArray[np.floating[Any]]) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> Vector:
    return np.frombuffer(data, dtype=np.float32).copy()
