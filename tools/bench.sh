#!/bin/bash
# `make bench`: time CPU-bound guest workloads natively, under qemu-riscv64,
# under ferry --interp and under ferry (JIT), side by side in one run (median
# of several runs each), and print one table of ratios with a geometric-mean
# row. Also reports ferry's guest instructions per second (JIT), the time it
# spent translating and the size of the code it made.
# Workloads: the project's own kernels (tools/bench/*.c) and, when
# tools/build-workloads.sh has built them, Lua, SQLite's speedtest1, bzip2
# and xz from Debian's sources.
# usage: tools/bench.sh FERRY BENCH_BUILD_DIR [RUNS]
set -eu
ferry=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2 runs=${3:-3}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$(pwd)
wl=$root/build/workloads
have_qemu=0
command -v qemu-riscv64 >/dev/null && have_qemu=1

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# seconds (wall) of one command run in $work with stdin from $input
time_once() {
    local start end
    start=$(date +%s.%N)
    (cd "$work" && "$@" <"$input" >/dev/null 2>&1)
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
}

time_median() {
    for _ in $(seq "$runs"); do time_once "$@"; done | median
}

# the project's kernels, built here for both machines
for k in cpu_kernels coremark_like dhrystone_like; do
    gcc -O2 -o "$dir/$k.native" "tools/bench/$k.c"
    riscv64-linux-gnu-gcc -static -O2 -o "$dir/$k.elf" "tools/bench/$k.c"
done
# inputs for the compressors: 4 MiB of text-like, compressible data
if [ ! -f "$dir/corpus" ]; then
    awk 'BEGIN { srand(7); for (i = 0; i < 60000; i++) {
            n = int(rand() * 12) + 2; s = "";
            for (j = 0; j < n; j++) s = s sprintf("%c", 97 + int(rand() * rand() * 26));
            printf "%s%s", s, (i % 11 == 10) ? "\n" : " " } }' >"$dir/words"
    while [ "$(stat -c %s "$dir/corpus" 2>/dev/null || echo 0)" -lt 4194304 ]; do cat "$dir/words" >>"$dir/corpus"; done
fi

# name | riscv64 binary | native binary | check output (1) or only status (0) | args...
workloads=(
    "cpu_kernels|$dir/cpu_kernels.elf|$dir/cpu_kernels.native|1|100"
    "coremark_like|$dir/coremark_like.elf|$dir/coremark_like.native|1|2000"
    "dhrystone_like|$dir/dhrystone_like.elf|$dir/dhrystone_like.native|1|5000000"
)
if [ -x "$wl/riscv64/lua" ]; then
    workloads+=("lua|$wl/riscv64/lua|$wl/x86_64/lua|1|$root/tests/workloads/lua/bench.lua|4")
    workloads+=("sqlite-speedtest1|$wl/riscv64/speedtest1|$wl/x86_64/speedtest1|0|--size|20|:memory:")
    workloads+=("bzip2|$wl/riscv64/bzip2|$wl/x86_64/bzip2|1|-9|-c|$dir/corpus")
    workloads+=("xz|$wl/riscv64/xz|$wl/x86_64/xz|1|-3|-c|-T1|$dir/corpus")
else
    echo "(tools/build-workloads.sh has not built the Debian workloads: kernels only)"
fi

work=$dir
input=/dev/null
printf '%-18s %8s %8s %8s %8s %8s %8s %8s %6s %8s %7s\n' workload native qemu interp jit \
    jit/nat jit/qemu qemu/nat MIPS "xlate ms" "code KB"
rows=()
for w in "${workloads[@]}"; do
    IFS='|' read -r -a f <<<"$w"
    name=${f[0]} elf=${f[1]} native=${f[2]} check=${f[3]}
    args=("${f[@]:4}")
    if [ "$check" = 1 ]; then
        want=$(cd "$work" && "$native" "${args[@]}" </dev/null | md5sum)
        for engine in --interp ""; do
            got=$(cd "$work" && "$ferry" run $engine "$elf" "${args[@]}" </dev/null | md5sum)
            if [ "$want" != "$got" ]; then
                echo "$name: ferry run $engine gives other output than the native build" >&2
                exit 1
            fi
        done
    fi
    tn=$(time_median "$native" "${args[@]}")
    tq=NA
    [ $have_qemu = 1 ] && tq=$(time_median qemu-riscv64 "$elf" "${args[@]}")
    ti=$(time_median "$ferry" run --interp "$elf" "${args[@]}")
    tj=$(time_median "$ferry" run "$elf" "${args[@]}")
    # (a guest that closes its stderr, as xz does, takes ferry's with it:
    # then the last columns stay empty)
    stats=$(cd "$work" && "$ferry" run --stats "$elf" "${args[@]}" 2>&1 >/dev/null </dev/null | grep '^ferry: ' || true)
    insns=$(sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' <<<"$stats")
    xlate=$(sed -n 's/.* \([0-9.]*\) ms translating.*/\1/p' <<<"$stats")
    bytes=$(sed -n 's/.* \([0-9]*\) bytes of code.*/\1/p' <<<"$stats")
    awk -v w="$name" -v n="$tn" -v q="$tq" -v i="$ti" -v j="$tj" -v ins="$insns" -v x="$xlate" -v b="$bytes" 'BEGIN {
        jq = (q == "NA") ? "NA" : sprintf("%.2fx", j / q);
        qn = (q == "NA") ? "NA" : sprintf("%.1fx", q / n);
        mips = (ins == "") ? "-" : sprintf("%.0f", ins / j / 1e6);
        xs = (x == "") ? "-" : sprintf("%.1f", x);
        kb = (b == "") ? "-" : sprintf("%.0f", b / 1024);
        printf "%-18s %7.3fs %7ss %7.3fs %7.3fs %7.1fx %8s %8s %6s %8s %7s\n",
            w, n, q, i, j, j / n, jq, qn, mips, xs, kb }'
    rows+=("$tn $tq $ti $tj")
done
printf '%s\n' "${rows[@]}" | awk '{
    k++; ln += log($4 / $1); li += log($3 / $1)
    if ($2 != "NA") { kq++; lq += log($4 / $2); lqn += log($2 / $1) } }
    END {
        printf "geomean: ferry (JIT) %.2fx native, ferry --interp %.2fx native", exp(ln / k), exp(li / k)
        if (kq) printf ", qemu-riscv64 %.2fx native; ferry (JIT) / qemu %.2fx", exp(lqn / kq), exp(lq / kq)
        printf "\n" }'
