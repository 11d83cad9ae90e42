#!/bin/bash
# `ferry boot` must refuse bad input cleanly: a non-zero exit below 128 (no
# crash, no hang), nothing on stdout, and one line on stderr starting with
# "ferry: ".
#
# usage: tests/system/bad_input.sh FERRY
# Prints "ok CASE" / "FAIL CASE: why" and "N passed, M failed".
set -u
ferry=$1
passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bootbad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# expect_refusal CASE REGEX -- ARGS...
expect_refusal() {
    local name=$1 pattern=$2
    shift 3
    { timeout -k 5 20 "$ferry" boot --headless "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; } 2>/dev/null
    local status=$? why=""
    local lines
    lines=$(awk 'END { print NR }' "$tmp/err")
    if [ "$status" -eq 0 ]; then why="exit status 0"
    elif [ "$status" -eq 124 ]; then why="hung (timed out)"
    elif [ "$status" -ge 128 ]; then why="crashed (status $status)"
    fi
    [ -s "$tmp/out" ] && why="${why:+$why; }wrote to stdout"
    [ "$lines" -eq 1 ] || why="${why:+$why; }$lines lines on stderr"
    grep -q '^ferry: ' "$tmp/err" || why="${why:+$why; }stderr does not start with 'ferry: '"
    grep -qE -- "$pattern" "$tmp/err" || why="${why:+$why; }message does not match /$pattern/"
    if [ -z "$why" ]; then
        echo "ok $name"; passed=$((passed + 1))
    else
        echo "FAIL $name: $why"; sed 's/^/  | /' "$tmp/err" | head -5; failed=$((failed + 1))
    fi
}

printf 'not a kernel' >"$tmp/text"
head -c 1000 /dev/urandom >"$tmp/odd.img"           # not a multiple of 512
truncate -s 1M "$tmp/disk.img"
mkdir "$tmp/dir"
# a RISC-V ELF whose segment lies outside RAM
printf '.globl _start\n_start: j _start\n' >"$tmp/low.S"
riscv64-linux-gnu-gcc -nostdlib -static -Wl,-Ttext=0x1000 -o "$tmp/low.elf" "$tmp/low.S" 2>/dev/null
head -c 200 "$tmp/low.elf" >"$tmp/truncated.elf"
# a kernel bigger than RAM
truncate -s 40M "$tmp/huge.bin"

expect_refusal missing-kernel 'nothing-here.*(No such file|cannot open)' -- -kernel "$tmp/nothing-here"
: >"$tmp/empty"
expect_refusal empty-kernel "empty" -- -kernel "$tmp/empty"
expect_refusal kernel-is-directory 'not a regular file' -- -kernel "$tmp/dir"
expect_refusal kernel-wrong-machine 'wrong machine' -- -kernel /bin/true
expect_refusal kernel-outside-ram 'outside RAM' -- -kernel "$tmp/low.elf"
expect_refusal kernel-truncated-elf 'truncated|corrupt' -- -kernel "$tmp/truncated.elf"
expect_refusal kernel-too-big 'fit|RAM' -- -m 32 -kernel "$tmp/huge.bin"
expect_refusal missing-initrd 'cannot open' -- -kernel "$tmp/text" -initrd "$tmp/nothing-here"
expect_refusal missing-bios 'cannot open' -- -bios "$tmp/nothing-here"
expect_refusal disk-not-sectors '512' -- -kernel "$tmp/text" "$tmp/odd.img"
expect_refusal disk-missing 'nothing-here' -- -kernel "$tmp/text" "$tmp/nothing-here.img"
expect_refusal disk-directory 'dir' -- -kernel "$tmp/text" "$tmp/dir"
expect_refusal too-many-disks 'at most' -- "$tmp/disk.img" "$tmp/disk.img" "$tmp/disk.img" "$tmp/disk.img" "$tmp/disk.img"
expect_refusal nothing-to-boot 'nothing to boot' --
expect_refusal bad-memory "MiB" -- -m lots -kernel "$tmp/text"
expect_refusal memory-too-small 'RAM must be' -- -m 1 -kernel "$tmp/text"
expect_refusal bad-fb 'fb' -- --fb 12 -kernel "$tmp/text"
expect_refusal fb-too-large 'framebuffer' -- --fb 9000x9000 -kernel "$tmp/text"
expect_refusal bad-timeout 'timeout' -- --timeout -3 -kernel "$tmp/text"
expect_refusal unknown-flag 'unknown option' -- --frobnicate
expect_refusal missing-value 'needs a value' -- -kernel
expect_refusal jit-threshold-zero 'jit-threshold' -- --jit-threshold 0 -kernel "$tmp/text"
expect_refusal jit-cache-huge 'jit-cache' -- --jit-cache 99999 -kernel "$tmp/text"
expect_refusal jit-verify-system-mode 'jit-verify' -- --jit-verify -kernel "$tmp/text"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
