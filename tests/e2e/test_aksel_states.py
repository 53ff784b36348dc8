"""Aksel's rules for states survive the cut (scripts/vendor_static.py, PurgeCSS).

Rules that hang on a state (a box ticked or not, a disabled button) are the ones a tool that
keeps what the templates name can lose without a trace on a page as first shown: PurgeCSS
dropped ".aksel-checkbox__input:where(:not(:checked)) + .aksel-checkbox__icon" until
scripts/aksel_subset.cjs kept every pseudo-class. Checked here in Chromium, as drawn.
"""
from __future__ import annotations

import pytest

from tests.e2e.pages import sign_in_staff

pytestmark = pytest.mark.e2e

STYLE = """(selector) => {
    const element = document.querySelector(selector);
    const style = getComputedStyle(element);
    return {display: style.display, opacity: style.opacity, cursor: style.cursor,
            background: style.backgroundColor};
}"""


def test_a_tick_shows_only_when_the_box_is_ticked(contexts, admin_server, world, clock):
    page = contexts.new_page()
    sign_in_staff(page, admin_server.url, world.staff["adviser"], clock, lang="nb")
    page.goto(admin_server.url + "/requests/")
    box = page.locator("input.aksel-checkbox__input").first
    box_id = box.get_attribute("id")
    icon = f"#{box_id} + .aksel-checkbox__icon"
    box.uncheck()
    unticked = page.evaluate(STYLE, f"#{box_id}")
    assert page.evaluate(STYLE, icon)["display"] == "none"
    box.check()
    assert page.evaluate(STYLE, icon)["display"] != "none"
    assert page.evaluate(STYLE, f"#{box_id}")["background"] != unticked["background"]


def test_a_disabled_button_looks_disabled(contexts, admin_server, world, clock):
    page = contexts.new_page()
    sign_in_staff(page, admin_server.url, world.staff["adviser"], clock, lang="nb")
    page.goto(admin_server.url + "/requests/")
    button = page.locator("main button.aksel-button").first
    button_id = "bb-test-button"
    page.evaluate("(id) => { const b = document.querySelector('main button.aksel-button');"
                  " b.id = id; b.disabled = true; }", button_id)
    assert button.is_disabled()
    style = page.evaluate(STYLE, f"#{button_id}")
    assert style["cursor"] == "not-allowed" and float(style["opacity"]) < 1
