# factcheck-site: `make site` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check venv browser hooks clean bench lighthouse

site: $(STAMP) ## Install, check the claims, build site/ (kept as it was if anything fails)
	$(BIN)/factcheck build

test: $(STAMP) browser node_modules ## Every test, browser tests included
	$(BIN)/python -m pytest

serve: $(STAMP) ## Preview with live reload (rebuilds when a claim file changes)
	$(BIN)/mkdocs serve --livereload --dirty

check: $(STAMP) ## Validate claim files only
	$(BIN)/factcheck check

hooks: $(STAMP) ## Run the claim check before every commit (pre-commit, installed in .venv)
	$(BIN)/pre-commit install

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# Debian's Chromium for the browser tests; Playwright drives it, never downloads one.
# Without recommended packages: headless tests need no printing or network discovery.
browser:
	@test -n "$$CHROMIUM_PATH" || test -x /usr/bin/chromium || { \
	  echo "Installing Debian chromium for the browser tests (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium; }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { \
	  echo "Installing Debian fonts-dejavu-core for the share cards (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends fonts-dejavu-core; }
	@command -v java >/dev/null || { \
	  echo "Installing Debian default-jre-headless for the Nu HTML Checker (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends default-jre-headless; }

# axe-core, injected into pages by the accessibility tests (pinned in package-lock.json).
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules

lighthouse: ## Lighthouse scores of the home page, /claims/ and a claim page (after make site)
	$(BIN)/python tools/lighthouse.py site

clean:
	rm -rf site build .pytest_cache .hypothesis

# Every target of #14 at 1,000/10,000/20,000 synthetic claims (build/bench/); writes BENCHMARKS.md.
# Long (the better part of an hour); a quick one: make bench BENCH_ARGS="--sizes 1000 --runs 1"
bench: $(STAMP) ## Benchmarks against the targets of #14 (~65-75 min): timings, weight, search, preview, Zensical
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/git_history.py --size 10000 --out build/bench
	$(BIN)/python bench/cards.py --size 1000 --out build/bench
