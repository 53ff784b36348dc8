"""Our own CSS says start and end, never left and right (issue 18: the kiosk in Arabic,
right to left).

A physical side (margin-left, padding-right, left:, text-align: right, float: left,
border-left ...) stays where it is when a page turns right to left; a logical one
(margin-inline-start, padding-inline-end, inset-inline-start, text-align: start,
border-inline-start ...) follows the text. So static/css/*.css uses logical properties
only, except what ``ALLOWED`` lists with its reason. A four-value margin, padding, inset
or border shorthand whose left and right differ is a physical side too.

Aksel's CSS (static/vendor, not ours to edit) still sets a few sides physically: each of
its rules that does is either set again, logically, by a rule of ours for the same
selector (base.css), or listed in ``AKSEL_REVIEWED`` with why it needs nothing. An Aksel
upgrade that adds one fails here until someone looks.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWN_CSS = sorted((ROOT / "static" / "css").glob("*.css"))
AKSEL_CSS = ROOT / "static" / "vendor" / "ds-css" / "aksel.css"

# (file name, property, value) that may stay physical, with the reason. Empty today: keep it
# that way unless a property has no logical form that every browser we support knows.
ALLOWED: dict[tuple[str, str, str], str] = {}

# Aksel rules with a physical side that need nothing from us, and why.
AKSEL_REVIEWED = {
    ".aksel-checkbox__icon": "left: 6px places the tick inside its own 24px box, which the "
                             "grid already puts at the start; the tick is not mirrored",
}

PHYSICAL_PROPERTY = re.compile(
    r"^(?:(?:margin|padding|scroll-margin|scroll-padding)-(?:left|right)"
    r"|border-(?:left|right)(?:-(?:width|style|color))?"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
    r"|left|right)$")
PHYSICAL_VALUE = {  # property: values that name a physical side
    "text-align": {"left", "right"}, "text-align-last": {"left", "right"},
    "float": {"left", "right"}, "clear": {"left", "right"},
    "justify-content": {"left", "right"}, "justify-items": {"left", "right"},
    "justify-self": {"left", "right"}, "resize": {"horizontal"},
}
FOUR_SIDED = {"margin", "padding", "inset", "border-width", "border-style", "border-color",
              "scroll-margin", "scroll-padding"}
COMMENT = re.compile(r"/\*.*?\*/", re.S)
RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")


def _values(text: str) -> list[str]:
    """A value's top-level parts: "var(--a, 1px) 0" is two parts, not four."""
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch.isspace() and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += ch
    return parts + ([current] if current else [])


def declarations(css: str) -> list[tuple[str, str, str]]:
    """(selector, property, value) of every declaration, comments left out."""
    found = []
    for selector, body in RULE.findall(COMMENT.sub("", css)):
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                found.append((" ".join(selector.split()), name.strip().lower(),
                              " ".join(value.replace("!important", "").split())))
    return found


def physical(prop: str, value: str) -> bool:
    if PHYSICAL_PROPERTY.match(prop):
        return True
    if value.lower() in PHYSICAL_VALUE.get(prop, ()):
        return True
    if prop in FOUR_SIDED:
        parts = _values(value)
        return len(parts) == 4 and parts[1] != parts[3]
    if prop == "border-radius":  # top-left top-right bottom-right bottom-left
        parts = _values(value.split("/")[0])
        return (len(parts) in (2, 3) and parts[0] != parts[1]) or \
            (len(parts) == 4 and (parts[0], parts[3]) != (parts[1], parts[2]))
    return False


def physical_in(css: str) -> list[tuple[str, str, str]]:
    return [(selector, prop, value) for selector, prop, value in declarations(css)
            if physical(prop, value)]


@pytest.mark.parametrize("path", OWN_CSS, ids=lambda p: p.name)
def test_our_css_uses_logical_properties(path):
    found = [f"{selector} {{ {prop}: {value} }}" for selector, prop, value
             in physical_in(path.read_text("utf-8"))
             if (path.name, prop, value) not in ALLOWED]
    assert not found, (f"{path.name} sets physical sides, which do not follow a right-to-left "
                       "page; use margin-inline-start, padding-inline-end, inset-inline-start, "
                       "text-align: start, border-inline-* ...:\n  " + "\n  ".join(found))


def test_every_allowed_exception_is_still_there():
    present = {(path.name, prop, value) for path in OWN_CSS
               for _s, prop, value in physical_in(path.read_text("utf-8"))}
    assert set(ALLOWED) <= present, f"no longer needed: {set(ALLOWED) - present}"


def test_the_check_finds_physical_sides():
    bad = """
    .a { margin-left: 1rem; padding-right: 2px; }  /* margin-left: 0 in a comment is fine */
    .b { left: 0; text-align: right; float: left; border-right: 1px solid; }
    .c { padding: 1mm 2mm 1mm 0; border-top-left-radius: 4px; clear: left; }
    .ok { margin-inline-start: 1rem; inset-inline: 0 auto; text-align: start;
          padding: 1px 2px 3px 2px; margin: 0 auto; border-inline-end: 1px solid;
          padding: var(--a, 1px) 0; transform: scaleX(-1); }
    """
    assert [(s, p) for s, p, _v in physical_in(bad)] == [
        (".a", "margin-left"), (".a", "padding-right"), (".b", "left"), (".b", "text-align"),
        (".b", "float"), (".b", "border-right"), (".c", "padding"),
        (".c", "border-top-left-radius"), (".c", "clear")]


def test_every_physical_side_in_aksel_is_set_again_logically_or_reviewed():
    ours = {}
    for path in OWN_CSS:
        for selector, prop, _value in declarations(path.read_text("utf-8")):
            ours.setdefault(selector, set()).add(prop)

    def covered(selector: str, prop: str) -> bool:
        for own_selector, props in ours.items():
            if selector.strip() in own_selector.replace(":is(", "").replace(")", "").split(", ") \
                    or selector.strip() == own_selector:
                if prop.startswith(("padding", "margin")) and props & {
                        "padding-inline", "padding-inline-start", "padding-inline-end",
                        "margin-inline", "margin-inline-start", "margin-inline-end"}:
                    return True
                if prop in ("left", "right") and props & {
                        "inset-inline", "inset-inline-start", "inset-inline-end"}:
                    return True
        return False

    gaps = []
    for selector, prop, value in physical_in(AKSEL_CSS.read_text("utf-8")):
        parts = [part.strip() for part in selector.split(",")]
        if all(part in AKSEL_REVIEWED or covered(part, prop) for part in parts):
            continue
        gaps.append(f"{selector} {{ {prop}: {value} }}")
    assert not gaps, ("Aksel sets these sides physically and nothing of ours sets them "
                      "logically (base.css), nor is it reviewed here:\n  " + "\n  ".join(gaps))
