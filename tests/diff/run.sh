#!/bin/bash
# Differential tests against Unicorn: ferry's interpreter and Unicorn run the
# same random instructions from the same state and must agree (tests/diff/).
#
# usage: tests/diff/run.sh BUILD_DIR          bounded run for `make test`:
#                                             RV64 and RV32 side by side, every class
#        tests/diff/run.sh BUILD_DIR --long   >= 10^8 instructions over many seeds
#                                             (`make test-long`; prints progress)
#
# Environment: RV_DIFF_CASES (cases per XLEN, bounded run), RV_DIFF_SEED (its
# seed), RV_DIFF_LONG_SEEDS and RV_DIFF_LONG_CASES (seeds per XLEN and cases
# per seed in the long run). Both modes end with one line "N passed, M failed".
set -u
build=${1:?usage: run.sh BUILD_DIR [--long]}
mode=${2:-}
bin=$build/diff/rv_diff
if [ ! -x "$bin" ]; then
    echo "rv_diff is not built ($bin)"
    echo "0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0

# Add one run's closing line to the totals; a run without one (it crashed)
# counts as a failure, and its end is shown.
tally() {
    local out=$1 line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "rv_diff ended without a summary ($out):"
        tail -n 20 "$out"
        failed=$((failed + 1))
        return
    fi
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
}

if [ "$mode" != "--long" ]; then
    cases=${RV_DIFF_CASES:-150000}
    seed=${RV_DIFF_SEED:-1}
    start=$SECONDS
    for x in 64 32; do
        "$bin" --xlen "$x" --seed "$seed" --count "$cases" >"$tmp/rv$x.out" 2>&1 &
    done
    wait
    for x in 64 32; do
        # everything but the closing line, which is summed below
        grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$tmp/rv$x.out"
        tally "$tmp/rv$x.out"
    done
    echo "differential run: $((SECONDS - start)) s"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

# --long: one worker per XLEN (the machine has two cores), each through its
# seeds; a line of progress per seed.
seeds=${RV_DIFF_LONG_SEEDS:-50}
cases=${RV_DIFF_LONG_CASES:-1000000}
echo "long differential run: $seeds seeds x $cases cases per XLEN, RV64 and RV32 in parallel"
worker() {
    local x=$1 s out
    for ((s = 1; s <= seeds; s++)); do
        out=$tmp/rv$x.seed$s.out
        "$bin" --xlen "$x" --seed "$((1000 + s))" --count "$cases" >"$out" 2>&1
        echo "rv$x seed $((1000 + s)) ($s/$seeds, $((SECONDS - start)) s): $(tail -n 1 "$out")"
    done
}
start=$SECONDS
worker 64 &
worker 32 &
wait
for out in "$tmp"/rv*.seed*.out; do
    if grep -q '^MISMATCH' "$out"; then
        echo "== mismatches in $(basename "$out" .out)"
        grep -A14 '^MISMATCH' "$out" | head -n 200
    fi
    tally "$out"
done
echo "long differential run: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
