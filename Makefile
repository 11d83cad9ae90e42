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
LIBS     := -lelf -lfdt -lZydis -lm -pthread
# SDL2 and libpng are used by frontend/ only (the window and screenshots)
SDL_CFLAGS := $(shell pkg-config --cflags sdl2 2>/dev/null)
FRONTEND_LIBS := $(shell pkg-config --libs sdl2 2>/dev/null) -lpng
BUILD    := build

ifeq ($(SAN),1)
BUILD    := build/san
CFLAGS   += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

# Guest programs do not depend on SAN: they live in one place.
GUEST_BUILD := build/guest
GUEST_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror

CORE_SRCS := $(wildcard cpu/*.c cpu/riscv/*.c cpu/x64/*.c devices/*.c devices/boards/*.c linux-user/*.c)
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
# the graphical demo that `make run` boots on the virt board (roms/virt-demo)
VIRT_DEMO      := build/roms/virt-demo.elf
VIRT_DEMO_SRCS := $(sort $(wildcard roms/virt-demo/*.S roms/virt-demo/*.c))
VIRT_DEMO_FLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -march=rv64gc -mabi=lp64d -mcmodel=medany \
                   -ffreestanding -fno-pie -no-pie -fno-stack-protector \
                   -fno-asynchronous-unwind-tables -fno-unwind-tables \
                   -nostdlib -static -T roms/virt-demo/link.ld -Wl,--build-id=none
# bare-metal programs that test system mode on the virt board (tests/system/guest)
SYS_GUEST_DIR    := tests/system/guest
SYS_GUEST_RT     := $(SYS_GUEST_DIR)/start.S $(SYS_GUEST_DIR)/rt.c
SYS_GUEST_SRCS   := $(filter-out $(SYS_GUEST_DIR)/rt.c,$(wildcard $(SYS_GUEST_DIR)/*.c))
SYS_GUEST_ELFS   := $(SYS_GUEST_SRCS:$(SYS_GUEST_DIR)/%.c=build/tests/system/%.elf)
SYS_GUEST_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib -static -O2 -Wall -Wextra -Werror
# host tool for the boot tests: facts about a screenshot (tests/system)
SCREENSHOT_CHECK := $(BUILD)/system/screenshot_check

# ISA tests (tests/isa): bare metal, every source built for RV32 and RV64
ISA_BUILD     := build/isa
ISA_SRCS      := $(wildcard tests/isa/*.S)
ISA_NAMES     := $(ISA_SRCS:tests/isa/%.S=%)
ISA_ELFS      := $(ISA_NAMES:%=$(ISA_BUILD)/%-rv64.elf) \
                 $(filter-out $(ISA_BUILD)/rv_wordops-rv32.elf,$(ISA_NAMES:%=$(ISA_BUILD)/%-rv32.elf))
ISA_FLAGS     := -nostdlib -nostartfiles -static -T tests/isa/link.ld -Itests/isa
ISA_DEPS      := tests/isa/test_macros.h tests/isa/link.ld
# the same tests minus the cases where QEMU 7.2 deviates from the spec, to
# check the tests themselves against QEMU's spike machine (make isa-qemu)
ISA_QEMU_ELFS := $(ISA_ELFS:$(ISA_BUILD)/%=build/isa-qemu/%)

# differential tests against Unicorn (tests/diff; Unicorn is linked into the
# tester only, never into ferry)
DIFF_SRCS := $(wildcard tests/diff/*.c)
DIFF_BIN  := $(BUILD)/diff/rv_diff

# Variables above this line only: prerequisites are expanded when a rule is
# read, so a variable defined after a rule that names it is empty there.

.PHONY: all deps run test test-build bench clean
all: $(FERRY)

deps:
	@tools/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory $(FERRY) $(VIRT_DEMO)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    $(FERRY) boot -kernel $(VIRT_DEMO); \
	else \
	    echo "make run: no display here, so the demo runs headless for 5 seconds"; \
	    $(FERRY) boot --headless -kernel $(VIRT_DEMO) -append demo.frames=150 --screenshot build/virt-demo.png && \
	    echo "make run: its last frame is in build/virt-demo.png (with a display, it opens in a window)"; \
	fi

test: deps
	@$(MAKE) --no-print-directory test-build
	-@tools/build-workloads.sh
	-@tools/build-linux-guest.sh
	@tools/run-tests.sh $(FERRY) $(BUILD) $(GUEST_BUILD)

.PHONY: workloads
# real-world programs from Debian source packages (a no-op once built); the
# leading '-' in test lets every other suite run when the build fails, and
# tests/workloads/run.sh then reports the workloads as failed
workloads: deps
	@tools/build-workloads.sh

test-build: $(FERRY) $(UNIT_BINS) $(GUEST_ELFS) $(GUEST_BUILD)/trace_prog.elf $(DEMO) $(ISA_ELFS) $(DIFF_BIN) $(SCREENSHOT_CHECK) $(VIRT_DEMO) $(SYS_GUEST_ELFS)

# Speed is measured here, side by side, never asserted in tests.
bench: deps
	@$(MAKE) --no-print-directory $(FERRY)
	@tools/bench.sh $(FERRY) build/bench
	-@tools/build-linux-guest.sh >/dev/null && tools/boot-bench.sh $(FERRY) build/linux-guest

FRONTEND_SRCS := $(wildcard frontend/*.c)
FRONTEND_OBJS := $(FRONTEND_SRCS:%.c=$(BUILD)/%.o)
$(BUILD)/frontend/%.o: CFLAGS += $(SDL_CFLAGS)

$(FERRY): $(FRONTEND_OBJS) $(BUILD)/libferry.a
	$(CC) $(LDFLAGS) -o $@ $^ $(FRONTEND_LIBS) $(LIBS)

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
	$(CC) $(CFLAGS) -iquote cpu -iquote cpu/riscv -iquote linux-user -o $@ $< $(BUILD)/libferry.a $(LDFLAGS) -lcmocka $(LIBS)

# the x86-64 encoder's and codegen's tests disassemble what they emit with Zydis
$(BUILD)/unit/test_x64_codegen: CFLAGS += -DFERRY_TEST_ZYDIS

# test_screenshot compiles frontend/screenshot.c in, so it needs libpng
$(BUILD)/unit/test_screenshot: private LIBS += -lpng

$(SCREENSHOT_CHECK): tests/system/screenshot_check.c frontend/screenshot.c frontend/screenshot.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/system/screenshot_check.c frontend/screenshot.c $(LDFLAGS) -lpng

build/tests/system/%.elf: $(SYS_GUEST_DIR)/%.c $(SYS_GUEST_RT) $(wildcard $(SYS_GUEST_DIR)/*.h) $(SYS_GUEST_DIR)/link.ld
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(SYS_GUEST_CFLAGS) -Wl,-T,$(SYS_GUEST_DIR)/link.ld -Wl,--build-id=none -o $@ $(SYS_GUEST_RT) $<

$(VIRT_DEMO): $(VIRT_DEMO_SRCS) $(wildcard roms/virt-demo/*.h) roms/virt-demo/link.ld
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(VIRT_DEMO_FLAGS) -o $@ $(VIRT_DEMO_SRCS)

$(GUEST_BUILD)/%.elf: tests/guest/%.c $(wildcard tests/guest/*.h)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $< -lm

$(GUEST_BUILD)/dyn_%.elf: tests/guest/dyn_%.c $(wildcard tests/guest/*.h)
	@mkdir -p $(dir $@)
	$(GUEST_CC) -O2 -std=gnu11 -Wall -Wextra -Werror -o $@ $< -lm

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

# ---- differential tests against Unicorn ----

$(DIFF_BIN): $(DIFF_SRCS) tests/diff/rv_diff.h $(BUILD)/libferry.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icpu -Icpu/riscv -o $@ $(DIFF_SRCS) $(BUILD)/libferry.a $(LDFLAGS) -lunicorn $(LIBS)

.PHONY: test-long
# long runs: >= 10^8 differential instructions across seeds
test-long: deps
	@$(MAKE) --no-print-directory $(DIFF_BIN) $(FERRY) $(GUEST_ELFS)
	@tools/build-workloads.sh
	tests/guest/threads_repeat.sh "$(FERRY) run" $(GUEST_BUILD) 100
	tests/workloads/run.sh $(FERRY) --full
	FERRY_OPTS="--jit-verify --jit-threshold 1" tests/workloads/run.sh $(FERRY) --quick
	tests/diff/run.sh $(BUILD) --long

# ---- ISA tests ----

$(ISA_BUILD)/%-rv64.elf: tests/isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(ISA_FLAGS) -march=rv64gc -mabi=lp64d -o $@ $<

$(ISA_BUILD)/%-rv32.elf: tests/isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(ISA_FLAGS) -march=rv32gc -mabi=ilp32d -o $@ $<

build/isa-qemu/%-rv64.elf: tests/isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(ISA_FLAGS) -DSPEC_STRICT=0 -march=rv64gc -mabi=lp64d -o $@ $<

build/isa-qemu/%-rv32.elf: tests/isa/%.S $(ISA_DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(ISA_FLAGS) -DSPEC_STRICT=0 -march=rv32gc -mabi=ilp32d -o $@ $<

.PHONY: isa-test isa-qemu
isa-test: $(FERRY) $(ISA_ELFS)
	tests/isa/run.sh "$(FERRY) run --machine bare" $(ISA_BUILD)

# needs qemu-system-misc (not installed by install-deps: tests don't need it)
isa-qemu: $(ISA_QEMU_ELFS)
	tests/isa/run.sh "qemu-system-riscv64 -M spike -bios none -nographic -kernel" build/isa-qemu

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(BUILD)/frontend/main.d $(UNIT_BINS:=.d)
