"""The baseline: a bare WSGI app that answers every request with the same 2 KB page.

`make bench` runs it under gunicorn with deploy/server/gunicorn.conf.py, exactly like the
kiosk and the staff app, so the ratio of their throughput to this one's shows what the
application itself costs on this machine (gunicorn, HTTP parsing and the load generator
are in both).

    gunicorn -c deploy/server/gunicorn.conf.py benchmarks.baseline:app
"""

_HEAD = (b'<!doctype html>\n<html lang="nb"><head><meta charset="utf-8">'
         b"<title>Baseline</title></head><body><main><p>")
_TAIL = b"</p></main></body></html>\n"
PAGE = _HEAD + (b"Brobygger baseline. " * 200)[:2048 - len(_HEAD) - len(_TAIL)] + _TAIL
assert len(PAGE) == 2048

HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE))),
           ("Cache-Control", "no-store")]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]
