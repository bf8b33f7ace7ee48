# Conveniences around CMake. `make run` and `make test` work on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: deps configure build run test bench clean

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Builds, scans your agents' logs (with a progress bar) and opens the dashboard at
# http://127.0.0.1:8787/ (on a machine with no display it prints the URL); Ctrl-C stops it.
# `make run ARGS=--demo` serves a generated sample history instead; ARGS="--port 0" any free port.
ARGS ?=
run: configure
	@cmake --build $(BUILD) --target receipts -j$(JOBS)
	@$(BUILD)/src/app/receipts serve --open $(ARGS)

# Also installs the browser tests' tooling (Debian chromium, node + npm ci for playwright-core).
test: build
	@scripts/install-deps.sh --test
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: deps
	@scripts/install-deps.sh --bench
	@bench/run.sh

clean:
	rm -rf $(BUILD)
