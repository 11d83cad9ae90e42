#!/bin/bash
# Run every test suite of `make test` and print one closing summary line.
# usage: tools/run-tests.sh FERRY BUILD_DIR GUEST_BUILD_DIR
set -u
ferry=$1 build=$2 guest=$3
passed=0 failed=0
failures=()

# Add "N passed, M failed" from a suite's output to the totals.
suite_start=$SECONDS
count() {
    local name=$1 out=$2 rc=$3
    local line p f
    # how long the suite took: make test has a time budget (CI: 20 minutes)
    [ $((SECONDS - suite_start)) -ge 2 ] && echo "   ($name: $((SECONDS - suite_start)) s)"
    suite_start=$SECONDS
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); failures+=("$name (no summary, exit $rc)")
        return
    fi
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
        failures+=("$name")
        [ "$f" -eq 0 ] && failed=$((failed + 1))
    fi
}

echo "== unit tests (cmocka)"
for t in "$build"/unit/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    p=$(grep -oE '\[  PASSED  \] [0-9]+' <<<"$out" | awk '{s += $NF} END {print s + 0}')
    f=$(grep -oE '\[  FAILED  \] [0-9]+' <<<"$out" | awk '{s += $NF} END {print s + 0}')
    echo "$(basename "$t"): ${p:-0} passed, ${f:-0} failed"
    count "$(basename "$t")" "${p:-0} passed, ${f:-0} failed" "$rc"
    [ "$rc" -ne 0 ] && echo "$out" | grep -E 'FAIL|ERROR|error' | head -20
done

echo "== guest programs"
out=$(tests/guest/run.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out"
count guest-programs "$out" "$rc"

# the same programs in each engine alone: the interpreter, and the JIT
# translating every block on its first run
for engine in --interp "--jit-threshold 1"; do
    echo "== guest programs, ferry run $engine"
    out=$(FERRY_OPTS="$engine" tests/guest/run.sh "$ferry" "$guest" 2>&1); rc=$?
    echo "$out" | grep -v '^ok '
    count "guest-programs ($engine)" "$out" "$rc"
done

# differential: every translated block run compared with the interpreter
# (programs with threads sharing memory are skipped: NAME.threads)
echo "== guest programs, ferry run --jit-verify --jit-threshold 1"
out=$(GUEST_TIMEOUT=120 FERRY_OPTS="--jit-verify --jit-threshold 1" tests/guest/run.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out" | grep -v '^ok '
count "guest-programs (--jit-verify)" "$out" "$rc"

echo "== --root containment (tests/guest/containment.sh)"
out=$(tests/guest/containment.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out" | grep -v '^ok ' | tail -n 20
count containment "$out" "$rc"

echo "== thread stress, repeated (tests/guest/threads_repeat.sh; make test-long runs it 100 times)"
out=$(tests/guest/threads_repeat.sh "$ferry run" "$guest" 10 2>&1); rc=$?
echo "$out" | tail -n 3
count thread-stress "$out" "$rc"
out=$(tests/guest/threads_repeat.sh "$ferry run --jit-threshold 1" "$guest" 10 2>&1); rc=$?
echo "$out" | tail -n 3
count "thread-stress (--jit-threshold 1)" "$out" "$rc"

# the interpreter alone, and the JIT translating every block
for engine in --interp "--jit-threshold 1"; do
    echo "== workloads, ferry run $engine (tests/workloads --quick: Lua, SQLite, bzip2/xz/zstd, busybox vs qemu-riscv64)"
    out=$(FERRY_OPTS="$engine" tests/workloads/run.sh "$ferry" --quick 2>&1); rc=$?
    echo "$out" | grep -v '^ok '
    count "workloads ($engine)" "$out" "$rc"
done

echo "== ISA suite (tests/isa, bare-metal machine, RV32 and RV64)"
out=$(tests/isa/run.sh "$ferry run --machine bare" build/isa 2>&1); rc=$?
echo "$out"
count isa "$out" "$rc"
for engine in --interp "--jit-threshold 1"; do
    echo "== ISA suite, ferry run $engine"
    out=$(tests/isa/run.sh "$ferry run --machine bare $engine" build/isa 2>&1); rc=$?
    echo "$out" | grep -v '^ok '
    count "isa ($engine)" "$out" "$rc"
done

echo "== differential against Unicorn (tests/diff, bounded run)"
out=$(tests/diff/run.sh "$build" 2>&1); rc=$?
echo "$out" | tail -n 15
count diff "$out" "$rc"

echo "== bad input"
out=$(tests/guest/bad_input.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out"
count bad-input "$out" "$rc"

echo "== command line"
out=$(tests/cli/run.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out"
count command-line "$out" "$rc"

echo "== JIT switches and code memory under pressure (tests/jit/run.sh)"
out=$(tests/jit/run.sh "$ferry" "$guest" build/workloads 2>&1); rc=$?
echo "$out"
count jit "$out" "$rc"

echo "== system mode: bare-metal programs on the virt board (tests/system/run_guest.sh)"
out=$(tests/system/run_guest.sh "$ferry" build 2>&1); rc=$?
echo "$out" | grep -v '^ok '
count system-guest "$out" "$rc"
for engine in --interp "--jit-threshold 1"; do
    echo "== system mode: bare-metal programs, ferry boot $engine"
    out=$(FERRY_OPTS="$engine" tests/system/run_guest.sh "$ferry" build 2>&1); rc=$?
    echo "$out" | grep -v '^ok '
    count "system-guest ($engine)" "$out" "$rc"
done

echo "== system mode: ferry boot refuses bad input (tests/system/bad_input.sh)"
out=$(tests/system/bad_input.sh "$ferry" 2>&1); rc=$?
echo "$out" | grep -v '^ok '
count system-bad-input "$out" "$rc"

echo "== system mode: the virt demo (tests/system/demo.sh)"
out=$(tests/system/demo.sh "$ferry" "$build/system/screenshot_check" build/roms/virt-demo.elf 2>&1); rc=$?
echo "$out"
count virt-demo "$out" "$rc"

echo "== system mode: Linux boots (built-in SBI, OpenSBI, U-Boot from the disk image)"
out=$(tests/system/boot_linux.sh "$ferry" build/linux-guest 2>&1); rc=$?
echo "$out"
count linux-boot "$out" "$rc"
for engine in --interp "--jit-threshold 1"; do
    echo "== system mode: Linux boots, ferry boot $engine"
    out=$(FERRY_OPTS="$engine" tests/system/boot_linux.sh "$ferry" build/linux-guest 2>&1); rc=$?
    echo "$out"
    count "linux-boot ($engine)" "$out" "$rc"
done

echo "== system mode: the SDL window under Xvfb (tests/system/window.sh)"
out=$(tests/system/window.sh "$ferry" "$build/system/screenshot_check" build/roms/virt-demo.elf build/linux-guest 2>&1); rc=$?
echo "$out"
count window "$out" "$rc"

echo "== user-mode demo (the torus, 3 frames, checked against qemu-riscv64 when present)"
out=$(tests/demo/run.sh "$ferry" "$guest" 2>&1); rc=$?
echo "$out"
count demo "$out" "$rc"

echo
if [ ${#failures[@]} -gt 0 ]; then
    printf 'failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
