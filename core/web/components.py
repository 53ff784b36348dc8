"""The two Aksel components that pages call most often, ``icon`` and ``button``, written in
Python. templates/_components/aksel.html exports them under those names, so templates
import and call them as before (``{% from "_components/aksel.html" import button, icon %}``
or ``ak.button(...)``).

A Jinja macro call builds a context and binds its arguments each time: the request topics
page called ``icon`` 22 times, and these two were about a tenth of its CPU (issue 20). The
markup is the macros' own, byte for byte (tests/test_components.py renders both); the
macros' documentation stays in aksel.html with the others.
"""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

# An icon that points a way is mirrored in a right-to-left page (.bb-icon--directional,
# base.css): "next" points left in Arabic.
DIRECTIONAL = frozenset({"ArrowLeft", "ArrowRight", "ChevronLeft", "ChevronRight",
                         "ArrowUndo", "Enter", "Leave"})
VARIANTS = ("primary", "secondary", "tertiary", "danger")
SIZES = ("small", "xsmall")


def icon(name, label=None) -> Markup:
    """<img class="bb-icon"> of static/vendor/icons/NAME.svg; alt="" unless ``label``."""
    source = url_for("static", filename=f"vendor/icons/{name}.svg")
    directional = " bb-icon--directional" if name in DIRECTIONAL else ""
    return Markup(f'<img src="{escape(source)}" alt="{escape(label or "")}" '
                  f'class="bb-icon{directional}" width="24" height="24">')


def button_attributes(variant, size, extra_class=None) -> Markup:
    """The class and data attributes of a button (or a link styled as one)."""
    variant = variant if variant in VARIANTS else "primary"
    size = size if size in SIZES else "medium"
    extra = f" {escape(extra_class)}" if extra_class else ""
    shown = "primary" if variant == "danger" else variant
    color = ' data-color="danger"' if variant == "danger" else ""
    return Markup(f'class="aksel-button aksel-button--{size}{extra}" '
                  f'data-variant="{shown}"{color}')


def button(label, variant="primary", type="submit", name=None, value=None, size=None,
           attrs=None) -> Markup:
    """<button> with Aksel's classes; ``attrs``: more attributes (True: bare, False or
    None: left out; "class" is added to the class list)."""
    attrs = attrs or {}
    parts = [f'<button type="{escape(type)}" ',
             button_attributes(variant, size, attrs.get("class"))]
    if name:
        parts.append(f' name="{escape(name)}"')
    if value is not None:
        parts.append(f' value="{escape(value)}"')
    # Jinja's dictsort: by key, letter case ignored
    for key, val in sorted(attrs.items(), key=lambda item: _folded(item[0])):
        if key == "class" or val is None or val is False:
            continue
        parts.append(f" {escape(key)}" if val is True else f' {escape(key)}="{escape(val)}"')
    small = " aksel-label--small" if size in SIZES else ""
    parts.append(f'><span class="aksel-label{small}">{escape(label)}</span></button>')
    return Markup("".join(parts))


def _folded(key):
    return key.lower() if isinstance(key, str) else key
