"""Run a redraw off the kernel's main thread, coalescing requests so the latest one wins.

A notebook kernel handles widget messages one at a time. If each slider or dropdown change
redrew the chart in the message handler, quick changes would queue up and the chart would
replay every intermediate state. Here a change only *requests* a redraw; one background thread
draws, always from the controls' current values, and skips requests a finished draw already
covered. However many changes arrive during a draw, at most one more draw follows it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Coalescer:
    """Call ``work`` in a background thread whenever requested, never falling behind.

    Parameters
    ----------
    work
        The redraw. It must read its inputs when called (not when requested), so a draw that
        starts after several requests reflects all of them.
    on_error
        Called with the exception when ``work`` raises in the background thread, where
        nobody else would see it.
    """

    def __init__(self, work: Callable[[], None],
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self._work = work
        self._on_error = on_error
        self._state = threading.Condition()
        self._draw = threading.Lock()  # one draw at a time, background or not
        self._requested = 0  # requests so far
        self._covered = 0  # the request number the last finished draw started after
        self._worker: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a redraw; returns at once."""
        with self._state:
            self._requested += 1
            if self._worker is None:
                # A worker exists only while there is work, so an explorer that is no longer
                # used leaves no idle thread behind.
                self._worker = threading.Thread(target=self._run, name="nato-russia-redraw",
                                                daemon=True)
                self._worker.start()

    def run_now(self) -> None:
        """Call ``work`` in this thread now; it covers every request made so far."""
        with self._draw:
            with self._state:
                target = self._requested
            self._work()
            self._finished(target)

    def wait(self, timeout: float | None = 60.0) -> bool:
        """Block until every request so far has been drawn; False if ``timeout`` ran out."""
        with self._state:
            return self._state.wait_for(
                lambda: self._covered >= self._requested and self._worker is None, timeout)

    @property
    def idle(self) -> bool:
        """True when no redraw is running or owed."""
        with self._state:
            return self._covered >= self._requested and self._worker is None

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep redraws from starting while the block runs (tests use it to pile up requests)."""
        with self._draw:
            yield

    def _finished(self, target: int) -> None:
        with self._state:
            self._covered = max(self._covered, target)
            self._state.notify_all()

    def _run(self) -> None:
        while True:
            with self._state:
                if self._covered >= self._requested:
                    self._worker = None
                    self._state.notify_all()
                    return
            with self._draw:
                with self._state:
                    # Taken after the draw lock: requests that piled up while waiting for it
                    # are all covered by this one draw.
                    target = self._requested
                try:
                    self._work()
                except Exception as exc:  # noqa: BLE001 - reported, and the worker lives on
                    if self._on_error is not None:
                        self._on_error(exc)
                self._finished(target)
