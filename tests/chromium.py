"""Where the browser tests find Chromium: kept apart so kernel-side tests can ask too."""

from __future__ import annotations

import os
import shutil


def chromium_path() -> tuple[str | None, str]:
    """The Chromium to drive (``$CHROMIUM`` if set, else Debian's, else one on PATH).

    Returns the path, or None and a one-line reason to skip.
    """
    explicit = os.environ.get("CHROMIUM")
    if explicit:  # an explicit choice is never silently replaced by another browser
        if os.access(explicit, os.X_OK):
            return explicit, ""
        return None, f"CHROMIUM={explicit} is not an executable file"
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate, ""
    return None, "no Chromium found (/usr/bin/chromium or on PATH); set CHROMIUM=/path/to/it"
