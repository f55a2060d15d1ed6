# Voice ordering kiosk. `make demo` runs the product locally; `make test` runs every test.
# Both install what they need first (system packages, Python env, livekit-server); repeat runs are cached.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup system-deps python-env livekit-server demo test check fmt bench load faults fuzz eval eval-spoken screenshots store-screenshots clean lock package

# one line per step that has work to do (what, how long it usually takes, elapsed), then a summary
setup:
	@./scripts/setup.sh

system-deps:
	@./scripts/system-deps.sh

python-env: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

livekit-server:
	@./scripts/livekit-server.sh >/dev/null

demo: setup
	$(BIN)/kiosk --demo

# Tests that only compute (the understanding, the domain, fuzzing, the store's pages) run on
# every core; the rest start servers, windows and voices and run one at a time afterwards, so
# what they time is what a kiosk alone on this machine would see.
PARALLEL_TESTS := tests/agent tests/domain tests/fuzz tests/store $(wildcard tests/test_*.py)
test: setup
	$(BIN)/python -m pytest -n auto --dist loadfile $(PARALLEL_TESTS)
	$(BIN)/python -m pytest -p no:xdist $(addprefix --ignore=,$(PARALLEL_TESTS))

# the packaged kiosk: a one-folder PyInstaller bundle in dist/kiosk/ (run dist/kiosk/kiosk)
package: python-env
	$(BIN)/pyinstaller kiosk.spec --noconfirm --clean --log-level WARN
	@echo "the kiosk bundle: dist/kiosk/kiosk ($$(du -sh dist/kiosk | cut -f1)); try: dist/kiosk/kiosk --self-test --demo"

check: python-env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: python-env
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache build dist

lock: python-env
	{ echo '# Full set of pinned versions (pip freeze of a working env); `make lock` regenerates it.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt

# order accuracy: development and held-out conversations reported apart (bench/results/eval-*.json)
EVAL_DEV := tests/conversations/harbor_grill.yaml tests/conversations/sunrise_taqueria.yaml $(sort $(wildcard tests/conversations/dev*/*.yaml))
EVAL_HELDOUT := $(sort $(wildcard tests/conversations/heldout*/*.yaml))
eval: python-env
	$(BIN)/kiosk-agent eval $(foreach f,$(EVAL_DEV),--conversations $(f)) --label development --json bench/results/eval-development.json
	$(BIN)/kiosk-agent eval $(foreach f,$(EVAL_HELDOUT),--conversations $(f)) --label held-out --json bench/results/eval-heldout.json
	$(BIN)/kiosk-agent eval $(foreach f,$(EVAL_DEV),--conversations $(f)) --slips 1 --label development-slips --json bench/results/eval-development-slips.json
	$(BIN)/kiosk-agent eval $(foreach f,$(EVAL_HELDOUT),--conversations $(f)) --slips 1 --label held-out-slips --json bench/results/eval-heldout-slips.json

# the corpus spoken by test voices (clean and 10 dB noise) through the agent's recogniser: long
eval-spoken: setup
	$(BIN)/python bench/spoken/run.py

# N kiosks ordering at once from one worker host (N = 1, 2, 4, 8, 16): served, placed, stored
load: setup
	$(BIN)/python bench/load_bench.py

# a customer's order through its agent dying: SIGKILL to the job process, to the worker,
# livekit-server crashing, the kiosk's network cut (50 each); placing with the database down,
# a double tap, a place racing an edit (50 each, on PostgreSQL); then a LiveKit node and its
# worker lost in a two-node cluster sharing Redis (10 trials, two kiosks each)
faults: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/faults_bench.py
	$(BIN)/python bench/order_faults_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/failover_bench.py

# hostile input (RPC payloads, data packets, menu files, settings, typed text) for much longer
# than `make test` does: the long hypothesis profile, 1000 examples a test (FUZZ_EXAMPLES=N)
fuzz: python-env
	FUZZ_PROFILE=long $(BIN)/python -m pytest tests/fuzz -q --timeout=0

bench: setup
	$(BIN)/python bench/run_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/app_bench.py
	$(BIN)/python bench/bundle_bench.py
	$(BIN)/python bench/store_bench.py

screenshots: setup
	$(BIN)/python scripts/screenshots.py
	$(BIN)/python scripts/store_screenshots.py

# the store's pages only (kitchen, board, sign-in) in headless Chromium
store-screenshots: setup
	$(BIN)/python scripts/store_screenshots.py
