# Mentoring: `make run` to explore a demo, `make test` to run every test. Both set up what is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HTMX   := static/vendor/htmx.min.js

.PHONY: run test bench install install-test chromium wrk worker clean

run: install $(HTMX)
	$(FLASK) init-db
	$(FLASK) demo
	$(BIN)/python scripts/serve.py

test: install-test $(HTMX) chromium
	$(BIN)/pytest

bench: install-test $(HTMX) wrk
	$(BIN)/python -m bench.pages --seconds 2
	$(BIN)/python -m bench.matching
	$(BIN)/python -m bench.meetings

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# htmx comes from the npm registry, checked against the integrity pinned in package-lock.json.
$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

wrk:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)

worker: install
	$(BIN)/huey_consumer mentoring.tasks.huey --workers 2 --worker-type thread

clean:
	rm -rf $(VENV) node_modules static/vendor
