# kioskd — the two commands a newcomer needs are `make run` and `make test`.
SWIFT        ?= swift
CONFIG       ?=
PREFIX       ?= /usr
DESTDIR      ?=
FILTER       ?=
BIN_DEBUG     = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)

.PHONY: all deps build release run test bench fuzz chaos install deb clean

all: build

deps:
	bash scripts/deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product kioskd
	$(SWIFT) build -c release --product kioskctl

## make run: the daemon in simulation mode on the embedded defaults (state in ./.state/).
run: build
	$(SWIFT) run kioskd --simulate $(if $(CONFIG),--config $(CONFIG),)

## make test: installs missing Debian packages, builds everything, runs the whole suite.
test: deps
	bash scripts/test $(FILTER)

## make bench: release-build benchmark against the budgets of DESIGN.md.
bench: deps
	bash scripts/bench

## make fuzz: libFuzzer targets, each for a bounded time (FUZZ_SECONDS, default 60).
fuzz: deps
	bash scripts/fuzz

## make chaos: fault-injection suite (SIGKILL loops, backend faults), bounded in time.
chaos: deps
	bash scripts/chaos

install: release
	bash scripts/install "$(DESTDIR)" "$(PREFIX)"

deb: deps
	bash scripts/deb

clean:
	rm -rf .build dist
