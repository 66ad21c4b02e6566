"""Runs inside a student's kernel: an answer turned into plain data, sent to the grader.

The grader sends this file's text to the kernel and calls :func:`publish` with the
expression a check cell gives to ``check``. Whatever the student's object is, what leaves
the kernel is JSON made of tagged plain values (``{"t": "date", "v": "1990-07-06"}``): the
text, numbers, dates, lists and table shapes that the course's answer readers look at,
and for a chart, its Axes' bars (position and size of every bar), titles and labels.
Nothing is pickled and nothing is evaluated on the way back: the grader rebuilds plain
values from the tags (:mod:`nato_russia.grade.from_plain`) and judges them with the same
readers and questions ``check`` uses.

Only the standard library is imported at the top, and never the course package: this
code must work in a kernel where the student has replaced or broken parts of it.
Everything a student's object might do when touched (raise, print, loop) is guarded.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import itertools
import numbers
import reprlib
import types
from typing import Any

MIME = "application/vnd.nato-russia.answer+json"
# The readers look at no more than MAX_ITEMS + 1 items (nato_russia.questions.readers).
MAX_ITEMS = 10_000
# Inner containers only matter for how an answer is described (reprlib shows 6 items).
INNER_ITEMS = 7
MAX_DEPTH = 7
MAX_NODES = 60_000
MAX_TEXT = 4_000_000
MAX_INNER_TEXT = 10_000

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxfrozenset = 6


class _Budget:
    """Counts the values encoded, so a huge nested answer cannot flood the grader."""

    def __init__(self) -> None:
        self.left = MAX_NODES

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _type_name(value: Any) -> str:
    try:
        return str(type(value).__name__)[:100]
    except BaseException:  # noqa: BLE001 - a metaclass may raise anything
        return "object"


def _repr(value: Any) -> str:
    try:
        return str(_short.repr(value))[:200]
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - the object's own __repr__ may raise anything
        return ""


def _described(value: Any) -> str:
    """How the readers describe a table, a Series or an array, when it cannot be read."""
    try:
        if _isinstance(value, "pandas", "DataFrame"):
            rows, columns = value.shape
            return f"a table (DataFrame) with {rows} rows and {columns} columns"
        for kind, name in (("Series", "a Series"), ("Index", "an Index")):
            if _isinstance(value, "pandas", kind):
                count = len(value)
                return f"{name} of {count} value{'s' if count != 1 else ''}"
        if _isinstance(value, "numpy", "ndarray"):
            return f"an array of shape {value.shape}"
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - fall back to its repr
        pass
    return _repr(value)


def _opaque(value: Any) -> dict[str, Any]:
    """Anything else: its type's name and its short description."""
    return {"t": "object", "type": _type_name(value), "repr": _described(value)}


def _float(value: Any) -> str:
    return repr(float(value))


def _module(name: str) -> Any:
    """A library module if the kernel has already imported it (never imports one)."""
    import sys

    return sys.modules.get(name)


def _isinstance(value: Any, module: str, *names: str) -> bool:
    found = _module(module)
    if found is None:
        return False
    kinds = tuple(getattr(found, name) for name in names if hasattr(found, name))
    return bool(kinds) and isinstance(value, kinds)


# --------------------------------------------------------------------------- scalars


def _scalar(value: Any) -> dict[str, Any] | None:
    """Encode a single value, or None when it is not one."""
    np = _module("numpy")
    pd = _module("pandas")
    if value is None:
        return {"t": "none"}
    if value is Ellipsis:
        return {"t": "ellipsis"}
    if pd is not None and value is pd.NaT:
        return {"t": "nat"}
    if pd is not None and value is pd.NA:
        return {"t": "na"}
    if isinstance(value, bool) or (np is not None and isinstance(value, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if type(value) is str or _isinstance(value, "numpy", "str_"):
        return {"t": "str", "v": str.__str__(value)[:MAX_TEXT]}
    if isinstance(value, str):  # a subclass may do anything when read: not plain text
        return None
    if isinstance(value, bytes):
        return {"t": "bytes", "v": bytes(value[:MAX_INNER_TEXT]).decode("latin-1")}
    if _isinstance(value, "pandas", "Timedelta") or isinstance(value, dt.timedelta) or (
            np is not None and isinstance(value, np.timedelta64)):
        kind = ("pandas" if _isinstance(value, "pandas", "Timedelta") else
                "numpy" if np is not None and isinstance(value, np.timedelta64) else "python")
        if pd is not None:
            nanoseconds = str(pd.Timedelta(value).value)
        else:
            nanoseconds = str(int(value.total_seconds() * 1e9))
        return {"t": "timedelta", "kind": kind, "ns": nanoseconds}
    if _isinstance(value, "pandas", "Timestamp"):
        return {"t": "timestamp", "v": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"t": "date", "v": value.isoformat()}
    if np is not None and isinstance(value, np.datetime64):
        return {"t": "datetime64", "v": str(value)}
    if isinstance(value, decimal.Decimal):
        return {"t": "decimal", "v": str(value)}
    if isinstance(value, fractions.Fraction):
        return {"t": "fraction", "v": str(value)}
    if isinstance(value, numbers.Integral):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, numbers.Real):
        return {"t": "float", "v": _float(value)}
    if isinstance(value, numbers.Complex):
        return {"t": "complex", "re": _float(value.real), "im": _float(value.imag)}
    if isinstance(value, types.ModuleType):
        file = getattr(value, "__file__", None)
        return {"t": "module", "name": str(value.__name__)[:200],
                "file": str(file)[:500] if file else None}
    if isinstance(value, BaseException):
        return {"t": "exception", "type": _type_name(value)}
    return None


# --------------------------------------------------------------------------- charts


def _axes(ax: Any) -> dict[str, Any]:
    """What the bar chart reader looks at on one Axes."""
    from matplotlib.container import BarContainer

    bars = []
    for container in list(ax.containers)[:50]:
        if not isinstance(container, BarContainer):
            continue
        rects = [[_float(r.get_x()), _float(r.get_y()), _float(r.get_width()),
                  _float(r.get_height())] for r in list(container.patches)[: MAX_ITEMS + 1]]
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        bars.append({"horizontal": horizontal, "rects": rects})
    drawn = bool(ax.lines or ax.patches or ax.collections or ax.images or ax.texts
                 or ax.containers)
    return {
        "titles": {loc: str(ax.get_title(loc=loc))[:MAX_INNER_TEXT]
                   for loc in ("center", "left", "right")},
        "xlabel": str(ax.get_xlabel())[:MAX_INNER_TEXT],
        "ylabel": str(ax.get_ylabel())[:MAX_INNER_TEXT],
        "drawn": drawn,
        "lines": bool(ax.lines),
        "bars": bars,
    }


def _figure_of(ax: Any) -> Any:
    return ax.get_figure()


def _chart(value: Any) -> dict[str, Any] | None:
    """Encode a Figure, an Axes, a list of Axes or the bars ax.bar returned."""
    if _module("matplotlib") is None:
        return None
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure, SubFigure

    def figure(fig: Any, axes: list[Any]) -> dict[str, Any]:
        title = fig.get_suptitle() if fig is not None and hasattr(fig, "get_suptitle") else ""
        return {"suptitle": str(title)[:MAX_INNER_TEXT], "axes": [_axes(a) for a in axes]}

    if isinstance(value, Figure | SubFigure):
        return {"t": "figure", **figure(value, list(value.axes)[:50])}
    if isinstance(value, Axes):
        return {"t": "axes", **figure(_figure_of(value), [value])}
    if isinstance(value, BarContainer):
        return {"t": "barcontainer"}
    np = _module("numpy")
    if isinstance(value, list | tuple) or (np is not None and isinstance(value, np.ndarray)):
        flat = list(np.asarray(value, dtype=object).ravel()) if np is not None else list(value)
        if flat and all(isinstance(item, Axes) for item in flat[:50]):
            return {"t": "axes_list", **figure(_figure_of(flat[0]), flat[:50])}
    return None


# --------------------------------------------------------------------------- containers


def _items(iterable: Any, limit: int, depth: int, budget: _Budget) -> list[dict[str, Any]]:
    return [encode(item, depth + 1, budget)
            for item in itertools.islice(iter(iterable), limit)]


def _table(value: Any, depth: int, budget: _Budget) -> dict[str, Any] | None:
    """Encode a pandas DataFrame, Series or Index, or a numpy array."""
    np = _module("numpy")
    if _isinstance(value, "pandas", "DataFrame"):
        rows, columns = (int(n) for n in value.shape)
        cell = encode(value.iat[0, 0], depth + 1, budget) if (rows, columns) == (1, 1) else None
        return {"t": "frame", "shape": [rows, columns], "cell": cell}
    limit = MAX_ITEMS + 1 if depth == 0 else INNER_ITEMS
    if _isinstance(value, "pandas", "Series"):
        return {"t": "series", "len": len(value),
                "items": _items(value.iloc[:limit].tolist(), limit, depth, budget)}
    if _isinstance(value, "pandas", "Index"):
        return {"t": "index", "len": len(value),
                "items": _items(value[:limit].tolist(), limit, depth, budget)}
    if np is not None and isinstance(value, np.ndarray):
        if value.ndim == 0:
            return {"t": "array0", "item": encode(value[()], depth + 1, budget)}
        return {"t": "array", "shape": [int(n) for n in value.shape],
                "items": _items(value.ravel()[:limit], limit, depth, budget)}
    return None


def _container(value: Any, depth: int, budget: _Budget) -> dict[str, Any] | None:
    """Encode lists, tuples, sets, dicts and, at the top, any other iterable."""
    limit = MAX_ITEMS + 1 if depth == 0 else INNER_ITEMS
    for kind in (list, tuple, set, frozenset):
        if type(value) is kind:
            items = _items(value, limit, depth, budget)
            return {"t": kind.__name__, "len": len(value), "items": items}
    if type(value) is dict:
        pairs = [[encode(k, depth + 1, budget), encode(v, depth + 1, budget)]
                 for k, v in itertools.islice(value.items(), 5)]
        return {"t": "dict", "len": len(value), "pairs": pairs}
    if depth == 0 and hasattr(value, "__iter__") and not isinstance(value, dict):
        text = _repr(value)  # before reading: a generator's description does not change
        return {"t": "iter", "repr": text, "items": _items(value, limit, depth, budget)}
    return None


def encode(value: Any, depth: int = 0, budget: _Budget | None = None) -> dict[str, Any]:
    """Turn any object into tagged plain data (see the module docstring); never raises
    except for KeyboardInterrupt, which the grader uses to stop a run that takes too long."""
    budget = budget or _Budget()
    if not budget.take() or depth > MAX_DEPTH:
        return _opaque(value)
    try:
        for step in (_scalar, _chart):
            found = step(value)
            if found is not None:
                return found
        found = _table(value, depth, budget) or _container(value, depth, budget)
        if found is not None:
            return found
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - whatever it raised, it is described, not read
        pass
    return _opaque(value)


def publish(token: str, question: str, get: Any) -> None:
    """Send one answer to the grader: ``get()`` is the check cell's expression."""
    from IPython.display import publish_display_data

    payload: dict[str, Any] = {"token": token, "question": question}
    try:
        value = get()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - a missing variable, or worse: reported
        try:
            message = str(exc)[:500]
        except BaseException:  # noqa: BLE001
            message = ""
        payload["error"] = {"ename": _type_name(exc), "evalue": message}
    else:
        payload["answer"] = encode(value)
    publish_display_data({MIME: payload})
