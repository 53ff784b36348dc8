"""What a request carries, made safe before any view sees it (installed by
core.web.app for both apps):

- form fields and query string values lose NUL and the other control characters
  (``CleanParameters``), so no text field of any form can store them;
- a numeric URL part above the largest database id (``BoundedInt``) or a text URL part
  with a control character in it (``PlainString``) matches no route: 404, never a crash
  in the database.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

from core.parsing import MAX_ID, without_control_characters


def _clean(value):
    return without_control_characters(value) if isinstance(value, str) else value


class CleanParameters(ImmutableMultiDict):
    """Werkzeug's form and query string storage, with control characters removed from
    every name and text value (uploaded files are left as they are)."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            pairs = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            pairs = [(k, v) for k, values in mapping.items()
                     for v in (values if isinstance(values, (list, tuple)) else [values])]
        else:
            pairs = mapping
        super().__init__([(_clean(k), _clean(v)) for k, v in pairs])


class BoundedInt(IntegerConverter):
    """``<int:...>`` with the databases' limit: a larger number is no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


_PLAIN = r"[^/\x00-\x1f\x7f-\x9f]"


class PlainString(UnicodeConverter):
    """``<name>`` and ``<string:name>`` without control characters."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", _PLAIN)


class PlainPath(PathConverter):
    regex = r"[^\x00-\x1f\x7f-\x9f]+?"
    part_isolating = False


def install(app: Flask) -> None:
    """Before any route is added: the converters, and the cleaned parameters."""
    app.url_map.converters.update(int=BoundedInt, default=PlainString, string=PlainString,
                                  path=PlainPath)
