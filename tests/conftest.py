"""Fixtures in the spirit of Flask's tutorial: app, client, and helpers to sign in.

A test that touches the database runs on SQLite, and on PostgreSQL too (when
TEST_DATABASE_URL is set: tests.support.databases.BACKENDS) when its outcome can depend on
the engine. That is every test below the HTTP layer (tests/core: the services, which hold
every query, the database, the migrations, the audit log, the demo loaders) and the tests
that drive the apps with what is engine-specific: the crawl of every page of both apps for
every role (tests/test_crawl.py), the hostile-input properties over every route (NUL,
integers past 64 bits), malformed requests, the CLI, the fault drills and the deployment.

What runs on SQLite only (``backends_for`` below):
- the HTTP layer's own tests (tests/kiosk, tests/admin, and the modules marked
  ``sqlite_only``: the authorization matrix, CSRF, headers, redirects). Views are thin
  (DESIGN.md): they call core/services, whose queries are tested on both engines, and
  every GET page's queries run on PostgreSQL in the crawl;
- the browser (tests marked e2e): what Chromium is shown does not depend on the engine;
- a test marked ``sqlite_only`` elsewhere (the crawl in each kiosk language: a language
  changes texts, not queries).
A test marked ``postgresql`` runs on both whatever its place.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import settings as hypothesis_settings
from playwright.sync_api import sync_playwright

from admin import create_app as create_admin
from core.clock import FrozenClock
from core.config import Settings
from core.db import Database
from core.security import totp
from core.security.hashing import SecretHasher
from kiosk import create_app as create_kiosk
from tests.support import compiled, htmx_pages
from tests.support import world as world_module
from tests.support import world_template
from tests.support.clock_guard import ClockGuard
from tests.support.databases import BACKENDS, PostgresSchema, SqliteTemplate

# No time limit per example: tests assert behaviour, never timings (those are for
# `make bench`), and a loaded CI machine must not turn slow examples into failures.
hypothesis_settings.register_profile("brobygger", deadline=None)
hypothesis_settings.load_profile("brobygger")

# Each test's app compiles a template or URL rule only if no app in this process has
# (tests/support/compiled.py).
compiled.install()


@pytest.fixture(scope="session")
def hasher() -> SecretHasher:
    """argon2id with a tiny cost: the same code path, fast enough for hundreds of tests."""
    return SecretHasher(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(scope="session")
def pin_hasher() -> SecretHasher:
    """PINs as the test settings hash them: peppered, at a tiny cost."""
    return world_module.PIN_HASHER


@pytest.fixture(scope="session")
def playwright():
    """Playwright, started once per test process for every test that drives a browser (the
    end-to-end tests and the terminal's). Its sync API refuses to start while another
    instance runs in the process, so a worker that had run an end-to-end test could not run
    a terminal test after it when each started its own."""
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return SqliteTemplate(tmp_path_factory.mktemp("schema"))


@pytest.fixture(scope="session")
def postgres_schema():
    schema = PostgresSchema()
    yield schema
    schema.close()


# The HTTP layer's tests (see the module's docstring).
HTTP_LAYER = ("tests/kiosk/", "tests/admin/")


def backends_for(item) -> list[str]:
    """The database engines a test runs on (see the module's docstring)."""
    if item.get_closest_marker("postgresql"):
        return BACKENDS
    place = item.path.relative_to(item.config.rootpath).as_posix()
    if (item.get_closest_marker("e2e") or item.get_closest_marker("sqlite_only")
            or place.startswith(HTTP_LAYER)):
        return BACKENDS[:1]
    return BACKENDS


def pytest_generate_tests(metafunc):
    chosen = any("database_url" in marker.args[0]
                 for marker in metafunc.definition.iter_markers("parametrize"))
    if "database_url" in metafunc.fixturenames and not chosen:
        metafunc.parametrize("database_url", backends_for(metafunc.definition),
                             indirect=True)


@pytest.fixture
def database_url(request, tmp_path) -> str:
    """A fresh database; one that holds the world already when the test asks for it (the
    `world` fixture then reads it instead of building it: tests/support/world_template.py)."""
    template = request.getfixturevalue("sqlite_template" if request.param == "sqlite"
                                       else "postgres_schema")
    if "world" in request.fixturenames:
        url, request.node.world_shape = (template.fresh_with_world(tmp_path)
                                         if request.param == "sqlite"
                                         else template.fresh_with_world())
        return url
    return template.fresh(tmp_path) if request.param == "sqlite" else template.fresh()


@pytest.fixture
def database(database_url):
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture(autouse=True)
def clock_guard():
    """Every request written must carry the clock the full computation gives it
    (tests/support/clock_guard.py): checked at each commit and at the end of the test."""
    guard = ClockGuard()
    guard.install()
    yield guard
    guard.remove()
    assert guard.problems == [], "\n".join(guard.problems)


@pytest.fixture
def db(database, clock_guard):
    """A session for arranging and inspecting data directly."""
    session = database.sessionmaker()
    yield session
    if session.is_active:
        clock_guard.check(session)  # what the test did in it, before it is rolled back
    session.rollback()
    session.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    return Settings(env="test", database_url=database_url, secret_key="test-secret",
                    attachment_dir=str(tmp_path / "attachments"), **world_module.PIN_SETTINGS)


@pytest.fixture
def world(request, database, clock, hasher):
    """Two prisons, staff of every role, terminals and inmates (tests/support/world.py),
    made at the clock's starting time."""
    shape = getattr(request.node, "world_shape", None)
    if shape is not None:
        return world_template.load(database, shape)  # the database holds it already
    with database.session() as session:
        built = world_module.build(session, clock.now(), hasher)
    return built


def _app(factory, settings, database, clock, hasher):
    app = factory(settings, database=database, clock=clock, hasher=hasher)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def kiosk_app(settings, database, clock, hasher):
    app = _app(create_kiosk, settings, database, clock, hasher)
    without_htmx = htmx_pages.watch(app)
    yield app
    assert not without_htmx, f"pages with hx- attributes that do not load htmx: {without_htmx}"


@pytest.fixture
def admin_app(settings, database, clock, hasher):
    app = _app(create_admin, settings, database, clock, hasher)
    without_htmx = htmx_pages.watch(app)
    yield app
    assert not without_htmx, f"pages with hx- attributes that do not load htmx: {without_htmx}"


@pytest.fixture
def kiosk(kiosk_app):
    return kiosk_app.test_client()


@pytest.fixture
def admin(admin_app):
    return admin_app.test_client()


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                  r'name="csrf_token" value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def csrf_from(response) -> str:
    match = CSRF.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return next(g for g in match.groups() if g)


class KioskHelper:
    def __init__(self, client, world):
        self.client = client
        self.world = world

    def use_terminal(self, key: str) -> None:
        self.client.set_cookie("bb_terminal", self.world.credentials[key])

    def sign_in(self, number: str, pin: str = world_module.PIN, terminal: str | None = "a"):
        if terminal:
            self.use_terminal(terminal)
        page = self.client.get("/")
        return self.client.post("/", data={"inmate_number": number, "pin": pin,
                                           "csrf_token": csrf_from(page)})

    def post(self, path: str, data: dict | None = None, **kwargs):
        page = self.client.get("/", follow_redirects=True)
        return self.client.post(path, data={**(data or {}), "csrf_token": csrf_from(page)},
                                **kwargs)


class AdminHelper:
    def __init__(self, client, world, clock):
        self.client = client
        self.world = world
        self.clock = clock

    def sign_in(self, key: str):
        user = self.world.staff[key]
        page = self.client.get("/sign-in")
        response = self.client.post("/sign-in", data={
            "username": user.username, "password": world_module.PASSWORD,
            "csrf_token": csrf_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)
        page = self.client.get("/sign-in/code")
        self.clock.advance(seconds=30)  # a fresh TOTP step for every sign-in
        response = self.client.post("/sign-in/code", data={
            "code": totp.code_at(user.totp_secret, self.clock.now()),
            "csrf_token": csrf_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def post(self, path: str, data: dict | None = None, **kwargs):
        page = self.client.get("/account/")
        return self.client.post(path, data={**(data or {}), "csrf_token": csrf_from(page)},
                                **kwargs)


@pytest.fixture
def kiosk_user(kiosk, world):
    return KioskHelper(kiosk, world)


@pytest.fixture
def staff_user(admin, world, clock):
    return AdminHelper(admin, world, clock)
