"""What a worker holds in memory stays bounded (issue 20: at most 100 MiB a kiosk worker):
glibc's malloc gives argon2id's blocks back, the database keeps a few connections with a
small page cache each, and the caches that grow with use have a limit. The lesson step
cache's own limit is tested in tests/core/services/learning/test_lessons.py."""
import ast
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from core import PROJECT_ROOT, memory
from core.config import Settings
from core.db import Database

# Four threads (a gthread worker with GUNICORN_THREADS=4; one by default) sign people in,
# twice each, at the PIN's cost.
HASHING = textwrap.dedent("""
    import sys, threading
    from core import memory
    if sys.argv[1] == "bounded":
        assert memory.bound_malloc()
    from argon2 import PasswordHasher
    hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    hasher.hash("1")  # the first block is mmapped whatever the settings
    before = rss()
    def sign_ins():
        for _ in range(2):
            hasher.verify(hasher.hash("246810"), "246810")
    threads = [threading.Thread(target=sign_ins) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(rss() - before)
""")


def _grown_mib(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", HASHING, mode], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return int(done.stdout.strip())


@pytest.mark.skipif(not memory._libc(), reason="glibc's malloc only (Debian's, as deployed)")
def test_argon2s_blocks_are_given_back_after_sign_ins_in_threads():
    # As glibc comes, each thread keeps its last 19 MiB block after free: the cause of
    # 159 MiB kiosk workers in the benchmark of issue 20.
    assert _grown_mib("as-it-comes") >= 30
    assert _grown_mib("bounded") <= 8


def test_the_malloc_settings_are_set_once_and_said():
    first = memory.bound_malloc()
    if memory._libc() is None:
        assert first == {} and memory.describe() == "glibc's malloc as it comes"
        return
    assert first == {"mmap_threshold": memory.MMAP_THRESHOLD,
                     "trim_threshold": memory.TRIM_THRESHOLD, "arena_max": memory.ARENA_MAX}
    assert memory.bound_malloc() == first
    assert "mmap_threshold 1048576" in memory.describe()


@pytest.mark.parametrize("app", ["kiosk", "admin"])
def test_the_wsgi_modules_bound_malloc_before_they_make_the_app(app):
    """gunicorn imports them in the master (preload_app), which then forks the workers."""
    module = ast.parse((PROJECT_ROOT / app / "wsgi.py").read_text())
    calls = [ast.unparse(node.value.func) for node in module.body
             if isinstance(node, (ast.Expr, ast.Assign)) and isinstance(node.value, ast.Call)]
    assert calls == ["memory.bound_malloc", "create_app"]


def test_each_sqlite_connection_has_a_small_page_cache_and_the_pool_a_few(tmp_path):
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path}/a.db", secret_key="x")
    assert (settings.sqlite_cache_kib, settings.database_pool_size) == (1024, 4)
    database = Database.from_settings(settings.with_overrides(sqlite_cache_kib=512,
                                                              database_pool_size=3))
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA cache_size")).scalar() == -512
        assert database.engine.pool.size() == 3
    finally:
        database.dispose()
    default = Database(f"sqlite:///{tmp_path}/b.db")
    try:
        with default.engine.connect() as connection:
            assert connection.execute(text("PRAGMA cache_size")).scalar() == -1024
        assert default.engine.pool.size() == 4
    finally:
        default.dispose()


def test_the_sizes_are_settings_with_limits():
    env = {"SECRET_KEY": "x"}
    settings = Settings.from_env({**env, "SQLITE_CACHE_KIB": "256", "DATABASE_POOL_SIZE": "8"})
    assert (settings.sqlite_cache_kib, settings.database_pool_size) == (256, 8)
    for name, value in (("SQLITE_CACHE_KIB", "10"), ("DATABASE_POOL_SIZE", "0"),
                        ("DATABASE_POOL_SIZE", "65")):
        with pytest.raises(ValueError, match=name):
            Settings.from_env({**env, name: value})


def test_the_caches_that_grow_with_use_have_a_limit(kiosk_app):
    from core.web import framework, translations

    assert translations.wtforms_catalogue.cache_info().maxsize == 16
    # What issue 20 keeps per process: signed CSRF tokens, built URLs, finished texts.
    assert framework._signed.cache_info().maxsize == 4096


def test_the_urls_and_texts_kept_stay_within_their_limits(kiosk_app, monkeypatch):
    from flask import url_for

    from core.web import framework, translations

    monkeypatch.setattr(framework, "BUILT_URLS_LIMIT", 3)
    monkeypatch.setattr(translations, "MADE_TEXTS_LIMIT", 0)
    page = kiosk_app.jinja_env.from_string('{{ _("A text no page asks for") }}')
    with kiosk_app.test_request_context("/"):
        for request_id in range(10):
            url_for("requests.show", request_id=request_id)
            assert len(kiosk_app._built_urls) <= 3
        assert page.render() == "A text no page asks for"  # made, and not kept:
        made = translations.request_translations().__dict__.get("_bb_made", {})
        assert "A text no page asks for" not in made  # the limit is reached
    assert kiosk_app.jinja_env.cache.capacity <= 400  # Jinja's own LRU
    engine = kiosk_app.extensions["brobygger"].database.engine
    # SQLAlchemy's own LRU (the tests share one among their engines: tests/support/compiled.py)
    assert engine._compiled_cache.own.capacity <= 500


def test_every_language_shares_bokmåls_catalogue_as_its_fallback():
    from core import locales
    from core.web.translations import catalogue

    bokmål = catalogue(locales.DEFAULT)
    assert getattr(bokmål, "_fallback", None) is None  # nothing added to the shared one
    for language in locales.KIOSK:
        if language != locales.DEFAULT:
            assert catalogue(language)._fallback is bokmål, language
    # A message a language lacks is still bokmål's.
    missing = {key for key in bokmål._catalog if isinstance(key, str) and key} - set(
        catalogue("se")._catalog)
    for message in sorted(missing)[:3]:
        assert catalogue("se").gettext(message) == bokmål.gettext(message)
