#!/bin/bash
# ferry must refuse bad input cleanly: for each case it exits non-zero but
# below 128 (no crash), prints nothing on stdout and exactly one line on
# stderr, beginning with "ferry: ".
#
# usage: tests/guest/bad_input.sh FERRY_BINARY BUILD_DIR
# (BUILD_DIR holds hello_stdio.elf, rv32_hello.elf and dyn_hello.elf, built
# as for run.sh)
# Prints "ok CASE" or "FAIL CASE: reason", then "N passed, M failed".
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 FERRY_BINARY BUILD_DIR" >&2
    exit 2
fi
ferry=$1
build=$2
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# expect_refusal CASE [MUST_MATCH_REGEX] -- COMMAND...
expect_refusal() {
    local name=$1 pattern=""
    shift
    if [ "$1" != "--" ]; then
        pattern=$1
        shift
    fi
    shift
    { timeout -k 5 10 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; } 2>/dev/null
    local status=$?
    local lines reasons=()
    lines=$(awk 'END { print NR }' "$tmp/err")
    if [ "$status" -eq 0 ]; then
        reasons+=("exit status 0")
    elif [ "$status" -eq 124 ]; then
        reasons+=("timed out")
    elif [ "$status" -ge 128 ]; then
        reasons+=("exit status $status (crashed?)")
    fi
    [ -s "$tmp/out" ] && reasons+=("wrote to stdout")
    [ "$lines" -ne 1 ] && reasons+=("$lines lines on stderr, expected 1")
    if [ "$lines" -ge 1 ] && ! head -n 1 "$tmp/err" | grep -q '^ferry: '; then
        reasons+=("stderr does not begin with 'ferry: '")
    fi
    if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$tmp/err"; then
        reasons+=("message does not match /$pattern/")
    fi
    if [ ${#reasons[@]} -eq 0 ]; then
        echo "ok $name"
        passed=$((passed + 1))
    else
        local reason
        reason=$(printf '%s; ' "${reasons[@]}")
        echo "FAIL $name: ${reason%; }"
        sed 's/^/  stderr: /' "$tmp/err" | head -n 5
        failed=$((failed + 1))
    fi
}

# a file that must exist for a case, else that case fails
need() {
    if [ ! -f "$2" ]; then
        echo "FAIL $1: $2 not built"
        failed=$((failed + 1))
        return 1
    fi
}

printf 'this is a text file, not a program\n' >"$tmp/not-elf"
expect_refusal not-elf -- "$ferry" run "$tmp/not-elf"

: >"$tmp/empty"
expect_refusal empty-file -- "$ferry" run "$tmp/empty"

expect_refusal directory -- "$ferry" run "$tmp"

if need truncated-elf "$build/hello_stdio.elf"; then
    head -c 100 "$build/hello_stdio.elf" >"$tmp/truncated-100"
    expect_refusal truncated-elf -- "$ferry" run "$tmp/truncated-100"
    head -c 3000 "$build/hello_stdio.elf" >"$tmp/truncated-3000"
    expect_refusal truncated-segments -- "$ferry" run "$tmp/truncated-3000"
fi

# an x86-64 program: this machine's own /bin/true
expect_refusal wrong-machine -- "$ferry" run /bin/true

# Dynamically linked programs whose dynamic loader is missing or unusable:
# the message names the loader (and --sysroot when it is missing).
if need dynamic "$build/dyn_hello.elf"; then
    interp=/lib/ld-linux-riscv64-lp64d.so.1
    if command -v riscv64-linux-gnu-readelf >/dev/null 2>&1; then
        found=$(riscv64-linux-gnu-readelf -l "$build/dyn_hello.elf" | sed -n 's/.*program interpreter: \(.*\)\]/\1/p')
        [ -n "$found" ] && interp=$found
    fi
    mkdir -p "$tmp/empty-sysroot"
    # the program's own loader, with a sysroot that lacks it (unless this
    # host happens to have a RISC-V loader at that very path)
    if [ ! -e "$interp" ]; then
        expect_refusal dynamic-loader-not-in-sysroot "${interp//./\\.}.*--sysroot" -- \
            "$ferry" run --sysroot "$tmp/empty-sysroot" "$build/dyn_hello.elf"
    fi
    # a loader path that exists nowhere: PT_INTERP rewritten in a copy (same
    # length, padded with NULs)
    off=$(grep -obaF "$interp" "$build/dyn_hello.elf" | head -n 1 | cut -d: -f1)
    if [ -n "$off" ]; then
        cp "$build/dyn_hello.elf" "$tmp/dyn-missing-loader"
        missing=/lib/ld-ferry-missing.so.1
        { printf '%s' "$missing"; head -c $((${#interp} - ${#missing})) /dev/zero; } |
            dd of="$tmp/dyn-missing-loader" bs=1 seek="$off" conv=notrunc status=none
        expect_refusal dynamic-loader-missing "ld-ferry-missing\\.so\\.1.*--sysroot" -- \
            "$ferry" run --sysroot "$tmp/empty-sysroot" "$tmp/dyn-missing-loader"
    else
        echo "FAIL dynamic-loader-missing: $interp not found in $build/dyn_hello.elf"
        failed=$((failed + 1))
    fi
    # fake sysroots whose loader is not a usable RISC-V loader
    bad_loader() {
        local case=$1 pattern=$2 src=$3 bytes=${4:-}
        local root="$tmp/sysroot-$case"
        mkdir -p "$root$(dirname "$interp")"
        if [ -n "$bytes" ]; then
            head -c "$bytes" "$src" >"$root$interp"
        else
            cp "$src" "$root$interp"
        fi
        expect_refusal "$case" "$pattern" -- "$ferry" run --sysroot "$root" "$build/dyn_hello.elf"
    }
    bad_loader dynamic-loader-x86 "wrong machine" /bin/true
    if need dynamic-loader-rv32 "$build/rv32_hello.elf"; then
        bad_loader dynamic-loader-rv32 "32-bit" "$build/rv32_hello.elf"
    fi
    real_loader=/usr/riscv64-linux-gnu$interp
    if [ -f "$real_loader" ]; then
        bad_loader dynamic-loader-truncated "truncated" "$real_loader" 3000
    fi
    printf 'not a loader\n' >"$tmp/text-loader"
    bad_loader dynamic-loader-not-elf "not an ELF" "$tmp/text-loader"
fi

expect_refusal missing-file -- "$ferry" run "$tmp/no-such-program"

# The bare machine: a Linux program has no tohost; a wrong machine name; a
# bad instruction limit.
expect_refusal bare-without-tohost "tohost" -- "$ferry" run --machine bare "$build/hello_stdio.elf"
# a bare-metal program linked at the Linux default address, below RAM
printf '.globl _start\n_start: j _start\n.data\n.globl tohost\ntohost: .dword 0\n' >"$tmp/low.S"
if riscv64-linux-gnu-gcc -nostdlib -static -o "$tmp/low.elf" "$tmp/low.S" 2>/dev/null; then
    expect_refusal bare-segment-outside-ram "outside RAM" -- "$ferry" run "$tmp/low.elf"
fi
expect_refusal unknown-machine "unknown machine" -- "$ferry" run --machine vax x
expect_refusal bad-max-insns "max-insns" -- "$ferry" run --max-insns lots x
expect_refusal unknown-flag -- "$ferry" run --bogus x
expect_refusal no-program -- "$ferry" run
expect_refusal no-args -- "$ferry"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
