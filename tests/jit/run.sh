#!/bin/bash
# The JIT's switches and the behaviours the guest programs do not force:
# code memory flushed under pressure, --dump-jit, --interp, the threshold,
# and bad values for the flags.
# usage: tests/jit/run.sh FERRY GUEST_BUILD_DIR WORKLOAD_DIR
set -u
ferry=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
guest=$2
workloads=$(cd "$3" 2>/dev/null && pwd || echo "$3")
here=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-jit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# a number from the --stats lines: stat FILE 'blocks translated'
stat() { sed -n "s/.* \([0-9][0-9]*\) $2.*/\1/p" "$1" | head -n 1; }

# Code memory far too small for Lua: flushed again and again, same output.
lua=$workloads/riscv64/lua
script=$here/workloads/lua/tables.lua
if [ ! -x "$lua" ]; then
    bad cache-pressure "no $lua (tools/build-workloads.sh builds it)"
else
    (cd "$here/workloads/lua" && "$ferry" run --interp "$lua" "$script") >"$tmp/lua.want" 2>/dev/null
    (cd "$here/workloads/lua" && "$ferry" run --jit-threshold 1 --jit-cache 1 --stats "$lua" "$script") \
        >"$tmp/lua.got" 2>"$tmp/lua.stats"
    flushes=$(stat "$tmp/lua.stats" 'code flushes')
    if ! cmp -s "$tmp/lua.want" "$tmp/lua.got"; then
        bad cache-pressure "output differs from --interp"
    elif [ "${flushes:-0}" -lt 1 ]; then
        bad cache-pressure "no code flush with 1 MiB (stats: $(tail -n 1 "$tmp/lua.stats"))"
    else
        ok "cache-pressure ($flushes flushes)"
    fi
fi

# --dump-jit prints each translated block: its guest code, IR and size.
prog=$guest/qsort_strings.elf
"$ferry" run --dump-jit --stats "$prog" >"$tmp/q.out" 2>"$tmp/q.err"
dumped=$(grep -c '^---- jit: block' "$tmp/q.err")
translated=$(stat "$tmp/q.err" 'blocks translated')
if [ "$dumped" -gt 0 ] && [ "$dumped" = "$translated" ] && grep -q '^block 0x' "$tmp/q.err" &&
    grep -q 'bytes of x86-64' "$tmp/q.err" && cmp -s "$tmp/q.out" "$here/guest/qsort_strings.expected"; then
    ok "dump-jit ($dumped blocks)"
else
    bad dump-jit "$dumped blocks dumped, $translated translated"
fi

# --interp translates nothing; the default translates the hot blocks only;
# threshold 1 nearly everything.
"$ferry" run --interp --stats "$prog" >/dev/null 2>"$tmp/i.err"
"$ferry" run --stats "$prog" >/dev/null 2>"$tmp/d.err"
"$ferry" run --jit-threshold 1 --stats "$prog" >/dev/null 2>"$tmp/1.err"
"$ferry" run --jit-threshold 100000000 --stats "$prog" >/dev/null 2>"$tmp/h.err"
i=$(stat "$tmp/i.err" 'blocks translated') d=$(stat "$tmp/d.err" 'blocks translated')
one=$(stat "$tmp/1.err" 'blocks translated') h=$(stat "$tmp/h.err" 'blocks translated')
if [ "$i" = 0 ] && [ "$h" = 0 ] && [ "$d" -gt 0 ] && [ "$one" -gt "$d" ]; then
    ok "thresholds (interp $i, huge $h, default $d, 1: $one)"
else
    bad thresholds "interp $i, huge $h, default $d, 1: $one"
fi

# Bad values: one line naming the flag, status 2.
for args in "--jit-threshold 0" "--jit-threshold x" "--jit-cache 0" "--jit-cache 5000" "--jit-threshold"; do
    read -r -a a <<<"$args"
    "$ferry" run "${a[@]}" "$prog" >"$tmp/b.out" 2>"$tmp/b.err"
    r=$?
    if [ $r -eq 2 ] && [ "$(wc -l <"$tmp/b.err")" -eq 1 ] && grep -q -- "${a[0]}" "$tmp/b.err"; then
        ok "bad-flag: $args"
    else
        bad "bad-flag: $args" "status $r, stderr: $(head -c 200 "$tmp/b.err")"
    fi
done

# --jit-verify: every translated block run is compared with the
# interpreter's; a clean program reports the count, and a wrong result
# (injected after the 100th comparison) stops ferry with status 70 and a
# report naming the block and the register.
"$ferry" run --jit-verify --jit-threshold 1 --stats "$prog" >"$tmp/v.out" 2>"$tmp/v.err"
r=$?
verified=$(stat "$tmp/v.err" 'block runs matched')
if [ $r -eq 0 ] && [ "${verified:-0}" -gt 100 ] && cmp -s "$tmp/v.out" "$here/guest/qsort_strings.expected"; then
    ok "jit-verify ($verified block runs matched)"
else
    bad jit-verify "status $r, $(grep 'jit verify' "$tmp/v.err" | head -n 2)"
fi
FERRY_JIT_VERIFY_INJECT=100 "$ferry" run --jit-verify --jit-threshold 1 "$prog" >/dev/null 2>"$tmp/vi.err"
r=$?
if [ $r -eq 70 ] && grep -qE '^ferry: jit verify: block 0x[0-9a-f]+: a0 is 0x[0-9a-f]+ in the interpreter' "$tmp/vi.err"; then
    ok "jit-verify catches a wrong result"
else
    bad "jit-verify catches a wrong result" "status $r, $(head -n 2 "$tmp/vi.err")"
fi
# user mode only
"$ferry" run --machine bare --jit-verify "$prog" >/dev/null 2>"$tmp/vb.err"
r=$?
if [ $r -eq 2 ] && [ "$(wc -l <"$tmp/vb.err")" -eq 1 ] && grep -q -- --jit-verify "$tmp/vb.err"; then
    ok "jit-verify refused on the bare machine"
else
    bad "jit-verify refused on the bare machine" "status $r, $(head -c 200 "$tmp/vb.err")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
