# Two commands are all the set-up there is: `make book` and `make test`.
# Both create or refresh .venv from pyproject.toml when it changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NBDIRS := book exercises
JB     := $(BIN)/jupyter-book
AXE    := node_modules/axe-core/axe.min.js
NOTEBOOKS = $(shell find $(NBDIRS) -name '*.ipynb' -not -path '*/_build/*' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)

.PHONY: help book editions locales instructor-book test lint notebooks lab clean bench

help:
	@echo "make book       build the HTML book into book/_build/html (learner edition)"
	@echo "make editions   build the Dari and Pashto editions into book/_build/html/fa-AF and ps"
	@echo "make locales    update the translation catalogs (book/locales) from the English pages"
	@echo "make test       run every test: unit, data, quizzes, notebooks (nbval), browser"
	@echo "make lab        open the course in JupyterLab"
	@echo "make notebooks  re-execute and save every notebook (after a data update)"
	@echo "make clean      remove the build, caches and .venv"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (afghan-course)" >/dev/null
	@touch $(STAMP)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE)

book: $(STAMP) $(AXE)
	$(JB) build book --warningiserror --nitpick --keep-going
	@echo "Book built: $(CURDIR)/book/_build/html/index.html"
	$(BIN)/afghan-course i18n build

# The translated editions alone (the English book must have been built: they link to it).
editions: $(STAMP) $(AXE)
	$(BIN)/afghan-course i18n build

# After an English page changed: its catalogs get the new passages, changed ones turn fuzzy.
locales: $(STAMP)
	$(BIN)/afghan-course i18n update fa-AF
	$(BIN)/afghan-course i18n update ps

instructor-book: $(STAMP)
	AFGHAN_COURSE_EDITION=instructor $(JB) build book --warningiserror --nitpick --keep-going --path-output book/_build/instructor
	@echo "Instructor edition: $(CURDIR)/book/_build/instructor/_build/html/index.html"

test: $(STAMP) $(AXE) book
	$(BIN)/ruff check src tests book/_ext
	$(BIN)/afghan-course quiz lint
	$(BIN)/python -m pytest tests -n 2 --dist loadfile --junitxml=.pytest-report.xml
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-n 2 --dist loadfile --junitxml=.nbval-report.xml $(NBDIRS)

lint: $(STAMP)
	$(BIN)/ruff check src tests book/_ext

notebooks: $(STAMP)
	$(BIN)/python -m afghan_course.notebooks execute $(NOTEBOOKS)

# JupyterLab refuses to start as root unless told; Notebook 7 is at /tree on the same server.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP)
	$(BIN)/python tests/bench.py

clean:
	rm -rf book/_build $(VENV) node_modules .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
