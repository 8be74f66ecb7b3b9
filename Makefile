# Two commands do everything on a fresh machine:
#   make site   install (Python venv + npm chart libraries), parse sources/, build site/
#   make test   lint and run every test, browser tests in Debian's headless Chromium
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test package lint clean

site: $(VENV)/.installed node_modules/.installed
	$(BIN)/openbudget build

package: $(VENV)/.installed
	$(BIN)/openbudget build --no-site

CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc

test: $(VENV)/.installed node_modules/.installed /usr/bin/chromium $(CJK_FONT) /usr/bin/Rscript lint
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (browser downloads do not work offline).
/usr/bin/chromium:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium fonts-noto-cjk

# A TrueType CJK font for rendering the PDF fixtures (reportlab cannot embed CFF fonts).
$(CJK_FONT):
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq fonts-wqy-microhei

# R with readr and dplyr, to run the data page's R example (Debian's packages: CRAN is not
# reachable offline).
/usr/bin/Rscript:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq --no-install-recommends r-base-core r-cran-readr r-cran-dplyr

clean:
	rm -rf build site docs/generated docs/data docs/assets/vendor
