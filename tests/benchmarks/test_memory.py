"""The memory measurement (benchmarks/memory.py): its terminals' rounds work against the
real kiosk, and it reports every cache that grows with use with its limit."""
from benchmarks import memory
from kiosk import TERMINAL_COOKIE
from tests.support.world import PIN


def test_a_terminals_rounds_go_through_the_kiosk_without_failures(kiosk_app, world):
    failures = []
    terminal = {"cookie": TERMINAL_COOKIE, "credential": world.credentials["a"],
                "inmates": [world.inmates["a"].inmate_number]}
    made = memory._terminal(kiosk_app, terminal, PIN, 2, failures)
    assert failures == [] and made >= 2 * 7
    report = "\n".join(memory.caches(kiosk_app))
    assert "SQLite page cache per connection: -1024 (KiB)" in report or \
        kiosk_app.extensions["brobygger"].database.engine.dialect.name != "sqlite"
    for cache in ("database pool", "SQLAlchemy compiled statements: ", "Jinja templates: ",
                  "lesson step HTML: ", "WTForms catalogues: ", "signed CSRF tokens: ",
                  "URLs built: "):
        assert cache in report
    assert "unbounded" not in report and memory.rss_mib() > 10
