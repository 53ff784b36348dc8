"""axe-core (WCAG 2.1 A and AA) in the browser, for the accessibility checks.

The axe script (573 KB, from the axe-playwright-python package) is given to a page once,
as an init script that the browser itself runs in every document the page loads, instead
of being sent over Playwright's pipe and compiled again before every check, as
`Axe.run` does. Only the violations come back; the rest of axe's results stay in the
browser.
"""
from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

# Every rule of these tags runs and every violation is reported in full; the passes,
# inapplicable and incomplete results (not read here) are cut to one node each, which
# spares axe and the browser most of their work on each page checked.
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}
_RUN = "options => window.axe ? axe.run(document, options).then(r => r.violations) : null"


def preload(page: Page) -> Page:
    """Have axe loaded into every document the page shows from now on."""
    page.add_init_script(script=AXE_SCRIPT)
    return page


def violations(page: Page, options: dict = WCAG) -> list[dict]:
    """axe's violations on the page as it is now (axe is injected if not preloaded)."""
    found = page.evaluate(_RUN, options)
    if found is None:
        page.evaluate(AXE_SCRIPT)
        found = page.evaluate(_RUN, options)
    return found
