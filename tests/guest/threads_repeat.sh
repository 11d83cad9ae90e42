#!/bin/bash
# Run the thread stress test (thread_stress.c) many times, to catch races
# that show up only now and then.
#
# usage: tests/guest/threads_repeat.sh "EMULATOR [ARGS]" GUEST_BUILD_DIR [COUNT]
#   e.g. tests/guest/threads_repeat.sh "build/ferry run" build/guest 100
#        tests/guest/threads_repeat.sh qemu-riscv64 build/guest 20
#
# Each run must print exactly thread_stress.expected and exit 0 within the
# timeout (30 s, stdin from /dev/null). Prints "ok RUN" or "FAIL RUN: reason"
# (with a diff and the emulator's last stderr lines) per run, stops at the
# first failure, and ends with one line "N passed, M failed"; exits non-zero
# when a run failed.
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 \"EMULATOR [ARGS]\" GUEST_BUILD_DIR [COUNT]" >&2
    exit 2
fi
read -r -a emulator <<<"$1"
build=$2
count=${3:-100}
case $count in
'' | *[!0-9]*)
    echo "$0: COUNT must be a number, not '$count'" >&2
    exit 2
    ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/thread_stress.expected
elf=$build/thread_stress.elf
timeout_s=30

if [ ${#emulator[@]} -eq 0 ]; then
    echo "$0: empty emulator command" >&2
    exit 2
fi
for f in "$expected" "$elf"; do
    if [ ! -f "$f" ]; then
        echo "$0: $f is missing" >&2
        exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-threads.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for ((run = 1; run <= count; run++)); do
    {
        timeout -k 5 "$timeout_s" "${emulator[@]}" "$elf" >"$tmp/out" 2>"$tmp/err" </dev/null
    } 2>/dev/null
    status=$?
    reasons=()
    if [ "$status" = 124 ]; then
        reasons+=("timed out after $timeout_s s")
    elif [ "$status" != 0 ]; then
        reasons+=("exit status $status")
    fi
    if ! cmp -s "$expected" "$tmp/out"; then
        reasons+=("stdout differs from thread_stress.expected")
    fi
    if [ ${#reasons[@]} -eq 0 ]; then
        echo "ok $run"
        passed=$((passed + 1))
        continue
    fi
    reason=$(printf '%s; ' "${reasons[@]}")
    echo "FAIL $run: ${reason%; }"
    failed=$((failed + 1))
    if ! cmp -s "$expected" "$tmp/out"; then
        echo "  --- diff thread_stress.expected stdout"
        diff -u "$expected" "$tmp/out" | tail -n +3 | head -n 40 | sed 's/^/  /'
    fi
    if [ -s "$tmp/err" ]; then
        echo "  --- stderr (last lines)"
        tail -n 10 "$tmp/err" | sed 's/^/  /'
    fi
    break
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
