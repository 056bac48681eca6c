# Two commands on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test lint typecheck format bench bench-load sysdeps browserdeps testdeps messages clean

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The server and the task worker both see it: emailed links follow the port (SITE_URL).
export PORT
STAMP := $(VENV)/.installed
# WeasyPrint's system libraries and fonts with glyphs for the scripts people write their
# names in: DejaVu (Latin, Greek, Cyrillic, Arabic), Noto (Thai, Indic, Ethiopic, Hebrew …)
# and Noto CJK (Chinese, Japanese, Korean).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
BROWSER_PACKAGES := chromium
# The accessibility tests read the PDFs' structure tags with poppler, not with WeasyPrint.
TEST_PACKAGES := poppler-utils

# A Python >= 3.12: python3.13/python3.12/python3 on PATH, then pyenv's installed versions.
find_python = $(firstword $(foreach c,python3.13 python3.12 python3 $(sort $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) $(wildcard /root/.pyenv/versions/3.1[2-9]*/bin/python3)),$(shell $(c) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(c))))

$(STAMP): pyproject.toml
	@py="$(find_python)"; \
	if [ -z "$$py" ]; then \
	  echo "No Python 3.12 or newer found (looked for python3.13, python3.12, python3 on PATH and in pyenv's versions)."; \
	  echo "Install one (e.g. 'pyenv install 3.12' or your distribution's python3.12) and run make again."; \
	  exit 1; \
	fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Install missing system packages with apt-get when root; otherwise name them and stop.
define ensure_packages
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
endef

sysdeps:
	$(call ensure_packages,$(PDF_PACKAGES))

# Browser tests skip themselves (with a reason) when chromium cannot be installed here.
browserdeps:
	-$(call ensure_packages,$(BROWSER_PACKAGES))

run: sysdeps $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/v1/docs)"
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Ruff also keeps the layering (each app's ruff.toml); an import inside a function needs its
# reason written down, as in pretalx: `# noqa: PLC0415 -- leaf` (or another reason).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@unlabelled=$$(grep -rn --include='*.py' --exclude-dir=.venv 'noqa: PLC0415' . | grep -v 'noqa: PLC0415 -- [a-z]'); \
	if [ -n "$$unlabelled" ]; then echo "$$unlabelled"; echo "Give each of these its reason: # noqa: PLC0415 -- <reason>"; exit 1; fi

# mypy with django-stubs over the layers that hold the rules: services, selectors and core's
# helpers (the list is `files` in pyproject.toml's [tool.mypy]).
typecheck: $(STAMP)
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

testdeps:
	$(call ensure_packages,$(TEST_PACKAGES))

test: sysdeps browserdeps testdeps $(STAMP) lint typecheck
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || (echo "Model changes without a migration: run manage.py makemigrations"; exit 1)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: sysdeps $(STAMP)
	$(PY) bench/run.py

# Served as deployed: gunicorn (2 x cores workers) and two task workers on PostgreSQL
# (BENCH_LOAD_DATABASE_URL, default the local server's jc_bench_load, dropped and re-created),
# under Locust's mix of users; writes the key `load` of var/bench.json. See bench/README.md.
bench-load: sysdeps $(STAMP)
	$(PY) bench/load.py $(BENCH_LOAD_ARGS)

messages: $(STAMP)
	$(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/db.sqlite3* var/test-media .pytest_cache
