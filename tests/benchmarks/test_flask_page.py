"""The bare Flask reference (benchmarks/flask_page.py) does what any Flask app does: its
template is compiled once, not for every request (issue 20: it compiled the page again
every time, most of its CPU)."""
from benchmarks import flask_page


def test_the_page_is_compiled_once_and_is_a_kiosk_pages_size(monkeypatch):
    compiled = []
    original = flask_page.app.jinja_env.compile

    def counting(*args, **kwargs):
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return original(*args, **kwargs)

    monkeypatch.setattr(flask_page.app.jinja_env, "compile", counting)
    flask_page.app.jinja_env.cache.clear()
    client = flask_page.app.test_client()
    pages = [client.get("/") for _ in range(5)]
    assert all(page.status_code == 200 for page in pages)
    assert len(compiled) == 1
    assert 4_500 <= len(pages[0].data) <= 6_000
    assert b"B000049" in pages[0].data
