"""The quotation browser: the dataset's primary-source quotations by period and document."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from nato_russia import data, palette
from nato_russia.explorer_base import (
    ALL,
    LINK_STYLE,
    Explorer,
    check_period,
    period_label,
    short_title,
)


class QuotationExplorer(Explorer):
    """The primary-source quotations of a period, or of one document, with their sources.

    The document list offers the documents quoted in the chosen period, so a period and a
    document narrow the list together; a new period that does not quote the chosen document
    goes back to all of its documents.
    """

    name = "quotations"
    label = "Quotation browser"

    def __init__(self, course: data.Course | None, *, period: str | None = None,
                 document: str | None = None) -> None:
        super().__init__(course)
        periods = self.course.periods.sort_values("start")
        period = check_period(periods, period)
        if document is not None:
            quoted = [value for _, value in self._document_options(ALL)[1:]]
            if document not in quoted:
                raise ValueError(f"no quotations from document {document!r}; documents with "
                                 f"quotations: {', '.join(quoted)}")
            in_period = [value for _, value in self._document_options(period)[1:]]
            if document not in in_period:
                raise ValueError(f"document {document!r} has no quotations in period "
                                 f"{period!r}; its documents: {', '.join(in_period)}")
        self.controls["period"] = widgets.Dropdown(
            options=[("All periods", ALL)] + [
                (period_label(p.lesson, p.title, p.start.year, p.end.year), p.id)
                for p in periods.itertuples()],
            value=period, description="Period", layout=widgets.Layout(width="min(100%, 38em)"))
        self.controls["document"] = widgets.Dropdown(
            options=self._document_options(period), value=document or ALL,
            description="Document", layout=widgets.Layout(width="min(100%, 36em)"))
        self.controls["period"].observe(self._period_changed, names="value")
        self.view = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.view.add_class("nato-explorer-quotations-view")
        self._observe()
        self.redraw()
        self._assemble([widgets.HBox([self.controls["period"], self.controls["document"]],
                                     layout=widgets.Layout(flex_flow="row wrap"))], self.view)

    def _changed(self, change: dict[str, Any]) -> None:
        # Building the HTML takes well under a millisecond: no need for a background thread.
        if not self._syncing:
            self.redraw()

    def _document_options(self, period: str) -> list[tuple[str, str]]:
        """The document list for a period: the documents it quotes, oldest first."""
        table = self._table()
        if period != ALL:
            table = table[table["period"] == period]
        documents = self.course.documents[
            self.course.documents["id"].isin(table["document"])].sort_values(["date", "id"])
        return [("All documents", ALL)] + [(f"{d.date:%Y-%m-%d} · {short_title(d.title)}", d.id)
                                           for d in documents.itertuples()]

    def _period_changed(self, change: dict[str, Any]) -> None:
        # The document list follows the period; the redraw the period asked for shows both.
        if self._syncing:
            return
        menu = self.controls["document"]
        options = self._document_options(change["new"])
        chosen = menu.value if menu.value in {value for _, value in options} else ALL
        self._syncing = True
        try:
            menu.options = options
            menu.value = chosen
        finally:
            self._syncing = False

    def _table(self) -> pd.DataFrame:
        course = self.course
        quotes = course.quotations.merge(
            course.documents[["id", "title", "date", "url", "issuer"]].rename(
                columns={"id": "document", "title": "doc_title", "date": "doc_date"}),
            on="document", how="left")
        quotes = quotes.merge(
            course.events[["id", "period", "date"]].rename(
                columns={"id": "event", "date": "event_date"}), on="event", how="left")
        return quotes.sort_values(["event_date", "doc_date", "id"], kind="stable")

    def selection(self) -> pd.DataFrame:
        """The quotations currently listed, in date order, with their documents."""
        table = self._table()
        period = self.controls["period"].value
        document = self.controls["document"].value
        if period != ALL:
            table = table[table["period"] == period]
        if document != ALL:
            table = table[table["document"] == document]
        return table.reset_index(drop=True)

    def _render(self) -> None:
        self.view.value = quotations_html(self.selection())

    @property
    def html(self) -> str:
        """The HTML currently shown."""
        return self.view.value

    @property
    def alt_text(self) -> str:
        chosen = self.selection()
        docs = chosen["document"].nunique()
        return (f"{len(chosen)} quotation{'s' if len(chosen) != 1 else ''} from {docs} "
                f"document{'s' if docs != 1 else ''}.")

    def _static(self) -> dict[str, str]:
        return {"text/html": self.html}


def quotations_html(table: pd.DataFrame) -> str:
    """Render quotations as blockquotes, each with its document's title, date and link.

    Parameters
    ----------
    table
        Rows with ``text``, ``doc_title``, ``doc_date``, ``url`` and optionally
        ``location`` and ``note`` (as :meth:`QuotationExplorer.selection` returns).
    """
    if table.empty:
        return "<p><em>No quotation matches this choice.</em></p>"
    parts = []
    for row in table.itertuples():
        where = f", {html.escape(str(row.location))}" if isinstance(row.location, str) else ""
        note = (f'<div style="font-size:85%; color:{palette.MUTED}">Note: '
                f"{html.escape(row.note)}</div>" if isinstance(row.note, str) else "")
        parts.append(
            f'<blockquote style="margin:1em 0 0.3em 0; padding-left:0.8em; '
            f'border-left:4px solid {palette.MUTED}">{html.escape(row.text)}</blockquote>'
            f'<div style="margin:0 0 0 1.2em">— <a href="{html.escape(row.url)}" '
            f'target="_blank" rel="noopener" style="{LINK_STYLE}">'
            f'{html.escape(row.doc_title)}</a>, '
            f'{row.doc_date.day} {row.doc_date:%B %Y}{where}{note}</div>')
    return ('<div class="nato-quotations" style="line-height:1.45">' + "".join(parts)
            + "</div>")


# --------------------------------------------------------------------------- public API
