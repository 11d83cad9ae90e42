#!/bin/bash
# Run the bare-metal system-mode test programs (tests/system/guest/*.c,
# prebuilt as BUILD_DIR/tests/system/NAME.elf) on ferry's virt board, under
# ferry's built-in SBI and, where marked, under OpenSBI too.
#
#   tests/system/run_guest.sh FERRY BUILD_DIR
#
# For each run: the exit status must be 0 (the program powers off with the
# number of failed checks), and the lines of stdout starting with "ok ",
# "FAIL " or "sys:" must equal tests/system/guest/NAME.expected (this drops
# OpenSBI's banner and the programs' "info:" lines). Some runs check more:
# idle_wfi's host CPU time, virtio_probe's disk image. Prints "ok RUN" or
# "FAIL RUN: why" per run and "N passed, M failed" at the end; exits 1 if
# anything failed.

set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 FERRY BUILD_DIR" >&2
    exit 2
fi
FERRY=$1
BUILD=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GUEST=$HERE/guest
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
TIMEOUT=30
IDLE_CPU_LIMIT=0.5   # host CPU seconds (user + sys) for 2 s of guest idle

# FERRY_OPTS: more ferry options for every run (e.g. --interp, --jit-threshold 1)
read -r -a EXTRA <<<"${FERRY_OPTS:-}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ferry-guest.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0

pass() {
    echo "ok $1"
    passed=$((passed + 1))
}

# fail RUN WHY [FILE...]: the files' contents follow, indented
fail() {
    local run=$1 why=$2
    shift 2
    echo "FAIL $run: $why"
    local f
    for f in "$@"; do
        [ -s "$f" ] && sed 's/^/    /' "$f" | head -n 60
    done
    failed=$((failed + 1))
}

# run NAME FIRMWARE [ferry options...]: boot NAME.elf; stdin comes from
# $STDIN_CMD's output when set, else /dev/null. Leaves stdout in $TMP/out,
# stderr in $TMP/err, the compared lines in $TMP/lines, the exit status in
# $status and the host CPU time (user + sys, "U S") in $TMP/cpu.
run() {
    local name=$1 firmware=$2
    shift 2
    local elf=$BUILD/tests/system/$name.elf
    local bios=()
    [ "$firmware" = opensbi ] && bios=(-bios "$OPENSBI")
    if [ -n "${STDIN_CMD:-}" ]; then
        bash -c "$STDIN_CMD" | /usr/bin/time -o "$TMP/cpu" -f '%U %S' \
            "$FERRY" boot --headless "${EXTRA[@]}" --timeout "$TIMEOUT" "${bios[@]}" "$@" -kernel "$elf" >"$TMP/out" 2>"$TMP/err"
        status=${PIPESTATUS[1]}
    else
        /usr/bin/time -o "$TMP/cpu" -f '%U %S' \
            "$FERRY" boot --headless "${EXTRA[@]}" --timeout "$TIMEOUT" "${bios[@]}" "$@" -kernel "$elf" \
            </dev/null >"$TMP/out" 2>"$TMP/err"
        status=$?
    fi
    # OpenSBI's console_putchar sends "\r\n" for "\n": compare without '\r'
    tr -d '\r' <"$TMP/out" | grep -aE '^(ok |FAIL |sys:)' >"$TMP/lines"
    # /usr/bin/time notes a non-zero status on its last line: keep only "U S"
    tail -n 1 "$TMP/cpu" >"$TMP/cpu.last" && mv "$TMP/cpu.last" "$TMP/cpu"
}

# verdict RUN NAME: exit status 0 and the expected lines. Returns 0 if good.
verdict() {
    local label=$1 name=$2
    local expected=$GUEST/$name.expected
    if [ "$status" = 124 ]; then
        fail "$label" "timed out (status 124)" "$TMP/lines" "$TMP/err"
        return 1
    fi
    if [ -f "$expected" ] && ! diff -u "$expected" "$TMP/lines" >"$TMP/diff"; then
        fail "$label" "output differs from $name.expected (exit status $status)" "$TMP/diff" "$TMP/err"
        return 1
    fi
    if [ "$status" != 0 ]; then
        fail "$label" "exit status $status" "$TMP/lines" "$TMP/err"
        return 1
    fi
    return 0
}

# test_program NAME FIRMWARE [ferry options...]
test_program() {
    local name=$1 firmware=$2
    shift 2
    local label=$name
    [ "$firmware" = opensbi ] && label="$name [opensbi]"
    [ $# -gt 0 ] && label="$label [$*]"
    if [ ! -f "$BUILD/tests/system/$name.elf" ]; then
        fail "$label" "$BUILD/tests/system/$name.elf not built"
        return
    fi
    if [ "$firmware" = opensbi ] && [ ! -f "$OPENSBI" ]; then
        fail "$label" "$OPENSBI missing (install opensbi)"
        return
    fi
    run "$name" "$firmware" "$@"
    verdict "$label" "$name" || return
    pass "$label"
}

# idle_wfi: the guest sleeps 2 s in wfi; ferry must not spin meanwhile
test_idle() {
    local firmware=$1 label=idle_wfi
    [ "$firmware" = opensbi ] && label="idle_wfi [opensbi]"
    if [ ! -f "$BUILD/tests/system/idle_wfi.elf" ]; then
        fail "$label" "$BUILD/tests/system/idle_wfi.elf not built"
        return
    fi
    run idle_wfi "$firmware"
    verdict "$label" idle_wfi || return
    local user sys
    read -r user sys <"$TMP/cpu"
    if ! awk -v u="$user" -v s="$sys" -v lim="$IDLE_CPU_LIMIT" 'BEGIN { exit !(u + s < lim) }'; then
        fail "$label" "host CPU ${user}s user + ${sys}s sys for 2 s of guest idle (limit ${IDLE_CPU_LIMIT}s): wfi spins"
        return
    fi
    echo "    host CPU for 2 s idle: ${user}s user, ${sys}s sys"
    pass "$label"
}

# virtio_probe with a 1 MiB zero disk; the guest writes sector 1 with
# byte i = (7 * i + 1) mod 256, which the image must then hold
test_virtio() {
    local firmware=$1 label=virtio_probe
    [ "$firmware" = opensbi ] && label="virtio_probe [opensbi]"
    if [ ! -f "$BUILD/tests/system/virtio_probe.elf" ]; then
        fail "$label" "$BUILD/tests/system/virtio_probe.elf not built"
        return
    fi
    local disk=$TMP/disk.img
    rm -f "$disk"
    truncate -s 1M "$disk" || { fail "$label" "cannot create $disk"; return; }
    run virtio_probe "$firmware" --drive "$disk"
    verdict "$label" virtio_probe || return
    local size
    size=$(stat -c %s "$disk")
    if [ "$size" != 1048576 ]; then
        fail "$label" "the disk image is $size bytes after the run, not 1048576"
        return
    fi
    if ! od -An -v -tu1 -j512 -N512 "$disk" | tr -s ' ' '\n' |
        awk 'NF { if ($1 != (n * 7 + 1) % 256) bad++; n++ } END { exit !(n == 512 && bad == 0) }'; then
        fail "$label" "bytes 512..1023 of the disk image do not hold the pattern the guest wrote"
        return
    fi
    if ! cmp -s -n 512 "$disk" /dev/zero || ! cmp -s -i 1024:0 -n $((1048576 - 1024)) "$disk" /dev/zero; then
        fail "$label" "the guest's write changed bytes outside sector 1"
        return
    fi
    pass "$label"
}

test_program sbi_base builtin
test_program sbi_base opensbi
test_program timer_wfi builtin
test_program timer_wfi opensbi
test_idle builtin
test_idle opensbi
test_program interrupts builtin
test_program interrupts opensbi
test_program traps builtin
test_program traps opensbi
test_program paging builtin
test_program paging opensbi
test_program mmio_devices builtin
# input queued before the program starts (it must survive until the driver
# enables the interrupt) ...
STDIN_CMD="printf 'hello ferry\\n'" test_program uart_echo builtin
# ... and typed later: OpenSBI resets the UART's FIFO at boot, so the line
# comes once the program is waiting
STDIN_CMD="sleep 1; printf 'hello ferry\\n'" test_program uart_echo opensbi
test_virtio builtin
test_virtio opensbi
test_program pmp opensbi
# the finisher must stop the machine even when the program parks in wfi,
# and so must SBI shutdown (OpenSBI writes the finisher, then waits in wfi)
TIMEOUT=5 test_program poweroff_wfi builtin
TIMEOUT=5 test_program poweroff_wfi opensbi
TIMEOUT=5 test_program sbi_shutdown builtin
TIMEOUT=5 test_program sbi_shutdown opensbi
# timer interrupts must end loops the JIT translated and chained: with the
# default threshold, with every block translated, and in the interpreter
test_program jit_interrupt_loop builtin
test_program jit_interrupt_loop opensbi
test_program jit_interrupt_loop builtin --jit-threshold 1
test_program jit_interrupt_loop builtin --interp
# code cached per physical page must follow remapped virtual pages (sfence.vma,
# satp switches, cross-page jumps): default threshold, --jit-threshold 1, --interp
test_program remap_code builtin
test_program remap_code builtin --jit-threshold 1
test_program remap_code builtin --interp

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
