"""Templates, URL builders and SQL compiled once per test process instead of once per app.

Every test builds its own kiosk or admin app, and each app has its own Jinja environment,
which would parse and compile every template the test renders again: a third of the CPU
time of a client test. Jinja's bytecode cache is made for this: the compiled code of a
template is kept under its file name and the checksum of its source, so an edited
template is compiled afresh. Each app (by import name) gets a cache of its own, since the
compiled code depends on the environment's settings. Nothing else is shared: each app
still loads its templates into its own environment, with its own globals and filters.

The same holds for SQL: SQLAlchemy caches each statement's compiled form per engine, and
every test has an engine of its own, so every test compiled every query it made again (a
fifth of the CPU time of the staff app's client tests). Engines of one kind of database
(share_sql_compilation says which are one kind) now share that cache.
"""
from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy.engine.base import Engine
from sqlalchemy.util import LRUCache

_caches: dict[str, BytecodeCache] = {}


class SharedBytecode(BytecodeCache):
    """In memory, for this process: the code objects themselves, not marshalled."""

    def __init__(self) -> None:
        self.codes: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.codes[(bucket.key, bucket.checksum)] = bucket.code

    def clear(self) -> None:
        self.codes.clear()


def install() -> None:
    """Share the compiled templates, URL builders and SQL among the apps and engines
    created from now on."""
    share_url_builders()
    share_templates()
    share_sql_compilation()


def share_templates() -> None:
    """Give every Flask app created from now on the shared template cache of its kind."""
    create = Flask.create_jinja_environment
    if getattr(create, "shared_bytecode", False):
        return

    def create_jinja_environment(app: Flask):
        environment = create(app)
        environment.bytecode_cache = _caches.setdefault(app.import_name, SharedBytecode())
        return environment

    create_jinja_environment.shared_bytecode = True
    Flask.create_jinja_environment = create_jinja_environment


def share_url_builders() -> None:
    """Build each URL rule's builder function once per process, not once per app.

    Werkzeug generates (with ``ast`` and ``compile``) a small function per rule and app
    to build its URLs: a fifth of the cost of creating an app. The function depends only
    on the rule's text and parts and its defaults; it finds the converters through the
    rule it is bound to, when it is called. So one function per rule text serves every
    app, each still bound to its own rule.
    """
    from werkzeug.routing.rules import Rule

    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "shared", False):
        return
    built: dict[tuple, object] = {}

    def shared_compile_builder(rule: Rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        if any(dynamic and data in defaults for dynamic, data in rule._trace):
            return compile_builder(rule, append_unknown)  # a default baked into the URL
        key = (rule.rule, tuple(rule._trace), tuple(map(str, defaults)), append_unknown)
        function = built.get(key)
        if function is None:
            function = built[key] = compile_builder(rule, append_unknown)
        return function

    shared_compile_builder.shared = True
    Rule._compile_builder = shared_compile_builder


class SharedCompiledSQL:
    """An engine's compiled cache that is the cache of every engine of its kind.

    SQLAlchemy keys a compiled statement by the dialect object it was compiled for, and
    each engine has a dialect object of its own. Engines of one dialect class, one server
    version, one parameter style and one isolation level compile every statement to the
    same SQL, so the key's dialect is replaced by the first such dialect seen (the
    compiled statement keeps a reference to it; executing it on another engine uses that
    engine's own dialect and connection, as after any cache hit)."""

    _dialects: dict[tuple, object] = {}
    _caches: dict[tuple, LRUCache] = {}
    SIZE = 5000  # SQLAlchemy's default is 500 per engine; the suite has a few thousand

    def __init__(self, engine: Engine, own: LRUCache) -> None:
        self.engine = engine
        self.own = own  # the engine's own cache, as outside the tests (not used here)
        self._cache = None
        self._dialect = None

    def _shared(self):
        if self._cache is None:  # known once the engine's first connection set it up
            dialect = self.engine.dialect
            kind = (type(dialect), dialect.paramstyle, dialect.server_version_info,
                    getattr(dialect, "isolation_level", None))
            self._dialect = self._dialects.setdefault(kind, dialect)
            self._cache = self._caches.setdefault(kind, LRUCache(self.SIZE))
        return self._cache

    def get(self, key, default=None):
        cache = self._shared()
        return cache.get((self._dialect, *key[1:]), default)

    def __setitem__(self, key, value) -> None:
        cache = self._shared()
        cache[(self._dialect, *key[1:])] = value

    def __len__(self) -> int:
        return len(self._cache or ())

    def clear(self) -> None:
        if self._cache is not None:
            self._cache.clear()


def share_sql_compilation() -> None:
    """Give every SQLAlchemy engine created from now on the shared compiled cache of its
    kind (see SharedCompiledSQL)."""
    init = Engine.__init__
    if getattr(init, "shared_sql", False):
        return

    def __init__(engine: Engine, *args, **kwargs) -> None:
        init(engine, *args, **kwargs)
        if engine._compiled_cache is not None:  # query_cache_size=0 turns caching off
            engine._compiled_cache = SharedCompiledSQL(engine, engine._compiled_cache)

    __init__.shared_sql = True
    Engine.__init__ = __init__
