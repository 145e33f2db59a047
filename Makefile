# Mentoring: `make run` to explore a demo, `make test` to run every test. Both set up what is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HTMX   := static/vendor/htmx.min.js
NODE   := node_modules/.package-lock.json
AXE    := node_modules/axe-core/axe.min.js

.PHONY: run test lint test-moments bench install install-test chromium dovecot wrk worker clean

run: install $(HTMX)
	$(FLASK) init-db
	$(FLASK) demo
	$(BIN)/python scripts/serve.py

# The linter first (ruff, configured in ruff.toml), then the tests in one process per core (pytest-xdist); each
# process has its own SQLite files or PostgreSQL database.
test: lint $(HTMX) $(AXE) chromium dovecot
	$(BIN)/pytest -n auto

lint: install-test
	$(BIN)/ruff check .

# The whole suite once at each awkward moment: around midnight UTC, Sunday to Monday, and the clock changes in
# Europe (spring and autumn) and in the United States (spring and autumn).
MOMENTS := 2026-11-30T23:58:00Z 2026-12-01T00:20:00Z 2026-12-06T23:59:00Z 2027-03-28T00:59:00Z \
           2026-10-25T00:59:00Z 2027-03-14T09:59:00Z 2026-11-01T08:59:00Z
test-moments: install-test $(HTMX) $(AXE) chromium dovecot
	@for moment in $(MOMENTS); do echo "== the suite at $$moment =="; $(BIN)/pytest -n auto -q --now=$$moment || exit 1; done

bench: install-test $(HTMX) wrk
	$(BIN)/python -m bench.pages --seconds 1
	$(BIN)/python -m bench.matching
	$(BIN)/python -m bench.meetings
	$(BIN)/python -m bench.files
	$(BIN)/python -m bench.inbound

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# htmx and axe-core come from the npm registry, checked against the integrity pinned in package-lock.json.
$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(HTMX): $(NODE)
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

# axe-core stays in node_modules: the browser tests inject it into pages, the app never serves it.
$(AXE): $(NODE)
	test -f $@ && touch $@

chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

# The IMAP server the inbound tests append mail to and read it back from (tests/support/dovecot.py runs it as the
# test's own process, on a port of its own; the package's system service is not needed).
dovecot:
	@dpkg -s dovecot-imapd >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq dovecot-imapd)

wrk:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)

worker: install
	$(BIN)/huey_consumer mentoring.worker.huey --workers 2 --worker-type thread

clean:
	rm -rf $(VENV) node_modules static/vendor
