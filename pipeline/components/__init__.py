"""spaCy components of pressfacts, each a registered factory with a `pr_` prefix.

Importing this package registers every factory. Each factory accepts `models_dir` (the folder with
the project's pattern and gazetteer files) in its config.
"""

from __future__ import annotations

from .. import extensions as _extensions  # noqa: F401  (declares Doc/Span extensions)
from . import actions, countries, dates, fast_attributes, officials  # noqa: F401  (register factories)

#: Component names in pipeline order (after the model's own components).
COMPONENTS: tuple[str, ...] = ("pr_countries", "pr_dates", "pr_officials", "pr_actions")
