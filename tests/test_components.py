"""The components written in Python (core/web/components.py) give the markup of the Jinja
macros they replaced, byte for byte, for every combination of arguments the templates use
and more; and the templates reach them through aksel.html under the old names."""
import itertools
from pathlib import Path

import pytest
from markupsafe import Markup

from core.web import components

# The macros as they were in templates/_components/aksel.html before issue 20.
OLD_MACROS = (Path(__file__).parent / "support" / "aksel_macros_before.html").read_text()

LABELS = ["Neste", Markup("Send <strong>inn</strong>"), "Tom & Jerry <b>", ""]
ATTRS = [None, {}, {"data-idle-extend": ""}, {"hx-post": "/a?b=1&c=2", "disabled": True},
         {"class": "bb-wide", "formnovalidate": False, "aria-describedby": None},
         {"Zeta": "1", "alpha": "2", "Beta": True}]


@pytest.fixture
def old(kiosk_app):
    with kiosk_app.test_request_context("/"):
        yield kiosk_app.jinja_env.from_string(OLD_MACROS).module


def test_icon_is_the_old_macro(old, kiosk_app):
    with kiosk_app.test_request_context("/"):
        for name, label in itertools.product(
                ["Globe", "ArrowRight", "ChevronLeft", "Leave", "Wallet"],
                [None, "", "Penger", 'A "quoted" <label>']):
            assert str(components.icon(name, label)) == str(old.icon(name, label))


def test_button_is_the_old_macro(old, kiosk_app):
    with kiosk_app.test_request_context("/"):
        for label, variant, type_, name, value, size, attrs in itertools.product(
                LABELS, ["primary", "secondary", "tertiary", "danger", "weird"],
                ["submit", "button"], [None, "", "action"], [None, "", 0, 3, "ja&nei"],
                [None, "small", "xsmall", "large"], ATTRS):
            new = components.button(label, variant=variant, type=type_, name=name,
                                    value=value, size=size, attrs=attrs)
            assert str(new) == str(old.button(label, variant=variant, type=type_, name=name,
                                                   value=value, size=size, attrs=attrs))
        assert str(components.button("OK")) == str(old.button("OK"))


def test_link_buttons_keep_the_classes(old, kiosk_app):
    with kiosk_app.test_request_context("/"):
        for variant in ["primary", "secondary", "danger", "weird"]:
            assert str(old.link_button("/x", "Til", variant)) == (
                f'<a href="/x" {components.button_attributes(variant, None)}>'
                '<span class="aksel-label">Til</span></a>')


def test_templates_import_them_under_the_old_names(kiosk_app):
    with kiosk_app.test_request_context("/"):
        module = kiosk_app.jinja_env.get_template("_components/aksel.html").module
        assert (module.button, module.icon) == (components.button, components.icon)
        page = kiosk_app.jinja_env.from_string(
            '{% from "_components/aksel.html" import button, icon, link_button %}'
            '{% import "_components/aksel.html" as ak %}'
            '{{ button("Neste") }}|{{ ak.button("Neste", variant="danger") }}|{{ icon("Globe") }}'
            '|{{ link_button("/x", "Til") }}').render()
        first, second, third, fourth = page.split("|")
        assert first == str(components.button("Neste"))
        assert second == str(components.button("Neste", variant="danger"))
        assert third == str(components.icon("Globe"))
    assert fourth == '<a href="/x" class="aksel-button aksel-button--medium" ' \
        'data-variant="secondary"><span class="aksel-label">Til</span></a>'
