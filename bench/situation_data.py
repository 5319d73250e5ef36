"""Test data for bench/situation.py: new unique articles, and clones of stored ones.

* :func:`new_records` writes new articles for the warm-update measurement: each joins the
  first half of one sample report's sentences to the second half of another's, with its
  numbers changed and one new sentence, so it is an original (not a near-duplicate of any
  stored article) about the same story.
* :func:`clone` copies a stored article and its stored extraction under a new id for the
  synthetic store: the text gets one unique sentence appended (so the content-hash id
  changes and every extraction offset stays valid), and every date (published, and the
  dates inside the extraction) is shifted by the same number of days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sitrep.ingest.dedup import NearDuplicateIndex
from sitrep.ingest.identity import content_hash
from sitrep.model import Article, Extraction

SENTENCE = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\"“])")
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?![\w,.]\d)")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def _bump(match: re.Match[str], step: int) -> str:
    value = int(match.group().replace(",", ""))
    if value < 10 or 1900 <= value <= 2100:  # keep small numbers, days and years
        return match.group()
    return f"{value + step:,}" if "," in match.group() else str(value + step)


def variant(first: Article, second: Article, n: int, rng: random.Random) -> tuple[str, str]:
    """(title, text) of a new report mixing ``first`` and ``second`` (see module docstring)."""
    a, b = sentences(first.text), sentences(second.text)
    body = a[: max(1, len(a) // 2)] + b[len(b) // 2 :]
    kept = [s for s in body if rng.random() > 0.15] or body
    step = n + 1
    text = " ".join(NUMBER.sub(lambda m: _bump(m, step), s) for s in kept)
    detained = 8_000 + 37 * n
    text += (
        f" Officials said on day {n % 27 + 1} of the operation that {detained:,} people "
        f"remained in custody and that checkpoint number {n + 3} had been reopened."
    )
    return f"{first.title or 'Update'} (update {n})", text


def new_records(
    templates: Sequence[Article],
    count: int,
    *,
    index: NearDuplicateIndex,
    folder: Path,
    seed: int,
    day_shift: int = 0,
    spread_days: int = 0,
) -> list[Path]:
    """Write ``count`` JSON records of new original reports to ``folder``; return their paths.

    Each candidate is checked against ``index`` (the store's near-duplicate index, to which
    the accepted ones are added), so none is a near-duplicate of a stored article or of
    another new one. Dates are the first template's, shifted by ``day_shift`` plus up to
    ``spread_days``.
    """
    rng = random.Random(seed)
    pool = [t for t in templates if t.language == "en" and t.published and t.duplicate_of is None]
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    tries = 0
    while len(paths) < count:
        tries += 1
        if tries > count * 50:
            raise RuntimeError("could not make enough original test articles")
        first, second = rng.sample(pool, 2)
        n = seed * 1000 + len(paths)
        title, text = variant(first, second, n, rng)
        minhash = index.signature(text)
        if index.original_of(minhash) is not None:
            continue
        index.add(content_hash(text), minhash)
        assert first.published is not None
        shift = day_shift + (rng.randint(0, spread_days) if spread_days else 0)
        published = first.published + dt.timedelta(days=shift, hours=rng.randint(0, 6))
        record = {
            "url": f"https://bench.example/{seed}/{len(paths)}",
            "title": title,
            "text": text,
            "published": published.isoformat(),
            "outlet": f"{first.outlet or 'bench'}",
            "language": "en",
        }
        path = folder / f"new-{seed}-{len(paths):03d}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def _shift(day: dt.date | None, days: int) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=days)


def shift_extraction(extraction: Extraction, article_id: str, days: int) -> Extraction:
    """``extraction`` for ``article_id`` with every date moved by ``days``."""
    return dataclasses.replace(
        extraction,
        article_id=article_id,
        times=tuple(
            dataclasses.replace(
                t,
                date=_shift(t.date, days),
                start_date=_shift(t.start_date, days),
                end_date=_shift(t.end_date, days),
            )
            for t in extraction.times
        ),
        figures=tuple(
            dataclasses.replace(f, as_of=_shift(f.as_of, days)) for f in extraction.figures
        ),
        events=tuple(dataclasses.replace(e, date=_shift(e.date, days)) for e in extraction.events),
        reactions=tuple(
            dataclasses.replace(r, date=_shift(r.date, days)) for r in extraction.reactions
        ),
    )


def clone(
    article: Article,
    extraction: Extraction,
    *,
    tag: str,
    days: int,
    outlet_suffix: str,
    duplicate_of: str | None,
) -> tuple[Article, Extraction]:
    """A new article (new id, dates shifted by ``days``) with its shifted extraction."""
    text = f"{article.text}\n\nThis report was filed as item {tag} of the archive."
    new_id = content_hash(text)
    delta = dt.timedelta(days=days)
    copy = dataclasses.replace(
        article,
        id=new_id,
        text=text,
        url=f"{article.url or 'https://bench.example/a'}#{tag}",
        outlet=f"{article.outlet}{outlet_suffix}" if article.outlet else None,
        published=article.published + delta if article.published else None,
        fetched_at=article.fetched_at + delta if article.fetched_at else None,
        duplicate_of=duplicate_of,
    )
    return copy, shift_extraction(extraction, new_id, days)


def random_signature(rng: np.random.Generator, num_perm: int) -> bytes:
    """A MinHash signature of a text unlike any other (clones must not share LSH buckets)."""
    return rng.integers(0, 2**32 - 1, size=num_perm, dtype=np.uint32).tobytes()
