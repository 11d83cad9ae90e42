#!/bin/bash
# Command-line behaviour of ferry that the guest-program tests don't cover:
# --trace output, --strace output and its "unsupported call reported once",
# --help and --version.
# usage: tests/cli/run.sh FERRY BUILD_DIR (BUILD_DIR holds trace_prog.elf)
set -u
ferry=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected file, actual file
    if diff -u "$2" "$3" >"$tmp/diff"; then
        echo "ok $1"; passed=$((passed + 1))
    else
        echo "FAIL $1:"; head -40 "$tmp/diff"; failed=$((failed + 1))
    fi
}

prog=$build/trace_prog.elf

# --trace: every instruction with its disassembly and changed registers.
env -i "$ferry" run --trace "$prog" >"$tmp/trace.out" 2>"$tmp/trace.err"
echo "status=$?" >>"$tmp/trace.out"
check trace-stdout "$here/trace.stdout" "$tmp/trace.out"
check trace-log "$here/trace.expected" "$tmp/trace.err"

# --strace: calls with decoded arguments; the unknown call is named once.
env -i "$ferry" run --strace "$prog" >/dev/null 2>"$tmp/strace.err"
check strace-log "$here/strace.expected" "$tmp/strace.err"

# --help goes to stdout with status 0; --version names the program.
"$ferry" --help >"$tmp/help" 2>&1 && grep -q '^usage: ferry run' "$tmp/help"
r=$?; [ $r -eq 0 ] && { echo "ok help"; passed=$((passed + 1)); } || { echo "FAIL help"; failed=$((failed + 1)); }
v=$("$ferry" --version)
[[ $v =~ ^ferry\ [0-9]+\.[0-9]+ ]] && { echo "ok version"; passed=$((passed + 1)); } || { echo "FAIL version: $v"; failed=$((failed + 1)); }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
