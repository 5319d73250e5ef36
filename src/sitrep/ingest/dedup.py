"""Near-duplicate detection: MinHash signatures of word shingles in an LSH index.

A syndicated or lightly edited copy is linked to the earliest stored article it copies.
Signatures are stored with the articles, so the index is rebuilt from the store on start.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH

from sitrep.ingest.identity import normalize_text
from sitrep.settings import DedupSettings

SEED = 1  # fixed: stored signatures must stay comparable across runs
SCHEME = "affine32"  # datasketch 2.x default; stored as uint32 values


def shingles(text: str, size: int) -> set[bytes]:
    """Word ``size``-grams of the normalised text (the whole text if it is shorter)."""
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """MinHash LSH over the stored articles; ``original_of`` answers "is this a copy?"."""

    def __init__(self, settings: DedupSettings) -> None:
        self._settings = settings
        self._lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
        self._signatures: dict[str, MinHash] = {}
        self._roots: dict[str, str] = {}
        # Generating the permutations is most of a MinHash's construction cost: make them
        # once and share them (1.2 s -> 0.09 s to load 10,000 stored signatures).
        self._permutations = MinHash(
            num_perm=settings.num_perm, seed=SEED, scheme=SCHEME
        ).permutations

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> MinHash:
        minhash = MinHash(
            num_perm=self._settings.num_perm,
            seed=SEED,
            scheme=SCHEME,
            permutations=self._permutations,
        )
        minhash.update_batch(list(shingles(text, self._settings.shingle_words)))
        return minhash

    def to_bytes(self, minhash: MinHash) -> bytes:
        return bytes(np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes())

    def from_bytes(self, data: bytes) -> MinHash:
        values = np.frombuffer(data, dtype=np.uint32).copy()
        shared = self._permutations if len(values) == self._settings.num_perm else None
        return MinHash(
            num_perm=len(values), seed=SEED, hashvalues=values, scheme=SCHEME, permutations=shared
        )

    def add(self, article_id: str, minhash: MinHash, *, duplicate_of: str | None = None) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = minhash
        root = article_id if duplicate_of is None else self._roots.get(duplicate_of, duplicate_of)
        self._roots[article_id] = root
        self._lsh.insert(article_id, minhash)

    def original_of(self, minhash: MinHash) -> tuple[str, float] | None:
        """The root original of the most similar stored article, with the similarity."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[key]))
            if similarity >= self._settings.min_similarity and (
                best is None or similarity > best[1] or (similarity == best[1] and key < best[0])
            ):
                best = (key, similarity)
        if best is None:
            return None
        return self._roots.get(best[0], best[0]), best[1]
