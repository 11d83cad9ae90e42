#!/bin/bash
# Run the guest test programs under ferry and check their output.
#
# usage: tests/guest/run.sh FERRY_BINARY BUILD_DIR
#
# For every tests/guest/NAME.c or NAME.S, runs
#   FERRY_BINARY run BUILD_DIR/NAME.elf [args]
# (dynamically linked dyn_* programs: FERRY_BINARY run --sysroot SYSROOT ...,
# where SYSROOT, the RISC-V libraries, is $FERRY_SYSROOT or Debian's
# /usr/riscv64-linux-gnu)
# with a 30 s timeout (GUEST_TIMEOUT) and stdin from /dev/null, and compares
#   - stdout with NAME.expected (exactly),
#   - the exit status with NAME.status (0 when the file is missing).
# Optional per-test files:
#   NAME.args    guest arguments, one per line
#   NAME.env     KEY=VALUE lines added to the environment
#   NAME.noqemu  the reason qemu cannot be the reference for this test
#   NAME.runner  the program is not run here but by the script it names
#   NAME.threads the program runs guest threads that share memory: skipped
#                with FERRY_OPTS holding --jit-verify (which compares each
#                block's interpreted and translated runs one after the
#                other, so another thread's writes in between show as a
#                difference)
# When qemu-riscv64 (qemu-riscv32 for rv32_*) is installed, the program also
# runs under it (with -L SYSROOT for dyn_*), and ferry's stdout and status
# must equal qemu's.
# Prints "ok NAME" or "FAIL NAME: reason" (with a diff), then one line
# "N passed, M failed"; exits non-zero when anything failed.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 FERRY_BINARY BUILD_DIR" >&2
    exit 2
fi
ferry=$1
build=$2
# engine flags for every ferry run, e.g. FERRY_OPTS="--jit-threshold 1"
read -r -a engine_opts <<<"${FERRY_OPTS:-}"
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${GUEST_TIMEOUT:-30}     # seconds per program (slow engines: --jit-verify, sanitizers)
sysroot=${FERRY_SYSROOT:-/usr/riscv64-linux-gnu}
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-guest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run_one OUT_PREFIX EMULATOR... : run the current test, stdout to
# OUT_PREFIX.out, stderr to OUT_PREFIX.err; sets $status. (The outer 2>
# silences bash's own "Aborted"/"Segmentation fault" notes when a program
# dies by a signal: those tests expect it.)
run_one() {
    local prefix=$1
    shift
    {
        env "${envs[@]+"${envs[@]}"}" timeout -k 5 "$timeout_s" "$@" "${args[@]+"${args[@]}"}" \
            >"$prefix.out" 2>"$prefix.err" </dev/null
    } 2>/dev/null
    status=$?
}

# describe STATUS: "42", or "124 (timed out after 30 s)"
describe() {
    case $1 in
    124) echo "124 (timed out after $timeout_s s)" ;;
    *) echo "$1" ;;
    esac
}

fail() {
    local name=$1
    shift
    echo "FAIL $name: $*"
    failed=$((failed + 1))
}

shopt -s nullglob
for src in "$here"/*.c "$here"/*.S; do
    file=$(basename "$src")
    name=${file%.*}
    elf=$build/$name.elf
    # a program with NAME.runner is driven by the script that file names
    [ -f "$here/$name.runner" ] && continue
    [ -f "$here/$name.threads" ] && [[ " ${engine_opts[*]} " == *" --jit-verify "* ]] && continue
    # dynamically linked: the loader and libraries come from the sysroot
    ferry_opts=()
    qemu_opts=()
    case $name in dyn_*)
        ferry_opts=(--sysroot "$sysroot")
        qemu_opts=(-L "$sysroot")
        ;;
    esac

    args=()
    envs=()
    [ -f "$here/$name.args" ] && mapfile -t args <"$here/$name.args"
    [ -f "$here/$name.env" ] && mapfile -t envs <"$here/$name.env"
    want_status=0
    [ -f "$here/$name.status" ] && want_status=$(tr -d ' \n' <"$here/$name.status")

    if [ ! -f "$here/$name.expected" ]; then
        fail "$name" "no $name.expected"
        continue
    fi
    if [ ! -f "$elf" ]; then
        fail "$name" "$elf not built"
        continue
    fi
    if [ ${#ferry_opts[@]} -gt 0 ] && [ ! -d "$sysroot" ]; then
        fail "$name" "no RISC-V sysroot at $sysroot (set FERRY_SYSROOT)"
        continue
    fi

    run_one "$tmp/ferry" "$ferry" run "${engine_opts[@]+"${engine_opts[@]}"}" "${ferry_opts[@]+"${ferry_opts[@]}"}" "$elf"
    ferry_status=$status
    reasons=()
    if ! cmp -s "$here/$name.expected" "$tmp/ferry.out"; then
        reasons+=("stdout differs from $name.expected")
    fi
    if [ "$ferry_status" != "$want_status" ]; then
        reasons+=("exit status $(describe "$ferry_status"), expected $want_status")
    fi

    qemu=qemu-riscv64
    case $name in rv32_*) qemu=qemu-riscv32 ;; esac
    compared_qemu=0
    if [ ! -f "$here/$name.noqemu" ] && command -v "$qemu" >/dev/null 2>&1; then
        compared_qemu=1
        run_one "$tmp/qemu" "$qemu" "${qemu_opts[@]+"${qemu_opts[@]}"}" "$elf"
        qemu_status=$status
        if ! cmp -s "$tmp/qemu.out" "$tmp/ferry.out"; then
            reasons+=("stdout differs from $qemu's")
        fi
        if [ "$qemu_status" != "$ferry_status" ]; then
            reasons+=("exit status $(describe "$ferry_status"), $qemu's $(describe "$qemu_status")")
        fi
    fi

    if [ ${#reasons[@]} -eq 0 ]; then
        echo "ok $name"
        passed=$((passed + 1))
        continue
    fi
    reason=$(printf '%s; ' "${reasons[@]}")
    fail "$name" "${reason%; }"
    if ! cmp -s "$here/$name.expected" "$tmp/ferry.out"; then
        echo "  --- diff $name.expected ferry-stdout"
        diff -u "$here/$name.expected" "$tmp/ferry.out" | tail -n +3 | head -n 40 | sed 's/^/  /'
    fi
    if [ "$compared_qemu" = 1 ] && ! cmp -s "$tmp/qemu.out" "$tmp/ferry.out"; then
        echo "  --- diff $qemu-stdout ferry-stdout"
        diff -u "$tmp/qemu.out" "$tmp/ferry.out" | tail -n +3 | head -n 40 | sed 's/^/  /'
    fi
    if [ -s "$tmp/ferry.err" ]; then
        echo "  --- ferry stderr (last lines)"
        tail -n 10 "$tmp/ferry.err" | sed 's/^/  /'
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
