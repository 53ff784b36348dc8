"""htmx (17 KB gzipped) is loaded only by the pages that use it (templates/_components/head.html);
the kiosk's first pages do without. tests/support/htmx_pages.py checks every page the tests
render; these tests check that check, and the pages that matter."""
import pytest
from flask import render_template_string

from tests.kiosk.forms.test_meldekort import _card_id, _html
from tests.support.htmx_pages import lacks_htmx

# The HTTP layer: the engine changes nothing here (tests/conftest.py).
pytestmark = pytest.mark.sqlite_only

HTMX = "/static/vendor/htmx/htmx.min.js"
PAGE = ('{% extends "kiosk/base.html" %}SET{% block content %}'
        '<form hx-post="/x" hx-trigger="change"></form>{% endblock %}')


def test_the_check_finds_a_page_with_hx_attributes_and_no_htmx():
    assert lacks_htmx('<!doctype html><html><body><div id="q" hx-get="/q"></div></body></html>')
    assert not lacks_htmx(f'<!doctype html><html><head><script src="{HTMX}" defer></script>'
                          '</head><body><div hx-get="/q"></div></body></html>')
    assert not lacks_htmx('<div id="queue-results" hx-get="/q"></div>')  # a fragment: htmx is there
    assert not lacks_htmx("<!doctype html><p>Set hx-get=... on the element.</p>")  # text only


def test_a_page_says_it_uses_htmx_and_then_loads_it(kiosk_app):
    with kiosk_app.test_request_context("/"):
        without = render_template_string(PAGE.replace("SET", ""))
        with_it = render_template_string(PAGE.replace("SET", "{% set uses_htmx = true %}"))
    assert lacks_htmx(without) and HTMX not in without
    assert not lacks_htmx(with_it) and HTMX in with_it
    assert "htmx-config" in with_it and "htmx-config" not in without


def test_the_first_kiosk_pages_do_without_htmx(kiosk_user):
    kiosk_user.use_terminal("a")
    sign_in = _html(kiosk_user.client.get("/"))
    assert 'name="pin"' in sign_in and HTMX not in sign_in
    home = kiosk_user.sign_in("A100")
    assert home.status_code == 302
    home = _html(kiosk_user.client.get("/home"))
    assert "bb-tiles" in home and HTMX not in home and "hx-" not in home


def test_the_pages_that_autosave_load_htmx(kiosk_user):
    kiosk_user.sign_in("A100")
    location = kiosk_user.post("/forms/meldekort/practice").headers["Location"]
    questions = _html(kiosk_user.client.get(location))
    assert f"/forms/meldekort/d/{_card_id(location)}/autosave" in questions
    assert 'hx-post="' in questions and HTMX in questions


def test_every_staff_page_loads_htmx(admin):
    page = admin.get("/sign-in").get_data(as_text=True)
    assert HTMX in page and "htmx-config" in page
