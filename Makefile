# ferry: one non-recursive Makefile; every output goes under build/.
#
#   make run       install what is missing, build, run the demo
#   make test      install what is missing, build, run every test
#   make SAN=1 ... the same with AddressSanitizer + UndefinedBehaviorSanitizer

CC       ?= gcc
GUEST_CC ?= riscv64-linux-gnu-gcc
SAN      ?= 0

CFLAGS   := -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -MMD -MP
LDFLAGS  :=
LIBS     := -lelf -lm
BUILD    := build

ifeq ($(SAN),1)
BUILD    := build/san
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

# Guest programs do not depend on SAN: they live in one place.
GUEST_BUILD := build/guest
GUEST_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror

CORE_SRCS := $(wildcard cpu/*.c cpu/riscv/*.c devices/*.c devices/boards/*.c linux-user/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
FERRY     := $(BUILD)/ferry

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)

GUEST_C    := $(filter-out tests/guest/dyn_%.c,$(wildcard tests/guest/*.c))
GUEST_DYN  := $(wildcard tests/guest/dyn_*.c)
GUEST_ASM  := $(wildcard tests/guest/*.S)
GUEST_ELFS := $(GUEST_C:tests/guest/%.c=$(GUEST_BUILD)/%.elf) \
              $(GUEST_DYN:tests/guest/%.c=$(GUEST_BUILD)/%.elf) \
              $(GUEST_ASM:tests/guest/%.S=$(GUEST_BUILD)/%.elf)
DEMO       := $(GUEST_BUILD)/demo.elf

.PHONY: all deps run test test-build bench clean
all: $(FERRY)

deps:
	@tools/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory $(FERRY) $(DEMO)
	$(FERRY) run $(DEMO)

test: deps
	@$(MAKE) --no-print-directory test-build
	@tools/run-tests.sh $(FERRY) $(BUILD) $(GUEST_BUILD)

test-build: $(FERRY) $(UNIT_BINS) $(GUEST_ELFS) $(GUEST_BUILD)/trace_prog.elf $(DEMO)

# Speed is measured here, side by side, never asserted in tests.
bench: deps
	@$(MAKE) --no-print-directory $(FERRY)
	@tools/bench.sh $(FERRY) build/bench

$(FERRY): $(BUILD)/frontend/main.o $(BUILD)/libferry.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libferry.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# fpu.c reads the host's floating-point status and rounding mode: the compiler
# must not fold or move floating-point operations across those accesses.
$(BUILD)/cpu/riscv/fpu.o: CFLAGS += -frounding-math -fsignaling-nans

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libferry.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icpu -Icpu/riscv -Ilinux-user -o $@ $< $(BUILD)/libferry.a $(LDFLAGS) -lcmocka $(LIBS)

$(GUEST_BUILD)/%.elf: tests/guest/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $< -lm

$(GUEST_BUILD)/dyn_%.elf: tests/guest/dyn_%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) -O2 -o $@ $<

$(GUEST_BUILD)/rv32_%.elf: tests/guest/rv32_%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) -march=rv32gc -mabi=ilp32 -nostdlib -static -o $@ $<

$(GUEST_BUILD)/pie_%.elf: tests/guest/pie_%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) -nostdlib -Wl,-pie,--no-dynamic-linker -o $@ $<

$(GUEST_BUILD)/%.elf: tests/guest/%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) -nostdlib -static -o $@ $<

$(GUEST_BUILD)/trace_prog.elf: tests/cli/trace_prog.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) -nostdlib -static -o $@ $<

$(DEMO): roms/demo/demo.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) -static -O2 -std=c11 -Wall -Wextra -Werror -o $@ $< -lm

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(BUILD)/frontend/main.d $(UNIT_BINS:=.d)
