"""Rebuild a student's answer from the plain data their kernel sent (see ``to_plain``).

Every tag becomes the ordinary value it stands for: a date, a number, a list, a pandas
Series of the same items and length, a table of the same shape, a matplotlib Figure with
the same bars, titles and labels. The answer readers and questions then judge it exactly
as ``check`` judged the original in the student's kernel. Values are built from the tags
alone (constructors, never ``eval`` or unpickling), and anything malformed, which an honest
kernel never sends, raises :class:`PlainError`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import types
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

# An answer claiming more cells than this is rebuilt with fewer rows: only its shape's
# description could differ, and a forged shape cannot exhaust the grader's memory.
MAX_CELLS = 10_000_000
# Class names that reprlib describes by iterating: an opaque stand-in must not use them.
_REPRLIB_NAMES = {"tuple", "list", "array", "set", "frozenset", "deque", "dict", "str", "int"}


class PlainError(ValueError):
    """Plain data that no kernel running ``to_plain`` would send."""


def _opaque(type_name: str, text: str) -> Any:
    """A stand-in for an object the kernel could only describe: same type name, same text."""
    name = str(type_name) or "object"
    if not name.isidentifier() or name in _REPRLIB_NAMES:
        name = f"{name}_" if name.isidentifier() else "object"
    return type(name, (), {"__repr__": lambda self: text, "__slots__": ()})()


def _float(text: Any) -> float:
    if not isinstance(text, str):
        raise PlainError("a number is sent as text")
    return float(text)


def _items(plain: dict[str, Any]) -> list[Any]:
    items = plain.get("items")
    if not isinstance(items, list):
        raise PlainError(f"{plain.get('t')} without items")
    return [value(item) for item in items]


def _padded(items: list[Any], length: Any) -> np.ndarray | list[Any]:
    """The items, made up to the original length (the readers only read the first ones)."""
    if not isinstance(length, int) or length <= len(items):
        return items
    filled = np.empty(min(length, MAX_CELLS), dtype=object)
    filled[: len(items)] = items
    return filled


def _figure(plain: dict[str, Any]) -> Figure:
    fig = Figure()
    axes_data = plain.get("axes")
    if not isinstance(axes_data, list):
        raise PlainError("a chart without axes")
    if plain.get("suptitle"):
        fig.suptitle(str(plain["suptitle"]))
    for number, data in enumerate(axes_data, start=1):
        ax = fig.add_subplot(len(axes_data), 1, number)
        for loc, text in dict(data.get("titles", {})).items():
            if text and loc in ("center", "left", "right"):
                ax.set_title(str(text), loc=loc)
        ax.set_xlabel(str(data.get("xlabel", "")))
        ax.set_ylabel(str(data.get("ylabel", "")))
        if data.get("lines"):
            ax.plot([0, 1], [0, 1])
        for bars in data.get("bars", []):
            rects = [[_float(n) for n in rect] for rect in bars["rects"]]
            x, y, w, h = (list(column) for column in zip(*rects, strict=True)) if rects else (
                [], [], [], [])
            if bars.get("horizontal"):
                ax.barh(y, w, height=h, left=x, align="edge")
            else:
                ax.bar(x, h, width=w, bottom=y, align="edge")
        if data.get("drawn") and not (ax.lines or ax.containers):
            ax.text(0, 0, "")  # something was drawn that is neither bars nor lines
    return fig


class _Iterator:
    """An iterator over the items a kernel read from one, described as the original was."""

    def __init__(self, items: list[Any], text: str) -> None:
        self._items = iter(items)
        self._text = text

    def __iter__(self) -> _Iterator:
        return self

    def __next__(self) -> Any:
        return next(self._items)

    def __repr__(self) -> str:
        return self._text


def _module(plain: dict[str, Any]) -> types.ModuleType:
    module = types.ModuleType(str(plain["name"]))
    if plain.get("file"):
        module.__file__ = str(plain["file"])
    return module


def _bar_container() -> Any:
    return Figure().subplots().bar([0], [1])


def value(plain: Any) -> Any:
    """Rebuild the value that a piece of tagged plain data stands for.

    Raises
    ------
    PlainError
        On data that is not what ``to_plain`` sends.
    """
    if not isinstance(plain, dict) or not isinstance(plain.get("t"), str):
        raise PlainError("not tagged plain data")
    tag = plain["t"]
    try:
        return _BUILDERS[tag](plain)
    except KeyError as exc:
        if tag not in _BUILDERS:
            raise PlainError(f"unknown tag {tag!r}") from None
        raise PlainError(f"{tag} without {exc}") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
        if isinstance(exc, PlainError):
            raise
        raise PlainError(f"a malformed {tag}: {exc}") from None


def _timedelta(plain: dict[str, Any]) -> Any:
    span = pd.Timedelta(int(plain["ns"]), unit="ns")
    if plain.get("kind") == "python":
        return span.to_pytimedelta()
    if plain.get("kind") == "numpy":
        return span.to_timedelta64()
    return span


def _frame(plain: dict[str, Any]) -> pd.DataFrame:
    rows, columns = (int(n) for n in plain["shape"])
    if rows < 0 or columns < 0:
        raise PlainError("a table of negative size")
    if (rows, columns) == (1, 1) and plain.get("cell") is not None:
        return pd.DataFrame([[value(plain["cell"])]])
    if columns and rows * columns > MAX_CELLS:
        rows = MAX_CELLS // columns
    return pd.DataFrame(np.zeros((rows, columns), dtype=np.int8))


def _array(plain: dict[str, Any]) -> np.ndarray:
    shape = tuple(int(n) for n in plain["shape"])
    items = _items(plain)
    size = int(np.prod(shape)) if shape else 1
    if size == len(items):
        return np.array(items).reshape(shape) if items else np.empty(shape)
    if size > MAX_CELLS:
        shape, size = (MAX_CELLS,), MAX_CELLS
    filled = np.empty(size, dtype=object)
    filled[: len(items)] = items
    return filled.reshape(shape)


_BUILDERS: dict[str, Any] = {
    "none": lambda p: None,
    "ellipsis": lambda p: Ellipsis,
    "nat": lambda p: pd.NaT,
    "na": lambda p: pd.NA,
    "bool": lambda p: bool(p["v"]),
    "str": lambda p: str(p["v"]),
    "bytes": lambda p: str(p["v"]).encode("latin-1"),
    "int": lambda p: int(str(p["v"])),
    "float": lambda p: _float(p["v"]),
    "complex": lambda p: complex(_float(p["re"]), _float(p["im"])),
    "decimal": lambda p: decimal.Decimal(str(p["v"])),
    "fraction": lambda p: fractions.Fraction(str(p["v"])),
    "timedelta": _timedelta,
    "timestamp": lambda p: pd.Timestamp(str(p["v"])),
    "datetime": lambda p: dt.datetime.fromisoformat(str(p["v"])),
    "date": lambda p: dt.date.fromisoformat(str(p["v"])),
    "datetime64": lambda p: np.datetime64(str(p["v"])),
    "module": _module,
    "exception": lambda p: type(_identifier(p["type"]), (Exception,), {})(),
    "object": lambda p: _opaque(str(p.get("type", "")), str(p.get("repr", ""))),
    "list": lambda p: _items(p),
    "tuple": lambda p: tuple(_items(p)),
    "set": lambda p: set(_items(p)),
    "frozenset": lambda p: frozenset(_items(p)),
    "iter": lambda p: _Iterator(_items(p), str(p.get("repr", ""))),
    "dict": lambda p: {value(k): value(v) for k, v in p["pairs"]},
    "series": lambda p: pd.Series(_padded(_items(p), p.get("len"))),
    "index": lambda p: pd.Index(_padded(_items(p), p.get("len"))),
    "array0": lambda p: np.array(value(p["item"])),
    "array": _array,
    "frame": _frame,
    "figure": _figure,
    "axes": lambda p: _figure(p).axes[0],
    "axes_list": lambda p: list(_figure(p).axes),
    "barcontainer": lambda p: _bar_container(),
}


def _identifier(name: Any) -> str:
    text = str(name)
    return text if text.isidentifier() else "Error"
