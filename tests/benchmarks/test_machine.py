"""What the report says the benchmark ran on (benchmarks/machine.py), and that `make bench`
runs on the servers' interpreter."""
import subprocess
from pathlib import Path

from benchmarks import machine
from core import PROJECT_ROOT


def test_the_report_says_whether_the_interpreter_calls_a_shared_libpython(tmp_path):
    maps = tmp_path / "maps"
    maps.write_text("7f00-7f01 r-xp 0 08:01 1 /root/.pyenv/versions/3.11.7/lib/libpython3.11.so.1.0\n")
    assert machine.python(maps).endswith(", a shared libpython")
    maps.write_text("5600-5601 r-xp 0 08:01 1 /usr/bin/python3.11\n")
    assert machine.python(maps).endswith(", the interpreter linked in")
    assert machine.python(tmp_path / "none").startswith(machine.platform.python_version())
    assert "Python" in machine.describe() and machine.describe()["Python"] == machine.python()


def test_make_bench_runs_on_the_servers_interpreter_in_its_own_virtualenv():
    """Debian's python3, which the deployment guide's virtualenv uses (deploy/README.md),
    unless BENCH_PYTHON names another; the development virtualenv's pip installs into it."""
    def plan(*args):
        return subprocess.run(["make", "-n", "-B", "bench", *args], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, check=True).stdout

    chosen = plan("BENCH_PYTHON=/opt/python/bin/python3")
    assert "/opt/python/bin/python3 -m venv --without-pip .venv-bench" in chosen
    assert "--python .venv-bench/bin/python install" in chosen
    assert ".venv-bench/bin/python -m benchmarks" in chosen
    if Path("/usr/bin/python3").exists():  # (make test runs here: make is installed)
        assert "/usr/bin/python3 -m venv --without-pip .venv-bench" in plan()
