# Pacer — build, install and test.
#
#   make install          install missing Debian packages, build (release), install pacerd, pacer,
#                         the pacer(1) and pacerd(1) man pages, bash/zsh/fish completions and the
#                         user units, then enable pacer.socket and pacer.service and start
#   make install-catalog  (as root, or with sudo) install the journal catalog: journalctl -x
#                         explains pacerd's entries
#   make test             every test: unit, integration (the built binaries), end to end (a real
#                         systemd --user manager and a real journald) and the quick reliability suite
#   make soak             the long reliability suite (RELIABILITY.md): writes its results into RELIABILITY.md
#   make bench            the benchmarks (release builds; their own package, bench/): writes BENCHMARKS.md
#   make verify-units     systemd-analyze verify and security of the units
#   make uninstall        remove what install added; your config and state stay

SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)

PREFIX     ?= $(HOME)/.local
BINDIR     ?= $(PREFIX)/bin
UNITDIR    ?= $(HOME)/.config/systemd/user
CATALOGDIR ?= /usr/lib/systemd/catalog
MANDIR     ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(HOME)/.config/fish/completions
SWIFT      ?= swift
# Release builds link the Swift runtime and Foundation statically: a `pacer` call then starts in
# about a third of the time (no dynamic loading of libFoundation and its dependencies; see
# BENCHMARKS.md, row 1), at the price of larger binaries.
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib
# What building and testing needs from Debian: libsystemd's headers (sd_notify, sd_journal_sendv),
# SQLite's, pkg-config, systemd itself (systemd-analyze, journald, the user manager for the end-to-end
# suite), the sqlite3 shell (tests inspect the store with it) and util-linux's setpriv (tests connect
# as another uid), python3 (the end-to-end harness reads JSON with it; a test webhook receiver;
# the reliability suite), faketime (libfaketime: the reliability suite's clock jumps and DST).
APT_PACKAGES := libsystemd-dev libsqlite3-dev pkg-config systemd sqlite3 util-linux python3 faketime
# What only the tests need on top: the terminal editors `pacer edit` is driven with in a real
# pseudo-terminal (TerminalEditorTests), the shells the completion scripts run in
# (RealShellCompletionTests), and ExifTool and ImageMagick, which judge image metadata removal
# (MediaCleaningOracleTests).
TEST_APT_PACKAGES := vim nano zsh fish python3-venv libimage-exiftool-perl imagemagick
# What only the benchmarks need: `at`, which row 1 compares `pacer add` with, and ImageMagick,
# which makes rows 10 and 11's JPEGs.
BENCH_APT_PACKAGES := at imagemagick
# The other parties' own code the tests check Pacer against (README, Set-up): X's counting
# (twitter-text), Bluesky's record schemas (the atproto SDK; regex counts graphemes for the
# lexicon bounds its models leave out), webhook signatures (Standard Webhooks) and OAuth 2.0
# token requests (oauthlib), and a Bluesky repository to publish to (arroba, a Python PDS, with
# Flask), installed from PyPI into .build/oracles, pinned.
ORACLE_PACKAGES := twitter-text-parser==3.0.0 atproto==0.0.73 standardwebhooks==1.1.0 regex==2026.11.15 oauthlib==4.0.1 'arroba[flask]==3.1'
ORACLES := $(CURDIR)/.build/oracles
export PACER_ORACLE_PYTHON := $(ORACLES)/bin/python3
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps oracles build docs install uninstall install-catalog uninstall-catalog test test-swift test-e2e test-reliability soak verify-units bench clean

all: build

## Debian packages that are missing, installed with apt-get (with sudo when not root); for a test
## target, the test-only ones too; for bench, `at` and ImageMagick.
deps:
	@missing=""; for p in $(APT_PACKAGES) $(if $(filter test% oracles,$(MAKECMDGOALS)),$(TEST_APT_PACKAGES)) $(if $(filter bench,$(MAKECMDGOALS)),$(BENCH_APT_PACKAGES)); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## The oracles' virtual environment, made once (delete .build/oracles to make it anew).
oracles: deps
	@[ -x $(ORACLES)/bin/python3 ] && $(ORACLES)/bin/python3 -c 'import twitter_text, atproto, standardwebhooks, regex, oauthlib, arroba, flask' 2>/dev/null || { \
	  echo "Installing the test oracles into $(ORACLES): $(ORACLE_PACKAGES)"; \
	  rm -rf $(ORACLES) && /usr/bin/python3 -m venv $(ORACLES) && \
	  $(ORACLES)/bin/pip install --quiet --disable-pip-version-check $(ORACLE_PACKAGES); }

build: deps
	$(RELEASE) --product pacerd
	$(RELEASE) --product pacer

## The man pages and the shell completions, generated from the command definitions into .build/docs.
docs: build
	$(RELEASE) --product generate-manual
	@bin="$$($(RELEASE) --show-bin-path)"; \
	mkdir -p .build/docs && \
	"$$bin/generate-manual" "$$bin/pacer" --output-directory .build/docs --authors "the Pacer authors" && \
	"$$bin/generate-manual" "$$bin/pacerd" --output-directory .build/docs --authors "the Pacer authors" && \
	"$$bin/pacer" --generate-completion-script bash > .build/docs/pacer.bash && \
	"$$bin/pacer" --generate-completion-script zsh > .build/docs/_pacer && \
	"$$bin/pacer" --generate-completion-script fish > .build/docs/pacer.fish

install: build docs
	install -d -m 0755 $(BINDIR) $(UNITDIR) $(MANDIR) $(BASHCOMPDIR) $(ZSHCOMPDIR) $(FISHCOMPDIR)
	install -m 0755 "$$($(RELEASE) --show-bin-path)/pacerd" $(BINDIR)/pacerd
	install -m 0755 "$$($(RELEASE) --show-bin-path)/pacer" $(BINDIR)/pacer
	strip --strip-debug $(BINDIR)/pacerd $(BINDIR)/pacer  # the debug info of the static libraries: most of their size
	install -m 0644 .build/docs/pacer.1 .build/docs/pacerd.1 $(MANDIR)/
	install -m 0644 .build/docs/pacer.bash $(BASHCOMPDIR)/pacer
	install -m 0644 .build/docs/_pacer $(ZSHCOMPDIR)/_pacer
	install -m 0644 .build/docs/pacer.fish $(FISHCOMPDIR)/pacer.fish
	install -m 0644 systemd/pacer.service systemd/pacer.socket $(UNITDIR)/
	@if systemctl --user show-environment >/dev/null 2>&1; then \
	  systemctl --user daemon-reload && \
	  systemctl --user stop pacer.service && \
	  systemctl --user enable pacer.socket pacer.service && \
	  systemctl --user restart pacer.socket && systemctl --user start pacer.service && \
	  echo "pacer.socket and pacer.service are enabled and running:" && \
	  systemctl --user --no-pager status pacer.service | head -n 6; \
	else \
	  echo; \
	  echo "Installed $(BINDIR)/pacerd, $(BINDIR)/pacer, $(UNITDIR)/pacer.service and pacer.socket,"; \
	  echo "but no systemd user manager answers here (no login session with systemd --user)."; \
	  echo "In a desktop or SSH login session run:"; \
	  echo "  systemctl --user daemon-reload && systemctl --user enable --now pacer.socket pacer.service"; \
	  echo "Or run the daemon in the foreground:    $(BINDIR)/pacerd"; \
	fi

uninstall:
	-@systemctl --user disable --now pacer.socket pacer.service 2>/dev/null || true
	rm -f $(UNITDIR)/pacer.service $(UNITDIR)/pacer.socket $(BINDIR)/pacerd $(BINDIR)/pacer
	rm -f $(MANDIR)/pacer.1 $(MANDIR)/pacerd.1 $(BASHCOMPDIR)/pacer $(ZSHCOMPDIR)/_pacer $(FISHCOMPDIR)/pacer.fish
	-@systemctl --user daemon-reload 2>/dev/null || true
	@echo "Removed pacerd, pacer and the units. Kept ~/.config/pacer (and any pacer.service.d drop-ins) and ~/.local/state/pacer."

## The journal catalog (system-wide, so root): `journalctl -x` then explains each pacerd entry.
install-catalog:
	$(SUDO) install -d -m 0755 $(CATALOGDIR)
	$(SUDO) install -m 0644 systemd/pacer.catalog $(CATALOGDIR)/pacer.catalog
	$(SUDO) journalctl --update-catalog

uninstall-catalog:
	$(SUDO) rm -f $(CATALOGDIR)/pacer.catalog
	$(SUDO) journalctl --update-catalog

## Everything: `swift test` (unit and integration against the built binaries), then the end-to-end
## suite under a real systemd --user manager and journald, then the quick reliability suite.
## Each phase runs under a time limit (Tests/Support/run-phase.sh, in seconds below, about four
## times what it takes on 2 cores; together within CI's 90 minutes): a phase that stalls is killed,
## with every process it started, and fails with "make test: phase NAME did not finish within …".
## sudo asks for its password before a phase starts, never inside one (which has no terminal).
TEST_SWIFT_SECONDS       ?= 2400
TEST_E2E_SECONDS         ?= 1200
TEST_RELIABILITY_SECONDS ?= 1200
PHASE := bash Tests/Support/run-phase.sh

test: deps oracles test-swift test-e2e test-reliability

# Two runs: the integration tests wait for pacerd on Swift Testing's shared threads (two here), and
# beside them the unit tests' loopback servers and engines starved for minutes (their deadlines fired).
test-swift: oracles
	$(PHASE) test-swift $(TEST_SWIFT_SECONDS) bash -c '$(SWIFT) build --build-tests && bash Tests/EndToEnd/with-journald.sh $(SWIFT) test --skip-build --skip PacerIntegrationTests && bash Tests/EndToEnd/with-journald.sh $(SWIFT) test --skip-build --filter PacerIntegrationTests'

test-e2e:
	$(PHASE) test-e2e $(TEST_E2E_SECONDS) $(SWIFT) build
	$(SUDO) $(PHASE) test-e2e $(TEST_E2E_SECONDS) bash Tests/EndToEnd/run.sh "$$($(SWIFT) build --show-bin-path)"

## The reliability suite (RELIABILITY.md): SIGKILL crashes, fuzzed requests and parsers, concurrent
## clients, clock jumps and DST, a full disk, damaged stores and configs, other uids. Real processes,
## sockets, SQLite and loopback HTTP; root for the tmpfs, chown and setpriv parts. Each scenario
## prints a line, then "N passed, N failed"; non-zero exit when an invariant breaks.
## test-reliability: the quick numbers (10 crash cycles, 4,000 fuzzed requests, …), a few minutes.
## soak: the long numbers (200 crash cycles and 1,000 deliveries, 100,000 fuzzed requests, …), and
## the results table in RELIABILITY.md is replaced with what this machine measured.
test-reliability: deps
	$(PHASE) test-reliability $(TEST_RELIABILITY_SECONDS) $(SWIFT) build
	$(SUDO) $(PHASE) test-reliability $(TEST_RELIABILITY_SECONDS) python3 Tests/Reliability/soak.py --quick "$$($(SWIFT) build --show-bin-path)"

soak: deps
	$(SWIFT) build
	$(SUDO) python3 Tests/Reliability/soak.py --report RELIABILITY.md "$$($(SWIFT) build --show-bin-path)"

## systemd-analyze verify of the units and their drop-ins; security score within its threshold.
verify-units:
	bash Tests/EndToEnd/verify-units.sh

## The benchmark suite (release builds): the core in process, and pacerd and pacer as processes on
## temporary XDG trees (a few minutes, one of them idle). Prints a summary and writes BENCHMARKS.md,
## with bench/PROFILE.md appended. Fails only when the suite itself fails, never for a missed target.
## BENCH_IDLE_SECONDS shortens the idle window of row 6 (the figure is then scaled to 60 s).
## pacer-bench is a package of its own (bench/Package.swift, built into bench/.build) that uses
## this one's modules; it runs the pacerd and pacer built here, from the directory --pacer-bin names.
BENCH_IDLE_SECONDS ?= 60
BENCH_RELEASE := $(RELEASE) --package-path bench
bench: deps
	$(RELEASE) --product pacerd
	$(RELEASE) --product pacer
	$(BENCH_RELEASE)
	"$$($(BENCH_RELEASE) --show-bin-path)/pacer-bench" --pacer-bin "$$($(RELEASE) --show-bin-path)" \
	  --output BENCHMARKS.md --idle-seconds $(BENCH_IDLE_SECONDS) --profile-notes bench/PROFILE.md

clean:
	rm -rf .build bench/.build
