"""py-spy's collapsed stacks reduced to the report's shares (benchmarks/profile.py)."""
from benchmarks.profile import parse, summarise

RAW = """\
process 1:"gunicorn";thread (0x1): "worker";handle (gunicorn/workers/gthread.py:280);\
home (kiosk/home.py:40);render_template (flask/templating.py:150);render (jinja2/environment.py:1300) 30
process 1:"gunicorn";thread (0x1): "worker";handle (gunicorn/workers/gthread.py:280);\
home (kiosk/home.py:41);load_session (core/web/sessions.py:90);execute (sqlalchemy/engine/base.py:1400) 10
process 1:"gunicorn";thread (0x1): "worker";wait (selectors.py:400) 60
"""


def test_shares_of_the_samples_by_leaf_and_by_our_own_functions():
    stacks = parse(RAW)
    assert len(stacks) == 3 and stacks[2][1] == 60
    summary = summarise(stacks)
    assert summary["samples"] == 40  # the thread waiting in a selector is left out
    assert summary["self"] == [("render (jinja2/environment.py)", 0.75),
                               ("execute (sqlalchemy/engine/base.py)", 0.25)]
    ours = dict(summary["ours"])
    assert ours == {"home (kiosk/home.py)": 1.0, "load_session (core/web/sessions.py)": 0.25}
    assert summary["layers"] == [("templates (Jinja and MarkupSafe)", 0.75),
                                 ("queries (SQLAlchemy and the database driver)", 0.25)]


def test_layers_add_up_and_a_query_from_a_template_is_the_querys():
    from benchmarks.profile import OTHER, layer_of

    in_template = ["handle (gunicorn/workers/gthread.py:280)", "root (home.html:12)",
                   "scalar (sqlalchemy/orm/session.py:2600)"]
    assert layer_of(in_template) == "queries (SQLAlchemy and the database driver)"
    assert layer_of(["handle (gunicorn/workers/gthread.py:280)", "home (kiosk/home.py:40)"]) \
        == "the app's own Python (views, checks, sessions) and Flask"
    assert layer_of(["handle (gunicorn/workers/gthread.py:280)"]) \
        == "gunicorn (HTTP, threads, logging)"
    assert layer_of(["hash (argon2/low_level.py:90)", "login (kiosk/signin.py:60)"]) \
        == "password and PIN hashing (argon2)"
    assert layer_of(["<module> (x.py:1)"]) == OTHER
    summary = summarise(parse(RAW))
    assert abs(sum(share for _name, share in summary["layers"]) - 1.0) < 1e-9


def test_py_spy_is_found_beside_the_python_that_runs_the_bench(tmp_path, monkeypatch):
    from benchmarks import profile

    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    spy = bin_dir / "py-spy"
    spy.write_text("#!/bin/sh\n")
    spy.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    monkeypatch.setattr(profile.sys, "executable", str(bin_dir / "python"))
    assert profile.executable() == str(spy)
    assert profile.available()
    spy.unlink()
    assert not profile.available()
