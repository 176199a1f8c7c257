# fabrique — GNU make build. Targets: all test demo bench install clean deps.
# Dependencies come from pkg-config; scripts/deps.sh installs them on Debian.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
VERSION := 0.1.0

PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium libcmark libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

OPT     ?= -O2 -g
WERROR  ?= -Werror
SAN     ?=
CFLAGS  += -std=c17 -D_GNU_SOURCE $(OPT) -Wall -Wextra $(WERROR) -Wno-unused-parameter \
	   -Wformat=2 -Wno-format-nonliteral -fno-strict-aliasing $(SAN) $(PKG_CFLAGS) \
	   -Isrc/core -DFABRIQUE_VERSION='"$(VERSION)"'
LDFLAGS += $(SAN)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(sort $(wildcard src/core/*.c src/engines/*.c src/store/*.c src/domain/*.c \
	     src/web/*.c src/api/*.c src/cli/*.c))
LIB_SRC := $(filter-out src/cli/main.c,$(LIB_SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/assets.o
HEADERS := $(wildcard src/*/*.h)

DATA_FILES  := $(sort $(wildcard data/builtin/taxonomies/*.json data/builtin/templates/*.json \
	       data/demo/*.json data/demo/controversies/*.json))
ASSET_FILES := assets/style.css assets/icon.svg assets/editor.js assets/seminar.js docs/openapi.json $(DATA_FILES) \
	       $(wildcard src/store/migrations/sqlite/*.sql src/store/migrations/postgres/*.sql)
ASSET_ARGS  := style.css=assets/style.css icon.svg=assets/icon.svg editor.js=assets/editor.js seminar.js=assets/seminar.js openapi.json=docs/openapi.json \
	       fr.mo=$(BUILD)/gen/fr.mo \
	       $(foreach f,$(wildcard src/store/migrations/sqlite/*.sql),sqlite/$(notdir $(f))=$(f)) \
	       $(foreach f,$(wildcard src/store/migrations/postgres/*.sql),postgres/$(notdir $(f))=$(f)) \
	       $(foreach f,$(DATA_FILES),$(f:data/%=%)=$(f))

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test demo bench install clean deps unit po
all: $(BUILD)/fabrique

$(BUILD)/fabrique: $(BUILD)/src/cli/main.o $(BUILD)/libfabrique.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libfabrique.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/fr.mo: po/fr.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSET_FILES) $(BUILD)/gen/fr.mo
	$(BUILD)/tools/embed $@ $(ASSET_ARGS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c src/core/assets.h
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libfabrique.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -Isrc -o $@ $< $(BUILD)/libfabrique.a \
		$(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# Refreshes po/fabrique.pot and merges it into po/fr.po (a developer task).
po:
	xgettext --from-code=UTF-8 -k_ -kN_ -kT:2 -kTN:2,3 -o po/fabrique.pot src/*/*.c
	msgmerge --quiet --update --backup=none po/fr.po po/fabrique.pot

deps:
	sh scripts/deps.sh build

demo: deps
	$(MAKE) all
	$(BUILD)/fabrique demo

test:
	sh scripts/deps.sh test
	bash scripts/test.sh

bench:
	sh scripts/deps.sh bench
	$(MAKE) all
	bash bench/run.sh
	BUILD=$(BUILD) bash bench/engines.sh
	BUILD=$(BUILD) bash bench/opinion.sh
	FABRIQUE_BIN=$(BUILD)/fabrique bash bench/search.sh

install: $(BUILD)/fabrique
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/fabrique $(DESTDIR)$(PREFIX)/bin/fabrique
	install -m 644 docs/fabrique.1 $(DESTDIR)$(PREFIX)/share/man/man1/fabrique.1

clean:
	rm -rf $(BUILD)
