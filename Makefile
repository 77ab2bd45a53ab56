# LandWatch: `make run` for a local server on SQLite, `make test` for the whole suite on PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test vnu bench soak venv dev-venv migrate demo messages compilemessages lint audit clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

run: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py loaddemo
	@echo "LandWatch: http://$(HOST):$(PORT)/"
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Unbuffered, so that a run stopped from outside shows the test it stopped in; a test stuck for good
# is stopped and named at the end of the run (tests/watchdog.py).
test: dev-venv vnu lint
	PYTHONUNBUFFERED=1 SECRET_KEY=test-only-secret-key DEBUG=false scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

# The Nu HTML checker for the browser suite (tests/landwatch/test_accessibility.py), fetched with
# npm into .cache/vnu/ when missing. Without npm or the network the HTML test skips, except in CI.
vnu:
	@scripts/vnu.sh >/dev/null || test "$$CI" != true

# The benchmark (docs/PERFORMANCE.md): BENCH_ARGS=--small for a quick run, --write-rate=N writes a second
# in the working workload (default 1), --scale=1,3,10 for the growth with the data instead of the load.
bench: dev-venv
	scripts/with-postgres.sh $(PY) bench/run.py $(BENCH_ARGS)

# Soak and PostgreSQL restart under load (docs/RELIABILITY.md): SOAK_ARGS=--short for CI's size.
# It starts and restarts a throwaway cluster of its own.
soak: dev-venv
	$(PY) bench/soak.py $(SOAK_ARGS)

# Regenerate the zh_Hans catalogs: one per app (run without settings so each stays in
# its app) and one for the project-level templates and landwatch/.
messages: dev-venv
	for app in deadlines territory patrols patches cases campaigns dashboards documents reports reminders; do (cd $$app && ../$(VENV)/bin/django-admin makemessages -l zh_Hans --no-obsolete); done
	DEBUG=true $(PY) manage.py makemessages -l zh_Hans --no-obsolete -i deadlines -i territory -i patrols -i patches -i cases -i campaigns -i dashboards -i documents -i reports -i reminders -i .venv -i tests -i staticfiles -i scripts -i bench
	$(MAKE) compilemessages

compilemessages: dev-venv
	DEBUG=true $(PY) manage.py compilemessages -i .venv

lint: dev-venv
	$(VENV)/bin/ruff check .

# Known vulnerabilities in the pins (README, "Dependencies"). --strict: a package that could not
# be looked up fails the audit instead of passing as "No known vulnerabilities found".
audit: dev-venv
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
