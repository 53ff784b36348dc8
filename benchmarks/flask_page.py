"""A second reference point for the kiosk's throughput: a bare Flask app rendering a
Jinja page of a kiosk page's size (~5 KB), with nothing else (no database, no session,
no CSRF, no translations).

The bare WSGI baseline (benchmarks/baseline.py) measures gunicorn and the load generator;
this one adds what any Flask app pays before it does its own work, so the report can say
how much of the distance to the baseline is the framework's and how much is ours.

    gunicorn -c deploy/server/gunicorn.conf.py benchmarks.flask_page:app
"""
from flask import Flask, render_template
from jinja2 import DictLoader

ROWS = 50  # rows of the table below: a page of about 5 KB, like a kiosk page

PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table>{% for row in rows %}
<tr><td><a href="/requests/{{ row.id }}">{{ row.reference }}</a></td>
<td>{{ row.topic }}</td><td>{{ row.status }}</td></tr>
{%- endfor %}</table></main></body></html>
"""

app = Flask(__name__)
# The page is a template like any Flask app's: compiled once, then rendered from Jinja's
# cache. (Until issue 20's last session it was rendered with render_template_string, which
# compiles the source again for every request: about 1 ms of the 1.65 ms of CPU this
# reference used per request, so it was a slower reference than any real Flask app.)
app.jinja_loader = DictLoader({"page.html": PAGE})
_ROWS = [{"id": n, "reference": f"B{n:06d}", "topic": "Dagpenger og meldekort",
          "status": "Mottatt"} for n in range(ROWS)]


@app.get("/")
def page():
    return render_template("page.html", title="Mine henvendelser", rows=_ROWS)
