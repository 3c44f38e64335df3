# rcegen: `make emit` regenerates Generated/u280, `make test` installs the tools and runs every test.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= release
SWIFT_FLAGS := -c $(CONFIG)
# SwiftPM leaves TemporaryDirectory.* folders in TMPDIR; keep them inside the build tree.
export TMPDIR := $(CURDIR)/.build/tmp
RCEGEN := .build/$(CONFIG)/rcegen
APT_PACKAGES := verilator iverilog yosys make g++ zlib1g-dev

.PHONY: all build emit test tools lint synth clean

all: build

$(TMPDIR):
	@mkdir -p $(TMPDIR)

# Install the Debian tools the co-simulation and synthesis tests need, only when missing.
tools:
	@missing=""; \
	for tool in verilator iverilog yosys g++; do command -v $$tool >/dev/null 2>&1 || missing=yes; done; \
	[ -f /usr/include/zlib.h ] || missing=yes; \
	if [ -n "$$missing" ]; then \
	  echo "installing $(APT_PACKAGES)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi
	@verilator --version && yosys -V && iverilog -V 2>/dev/null | head -n 1

build: | $(TMPDIR)
	$(SWIFT) build $(SWIFT_FLAGS)

emit: build
	$(RCEGEN) emit --target u280 --out Generated/u280

# Tests run in release: the exhaustive co-simulations and perplexity runs need optimised code.
test: tools | $(TMPDIR)
	$(SWIFT) test $(SWIFT_FLAGS)

lint: tools build
	$(RCEGEN) emit --target u280 --out .build/lint/u280
	@cd .build/lint/u280/rtl && for f in *.v; do verilator --lint-only -Wall -Wno-MULTITOP "$$f" $$(ls *.v | grep -v "^$$f$$") --top-module "$${f%.v}" || exit 1; done; echo "lint: $$(ls *.v | wc -l) files, 0 warnings"

synth: tools build
	$(RCEGEN) synth --target u280

clean:
	rm -rf .build
