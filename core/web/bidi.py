"""Text direction inside a page (issue 18: the kiosk in Arabic, right to left).

In a right-to-left page the Unicode bidirectional algorithm orders the runs of a line
from the right. A value made of digits and separators (a reference number, an inmate
number, a phone number, a time, a code) has no strong direction of its own, so its parts
can be reordered by the text around it ("+47 22 33 44 55" would read "55 44 33 22 +47").
The filters put such a value in its own isolated run:

* ``ltr``: ``<bdi dir="ltr">``: always left to right (numbers, codes, references, times).
* ``bidi``: ``<bdi>``: the value's own direction, from its first strong letter: a date
  written with an Arabic month name reads right to left, one with a Norwegian or English
  month name (the bokmål fallback) left to right, and neither disturbs the sentence.

Both give Markup, so a placeholder of a translated message keeps the element
(``_("Reference %(ref)s", ref=item.reference|ltr)``). Not for attribute values.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def ltr(value) -> Markup:
    if value is None or value == "":
        return Markup("")
    return Markup('<bdi dir="ltr">%s</bdi>') % escape(value)


def bidi(value) -> Markup:
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % escape(value)


def register(app) -> None:
    app.add_template_filter(ltr, "ltr")
    app.add_template_filter(bidi, "bidi")
