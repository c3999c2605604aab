"""Load an output folder as typed pandas DataFrames."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pandas as pd

from . import schema as sch
from .datapackage import DATE_FIELDS, ENUMS
from .errors import InputNotFound
from .schema import TABLES

CATEGORY_FIELDS = {"iso3", "site", "publisher", "country"}


def _dtypes(table: str, row_type: type) -> dict[str, str]:
    hints = typing.get_type_hints(row_type, vars(sch))
    out: dict[str, str] = {}
    for f in dataclasses.fields(row_type):
        args = set(typing.get_args(hints[f.name])) or {hints[f.name]}
        args.discard(type(None))
        kind = args.pop() if len(args) == 1 else str
        if kind is int:
            out[f.name] = "Int64"
        elif kind is bool:
            out[f.name] = "boolean"
        elif (table, f.name) in ENUMS or f.name in CATEGORY_FIELDS:
            out[f.name] = "category"
        else:
            out[f.name] = "string"
    return out


def load_table(out_dir: str | Path, table: str) -> pd.DataFrame:
    """One output table as a typed DataFrame (dates as datetime64, nullable ints, categoricals)."""
    row_type = TABLES[table]
    path = Path(out_dir) / f"{table}.csv"
    if not path.exists():
        raise InputNotFound(f"{path} (run `pressfacts run` first)")
    dtypes = _dtypes(table, row_type)
    frame = pd.read_csv(path, dtype={k: ("string" if v in ("Int64", "boolean") else v)
                                     for k, v in dtypes.items()},
                        keep_default_na=False, na_values=[""], encoding="utf-8")
    for name, kind in dtypes.items():
        if kind == "Int64":
            frame[name] = pd.to_numeric(frame[name]).astype("Int64")
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
        if name in DATE_FIELDS:
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
    return frame


def load(out_dir: str | Path = "outputs") -> dict[str, pd.DataFrame]:
    """Every output table of a folder, by name, as typed DataFrames."""
    return {table: load_table(out_dir, table) for table in TABLES}


def write_parquet(out_dir: str | Path) -> list[Path]:
    """Write each CSV table of a folder as Parquet beside it (same columns and types)."""
    written = []
    for table, frame in load(out_dir).items():
        path = Path(out_dir) / f"{table}.parquet"
        tmp = path.with_suffix(".parquet.part")
        frame.to_parquet(tmp, index=False)
        tmp.replace(path)
        written.append(path)
    return written
