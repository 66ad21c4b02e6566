"""How the course's charts are rendered: the figure class, its caches and the render lock.

:class:`ChartFigure` is an ordinary matplotlib ``Figure`` drawn with the object-oriented API
(no pyplot state, so nothing leaks between cells or shows twice). It shows itself in a
notebook as a PNG with its alt text as the plain-text version, and keeps what an explorer's
redraw can reuse: its axes, and the pixels of legends it has drawn. That state is changed
only through its own methods. The drawing primitives below (markers, bar groups, a date
axis...) are shared by every chart in :mod:`nato_russia.charts`.
"""

from __future__ import annotations

import base64
import io
import struct
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.markers import MarkerStyle
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.textpath import TextToPath
from matplotlib.transforms import IdentityTransform
from PIL import Image

from nato_russia import palette

FIGSIZE = (9.6, 4.6)  # inches: fits a JupyterLab notebook column without scaling down
DPI = 90  # modest, so a redraw stays fast: 864 x 414 pixels
# Fixed margins instead of tight/constrained layout: a layout solver on every redraw costs
# more than the whole drawing, and the labels here have predictable sizes.
MARGINS = {"left": 0.12, "right": 0.79, "bottom": 0.14, "top": 0.88}
# Text sizes, large for the figure: a chart must stay readable where JupyterLab shrinks it,
# as in a laptop's 1000 x 700 window with the file browser open, where the notebook column
# leaves NARROW_COLUMN pixels for the 864-pixel picture (measured in Chromium: 564, 65%).
# There the smallest text still comes out at MIN_SCREEN_TEXT pixels or more
# (SMALLEST / 72 * NARROW_COLUMN / FIGSIZE[0]); tests/browser/test_chart_text.py measures it.
TITLE_SIZE = 14.5
LABEL_SIZE = 12
SMALL = 11.5  # legends, notes; tick labels are half a point larger
SMALLEST = 11.25  # the map's place names, which must not crowd each other
NARROW_COLUMN = 564  # pixels
MIN_SCREEN_TEXT = 9  # pixels
XLABEL_OFFSET = 22  # points from the axes' bottom edge to the x label's centre
LEGEND_CACHE = 32  # legends whose pixels a figure keeps, oldest forgotten first

# One chart renders at a time: Agg and the text setting swapped in _unhinted_text are shared
# by every thread (explorers redraw in background threads).
_RENDER_LOCK = threading.RLock()


class ChartFigure(Figure):
    """A matplotlib Figure that knows its alt text and data, and shows itself as a PNG.

    Attributes
    ----------
    alt_text : str
        One sentence describing what the chart shows, for screen readers and captions.
    data : pandas.DataFrame
        The numbers the chart was drawn from.
    chart : str
        Which chart function drew it.
    """

    def __init__(self, figsize: tuple[float, float] = FIGSIZE, dpi: float = DPI) -> None:
        super().__init__(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self)  # an Agg canvas of its own: renders without any GUI backend
        self.alt_text = ""
        self.data = pd.DataFrame()
        self.chart = ""
        # Kept between redraws by the explorers: see begin() and legend().
        self._layout_axes: dict[str, Any] = {}
        self._legend_pixels: dict[tuple[Any, ...], tuple[int, int, np.ndarray]] = {}
        self._new_legends: list[tuple[tuple[Any, ...], Legend]] = []
        self._legend_images: list[Any] = []

    @property
    def panels(self) -> dict[str, Any]:
        """The chart's axes by name (``"main"``, ``"signal"``...), as a new dict."""
        return dict(self._layout_axes)

    # ----------------------------------------------------------------------- drawing

    def begin(self, name: str) -> None:
        """Get ready to draw chart ``name``, keeping what a redraw of the same chart reuses.

        A figure last drawn by the same chart keeps its axes: :meth:`panel` empties them
        instead. Creating and clearing axes rebuilds every tick and spine, which costs more
        than drawing the data, so reuse is what keeps an explorer's redraw under 100 ms.
        """
        if self.chart != name:
            self.clear()
            self._layout_axes = {}
            self._legend_pixels = {}
        for image in self._legend_images:
            image.remove()
        self._legend_images = []
        self._new_legends = []
        self.chart = name

    def panel(self, key: str = "main", **margins: float) -> Any:
        """Return the axes called ``key``, emptied if reused, created if new."""
        rect = {**MARGINS, **margins}
        bounds = (rect["left"], rect["bottom"], rect["right"] - rect["left"],
                  rect["top"] - rect["bottom"])
        ax = self._layout_axes.get(key)
        if ax is not None:
            _empty(ax)
            ax.set_position(bounds)
            return ax
        ax = self.add_axes(bounds)
        ax.tick_params(labelsize=SMALL + 0.5, colors=palette.TEXT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        self._layout_axes[key] = ax
        return ax

    def drop_panel(self, key: str) -> None:
        """Remove an axes the chart no longer needs (e.g. the signal panel switched off)."""
        ax = self._layout_axes.pop(key, None)
        if ax is not None:
            ax.remove()

    def legend_outside(self, ax: Any, handles: Sequence[Any], *, title: str | None,
                       anchor: tuple[float, float] = (1.01, 1.0),
                       measure: bool = False) -> float | None:
        """Place a legend outside ``ax``, to the right.

        A legend costs more to draw than the data. Its pixels are kept after the first draw,
        and when the same legend is asked for in the same place again (an explorer
        redrawing), they are pasted back instead.

        Returns
        -------
        float or None
            With ``measure``, the legend's bottom edge in ``ax``'s coordinates (``anchor``'s
            height when there is nothing to show), where another legend can be stacked below
            it: a new legend is laid out once to measure it, a kept one measured from its
            pixels. Without, ``None``.
        """
        if not handles:
            return anchor[1] if measure else None
        labels = [handle.get_label() for handle in handles]
        key = (self.chart, title, tuple(labels), anchor, tuple(ax.get_position().bounds))
        axes_box = ax.bbox
        if key in self._legend_pixels:
            x0, y0, pixels = self._legend_pixels[key]
            self._legend_images.append(self.figimage(pixels, xo=x0, yo=y0, origin="upper",
                                                     zorder=5))
            return float((y0 - axes_box.y0) / axes_box.height) if measure else None
        legend = Legend(ax, list(handles), labels, loc="upper left", bbox_to_anchor=anchor,
                        title=title, fontsize=SMALL, title_fontsize=SMALL + 0.5,
                        frameon=False, alignment="left")
        ax.add_artist(legend)
        self._new_legends.append((key, legend))
        if not measure:
            return None
        # Measured as it will be drawn (unhinted): matplotlib keeps text sizes it measured.
        with _RENDER_LOCK, _unhinted_text():
            box = legend.get_window_extent(cast(FigureCanvasAgg, self.canvas).get_renderer())
        # Whole pixels, as its kept pixels will be measured: the same answer on every redraw.
        return float((np.floor(box.y0) - axes_box.y0) / axes_box.height)

    def finish(self, ax: Any, *, title: str, xlabel: str, ylabel: str, alt: str,
               data: pd.DataFrame) -> ChartFigure:
        """Title and label the chart and attach its description and data."""
        ax.set_title(title, loc="left", fontsize=TITLE_SIZE, fontweight="bold",
                     color=palette.TEXT, pad=10)
        ax.set_xlabel(xlabel, fontsize=LABEL_SIZE, color=palette.TEXT)
        ax.set_ylabel(ylabel, fontsize=LABEL_SIZE, color=palette.TEXT)
        # A fixed x-label position spares matplotlib measuring every tick label on each draw.
        height = self.get_figheight() * ax.get_position().height * 72
        ax.xaxis.set_label_coords(0.5, -XLABEL_OFFSET / height)
        self.alt_text = alt
        self.data = data.reset_index(drop=True)
        return self

    # ----------------------------------------------------------------------- output

    def to_png(self, compress_level: int = 1) -> bytes:
        """Render to PNG bytes at the figure's own dpi.

        Draws the Agg buffer and encodes it directly: quicker than ``savefig``, which
        re-creates the renderer and measures a bounding box on every call. Level 1 (an
        explorer's redraw) is encoded by :func:`fast_png`, in half the time Pillow takes;
        higher levels (a notebook's stored output) by Pillow, for a smaller file.
        """
        with _RENDER_LOCK, _unhinted_text():
            canvas = cast(FigureCanvasAgg, self.canvas)  # set in __init__
            canvas.draw()
            width, height = canvas.get_width_height()
            pixels = np.asarray(canvas.buffer_rgba())
            self._keep_legend_pixels(pixels)
            if compress_level <= 1:
                return fast_png(pixels, compress_level)
            image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw",
                                     "RGBA", 0, 1)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", compress_level=compress_level)
        return out.getvalue()

    def _keep_legend_pixels(self, pixels: np.ndarray) -> None:
        """Copy each newly drawn legend's pixels, to paste next time instead of re-drawing."""
        height = pixels.shape[0]
        for key, legend in self._new_legends:
            box = legend.get_window_extent()
            x0, x1 = int(np.floor(box.x0)), int(np.ceil(box.x1))
            top, bottom = int(np.floor(height - box.y1)), int(np.ceil(height - box.y0))
            x0, top = max(x0, 0), max(top, 0)
            self._legend_pixels[key] = (x0, height - bottom, pixels[top:bottom, x0:x1].copy())
            if len(self._legend_pixels) > LEGEND_CACHE:
                self._legend_pixels.pop(next(iter(self._legend_pixels)))
        self._new_legends = []

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        # Shown the same way whether or not pyplot's inline backend is active; the alt text
        # doubles as the text/plain version, so a text-only viewer still learns what it shows.
        png = base64.b64encode(self.to_png(compress_level=6)).decode("ascii")
        return {"image/png": png, "text/plain": self.alt_text or repr(self)}


def fast_png(pixels: np.ndarray, level: int = 1) -> bytes:
    """Encode an (height, width, 4) RGBA array as an RGB PNG, quickly.

    Pillow tries five filters on every row to pick the best, which costs more than the
    compression itself; the course's charts are flat colours, where rows left unfiltered
    compress as well at zlib's fastest level. Same pixels, about half the time.
    """
    height, width = pixels.shape[:2]
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # each row starts with its filter type: 0, none
    rows[:, 1:] = pixels[:, :, :3].reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), level)),
                     _chunk(b"IEND", b"")])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def figure_for(fig: ChartFigure | None, name: str) -> ChartFigure:
    """Return a new figure for chart ``name``, or ``fig`` made ready to redraw into."""
    fig = fig if fig is not None else ChartFigure()
    fig.begin(name)
    return fig


@contextmanager
def _unhinted_text() -> Iterator[None]:
    """Render text without font hinting: about 10% faster, and alike at this size.

    Only this one setting is swapped and put back (under the render lock), so a student's
    own rcParams are never touched.
    """
    before = mpl.rcParams["text.hinting"]
    mpl.rcParams["text.hinting"] = "none"
    try:
        yield
    finally:
        mpl.rcParams["text.hinting"] = before


def alt_text(fig: Figure) -> str:
    """Return the one-line description of a chart, usable as alt text.

    Parameters
    ----------
    fig
        A figure returned by one of the chart functions.

    Raises
    ------
    ValueError
        When the figure was not made by the course and so has no description.
    """
    text = getattr(fig, "alt_text", "")
    if not text:
        raise ValueError("this figure has no alt text: it was not drawn by nato_russia.charts")
    return text


def chart_data(fig: Figure) -> pd.DataFrame:
    """Return (a copy of) the table a chart was drawn from."""
    data = getattr(fig, "data", None)
    if not isinstance(data, pd.DataFrame):
        raise ValueError("this figure carries no data: it was not drawn by nato_russia.charts")
    return data.copy()


# --------------------------------------------------------------------------- primitives


def _empty(ax: Any) -> None:
    """Remove the data artists of an axes but keep its ticks, spines and settings."""
    for artist in [*ax.collections, *ax.lines, *ax.patches, *ax.texts, *ax.artists]:
        artist.remove()
    ax.containers.clear()
    ax.relim()


@cache
def _text_width(text: str, size: float) -> float:
    """Width of a line of text in points, measured from the font (no renderer needed)."""
    width, _, _ = TextToPath().get_text_width_height_descent(text, FontProperties(size=size),
                                                             ismath=False)
    return float(width)


def ylabel_beside(ax: Any, labels: Sequence[str], fontsize: float) -> None:
    """Place the y label just left of the widest tick label.

    Left to itself, matplotlib measures every tick label on each draw to place the y label;
    measuring the words once (cached) does the same job for a fraction of the cost.
    """
    widest = max((_text_width(line, fontsize) for label in labels
                  for line in label.split("\n")), default=0.0)
    pad = ax.yaxis.get_tick_padding() if labels else 0.0
    gap = widest + pad + 6  # points between the axes' edge and the label's near side
    width = ax.figure.get_figwidth() * ax.get_position().width * 72
    ax.yaxis.set_label_coords(-gap / width, 0.5)


def nothing_here(ax: Any, shown: int, hint: str) -> None:
    """Say so in the chart when the choices leave nothing to draw."""
    if shown == 0:
        ax.text(0.5, 0.5, f"Nothing to show: {hint}", transform=ax.transAxes, ha="center",
                va="center", fontsize=LABEL_SIZE, color=palette.MUTED, zorder=6)


@cache
def _marker_path(marker: str) -> Path:
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def markers(ax: Any, x: Any, y: Any, shapes: Sequence[str], colours: Sequence[str], *,
            size: float = 60, edgecolour: str = palette.TEXT, linewidth: float = 0.6,
            zorder: float = 3, clip: bool = True) -> PathCollection | None:
    """Draw points, each with its own marker shape and colour, as one collection.

    ``scatter`` takes one marker shape per call; one call per kind of event made up a third
    of a redraw. ``x`` may hold dates.
    """
    if len(shapes) == 0:
        return None
    xs = np.asarray(x)
    if np.issubdtype(xs.dtype, np.datetime64):
        xs = mdates.date2num(xs)
    offsets = np.column_stack([xs.astype(float), np.asarray(y, dtype=float)])
    points = PathCollection([_marker_path(m) for m in shapes], sizes=np.full(len(shapes), size),
                            offsets=offsets, offset_transform=ax.transData,
                            facecolors=list(colours), edgecolors=edgecolour,
                            linewidths=linewidth, zorder=zorder)
    points.set_transform(IdentityTransform())
    points.set_clip_on(clip)
    ax.add_collection(points, autolim=False)
    return points


def rectangles(ax: Any, lefts: Any, bottoms: Any, widths: Any, heights: Any, *,
               colour: str, hatch: str, edge: str, gid: str, linewidth: float = 0.5
               ) -> PathPatch | None:
    """Draw a group of bars as one compound patch, filled, outlined and hatched once.

    ``ax.bar`` adds a patch per bar and updates the data limits for each, and Agg renders a
    hatch pattern afresh for every hatched patch: one patch per group costs a fraction of
    that. ``gid`` names the group (``kind:<kind>``, ``status:<status>``) for tests.
    """
    if len(lefts) == 0:
        return None
    rects = [Path([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], closed=True)
             for x, y, w, h in zip(lefts, bottoms, widths, heights, strict=True)]
    patch = PathPatch(Path.make_compound_path(*rects), facecolor=colour, edgecolor=edge,
                      linewidth=linewidth, hatch=hatch or None,
                      hatchcolor=palette.contrast(colour), zorder=2, gid=gid)
    ax.add_patch(patch)
    return patch


def date_axis(ax: Any, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    """Show dates from ``lo`` to ``hi`` on the x axis, with concise year/month ticks."""
    ax.set_xlim(lo, hi)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def padded(lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Widen a window a little, so markers on its first or last day are not cut in half."""
    margin = (hi - lo) * 0.015
    return lo - margin, hi + margin
