"""pressfacts: tables of facts from scraped government press releases."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_nlp", "load", "load_settings", "Processor", "run"]


def __getattr__(name: str) -> object:
    # Lazy imports keep `import pipeline` (and the CLI's --help) fast: spaCy loads only when used.
    if name == "build_nlp":
        from .nlp import build_nlp

        return build_nlp
    if name == "load_settings":
        from .settings import load_settings

        return load_settings
    if name == "load":
        from .loading import load

        return load
    if name == "run":
        from .runner import run

        return run
    if name == "Processor":
        from .process import Processor

        return Processor
    raise AttributeError(name)
