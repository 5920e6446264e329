# Timbang: two commands for a new user — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

.PHONY: run test test-fast house install translations migrate demo serve bench clean e2e-deps

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d consult/translations -f >/dev/null 2>&1 || $(BIN)/pybabel compile -d consult/translations

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

run: demo
	@echo
	@echo "Timbang berjalan di http://127.0.0.1:5000  (Ctrl+C untuk berhenti)"
	@echo "Akun demo:"
	@$(FLASK) demo accounts
	@echo
	@# The mail worker runs beside the server, as in production, and stops with it.
	@$(FLASK) mail worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The edit-test loop: everything but the browser journeys and the load tests.
test-fast: install
	$(BIN)/python -m pytest -q --ignore=tests/e2e --ignore=tests/load $(PYTEST_ARGS)

# The import graph's house rules: cycles, modules loaded by name, long modules, lazy imports.
house:
	$(PYTHON) -m tests.house

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache test-output
