#!/bin/bash
# `make bench`: time CPU-bound workloads natively, under qemu-riscv64 and under
# ferry, side by side in one run (median of several runs each), and print one
# table of ratios. Also reports ferry's guest instructions per second.
# usage: tools/bench.sh FERRY BENCH_BUILD_DIR [RUNS]
set -eu
ferry=$1 dir=$2 runs=${3:-3}
mkdir -p "$dir"

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# seconds (wall) of one command, output discarded
time_once() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | awk '{split($0, a, " - "); printf "%.4f\n", a[1] - a[2]}'
}

time_median() {
    for _ in $(seq "$runs"); do time_once "$@"; done | median
}

printf '%-14s %9s %9s %9s %11s %11s %9s\n' workload native qemu ferry ferry/native ferry/qemu "MIPS"
for w in cpu_kernels; do
    src=tools/bench/$w.c
    gcc -O2 -o "$dir/$w.native" "$src"
    riscv64-linux-gnu-gcc -static -O2 -o "$dir/$w.elf" "$src"
    arg=100
    want=$("$dir/$w.native" $arg)
    got=$("$ferry" run "$dir/$w.elf" $arg)
    if [ "$want" != "$got" ]; then
        echo "$w: ferry's output differs from native: $got vs $want" >&2
        exit 1
    fi
    tn=$(time_median "$dir/$w.native" $arg)
    tq=NA
    command -v qemu-riscv64 >/dev/null && tq=$(time_median qemu-riscv64 "$dir/$w.elf" $arg)
    tf=$(time_median "$ferry" run "$dir/$w.elf" $arg)
    insns=$("$ferry" run --stats "$dir/$w.elf" $arg 2>&1 >/dev/null | sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p')
    awk -v w="$w" -v n="$tn" -v q="$tq" -v f="$tf" -v i="$insns" 'BEGIN {
        fq = (q == "NA") ? "NA" : sprintf("%.2f", f / q);
        printf "%-14s %8.3fs %8ss %8.3fs %10.1fx %10sx %9.0f\n", w, n, q, f, f / n, fq, i / f / 1e6 }'
done
