# Vigil — the two commands of the README: `make demo` and `make test`.
SWIFT ?= swift
APT_PACKAGES := libgit2-dev libsqlite3-dev libncurses-dev pkg-config git
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The shipped sample evidence is pinned to late November 2026; audit it as of then so the demo
# shows every status whatever today's date is. `make demo DEMO_AT=…` audits another instant.
DEMO_AT ?= 2026-11-29T12:00:00Z
VIGIL := .build/debug/vigil

.PHONY: deps build demo test lint bench bench-scale man completions install-docs clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing apt packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product vigil

# Failing controls in the sample are the point of the demo: exit 1 (controls need attention) is success here.
demo: build
	@$(VIGIL) audit --at $(DEMO_AT); status=$$?; \
	if [ $$status -le 1 ]; then echo "(demo ran: vigil audit exited $$status)"; else exit $$status; fi
	@echo; $(VIGIL) controls coverage --framework nis2 --at $(DEMO_AT); status=$$?; \
	if [ $$status -le 1 ]; then echo "(NIS2 coverage: exit $$status, 1 while a requirement is uncovered)"; else exit $$status; fi
	@echo; $(VIGIL) diff --from 2026-11-22T12:00:00Z --to $(DEMO_AT) --all-logged --control FW-04; status=$$?; \
	if [ $$status -le 1 ]; then echo "(the week before: exit $$status, 1 when something regressed)"; else exit $$status; fi

test: deps lint
	$(SWIFT) build
	$(SWIFT) test
	Scripts/tui-smoke.sh $(VIGIL)

# The code's layout is swift-format's, configured in .swift-format (Tests/.swift-format allows what
# tests may do); `swift format format -i -r Sources Tests Benchmarks Package.swift` applies it.
lint:
	$(SWIFT) format lint --strict --parallel -r Sources Tests Benchmarks Package.swift

# Benchmarks are measured, not asserted: tree building vs raw SHA-256, proofs, store appends.
# `make bench BENCH_ARGS="--records 100000 --subjects 1000 --runs 10"` for a quicker run.
BENCH_ARGS ?=
bench: deps
	$(SWIFT) build -c release --product VigilBenchmarks
	.build/release/VigilBenchmarks $(BENCH_ARGS)

# Vigil at scale against a parse-only baseline in the same run (Benchmarks/scale/run.py); quick by
# default (a few minutes), `make bench-scale SCALE_ARGS=` for the full sizes. Figures are appended
# to Benchmarks/figures.jsonl.
SCALE_ARGS ?= --quick
bench-scale: deps
	$(SWIFT) build -c release --product vigil
	python3 Benchmarks/scale/run.py $(SCALE_ARGS)

# Manual pages and shell completions, generated from the same help as `vigil --help`;
# `make install-docs` puts them under PREFIX (default ~/.local) for man(1) and the shells.
PREFIX ?= $(HOME)/.local
man: build
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --configuration debug --multi-page
completions: build
	mkdir -p .build/completions
	for shell in bash zsh fish; do $(VIGIL) --generate-completion-script $$shell > .build/completions/vigil.$$shell; done
install-docs: man completions
	install -d $(PREFIX)/share/man/man1 $(PREFIX)/share/bash-completion/completions $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 644 .build/plugins/GenerateManual/outputs/vigil/*.1 $(PREFIX)/share/man/man1/
	install -m 644 .build/completions/vigil.bash $(PREFIX)/share/bash-completion/completions/vigil
	install -m 644 .build/completions/vigil.zsh $(PREFIX)/share/zsh/site-functions/_vigil
	install -m 644 .build/completions/vigil.fish $(PREFIX)/share/fish/vendor_completions.d/vigil.fish

clean:
	rm -rf .build .vigil
