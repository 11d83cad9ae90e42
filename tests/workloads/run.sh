#!/bin/bash
# Real-world workloads (Lua, SQLite, bzip2, xz, zstd, busybox; built from
# Debian sources by tools/build-workloads.sh) run under ferry and under
# qemu-riscv64, the reference, on the same binary and inputs.
#
# usage: tests/workloads/run.sh FERRY [--quick|--full]
#   --quick (default; make test)  small inputs, static binaries, ~2 minutes
#   --full  (make test-long)      larger inputs, every speedtest1 test set,
#                                 threaded compressors, the dynamically linked
#                                 variants; ends with a table of wall time and
#                                 peak memory under ferry and qemu
# Environment: WORKLOADS_DIR (default build/workloads), WORKLOAD_TIMEOUT
# (seconds per run; default 120 quick, 900 full), QEMU (default qemu-riscv64).
#
# For each case both emulators run in their own fresh directory with the same
# files, the same arguments, stdin and environment. A case passes when ferry's
# exit status, stdout (speedtest1: minus its timings) and every file left in
# its directory equal qemu's byte for byte, and qemu's status is the expected
# one (so a broken reference never passes silently). Decompression cases also
# check the output's sha256 against the original data.
# Prints "ok NAME" or "FAIL NAME: reason", then "N passed, M failed"; exits
# non-zero when anything failed.
set -u

usage() { echo "usage: $0 FERRY [--quick|--full]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
mode=quick
case ${2:---quick} in
--quick) mode=quick ;;
--full) mode=full ;;
*) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ferry=$1
# engine flags for every ferry run, e.g. FERRY_OPTS="--jit-threshold 1"
read -r -a engine_opts <<<"${FERRY_OPTS:-}"
case $ferry in /*) ;; *) ferry=$PWD/$ferry ;; esac
W=${WORKLOADS_DIR:-$root/build/workloads}
case $W in /*) ;; *) W=$PWD/$W ;; esac
sysroot=/usr/riscv64-linux-gnu
if [ "$mode" = full ]; then tmo=${WORKLOAD_TIMEOUT:-900}; else tmo=${WORKLOAD_TIMEOUT:-120}; fi

passed=0
failed=0
summary() { echo "$passed passed, $failed failed"; }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
ok() { echo "ok $1"; passed=$((passed + 1)); }

# ---- preconditions: each missing piece is one failure, never a silent pass ----
qemu=$(command -v "${QEMU:-qemu-riscv64}" || true)
timebin=/usr/bin/time
missing=""
for b in lua sqlite3 speedtest1 bzip2 xz zstd busybox; do
    [ -x "$W/riscv64/$b" ] || missing="$missing riscv64/$b"
    [ -x "$W/x86_64/$b" ] || missing="$missing x86_64/$b"
done
if [ "$mode" = full ]; then
    for b in lua sqlite3 bzip2; do [ -x "$W/riscv64-dyn/$b" ] || missing="$missing riscv64-dyn/$b"; done
fi
if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # one word per missing program
    set -- $missing
    fail workloads "not built: $# programs missing from $W (first: $1); run tools/build-workloads.sh"
    summary
    exit 1
fi
if [ -z "$qemu" ]; then
    fail workloads "qemu-riscv64 not found (the reference; package qemu-user)"
    summary
    exit 1
fi
if [ ! -x "$timebin" ]; then
    fail workloads "$timebin not found (package time)"
    summary
    exit 1
fi
if [ ! -x "$ferry" ]; then
    fail workloads "ferry binary $ferry not found"
    summary
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-workloads.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data"
# Run a copy of ferry: a long run must not see the binary change under it
# when someone rebuilds the tree meanwhile.
cp "$ferry" "$tmp/ferry" || { fail workloads "cannot copy $ferry"; summary; exit 1; }
ferry=$tmp/ferry
rows=()

# ---- one case -------------------------------------------------------------------
# Set these, then call run_case NAME:
#   bin       the riscv64 program
#   args      its arguments (array)
#   input     file for stdin (default /dev/null)
#   setup     function called with the fresh work directory (default none)
#   filter    function filtering stdout before the comparison (default cat)
#   want      expected exit status (default 0)
#   dyn       1: dynamically linked (qemu -L SYSROOT, ferry --sysroot SYSROOT)
#   sha       when set, stdout must also have this sha256 (decompression)
#   last      when set, qemu's stdout must end with this line (the script ran
#             to its end)
reset_case() {
    bin="" args=() input=/dev/null setup="" filter=cat want=0 dyn=0 sha="" last=""
}

# Same environment for both emulators: nothing inherited from the caller, and
# PATH pointing nowhere so that no program can fall back to a host tool.
guest_env=(env -i PATH=/nonexistent HOME=/nonexistent TZ=UTC LC_ALL=C TERM=dumb)

# run_one NAME EMU: run the current case under EMU (qemu|ferry); sets status
run_one() {
    local name=$1 emu=$2 d=$tmp/$1/$2 cmd
    mkdir -p "$d/work"
    [ -n "$setup" ] && "$setup" "$d/work"
    if [ "$emu" = qemu ]; then
        cmd=("$qemu")
        [ "$dyn" = 1 ] && cmd+=(-L "$sysroot")
    else
        cmd=("$ferry" run "${engine_opts[@]+"${engine_opts[@]}"}")
        [ "$dyn" = 1 ] && cmd+=(--sysroot "$sysroot")
    fi
    # the outer 2>/dev/null hides bash's notes about signals ("Killed")
    {
        (cd "$d/work" && timeout -k 5 "$tmo" "$timebin" -f '%e %M' -o "$d/time" \
            "${guest_env[@]}" "${cmd[@]}" "$bin" "${args[@]+"${args[@]}"}" \
            <"$input" >"$d/stdout" 2>"$d/stderr")
    } 2>/dev/null
    status=$?
    # GNU time prints "Command exited with non-zero status N" above its line
    [ -f "$d/time" ] || echo "- -" >"$d/time"
}

# last_words FILE: ": " and a file's last non-empty line (where an emulator
# says why it stopped), shortened and made printable; nothing for an empty file
last_words() {
    local l
    l=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-160 | cat -v)
    [ -n "$l" ] && echo ": $l"
}

# explain_stdout A B: where two stdout files first differ
explain_stdout() {
    local out line
    out=$(cmp "$1" "$2" 2>&1 | head -n 1)
    case $out in
    *"EOF on $1"*) echo "ferry's stdout is longer than qemu's ($(wc -c <"$2") vs $(wc -c <"$1") bytes)" ;;
    *"EOF on $2"*) echo "ferry's stdout is shorter than qemu's ($(wc -c <"$2") vs $(wc -c <"$1") bytes)" ;;
    *line*)
        line=${out##* }
        echo "stdout differs at line $line: qemu '$(sed -n "${line}p" "$1" | cut -c1-100 | cat -v)'" \
            "ferry '$(sed -n "${line}p" "$2" | cut -c1-100 | cat -v)'" ;;
    *) echo "stdout differs: $out" ;;
    esac
}

run_case() {
    local name=$1 d=$tmp/$1 qs fs r diffs
    run_one "$name" qemu
    qs=$status
    run_one "$name" ferry
    fs=$status
    rows+=("$name $(tail -n 1 "$d/ferry/time") $(tail -n 1 "$d/qemu/time")")
    "$filter" <"$d/qemu/stdout" >"$d/qemu/stdout.cmp"
    "$filter" <"$d/ferry/stdout" >"$d/ferry/stdout.cmp"
    if [ "$qs" -ne "$want" ]; then
        r="reference qemu-riscv64 exited $qs, expected $want"
        [ "$qs" -eq 124 ] && r="reference qemu-riscv64 timed out after $tmo s"
        fail "$name" "$r$(last_words "$d/qemu/stderr")"
        return
    fi
    if [ -n "$sha" ] && [ "$(sha256sum <"$d/qemu/stdout" | cut -d' ' -f1)" != "$sha" ]; then
        fail "$name" "reference qemu-riscv64 output has the wrong sha256"
        return
    fi
    if [ -n "$last" ] && [ "$(tail -n 1 "$d/qemu/stdout")" != "$last" ]; then
        fail "$name" "reference qemu-riscv64 stopped before the end of the script$(last_words "$d/qemu/stderr")"
        return
    fi
    if [ "$fs" -ne "$qs" ]; then
        r="exit status $fs, qemu $qs"
        [ "$fs" -eq 124 ] && r="timed out after $tmo s"
        fail "$name" "$r$(last_words "$d/ferry/stderr")"
        return
    fi
    if ! cmp -s "$d/qemu/stdout.cmp" "$d/ferry/stdout.cmp"; then
        fail "$name" "$(explain_stdout "$d/qemu/stdout.cmp" "$d/ferry/stdout.cmp")"
        return
    fi
    if [ -n "$sha" ] && [ "$(sha256sum <"$d/ferry/stdout" | cut -d' ' -f1)" != "$sha" ]; then
        fail "$name" "decompressed output has the wrong sha256"
        return
    fi
    diffs=$(diff -rq --no-dereference "$d/qemu/work" "$d/ferry/work" 2>&1 | head -n 1)
    if [ -n "$diffs" ]; then
        fail "$name" "files differ: ${diffs//$d\//}"
        return
    fi
    # same contents; then the same types and permissions (e.g. bzip2 -k
    # copies the input's mode to the output)
    (cd "$d/qemu/work" && find . -printf '%p %M\n' | sort) >"$d/qemu/modes"
    (cd "$d/ferry/work" && find . -printf '%p %M\n' | sort) >"$d/ferry/modes"
    diffs=$(diff "$d/qemu/modes" "$d/ferry/modes" | grep '^[<>]' | head -n 2 | tr '\n' ' ')
    if [ -n "$diffs" ]; then
        fail "$name" "file modes differ (< qemu, > ferry): $diffs"
        return
    fi
    ok "$name"
}

# ---- inputs ---------------------------------------------------------------------
R=$W/riscv64
N=$W/x86_64
if [ "$mode" = full ]; then lines=60000; else lines=20000; fi
awk -v lines="$lines" -f "$here/compress/gen-data.awk" >"$tmp/data/text" ||
    { fail workloads "cannot generate the compression input"; summary; exit 1; }
text_sha=$(sha256sum <"$tmp/data/text" | cut -d' ' -f1)
# a second, binary input for the long run: a real executable
cp "$R/sqlite3" "$tmp/data/binary"
binary_sha=$(sha256sum <"$tmp/data/binary" | cut -d' ' -f1)

speedtest_filter() { sed -E 's/ +[0-9]+\.[0-9]{3}s$//'; }
put_text() { cp "$tmp/data/text" "$1/data"; chmod 640 "$1/data"; }

# ---- Lua ------------------------------------------------------------------------
for f in "$here"/lua/*.lua; do
    n=$(basename "$f" .lua)
    [ "$n" = bench ] && continue
    reset_case; bin=$R/lua; args=("$f"); run_case "lua-$n"
done
reset_case; bin=$R/lua; args=("$here/lua/bench.lua" 1); run_case lua-bench
reset_case; bin=$R/lua; args=(-e 'io.write("bye\n") os.exit(7)'); want=7; run_case lua-exit-status
reset_case; bin=$R/lua; args=(-); input=$here/lua/closures.lua; run_case lua-stdin-script
reset_case; bin=$R/lua; args=(-e 'print("before") error("runtime failure")'); want=1; run_case lua-uncaught-error
if [ "$mode" = full ]; then
    reset_case; bin=$R/lua; args=("$here/lua/bench.lua" 3); run_case lua-bench-3
fi

# ---- SQLite ---------------------------------------------------------------------
for f in "$here"/sqlite/*.sql; do
    n=$(basename "$f" .sql)
    reset_case; bin=$R/sqlite3; args=(-bail -init /dev/null test.db); input=$f; run_case "sqlite-$n"
done
reset_case; bin=$R/speedtest1; args=(--size 5 st.db); filter=speedtest_filter; run_case speedtest1-main-5
if [ "$mode" = full ]; then
    for ts in "main 25" "cte 20" "fp 10" "orm 20" "rtree 5"; do
        # shellcheck disable=SC2086 # "SET SIZE" into two words
        set -- $ts
        reset_case; bin=$R/speedtest1; args=(--testset "$1" --size "$2" st.db); filter=speedtest_filter
        run_case "speedtest1-$1-$2"
    done
fi

# ---- compressors ----------------------------------------------------------------
# Compress in the work directory (file mode: creates, fchmods, utimes, deletes)
# or stdin -> stdout; the compressed bytes must equal qemu's. Decompress a
# stream made by the same version's native build and check the sha256.
# comp NAME PROG ARGS...: stdin -> stdout compression of the text
comp() {
    local name=$1 prog=$2
    shift 2
    reset_case; bin=$R/$prog; args=("$@"); input=$tmp/data/text; run_case "$name"
}
# decomp NAME PROG SRC SHA COMPRESS-ARGS...: decompression of SRC compressed natively
decomp() {
    local name=$1 prog=$2 src=$3 want_sha=$4
    shift 4
    "$N/$prog" "$@" -c <"$src" >"$tmp/data/$name.in" ||
        { fail "$name" "native $prog could not make the input"; return; }
    reset_case; bin=$R/$prog; args=(-d -c); input=$tmp/data/$name.in; sha=$want_sha; run_case "$name"
}

reset_case; bin=$R/bzip2; args=(-9 -k data); setup=put_text; run_case bzip2-compress-file
decomp bzip2-decompress bzip2 "$tmp/data/text" "$text_sha" -9
comp xz-compress xz -3 -T1 -c
decomp xz-decompress xz "$tmp/data/text" "$text_sha" -3
comp zstd-compress zstd -3 -c
decomp zstd-decompress zstd "$tmp/data/text" "$text_sha" -3
if [ "$mode" = full ]; then
    reset_case; bin=$R/xz; args=(-6 -k -T1 data); setup=put_text; run_case xz-compress-file
    comp xz-compress-T2 xz -6 -T2 -c
    comp zstd-compress-19 zstd -19 -c
    comp zstd-compress-T2 zstd -10 -T2 -c
    comp zstd-compress-long zstd --long=24 -5 -c
    reset_case; bin=$R/zstd; args=(-k -q data); setup=put_text; run_case zstd-compress-file
    decomp xz-decompress-binary xz "$tmp/data/binary" "$binary_sha" -9e
    decomp zstd-decompress-binary zstd "$tmp/data/binary" "$binary_sha" -19
    decomp bzip2-decompress-binary bzip2 "$tmp/data/binary" "$binary_sha" -9
    reset_case; bin=$R/bzip2; args=(-c); input=$tmp/data/binary; run_case bzip2-compress-binary
fi

# ---- busybox --------------------------------------------------------------------
reset_case; bin=$R/busybox; args=(sh "$here/busybox/script.sh"); last="== done"; run_case busybox-script

# ---- dynamically linked variants (full run) --------------------------------------
if [ "$mode" = full ]; then
    D=$W/riscv64-dyn
    for n in strings numbers coroutines; do
        reset_case; bin=$D/lua; args=("$here/lua/$n.lua"); dyn=1; run_case "dyn-lua-$n"
    done
    reset_case; bin=$D/sqlite3; args=(-bail -init /dev/null test.db); input=$here/sqlite/basics.sql; dyn=1
    run_case dyn-sqlite-basics
    reset_case; bin=$D/bzip2; args=(-9 -k data); setup=put_text; dyn=1; run_case dyn-bzip2-compress-file
fi

if [ "$mode" = full ]; then
    echo
    printf '%-28s %10s %12s %10s %12s\n' workload "ferry s" "ferry KB" "qemu s" "qemu KB"
    for r in "${rows[@]}"; do
        # shellcheck disable=SC2086 # a row's five words
        set -- $r
        printf '%-28s %10s %12s %10s %12s\n' "$1" "$2" "$3" "$4" "$5"
    done
    echo
fi
summary
[ "$failed" -eq 0 ]
