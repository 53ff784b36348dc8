# Brobygger: two commands on a fresh machine.
#   make run   set up, migrate, load the demo and start both apps
#   make test  set up and run every test (unit, client, authorization matrix, e2e, axe)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
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

# One pytest-xdist worker per CPU and one more (PYTEST_WORKERS=0: none), each with its own
# databases, browser and servers (tests/support/databases.py). Some tests wait on another
# process (a server starting, a container booting): with a worker per CPU the machine was
# idle 5-8 % of the run, with one more under 1 % (2 CPUs, the same hour: 758 s with 2
# workers, 714 s with 3). An idle worker takes tests queued for a busy one (worksteal), so
# one slow file does not hold up the end of the run. The 30 slowest tests are listed at
# the end, to see where the time goes.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: $(STAMP) translations browser lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=30 $(PYTEST_ARGS)

# The load generator (locust) is only needed here, not by the tests.
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# The load benchmark on national-scale data; writes benchmarks/REPORT.md (see README).
#   make bench BENCH_PG_URL=postgresql+psycopg://user@host/db   also on PostgreSQL
#   make bench BENCH_ARGS="--duration 20 --reload"               options: python -m benchmarks -h
bench: $(BENCH_STAMP) translations
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/python -m ruff check core kiosk admin tests scripts benchmarks

# Maintainers only: refresh static/vendor from the npm registry (needs node and npm; the
# vendor extra brings fontTools). Run it again after a template starts using another Aksel
# class: tests/test_vendor.py says when.
vendor: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[vendor]'
	$(BIN)/python scripts/vendor_static.py

clean:
	rm -rf $(VENV) instance/*.db* .pytest_cache
