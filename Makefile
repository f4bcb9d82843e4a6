# Sammen: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint bench screenshots install install-test browser clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's Chromium drives the web-page tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium not found and not root: browser tests will be skipped"; fi; }

run: install
	$(VENV)/bin/sammen serve

test: install-test browser
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check bot handlers knowledge scheduler storage tests benchmarks
	$(VENV)/bin/mypy bot handlers knowledge scheduler storage
	$(VENV)/bin/lint-imports

# Refresh the README's picture of the staff dashboard (a normal test run leaves docs/ untouched).
screenshots: install-test browser
	SAMMEN_UPDATE_DOCS=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_dashboard_browser.py

bench: install-test
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
