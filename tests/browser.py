"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright (no browser download is possible).

The flags keep Chromium off the network it cannot reach anyway (background services, component updates),
so that every request a page makes is one the page itself asked for.
"""

from __future__ import annotations

import contextlib
import shutil
from typing import Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio"]


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs it with the test extra)"
    if not shutil.which("chromium"):
        return "Debian's chromium is not installed (scripts/install-system-deps --test installs it)"
    return None


@contextlib.contextmanager
def chromium_page() -> Iterator:
    """A fresh page in a fresh headless Chromium; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": 1100, "height": 900})
        finally:
            browser.close()
