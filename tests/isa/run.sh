#!/bin/bash
# Run ferry's ISA tests (tests/isa) on an emulator.
#
# usage: tests/isa/run.sh EMULATOR_CMD BUILD_DIR
#   EMULATOR_CMD  command prefix; the ELF path is appended, e.g.
#                   "build/ferry run --machine bare"
#                   "qemu-system-riscv64 -M spike -bios none -nographic -kernel"
#                 For qemu-system-riscv32/64 the binary matching each test's
#                 suffix (NAME-rv32.elf / NAME-rv64.elf) is used.
#   BUILD_DIR     directory holding the built tests (*.elf)
#
# A test passes when the emulator exits with status 0 (tohost = 1); any other
# status N is the number of the failing case (tohost = N << 1 | 1; 255 = the
# set-up code failed before the first case).  Each test gets TIMEOUT seconds
# (default 20).  Prints "ok NAME" or
# "FAIL NAME: case N" per test and ends with "N passed, M failed".
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 EMULATOR_CMD BUILD_DIR" >&2
    exit 2
fi
read -r -a cmd <<<"$1"
dir=$2
limit=${TIMEOUT:-20}

passed=0 failed=0
shopt -s nullglob
elfs=("$dir"/*.elf)
if [ ${#elfs[@]} -eq 0 ]; then
    echo "no tests (*.elf) in $dir" >&2
fi

for elf in "${elfs[@]}"; do
    name=$(basename "$elf" .elf)
    run=("${cmd[@]}")
    case ${run[0]} in
    *qemu-system-riscv32 | *qemu-system-riscv64)
        case $name in
        *-rv32) run[0]=${run[0]%64}; run[0]=${run[0]%32}32 ;;
        *-rv64) run[0]=${run[0]%64}; run[0]=${run[0]%32}64 ;;
        esac
        ;;
    esac
    start=$SECONDS
    timeout -k 5 "$limit" "${run[@]}" "$elf" </dev/null >/dev/null 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        echo "ok $name"
        passed=$((passed + 1))
    elif { [ $rc -eq 124 ] || [ $rc -eq 137 ]; } && [ $((SECONDS - start)) -ge "$limit" ]; then
        echo "FAIL $name: timeout after ${limit} s"
        failed=$((failed + 1))
    else
        echo "FAIL $name: case $rc"
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ ${#elfs[@]} -gt 0 ]
