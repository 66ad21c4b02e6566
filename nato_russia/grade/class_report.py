"""``class.html``: the class at a glance, one self-contained page written with every run.

What an instructor wants before reading sixty feedback files: the submissions to look at
first (flagged ones lead), how each question went (a stacked bar per question: correct,
wrong, unanswered, written, error), how the totals spread, and the wrong answers the class
gave most often, each with the words and hint ``check`` gave it (the same verdicts the
feedback files show, from the same judge). Every number comes from the same results the
gradebook is written from; the charts are PNG pictures inside the page, in the course's
palette with hatches, each with alt text that says its numbers, and a table beside each
says them again. Nothing is fetched: the page works offline and can be mailed.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.patches import Patch

from nato_russia import palette
from nato_russia.grade.flags import FLAGS
from nato_russia.grade.lesson import Plan
from nato_russia.grade.runner import Result
from nato_russia.rendering import SMALL, ChartFigure, rectangles

# The gradebook's statuses, gathered into the report's five kinds of outcome.
CATEGORIES = ("correct", "wrong", "unanswered", "written", "error")
CATEGORY_OF = {"correct": "correct", "wrong": "wrong", "unanswered": "unanswered",
               "written": "written", "marked": "written", "error": "error",
               "timeout": "error", "memory": "error", "missing": "error",
               "unreadable": "error"}
LABELS = {"correct": "correct", "wrong": "wrong", "unanswered": "unanswered",
          "written": "written (to mark by hand)",
          "error": "error (error, time-out, memory, no answer cell, unreadable)"}
TOP_WRONG = 5


@dataclass(frozen=True)
class Wrong:
    """One wrong answer given by ``count`` students, with what ``check`` told them."""

    count: int
    answer: str
    message: str
    hint: str


def handed_in(results: Sequence[Result]) -> list[Result]:
    """The submissions that were handed in (with a roster, the missing ones are not)."""
    return [r for r in results if not r.submission.missing]


def shares(results: Sequence[Result], plan: Plan) -> dict[str, Counter[str]]:
    """Per question, how many handed-in submissions had each kind of outcome."""
    counts: dict[str, Counter[str]] = {q: Counter() for q in plan.questions}
    for result in handed_in(results):
        for question, got in result.outcomes.items():
            counts[question][CATEGORY_OF[got.status]] += 1
    return counts


def totals(results: Sequence[Result]) -> Counter[float]:
    """How many graded submissions reached each total."""
    return Counter(r.points for r in handed_in(results)
                   if r.graded and r.submission.notebook is not None)


def common_wrong(results: Sequence[Result], question: str) -> list[Wrong]:
    """The most common wrong answers to a question, with the verdict each got."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for result in results:
        got = result.outcomes.get(question)
        if got is not None and got.status == "wrong" and got.verdict is not None:
            seen[(got.answer, got.verdict.message, got.verdict.hint)] += 1
    ranked = sorted(seen.items(), key=lambda item: (-item[1], item[0]))
    return [Wrong(count, *key) for key, count in ranked[:TOP_WRONG]]


def _number(value: float) -> str:
    return f"{value:g}"


def _png(fig: ChartFigure) -> str:
    return base64.b64encode(fig.to_png(compress_level=6)).decode("ascii")


def _image(fig: ChartFigure, chart: str) -> str:
    alt = html.escape(fig.alt_text)
    return (f'<figure><img src="data:image/png;base64,{_png(fig)}" alt="{alt}" '
            f'data-chart="{chart}" width="864"></figure>')


def shares_chart(counts: dict[str, Counter[str]]) -> ChartFigure:
    """A stacked horizontal bar per question: the share of each kind of outcome."""
    questions = list(counts)
    fig = ChartFigure(figsize=(9.6, 1.6 + 0.42 * len(questions)))
    fig.begin("class-shares")
    ax = fig.panel(left=0.09, right=0.70, bottom=0.8 / fig.get_figheight() + 0.05,
                   top=1 - 0.55 / fig.get_figheight())
    rows = range(len(questions))
    lefts = [0.0] * len(questions)
    handles = []
    for category in CATEGORIES:
        widths = []
        for question in questions:
            total = sum(counts[question].values())
            widths.append(counts[question][category] / total if total else 0.0)
        colour, hatch = palette.GRADE_COLOURS[category], palette.GRADE_HATCHES[category]
        shown = [i for i in rows if widths[i] > 0]
        rectangles(ax, [lefts[i] for i in shown], [i - 0.35 for i in shown],
                   [widths[i] for i in shown], [0.7] * len(shown), colour=colour, hatch=hatch,
                   edge=palette.TEXT, gid=f"category:{category}")
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
        handles.append(Patch(facecolor=colour, hatch=hatch or None, edgecolor=palette.TEXT,
                             label=LABELS[category].split(" (")[0]))
    ax.set_xlim(0, 1)
    ax.set_ylim(len(questions) - 0.5, -0.5)
    ax.set_yticks(list(rows), questions)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    fig.legend_outside(ax, handles, title="Outcome")
    parts = []
    for question in questions:
        said = ", ".join(f"{counts[question][c]} {c}" for c in CATEGORIES if counts[question][c])
        parts.append(f"{question}: {said or 'no submissions'}")
    alt = ("Stacked bars, one per question, of the share of submissions by outcome. "
           + "; ".join(parts) + ".")
    table = pd.DataFrame([{"question": q, **{c: counts[q][c] for c in CATEGORIES}}
                          for q in questions])
    return fig.finish(ax, title="How each question went", xlabel="share of submissions "
                      "handed in", ylabel="question", alt=alt, data=table)


def totals_chart(spread: Counter[float], most: float) -> ChartFigure:
    """Bars of how many submissions reached each total, from 0 to the most points."""
    values = sorted(set(spread) | {float(v) for v in range(int(most) + 1)})
    fig = ChartFigure(figsize=(9.6, 3.6))
    fig.begin("class-totals")
    ax = fig.panel(left=0.09, right=0.95, bottom=0.17, top=0.86)
    heights = [spread.get(v, 0) for v in values]
    width = 0.7 if all(v == int(v) for v in values) else 0.35
    rectangles(ax, [v - width / 2 for v in values], [0.0] * len(values), [width] * len(values),
               heights, colour=palette.OKABE_ITO["blue"], hatch="", edge=palette.TEXT,
               gid="totals")
    for value, height in zip(values, heights, strict=True):
        if height:
            ax.text(value, height, f"{height}", ha="center", va="bottom", fontsize=SMALL,
                    color=palette.TEXT)
    ax.set_xlim(min(values) - 0.6, max(values) + 0.6)
    ax.set_ylim(0, max(heights + [1]) * 1.18)
    ax.set_xticks(values, [_number(v) for v in values])
    said = ", ".join(f"{spread[v]} with {_number(v)}" for v in values if spread.get(v))
    alt = (f"Bars of how many graded submissions reached each total, from 0 to "
           f"{_number(most)} points: {said or 'none graded'}.")
    table = pd.DataFrame({"total": values, "submissions": heights})
    return fig.finish(ax, title="Totals", xlabel="points", ylabel="submissions", alt=alt,
                      data=table)


def _submissions_table(results: Sequence[Result]) -> str:
    ordered = sorted(results, key=lambda r: (not r.flags, r.submission.student))
    rows = []
    for result in ordered:
        names = sorted({f.name for f in result.flags})
        flags = "; ".join(f'<abbr title="{html.escape(FLAGS[n])}">{n}</abbr>' for n in names)
        student = html.escape(result.submission.student)
        rows.append(
            f'<tr data-student="{student}"{" class=flagged" if names else ""}>'
            f"<td>{student}</td><td>{result.status}</td>"
            f'<td class=n data-field="points">{_number(result.points)}</td>'
            f'<td class=n data-field="maximum">{_number(result.maximum)}</td>'
            f"<td>{flags}</td></tr>")
    return ("<table><thead><tr><th>student</th><th>status</th><th>points</th><th>of</th>"
            "<th>flags</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _shares_table(counts: dict[str, Counter[str]]) -> str:
    head = "".join(f"<th>{LABELS[c].split(' (')[0]}</th>" for c in CATEGORIES)
    rows = []
    for question, count in counts.items():
        cells = "".join(f'<td class=n data-question="{question}" data-category="{c}">'
                        f"{count[c]}</td>" for c in CATEGORIES)
        rows.append(f"<tr><td>{question}</td>{cells}</tr>")
    return (f"<table><thead><tr><th>question</th>{head}</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _totals_table(spread: Counter[float]) -> str:
    rows = "".join(f'<tr><td class=n>{_number(v)}</td><td class=n data-total="{_number(v)}">'
                   f"{spread[v]}</td></tr>" for v in sorted(spread))
    return ("<table><thead><tr><th>total</th><th>submissions</th></tr></thead><tbody>"
            + rows + "</tbody></table>")


def _wrong_section(results: Sequence[Result], plan: Plan) -> str:
    parts = []
    for question in plan.questions:
        if not plan.marked(question):
            continue
        wrong = common_wrong(results, question)
        parts.append(f"<h3>{question}: {html.escape(plan.question(question).about)}</h3>")
        if not wrong:
            parts.append("<p>No wrong answers.</p>")
            continue
        rows = "".join(
            f'<tr data-question="{question}"><td class=n data-field="count">{w.count}</td>'
            f"<td><code>{html.escape(w.answer)}</code></td><td>{html.escape(w.message)}</td>"
            f"<td data-field=hint>{html.escape(w.hint)}</td></tr>" for w in wrong)
        parts.append("<table><thead><tr><th>students</th><th>answer</th><th>what check "
                     "said</th><th>hint</th></tr></thead><tbody>" + rows + "</tbody></table>")
    return "\n".join(parts)


def _style() -> str:
    return (f"body{{font-family:system-ui,sans-serif;color:{palette.TEXT};max-width:60rem;"
            "margin:1.5rem auto;padding:0 1rem;line-height:1.45}"
            f"table{{border-collapse:collapse;margin:.5rem 0 1.2rem}}"
            f"th,td{{border-bottom:1px solid {palette.BAND_SHADES[1]};padding:.25rem .6rem;"
            "text-align:left;vertical-align:top}"
            f"th{{background:{palette.BAND_SHADES[0]}}}td.n{{text-align:right}}"
            f"tr.flagged td:first-child{{border-left:4px solid {palette.OKABE_ITO['vermillion']}}}"
            f"figure{{margin:0}}img{{max-width:100%;height:auto}}"
            f".muted{{color:{palette.MUTED}}}")


def render(results: Sequence[Result], plan: Plan, checksum: str) -> str:
    """The whole page, as HTML text with its pictures inside.

    Parameters
    ----------
    results
        Every submission's result, as the gradebook is written from them.
    plan
        The lesson graded.
    checksum
        The dataset's SHA-256, as in the gradebook.
    """
    counts = shares(results, plan)
    spread = totals(results)
    most = max((r.maximum for r in results), default=0.0)
    given = handed_in(results)
    graded = [r for r in given if r.graded and r.submission.notebook is not None]
    flagged = sum(1 for r in results if r.flags)
    median = _number(statistics.median(r.points for r in graded)) if graded else "none"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    summary = (f'<p><span data-count="submissions">{len(results)}</span> submissions: '
               f'<span data-count="handed-in">{len(given)}</span> handed in, '
               f'<span data-count="graded">{len(graded)}</span> graded, '
               f'<span data-count="flagged">{flagged}</span> flagged for review. Median '
               f'total <span data-count="median">{median}</span> of '
               f'<span data-count="maximum">{_number(most)}</span> points.</p>')
    body = [
        f"<h1>{html.escape(plan.name)}: the class at a glance</h1>",
        summary,
        f'<p class=muted>Graded {stamp} against the dataset with SHA-256 '
        f"<code>{checksum}</code>. The numbers are the gradebook's (gradebook.csv).</p>",
        "<h2>Submissions, flagged ones first</h2>",
        "<p>Flags are for your review, never deductions: flags.csv has the cell and the "
        "line.</p>",
        _submissions_table(results),
        "<h2>How each question went</h2>",
        _image(shares_chart(counts), "shares"),
        _shares_table(counts),
        "<h2>Totals</h2>",
        _image(totals_chart(spread, most), "totals"),
        _totals_table(spread),
        "<h2>The most common wrong answers</h2>",
        "<p>With what <code>check</code> said and the hint it gave: the feedback files say "
        "the same.</p>",
        _wrong_section(results, plan),
    ]
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>{html.escape(plan.name)}: class report</title>"
            f"<style>{_style()}</style></head><body>\n" + "\n".join(body)
            + "\n</body></html>\n")
