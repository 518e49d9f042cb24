# make run: set up and serve with demo data.  make test: set up and run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 5000

.PHONY: run test lint typecheck settings-table translations extract-messages update-messages compile-messages clean bench bench-all

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

compile-messages: $(STAMP)
	@$(BIN)/pybabel compile -d translations >/dev/null 2>&1 || $(BIN)/pybabel compile -d translations

run: $(STAMP) compile-messages
	SPELOTHEEK_DEMO=1 PORT=$(PORT) $(BIN)/spelotheek serve --demo --port $(PORT)

# One pytest worker per core (pytest-xdist); PYTEST_WORKERS=0 runs the tests in this process.
# loadgroup: the two-instance test's scenarios share one cluster, so they stay on one worker.
# --durations lists the 25 slowest tests: where the suite's time goes (issue 25).
PYTEST_WORKERS ?= auto
test: $(STAMP) compile-messages
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=25 $(PYTEST_ARGS)

# The performance bench (bench/): not part of `make test`. Needs PostgreSQL on 127.0.0.1:5432.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) compile-messages
	$(BIN)/python -m bench.run

bench-all: $(BENCH_STAMP) compile-messages
	BENCH_SIZES=spelotheek,city,flanders $(BIN)/python -m bench.run

# The README's settings table, made from the declarations in spelotheek/settings.py.
settings-table: $(STAMP)
	$(BIN)/python -c 'from spelotheek.settings import write_readme_table; write_readme_table()'

lint: $(STAMP)
	$(BIN)/ruff check spelotheek tests migrations bench .ci deploy/gunicorn.conf.py deploy/render-nginx

# mypy over the package ([tool.mypy] in pyproject.toml: strict for rules, services and queries).
typecheck: $(STAMP)
	$(BIN)/mypy

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

translations: update-messages compile-messages

clean:
	rm -rf $(VENV) .pytest_cache
