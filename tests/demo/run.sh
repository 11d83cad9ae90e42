#!/bin/bash
# The demo that `make run` shows, rendered non-interactively: three frames and
# a checksum line. The picture must match the expected checksum and, where
# qemu-riscv64 is installed, qemu's output byte for byte.
# usage: tests/demo/run.sh FERRY BUILD_DIR (BUILD_DIR holds demo.elf)
set -u
ferry=$1 demo=$2/demo.elf
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

out=$(FERRY_DEMO_FRAMES=3 timeout 120 "$ferry" run "$demo" </dev/null); status=$?
[ $status -eq 0 ] && ok demo-status || bad "demo-status: $status"
last=$(tail -n 1 <<<"$out" | sed 's/\x1b\[[0-9;]*m//g')
[ "$last" = "$(cat "$here/demo.expected")" ] && ok demo-checksum || bad "demo-checksum: got '$last'"
if command -v qemu-riscv64 >/dev/null; then
    ref=$(FERRY_DEMO_FRAMES=3 qemu-riscv64 "$demo" </dev/null)
    [ "$out" = "$ref" ] && ok demo-vs-qemu || bad "demo-vs-qemu: output differs"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
