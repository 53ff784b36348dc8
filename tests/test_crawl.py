"""Every page a new user can reach, on the full demo, for an inmate on each demo terminal
and for every staff role (issue 11: a class's lesson steps answered 500 while every test
passed).

The demo is what `brobygger demo` loads: every capability's demo data, with a class
running in Hof that two inmates have joined. From the home page the crawler
(tests/support/crawler.py) follows every same-origin link and submits every GET form,
breadth first and bounded, and the test fails on any 5xx, any message id or English msgid
in the Norwegian interface, and any raw database name or JSON in visible text. The
slowest pages are printed, for information only: timings belong in `make bench`.
"""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from admin import create_app as create_admin
from core import locales
from core.clock import FrozenClock
from core.db import Database
from core.demo import classes as demo_classes, loader as demo
from core.models import Base, Terminal
from core.security import totp
from core.services.directory.municipalities import all_municipalities
from kiosk import create_app as create_kiosk
from tests.conftest import csrf_from
from tests.support import world_template
from tests.support.crawler import Crawl, Vocabulary
from tests.support.world import PIN_HASHER
from tests.test_translations import tr

ROOT = Path(__file__).resolve().parents[1]
STAFF = {username: secret for username, _n, _r, _p, secret in demo.STAFF}
PINS = {number: pin for number, *_rest, pin in demo.INMATES}
# Who signs in on each demo terminal; the officer who opens a supervised one.
TERMINALS = {"Hof skolerom 1": ("H1001", None),  # in the demo class
             "Halden bibliotek": ("HA2002", "betjent2")}
SKIP = ("sign-out", "logout", "/session/timeout", "/demo/", "/static/")
MAX_PAGES = 200  # per person; with MAX_PER_SHAPE, a few seconds each
MAX_PER_SHAPE = 6  # /requests/N: six requests, six filter choices of a form


@functools.cache
def _missed_literals() -> frozenset:
    """The literals of gettext calls the extractor missed: read from the sources once a
    process (it reads every source file), not once for each language's crawl."""
    return frozenset(tr.missed_calls(ROOT)[1])


def _vocabulary(locale: str = "nb") -> Vocabulary:
    """English msgids whose text in ``locale`` (bokmål where it has none) differs, the
    literal starts of those with placeholders, and the column names of every table
    written in words."""
    nb = tr.read_catalogue(tr.po_path("nb"), "nb")
    shown = {message.id: message.string for message in nb if message.id}
    if locale != "nb":
        own = tr.read_catalogue(tr.po_path(locale), locale)
        shown.update({m.id: m.string for m in own if m.id and not tr.is_untranslated(m)})
    bokmal = {message.id: message.string for message in nb if message.id}
    english = set()
    for msgid, string in shown.items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = string if isinstance(string, tuple) else (string,)
        norwegian = bokmal[msgid] if isinstance(bokmal[msgid], tuple) else (bokmal[msgid],)
        # A msgid that is also bokmål's text is a Norwegian word kept on purpose (Nav's
        # terms: "Dagpenger", "Meldekort"), which a translation may quote as it is.
        english |= {i for i in ids if i and i not in strings and i not in norwegian}
    english |= _missed_literals() - {m.id for m in nb}  # never made it to the catalogue
    english -= {m.name for m in all_municipalities()}  # Time, Hole: places, not English
    exact, starts = set(), []
    for msgid in english:
        msgid = msgid.replace("%%", "%")
        literal = re.split(r"%(?:\(\w+\))?[sdif]", msgid)[0]
        if literal == msgid:
            exact.add(" ".join(msgid.split()))
        elif len(literal) >= 12 and " " in literal.strip():
            starts.append(" ".join(literal.split()))
    columns = {c.name.replace("_", " ") for t in Base.metadata.tables.values()
               for c in t.columns if "_" in c.name}
    words = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, columns))) + r")\b", re.I)
    languages = ("nb", "no", "nn") if locale == "nb" else (locale,)
    return Vocabulary(exact, tuple(starts), words, languages)


VOCABULARY = _vocabulary()


def _load_demo(attachments: Path):
    """Loads the demo into the database at a URL, its photos into ``attachments``: the
    demo terminals' ids by name."""
    def build(url: str) -> dict[str, int]:
        database = Database(url)
        try:
            with database.session() as db:
                demo.load(db, FrozenClock().now(), world_template.HASHER, PIN_HASHER,
                          str(attachments))
                return {t.name: t.id
                        for t in db.scalars(select(Terminal).where(Terminal.is_demo))}
        finally:
            database.dispose()
    return build


@pytest.fixture
def database_url(request, tmp_path, tmp_path_factory) -> str:
    """A database with the demo in it, for this test alone: the demo is loaded once per
    engine and test process and copied for each test (loading it took 1.5 to 2.5 s of
    each of the 31 crawls); its photos are copied to the test's attachment folder."""
    photos = tmp_path_factory.getbasetemp() / f"demo-attachments-{request.param}"
    if request.param == "sqlite":
        url, request.node.demo_terminals = request.getfixturevalue(
            "sqlite_template").fresh_with(tmp_path, "demo", _load_demo(photos))
    else:
        url, request.node.demo_terminals = request.getfixturevalue(
            "postgres_schema").fresh_with("demo", _load_demo(photos))
    if photos.exists():
        shutil.copytree(photos, tmp_path / "attachments")  # settings.attachment_dir
    return url


@pytest.fixture
def demo_loaded(request, database_url, clock) -> dict[str, int]:
    """The demo terminals' ids by name (the demo was loaded at the clock's start)."""
    assert clock.now() == FrozenClock().now()
    return request.node.demo_terminals


def _client(factory, settings, database, clock, hasher):
    app = factory(settings.with_overrides(demo_mode=True), database=database, clock=clock,
                  hasher=hasher)
    app.config.update(TESTING=True, PROPAGATE_EXCEPTIONS=False)  # a 500, as a user gets it
    return app.test_client()


def _kiosk_signed_in(client, clock, terminal_id, number, officer):
    assert client.get(f"/demo/enrol/{terminal_id}").status_code == 302
    if officer:  # a supervised terminal: the officer opens it first
        page = client.get("/supervision")
        clock.advance(seconds=30)
        opened = client.post("/supervision", data={
            "username": officer, "password": demo.PASSWORD, "minutes": "60",
            "code": totp.code_at(STAFF[officer], clock.now()), "csrf_token": csrf_from(page)})
        assert opened.status_code == 302, opened.get_data(as_text=True)
    page = client.get("/")
    signed_in = client.post("/", data={"inmate_number": number, "pin": PINS[number],
                                       "csrf_token": csrf_from(page)})
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)


def _admin_signed_in(client, clock, username):
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"username": username, "password": demo.PASSWORD,
                                              "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/sign-in/code")
    clock.advance(seconds=30)  # a fresh TOTP step for every sign-in
    response = client.post("/sign-in/code", data={
        "code": totp.code_at(STAFF[username], clock.now()), "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)


def _problems(who: str, crawl: Crawl, capsys) -> str:
    """What the crawl found, as one text ("" when nothing); prints the slowest pages and
    any link that leads nowhere, for information."""
    slowest = sorted(crawl.visits, key=lambda v: v.seconds, reverse=True)[:5]
    with capsys.disabled():
        print(f"\ncrawl {who}: {len(crawl.visits)} pages; slowest (information only): "
              + ", ".join(f"{v.url} {v.seconds * 1000:.0f} ms" for v in slowest))
        if crawl.broken:
            print(f"  not found: {crawl.broken}")
    found = [f"{v.url}: {problem}" for v in crawl.visits for problem in v.problems]
    if len(crawl.visits) <= 10:
        found.append(f"the crawl stopped early: {[v.url for v in crawl.visits]}")
    return "\n  ".join(found)


@pytest.mark.parametrize("terminal", sorted(TERMINALS))
def test_every_kiosk_page_an_inmate_reaches(terminal, demo_loaded, settings, database, clock,
                                            hasher, capsys):
    client = _client(create_kiosk, settings, database, clock, hasher)
    number, officer = TERMINALS[terminal]
    _kiosk_signed_in(client, clock, demo_loaded[terminal], number, officer)
    crawl = Crawl(client, VOCABULARY, SKIP, max_pages=MAX_PAGES, max_per_shape=MAX_PER_SHAPE)
    crawl.run("/home")
    problems = _problems(f"{number} on {terminal}", crawl, capsys)
    assert not problems, f"{number} on {terminal}:\n  {problems}"
    # The header's language chooser leads to the language page (issue 18).
    assert any(v.url.startswith("/language?") and v.status == 200 for v in crawl.visits)
    if terminal == "Hof skolerom 1":  # the crawl reached the class's steps
        steps = [v for v in crawl.visits if v.url.startswith(f"/lessons/{demo_classes.MODULE}/")]
        assert len(steps) > 3 and all(v.status == 200 for v in steps)


# A language changes the texts, not the queries: the nb crawl above runs the same pages'
# queries on PostgreSQL, so each language is crawled on SQLite only (tests/conftest.py).
@pytest.mark.sqlite_only
@pytest.mark.parametrize("locale", locales.KIOSK_ONLY)
def test_every_kiosk_page_in_each_language(locale, demo_loaded, settings, database, clock,
                                           hasher, capsys):
    """Issue 18: the same crawl in each of the kiosk's other languages, on the terminal
    whose inmate is in a class: no 500, no English msgid in the page's language (a text
    not translated yet is shown in bokmål, which is allowed)."""
    client = _client(create_kiosk, settings, database, clock, hasher)
    terminal = "Hof skolerom 1"
    number, officer = TERMINALS[terminal]
    _kiosk_signed_in(client, clock, demo_loaded[terminal], number, officer)
    home = client.get("/home")
    chosen = client.post("/language", data={"lang": locale, "next": "/home",
                                            "csrf_token": csrf_from(home)})
    assert chosen.status_code == 302
    assert f'<html lang="{locale}"' in client.get("/home").get_data(as_text=True)
    crawl = Crawl(client, _vocabulary(locale), SKIP, max_pages=MAX_PAGES,
                  max_per_shape=MAX_PER_SHAPE)
    crawl.run("/home")
    problems = _problems(f"{number} in {locale}", crawl, capsys)
    assert not problems, f"{number} in {locale}:\n  {problems}"


@pytest.mark.parametrize("username", sorted(STAFF))
def test_every_staff_page_each_role_reaches(username, demo_loaded, settings, database, clock,
                                            hasher, capsys):
    client = _client(create_admin, settings, database, clock, hasher)
    _admin_signed_in(client, clock, username)
    crawl = Crawl(client, VOCABULARY, SKIP, max_pages=MAX_PAGES, max_per_shape=MAX_PER_SHAPE)
    crawl.run("/")
    problems = _problems(username, crawl, capsys)
    assert not problems, f"{username}:\n  {problems}"


def test_the_crawler_sees_what_it_must_fail_on():
    """Guards the crawl: each kind of fault in a page is found."""
    from tests.support.crawler import Page

    page = Page()
    page.feed('<html lang="nb"><body><p>pin_hash</p><p>certificate.verify</p>'
              '<p>Prison id: 3</p><p>{"module": "nav"}</p><p>All received (9)</p>'
              '<p lang="en">Sign in</p><a href="/x">Logg inn</a>'
              '<form method="get" action="/q"><select name="s"><option value="a">A</option>'
              '<option value="b" selected>B</option></select></form>'
              '<script>var x = "pin_hash";</script></body></html>')
    found = VOCABULARY.findings(page.texts)
    assert any("pin_hash" in f for f in found)
    assert any("certificate.verify" in f for f in found)
    assert any("Prison id" in f for f in found)
    assert any("raw JSON" in f for f in found)
    assert any("All received" in f for f in found)
    assert not any("Sign in" in f for f in found)  # marked as English
    assert sum("pin_hash" in f for f in found) == 1  # not in the script
    assert page.links == ["/x"] and page.forms[0].fields == [("s", "b")]
