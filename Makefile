# Brobygger: two commands on a fresh machine.
#   make run   set up, migrate, load the demo and start both apps
#   make test  set up and run every test (unit, client, authorization matrix, e2e, axe)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# make bench runs the apps on the interpreter the servers run: the deployment guide makes
# their virtualenv with Debian's python3 (deploy/README.md), and Debian's build ran the
# kiosk's pages in 80-85 % of the CPU time of a Python built from source without
# its optimisations (pyenv's default). BENCH_PYTHON chooses another.
BENCH_PYTHON ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,$(PYTHON))
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
DEMO_DB ?= sqlite:///$(CURDIR)/instance/brobygger.db

.PHONY: run test bench lint translations browser vendor clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/python scripts/translations.py compile

run: $(STAMP) translations
	DATABASE_URL=$(DEMO_DB) $(BIN)/brobygger db upgrade
	DATABASE_URL=$(DEMO_DB) DEMO_MODE=1 $(BIN)/brobygger demo
	DATABASE_URL=$(DEMO_DB) DEMO_MODE=1 $(BIN)/brobygger serve

# Chromium for the end-to-end tests: Debian's headless shell or full browser when present,
# else Playwright's own.
browser: $(STAMP)
	@if [ -x /usr/bin/chromium-headless-shell ]; then echo "Browser: /usr/bin/chromium-headless-shell"; \
	elif [ -x /usr/bin/chromium ]; then echo "Browser: /usr/bin/chromium"; \
	else $(BIN)/python -m playwright install chromium; fi

# One pytest-xdist worker per CPU (PYTEST_WORKERS=0: none), each with its own databases,
# browser and servers (tests/support/databases.py); an idle worker takes tests queued for
# a busy one (worksteal), so one slow file does not hold up the end of the run. The 30
# slowest tests are listed at the end, to see where the time goes. One worker more than
# CPUs was tried on 2 CPUs (2026-12-07): 714 s against 758 s while the tests' servers
# stopped slowly, but 710-821 s against 717 s once they stopped at once (6dce682), and
# the terminal's session test, which waits on Chromium, took 65 s instead of 2-3 s.
PYTEST_WORKERS ?= auto
test: $(STAMP) translations browser lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=30 $(PYTEST_ARGS)

# The benchmark's own virtualenv, on BENCH_PYTHON, with the load generator (locust), which
# the tests do not need. The development virtualenv's pip installs into it (Debian's python3
# has no ensurepip without the python3-venv package).
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BENCH_PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(BENCH_PYTHON) -m venv --without-pip $(BENCH_VENV)
	$(BIN)/python -m pip --python $(BENCH_VENV)/bin/python install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# The load benchmark on national-scale data; writes benchmarks/REPORT.md (see README).
#   make bench BENCH_PG_URL=postgresql+psycopg://user@host/db   also on PostgreSQL
#   make bench BENCH_ARGS="--duration 20 --reload"               options: python -m benchmarks -h
bench: $(BENCH_STAMP) translations
	$(BENCH_VENV)/bin/python -m benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/python -m ruff check core kiosk admin tests scripts benchmarks

# Maintainers only: refresh static/vendor from the npm registry (needs node and npm; the
# vendor extra brings fontTools). Run it again after a template starts using another Aksel
# class: tests/test_vendor.py says when.
vendor: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[vendor]'
	$(BIN)/python scripts/vendor_static.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) instance/*.db* .pytest_cache
