"""The ``Doc._`` extensions sitrep's components read and write, registered in one place.

Article context is set before the components run (``published`` as an ISO string,
``language``, ``date_order``, ``outlet``, ``title``); each component writes one list
(``places``, ``actors`` ...). All default to None, so a component used alone reads None
where an upstream one did not run.
"""

from __future__ import annotations

from spacy.tokens import Doc

CONTEXT = ("published", "language", "date_order", "outlet", "title", "story_country")
RESULTS = (
    "places", "actors", "times", "attributions", "opinions", "figures", "events", "reactions",
)  # fmt: skip


def register_extensions() -> None:
    """Register every extension once (safe to call again)."""
    for name in (*CONTEXT, *RESULTS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
