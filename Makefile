# Tabula. `make` builds build/tabula; `make check` runs every test;
# `make demo` fills a demo database and serves it. See HACKING.md.

CC ?= cc
BUILD ?= build
# V=1 shows the full compiler command lines.
Q := $(if $(V),,@)
PKGS := openssl jansson sqlite3 libpq libsodium icu-uc icu-i18n nettle libqrencode libcurl libmagic libzip libxml-2.0

WARN := -std=c17 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual
OPT ?= -O2 -g
SAN ?=
# llhttp (Node.js's HTTP parser) comes as sources in Debian's node-llhttp
# package; it is built here in its strict mode, with its own warnings.
LLHTTP_DIR ?= /usr/share/llhttp
LLHTTP_INC ?= /usr/share/include/llhttp
CPPFLAGS += -D_GNU_SOURCE -Isrc -I$(BUILD)/gen -I$(LLHTTP_INC)
CFLAGS += $(WARN) $(OPT) $(SAN) -fno-strict-aliasing -pthread -MMD -MP
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS += $(PKG_LIBS) -lm -pthread
LDFLAGS += $(SAN)
# FAILALLOC=1: the allocation-failure test build (src/core/failalloc.h).
ifneq ($(FAILALLOC),)
CPPFLAGS += -DTABULA_FAILALLOC
LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
endif

# Every layer's sources; domain/, api/ and sql/queries/ hold one folder per capability.
SRC := $(sort $(wildcard src/core/*.c src/http/*.c src/db/*.c src/crypto/*.c \
	src/domain/*/*.c src/api/*/*.c src/cli/*.c src/demo/*.c))
QUERIES := $(sort $(wildcard sql/queries/*/*.sql))
GEN_C := $(BUILD)/gen/queries.c $(BUILD)/gen/migrations.c $(BUILD)/gen/rules.c \
	$(BUILD)/gen/packs.c $(BUILD)/gen/holidays.c $(BUILD)/gen/articles.c
# The admission rule sets, embedded (docs/admissions.md, "Rule sets").
RULE_FILES := $(sort $(wildcard data/admissions/rules/*.json))
# The exam packs, embedded (docs/exams.md, "Packs").
PACK_FILES := $(sort $(wildcard data/exams/packs/*.json))
# The support holiday files, embedded (docs/support.md, "Calendars and holidays").
HOLIDAY_FILES := $(sort $(wildcard data/support/holidays/*.json))
# The knowledge base's seed articles, embedded (docs/support.md).
ARTICLE_FILES := $(sort $(wildcard data/support/articles/*.json))
GEN_H := $(BUILD)/gen/queries.h
LLHTTP_OBJ := $(BUILD)/obj/llhttp/llhttp.o $(BUILD)/obj/llhttp/api.o $(BUILD)/obj/llhttp/http.o
OBJ := $(SRC:%.c=$(BUILD)/obj/%.o) $(GEN_C:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o) $(LLHTTP_OBJ)
LIB := $(BUILD)/libtabula.a
BIN := $(BUILD)/tabula

UNIT_SRC := $(sort $(wildcard tests/unit/*/*.c tests/unit/*/*/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)

.PHONY: all setup check demo unit api asan failalloc fuzz fuzz-run bench bench-compare fmt lint clean web-vendor web-test
all: $(BIN)

$(BUILD)/gen/queries.h: tools/sql2c.awk $(QUERIES)
	@mkdir -p $(@D)
	awk -v mode=queries-h -f tools/sql2c.awk $(sort $(QUERIES)) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/queries.c: tools/sql2c.awk $(QUERIES)
	@mkdir -p $(@D)
	awk -v mode=queries-c -f tools/sql2c.awk $(sort $(QUERIES)) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/migrations.c: tools/sql2c.awk $(wildcard sql/migrations/*.sql)
	@mkdir -p $(@D)
	awk -v mode=migrations -f tools/sql2c.awk $(sort $(wildcard sql/migrations/*.sql)) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/rules.c: tools/embed_rules.sh $(RULE_FILES)
	@mkdir -p $(@D)
	tools/embed_rules.sh $(RULE_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/packs.c: tools/embed_packs.sh $(PACK_FILES)
	@mkdir -p $(@D)
	LC_ALL=C tools/embed_packs.sh $(PACK_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/holidays.c: tools/embed_holidays.sh $(HOLIDAY_FILES)
	@mkdir -p $(@D)
	LC_ALL=C tools/embed_holidays.sh $(HOLIDAY_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/articles.c: tools/embed_articles.sh $(ARTICLE_FILES)
	@mkdir -p $(@D)
	LC_ALL=C tools/embed_articles.sh $(ARTICLE_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/%.o: %.c $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(GEN_H)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/llhttp/%.o: $(LLHTTP_DIR)/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c99 -O2 -g $(SAN) -fPIC -DLLHTTP_STRICT_MODE=1 -I$(LLHTTP_INC) -w -c $< -o $@

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- tests ----

$(BUILD)/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) \
		$(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

unit: $(UNIT_BIN)
	@scripts/run-unit $(UNIT_BIN)

api: $(BIN)
	@TABULA_BIN=$(abspath $(BIN)) scripts/run-api sqlite
	@TABULA_BIN=$(abspath $(BIN)) scripts/run-api pgsql

# The API suite against a server built with AddressSanitizer and UBSan.
asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" build/asan/tabula
	@TABULA_BIN=$(abspath build/asan/tabula) TABULA_SUITE=asan scripts/run-api sqlite

# Allocation failure, as SQLite tests it: an ASan server that fails the Nth
# allocation of a request on demand, swept over a set of routes
# (tests/failalloc/).
failalloc:
	@$(MAKE) --no-print-directory BUILD=build/failalloc FAILALLOC=1 \
		OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" build/failalloc/tabula
	@TABULA_BIN=$(abspath build/failalloc/tabula) TABULA_SUITE=failalloc \
		TABULA_TESTS=tests/failalloc/ scripts/run-api sqlite

# libFuzzer targets (clang), replayed over their committed corpora.
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
fuzz:
	@$(MAKE) --no-print-directory CC=clang BUILD=build/fuzz OPT="-O1 -g" \
		SAN="-fsanitize=fuzzer-no-link,address,undefined" build/fuzz/libtabula.a
	@for t in $(FUZZ_TARGETS); do \
		clang -D_GNU_SOURCE -Isrc -Ibuild/fuzz/gen $(PKG_CFLAGS) -O1 -g \
			-fsanitize=fuzzer,address,undefined -o build/fuzz/$$t fuzz/$$t.c \
			build/fuzz/libtabula.a $(LDLIBS) || exit 1; \
	done
	@scripts/run-fuzz replay $(FUZZ_TARGETS)

# Longer fuzzing sessions (not part of check): make fuzz-run SECONDS_PER_TARGET=300
fuzz-run: fuzz
	@scripts/run-fuzz run $(FUZZ_TARGETS)

setup:
	@scripts/setup

check: setup
	@scripts/check

demo: setup
	@$(MAKE) --no-print-directory $(BIN)
	@scripts/web-vendor
	@scripts/demo

bench: setup
	@$(MAKE) --no-print-directory $(BIN)
	@bench/run
	@bench/registry
	@bench/exams_http
	@bench/exams_rooms
	@bench/exams_assign
	@bench/support_reports
	@BENCH_STORE=pgsql bench/support_reports
	@bench/support_http
	@bench/support_sweep

# This build against an earlier one (BASE_REV), in A/B pairs: make bench-compare BASE_REV=fdc946e
bench-compare: setup
	@$(MAKE) --no-print-directory $(BIN)
	@bench/compare $(BASE_REV)

C_FILES = $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'fuzz/*.c' 'bench/*.c')
fmt:
	clang-format -i $(C_FILES)

# The layout's rules (scripts/lint-layers), formatting, then cppcheck and clang-tidy.
lint: $(GEN_H)
	@scripts/lint-layers
	@clang-format --dry-run --Werror $(C_FILES) || \
		{ echo "lint: run 'make fmt' (clang-format) on the files above" >&2; exit 1; }
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--inline-suppr --suppress=missingIncludeSystem -D_GNU_SOURCE -Isrc -I$(BUILD)/gen \
		--std=c11 src
	clang-tidy --quiet $(SRC) -- $(CPPFLAGS) $(PKG_CFLAGS) -std=c17

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(UNIT_BIN:=.d)

# ---- web app ----

# Copy the web app's ES modules (preact, htm) from node_modules to web/vendor/.
web-vendor:
	@scripts/web-vendor

# Browser tests: chromium against a demo database (screenshots in build/screenshots/).
web-test: $(BIN)
	@scripts/run-web
