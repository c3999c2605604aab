"""Every custom attribute on spaCy objects is declared here, once.

Components set them by assignment (never by appending to shared state), so processing a Doc twice
gives the same result. Each component owner keeps a section below.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def _ext(obj: type, name: str, **kwargs: object) -> None:
    if not obj.has_extension(name):
        obj.set_extension(name, **kwargs)


def register_extensions() -> None:
    """Declare all extension attributes (idempotent)."""
    # --- shared -------------------------------------------------------------------------
    _ext(Span, "rule_id", default=None)  # id of the pattern (models/*.jsonl) that found the span
    _ext(Doc, "block_id", default=None)
    # --- countries ----------------------------------------------------------------------
    _ext(Span, "iso3", default=None)
    _ext(Span, "form", default=None)  # "name" / "alias" / "adjective"
    # --- dates --------------------------------------------------------------------------
    # --- officials ----------------------------------------------------------------------
    # --- actions ------------------------------------------------------------------------


register_extensions()
