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
    _ext(Span, "country", default=None)  # short English name of span._.iso3 ("South Korea")
    # --- dates --------------------------------------------------------------------------
    _ext(Span, "date_tense", default=None)  # "future" / "past" / None: tense governing a mention
    # --- officials ----------------------------------------------------------------------
    _ext(Span, "official_name", default=None)  # the name part as written ("Yeo Seung Bae")
    _ext(Span, "official_name_start", default=None)  # token offsets of the name part
    _ext(Span, "official_name_end", default=None)
    _ext(Span, "official_words", default=())  # the name's words ("Kyu-duk" is one word)
    _ext(Span, "official_title", default=None)  # office without name, country, organisation
    _ext(Span, "official_rank", default=None)  # rank prefix replaced by an office ("Amb.")
    _ext(Span, "official_org", default=None)  # organisation named with the title
    _ext(Span, "official_country", default=None)  # ISO3 stated with the title
    _ext(Span, "official_scope", default=None)  # None (government), "intl" or "private"
    _ext(Span, "official_posted", default=False)  # the title named a posting ("... to Viet Nam")
    # --- actions ------------------------------------------------------------------------
    # offsets are stored as token (start, end) tuples so a Doc still serialises (to_bytes)
    _ext(Span, "action_type", default=None)  # "agreement" / "call" / "pledge"
    _ext(Span, "action_trigger_i", default=None)  # (start, end) tokens of the trigger words
    _ext(Span, "action_actor_i", default=None)  # (start, end) tokens of the actor, or None
    _ext(Span, "action_trigger",  # Span: "called for", "will continue"
         getter=lambda s: s.doc[slice(*s._.action_trigger_i)] if s._.action_trigger_i else None)
    _ext(Span, "action_actor",  # Span | None: the subject as written
         getter=lambda s: s.doc[slice(*s._.action_actor_i)] if s._.action_actor_i else None)
    _ext(Span, "action_collective", default=False)  # actor stands for several parties
    _ext(Span, "action_event", default=False)  # "the two sides will hold the next meeting"


register_extensions()
