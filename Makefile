# depvet — one hand-written Makefile on pkg-config.
# `make V=1` shows the full commands; objects go out of tree under build/.

VERSION    := 0.1.0
# Compiles use every core unless the caller chose -j: `make test` builds
# four variants (plain, ASan+UBSan, TSan, fuzz) and a serial build of them
# is most of its time. Recipes that run tests stay sequential inside.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
FUZZ_CC    ?= clang
FUZZ_SECONDS ?= 3

PKGS := ncursesw libcjson libcurl sqlite3 libpcre2-8 libarchive libgit2 libcrypto yaml-0.1 libhs libutf8proc libdeflate

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
        -Wno-unused-parameter
ifneq ($(CI),)
WARN += -Werror
endif

OPT      ?= -O2 -g
SAN      ?=
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
             -DDEPVET_VERSION='"$(VERSION)"' -DDEPVET_DATADIR='"$(PREFIX)/share/depvet"' \
             -Iinclude $(PKG_CFLAGS) $(WARN) $(OPT) $(SAN) $(CFLAGS) -MMD -MP

# The compile and tool lines, as functions of (source, output): the rules
# run them and compile_commands.json records them, so the two are one.
compile_line = $(CC) $(ALL_CFLAGS) -c $(1) -o $(2)
tool_line    = $(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $(2) $(1) $(LIB) $(PKG_LIBS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC  := $(sort $(shell find src -name '*.c' ! -name main.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
LIB      := $(BUILD)/libdepvet.a
BIN      := $(BUILD)/depvet
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(BUILD)/unit-tests
UNIT_EXTRA ?=
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)

.PHONY: all run test deps install man check-man uninstall clean asan tsan fuzz fuzz-smoke bench check-layers eval eval-typosquat \
        unit unit-run replay integration tui-test conformance compile_commands.json

all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(call compile_line,$<,$@)

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(UNIT_BIN): $(UNIT_OBJ) $(UNIT_EXTRA) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(OPT) $(SAN) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(UNIT_EXTRA) $(LIB) $(PKG_LIBS) -lcriterion

# ---- dependencies ---------------------------------------------------------
deps:
	@sh tests/tools/install-deps.sh

# ---- running --------------------------------------------------------------
# The demo answers from a recorded registry snapshot through file:// URLs
# (the same code path as real use, no network), replayed as of its date.
# It opens a copy under $(BUILD)/demo-project: reviews made there (kept
# from run to run) never dirty the checkout's examples/demo.
DEMO      := examples/demo
DEMO_SNAP := file://$(CURDIR)/$(DEMO)/snapshot
DEMO_DATE  = $(shell cat $(DEMO)/snapshot/DATE)
# Every base URL of the source and env tables (make check-man checks it).
# BEGIN CHECKED url-vars
DEMO_ENV   = DEPVET_HEX_URL=$(DEMO_SNAP)/hex/api DEPVET_HEX_REPO_URL=$(DEMO_SNAP)/hex/repo \
             DEPVET_PYPI_URL=$(DEMO_SNAP)/pypi DEPVET_PYPI_FILES_URL=$(DEMO_SNAP)/pypi-files \
             DEPVET_PYPISTATS_URL=$(DEMO_SNAP)/pypistats \
             DEPVET_PYPI_TOP_URL=$(DEMO_SNAP)/top-pypi-packages.min.json \
             DEPVET_NPM_URL=$(DEMO_SNAP)/npm DEPVET_NPM_DOWNLOADS_URL=$(DEMO_SNAP)/npmdl \
             DEPVET_OSV_URL=$(DEMO_SNAP)/osv DEPVET_DEPSDEV_URL=$(DEMO_SNAP)/depsdev \
             DEPVET_CACHE_DIR=$(abspath $(BUILD))/demo-cache \
             DEPVET_NOW=$(DEMO_DATE) DEPVET_SNAPSHOT_DATE=$(DEMO_DATE)
# END CHECKED url-vars

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(DEMO_ENV) sh $(DEMO)/tools/build-cache.sh $(BIN)
	$(Q)sh $(DEMO)/tools/copy-project.sh $(BUILD)/demo-project
	$(DEMO_ENV) $(BIN) $(BUILD)/demo-project

# ---- tests ----------------------------------------------------------------
unit: $(UNIT_BIN)

unit-run: $(UNIT_BIN) $(BIN)
	$(Q)DEPVET_BIN=$(abspath $(BIN)) DEPVET_SHARED=$(abspath ../shared) \
	  DEPVET_SRCDIR=$(CURDIR) $(UNIT_BIN) --jobs 2 $(UNIT_ARGS)

ASAN_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" SAN="$(ASAN_SAN)" \
	  unit-run replay

# Worker threads under ThreadSanitizer: the unit suites whose code runs on
# them (the findings worker, the source diff, the scanner's pool, a refresh polled while they
# run, each thread with its own SQLite connection to one cache), then the
# explorer's tmux scripts with a TSan build of depvet (reports to files).
# Any report fails the step.  Criterion's runner needs tests/tsan's shim to
# start under TSan; nothing of depvet's is suppressed.
TSAN_BUILD := build/tsan
TSAN_UNITS := tests/unit/test_session.c tests/unit/test_refresh_job.c tests/unit/test_diffjob.c \
              tests/unit/test_threads.c tests/unit/test_scanpool.c
TSAN_OPTS  := halt_on_error=1 exitcode=66 second_deadlock_stack=1
TSAN_LOGS  := $(abspath $(TSAN_BUILD))/reports

tsan:
	$(Q)TSAN_OPTIONS="$(TSAN_OPTS) $(TSAN_OPTIONS)" $(MAKE) --no-print-directory \
	  BUILD=$(TSAN_BUILD) OPT="-O1 -g" SAN="-fsanitize=thread" UNIT_SRC="$(TSAN_UNITS)" \
	  UNIT_BIN=$(TSAN_BUILD)/unit-tsan UNIT_EXTRA=$(TSAN_BUILD)/tests/tsan/criterion_tsan.o unit-run
	$(Q)rm -rf $(TSAN_LOGS) && mkdir -p $(TSAN_LOGS)
	$(Q)for s in $(sort $(wildcard tests/tui/*.sh)); do echo "== $$s under ThreadSanitizer"; \
	  TSAN_OPTIONS="$(TSAN_OPTS) log_path=$(TSAN_LOGS)/depvet $(TSAN_OPTIONS)" TUI_WAIT=40 \
	  DEPVET_BIN=$(abspath $(TSAN_BUILD)/depvet) DEPVET_SHARED=$(abspath ../shared) sh $$s || exit 1; \
	  done; if ls $(TSAN_LOGS)/* >/dev/null 2>&1; then cat $(TSAN_LOGS)/*; exit 1; fi

# Each fuzz target also builds as a plain replayer of its seed corpus.
replay: $(FUZZ_NAMES:%=$(BUILD)/replay-%)
	$(Q)for t in $(FUZZ_NAMES); do printf '  replay %-22s ' $$t; \
	  $(BUILD)/replay-$$t tests/fuzz/corpus/$$t || exit 1; done

$(BUILD)/replay-%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay_main.o $(LIB)
	$(Q)$(CC) $(OPT) $(SAN) -o $@ $^ $(PKG_LIBS)

test: deps
	$(Q)$(MAKE) --no-print-directory check-layers
	$(Q)$(MAKE) --no-print-directory check-man
	$(Q)$(MAKE) --no-print-directory all
	@echo "== unit tests"
	$(Q)$(MAKE) --no-print-directory unit-run
	@echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	$(Q)ASAN_OPTIONS=detect_leaks=1 $(MAKE) --no-print-directory asan
	@echo "== worker-thread unit tests under ThreadSanitizer"
	$(Q)$(MAKE) --no-print-directory tsan
	@echo "== fuzz smoke"
	$(Q)$(MAKE) --no-print-directory fuzz-smoke
	$(Q)$(MAKE) --no-print-directory integration

# The dependency arrow of DESIGN.md and each library in its home layer.
check-layers:
	$(Q)python3 tests/tools/check_layers.py

integration: all
	$(Q)for s in $(sort $(wildcard tests/integration/*.sh tests/tui/*.sh)); do \
	  echo "== $$s"; DEPVET_BIN=$(abspath $(BIN)) DEPVET_SHARED=$(abspath ../shared) sh $$s || exit 1; done

# ---- generated documentation ----------------------------------------------
# tests/tools/docgen.c rewrites the marked parts of these files from the
# option, key, source and env tables; `make man` writes them, check-man
# fails when a checked-in file differs (or a command's man section lists
# other options than its table).
DOC_FILES := man/depvet.1 tests/integration/lib.sh Makefile
DOCGEN    := $(BUILD)/docgen

$(DOCGEN): tests/tools/docgen.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(call tool_line,$<,$@)

man: $(DOCGEN)
	$(Q)for f in $(DOC_FILES); do $(DOCGEN) $$f $$f || exit 1; done

check-man: $(DOCGEN)
	$(Q)mkdir -p $(BUILD)/docgen-out; for f in $(DOC_FILES); do \
	  out=$(BUILD)/docgen-out/$$(echo $$f | tr / _); $(DOCGEN) $$f $$out || exit 1; \
	  diff -u $$f $$out || { echo "$$f is not what 'make man' writes from the tables: run make man"; \
	  exit 1; }; done

# ---- fuzzing: libFuzzer targets, each also built as a corpus replayer -------
FUZZ_BUILD := build/fuzz
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -g -O1

fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) OPT="-g -O1" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	  $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%)

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libdepvet.a
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	  $(FUZZ_BUILD)/libdepvet.a $(PKG_LIBS)

fuzz-smoke: fuzz
	$(Q)fails=0; n=0; for t in $(FUZZ_NAMES); do n=$$((n+1)); \
	  scratch=$$(mktemp -d); \
	  if $(FUZZ_BUILD)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	     -artifact_prefix=$(FUZZ_BUILD)/$$t- \
	     $$scratch tests/fuzz/corpus/$$t >$(FUZZ_BUILD)/$$t.log 2>&1; then \
	    echo "  fuzz $$t: ok ($$(ls $$scratch | wc -l) new inputs)"; \
	  else echo "  fuzz $$t: FAILED (see $(FUZZ_BUILD)/$$t.log)"; tail -30 $(FUZZ_BUILD)/$$t.log; fails=$$((fails+1)); fi; \
	  rm -rf $$scratch; done; \
	  echo "fuzz-smoke: $$((n-fails)) passed, $$fails failed"; test $$fails -eq 0

# ---- benchmarks -----------------------------------------------------------
BENCH_TOOLS := $(BUILD)/bench/cacheload $(BUILD)/bench/findbench $(BUILD)/bench/packbench \
               $(BUILD)/bench/rulelits

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(call tool_line,$<,$@)

bench: all $(BENCH_TOOLS)
	$(Q)DEPVET_BENCH_TOOLS=$(abspath $(BUILD)/bench) sh tests/bench/run.sh $(abspath $(BIN))

# ---- evaluation: benign packages (downloads into build/eval; not in test) --
eval: all unit
	$(Q)sh tests/eval/eval.sh $(abspath $(BIN)) $(CURDIR) $(abspath $(BUILD))/eval

# Typosquat recall by kind and false alarms below the popular lists' cut
# (figures, not a test; tests/eval/typosquat_eval.c says what it measures).
$(BUILD)/eval/typosquat-eval: tests/eval/typosquat_eval.c $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(call tool_line,$<,$@)

eval-typosquat: $(BUILD)/eval/typosquat-eval
	$(Q)$< tests/fixtures/typosquat $(abspath ../shared)/corpus/osv/malicious \
	  "$$(sh tests/eval/npm-high-impact.sh $(abspath $(BUILD))/eval/npm-high-impact)"

# ---- install --------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/depvet/themes \
	  $(DESTDIR)$(PREFIX)/share/depvet/rules
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/depvet
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	-install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/ 2>/dev/null
	-install -m 644 themes/*.theme $(DESTDIR)$(PREFIX)/share/depvet/themes/ 2>/dev/null
	-install -m 644 rules/*.toml $(DESTDIR)$(PREFIX)/share/depvet/rules/ 2>/dev/null

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/depvet $(DESTDIR)$(PREFIX)/share/man/man1/depvet*.1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5/depvet*.5
	rm -rf $(DESTDIR)$(PREFIX)/share/depvet

# Every file the pattern rule compiles and every tool built from one
# source, each with the line make runs for it (compile_line, tool_line).
CDB_OBJ   := $(LIB_SRC) src/main.c $(UNIT_SRC) $(FUZZ_SRC) tests/fuzz/replay_main.c \
             tests/tsan/criterion_tsan.c
CDB_TOOLS := tests/tools/docgen.c:$(DOCGEN) \
             $(foreach t,$(BENCH_TOOLS),tests/bench/$(notdir $(t)).c:$(t)) \
             tests/eval/typosquat_eval.c:$(BUILD)/eval/typosquat-eval
sq = '$(subst ','\'',$(1))'

compile_commands.json:
	$(Q)python3 tests/tools/compile_commands.py $(call sq,$(CURDIR)) \
	  $(foreach f,$(CDB_OBJ),$(call sq,$(f)) $(call sq,$(call compile_line,$(f),$(BUILD)/$(f:.c=.o)))) \
	  $(foreach t,$(CDB_TOOLS),$(call sq,$(word 1,$(subst :, ,$(t)))) \
	    $(call sq,$(call tool_line,$(word 1,$(subst :, ,$(t))),$(word 2,$(subst :, ,$(t)))))) > $@

clean:
	rm -rf build compile_commands.json

.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
