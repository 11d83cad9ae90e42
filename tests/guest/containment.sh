#!/bin/bash
# --root containment: run tests/guest/fs_escape.c confined to a scratch root
# and check that none of its escape attempts reached the host.
#
# usage: tests/guest/containment.sh FERRY GUEST_BUILD_DIR
#
# Layout (all under one mktemp directory T, removed afterwards):
#   T/canary.txt          a secret the guest must never read, write or remove
#   T/root/               the guest's "/": bin/fs_escape.elf, etc/passwd,
#                         scratch/, sub/deeper/, hostlink -> T/canary.txt (an
#                         absolute symlink the host made), sub/uplink -> ../../..,
#                         bin/hostcat (the host's cat, which must not run)
# fs_escape aims every attempt that changes something so that an escape
# would land in T (names one level above the root, its own files in
# /scratch): a broken confinement shows here, without harming the host.
# The guest runs with T as its parent's working directory (so that
# /proc/PPID/cwd would lead to the canary) and prints one line per attempt;
# each expected line is one check here, then the host is inspected: the
# canary untouched, nothing new outside the root, what the guest created
# inside it. Prints "ok NAME" or "FAIL NAME: reason" per check and a last
# line "N passed, M failed"; exits non-zero when anything failed.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 FERRY GUEST_BUILD_DIR" >&2
    exit 2
fi
ferry=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$2
passed=0
failed=0

ok() {
    echo "ok $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

elf=$build/fs_escape.elf
if [ ! -f "$elf" ]; then
    fail fs_escape-built "$elf not built"
    finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-contain.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd -P)
root=$tmp/root
results=$tmp/results
secret="CANARY-$$-$RANDOM-SECRET"
mkdir -p "$root/bin" "$root/etc" "$root/scratch" "$root/sub/deeper" "$results"
echo "inside passwd" >"$root/etc/passwd"
echo "$secret" >"$tmp/canary.txt"
touch -d '2001-02-03 04:05:06' "$tmp/canary.txt"
cp "$elf" "$root/bin/fs_escape.elf"
ln -s "$tmp/canary.txt" "$root/hostlink"
ln -s ../../.. "$root/sub/uplink"
# a program for the host's own architecture: run by the host it would be
# confined by nothing
hostcat=$(command -v cat)
[ -n "$hostcat" ] && cp "$(readlink -f "$hostcat")" "$root/bin/hostcat"

# what exists outside the root before the run
snapshot() {
    (cd "$tmp" && find . -path ./root -prune -o -path ./results -prune -o -print | sort)
}
snapshot >"$results/before"
canary_state() { stat -c '%s %Y %a' "$tmp/canary.txt" && cat "$tmp/canary.txt"; }
canary_state >"$results/canary-before"
devnull_before=$(stat -c '%F %a' /dev/null)

# the parent of ferry has T as its working directory (a subshell that does
# not exec: the status goes to a file)
(cd "$tmp" && timeout -k 5 60 "$ferry" run --root "$root" /bin/fs_escape.elf "$secret" "$tmp/canary.txt" "$tmp" \
    >"$results/out" 2>"$results/err" </dev/null
    echo $? >"$results/status")
status=$(cat "$results/status")
out=$results/out

if [ "$status" = 0 ]; then
    ok run-exits-0
else
    fail run-exits-0 "exit status $status; stderr: $(tail -n 3 "$results/err" | tr '\n' ' ')"
fi
if grep -q "$secret" "$out" "$results/err"; then
    fail secret-never-printed "the canary's text appears in the guest's output"
else
    ok secret-never-printed
fi
if grep -q ESCAPED "$out"; then
    fail no-escape-reported "$(grep ESCAPED "$out" | head -n 3 | tr '\n' ';')"
else
    ok no-escape-reported
fi

# expected lines: "check-name|exact line"
while IFS='|' read -r name line; do
    [ -z "$name" ] && continue
    if grep -qxF -- "$line" "$out"; then
        ok "$name"
    else
        got=$(grep -F -- "${line%%:*}:" "$out" | head -n 1)
        fail "$name" "expected '$line', got '${got:-nothing}'"
    fi
done <<'EOF'
cwd-starts-at-root|start: cwd /
root-etc-is-the-roots|root's own /etc/passwd: inside (inside passwd)
absolute-host-path|host path: blocked (ENOENT)
dotdot-then-host-path|dot-dot then host path: blocked (ENOENT)
dotdot-chain|dot-dots to the canary: blocked (ENOENT)
roots-parent|root's parent: blocked (ENOENT)
stat-host-path|stat the host path: blocked (ENOENT)
stat-next-to-root|stat the canary next to the root: blocked (ENOENT)
list-dotdot-is-root|list /..: bin etc hostlink scratch sub
cwd-deeper|chdir /sub/deeper: cwd /sub/deeper
dotdot-from-deeper|dot-dots from there: blocked (ENOENT)
chdir-far-up|chdir far up: cwd /
guest-symlink-to-root|symlink to / then ..: blocked (ENOENT)
guest-symlink-up|symlink ../../.. then canary: blocked (ENOENT)
guest-symlink-up-host-path|symlink ../../.. then host path: blocked (ENOENT)
guest-symlink-to-host-path|symlink to the host path: blocked (ENOENT)
symlink-chain|a chain of symlinks: blocked (ENOENT)
write-through-symlink|write through the symlink to the host path: blocked (ENOENT)
symlink-loop|a symlink loop: blocked (ELOOP)
host-made-absolute-symlink|pre-made absolute symlink to the host path: blocked (ENOENT)
host-made-relative-symlink|pre-made relative symlink up: blocked (ENOENT)
dirfd-dotdot|dirfd then dot-dots: blocked (ENOENT)
dirfd-absolute|dirfd then absolute host path: blocked (ENOENT)
fchdir-inside|after fchdir: cwd /sub/deeper
proc-fd-dotdot|through /proc/self/fd/N/..: blocked (ENOENT)
proc-exe-is-guest-path|readlink /proc/self/exe: /bin/fs_escape.elf
proc-cwd-is-guest-path|readlink /proc/self/cwd: /
proc-root-is-slash|readlink /proc/self/root: /
proc-root-dotdot|/proc/self/root/..: blocked (ENOENT)
proc-cwd-dotdot|/proc/self/cwd/..: blocked (ENOENT)
parent-cwd|the parent's cwd: blocked (EACCES)
parent-root|the parent's root: blocked (EACCES)
parent-root-readlink|readlink the parent's cwd: blocked (EACCES)
init-root|init's root: blocked (EACCES)
mountinfo-hidden|/proc/self/mountinfo: blocked (ENOENT)
mounts-hidden|/proc/mounts: blocked (ENOENT)
maps-hide-host-root|maps name the host root: no
ferry-memory|ferry's memory: blocked (EACCES)
kernel-memory|the kernel's memory: blocked (EACCES)
parent-environment|the parent's environment: blocked (EACCES)
no-device-nodes|mknod a disk: EPERM
dev-null-works|write /dev/null: wrote 21 bytes (inside)
dev-dotdot|/dev/.. to the canary: blocked (ENOENT)
dev-null-not-changed|touch /dev/null: EROFS
write-host-path|write the host path: blocked (ENOENT)
create-next-to-root|create next to the root: wrote 21 bytes (inside)
rename-above-root|rename to above the root: ok (inside)
link-above-root|link to above the root: ok (inside)
mkdir-above-root|mkdir above the root: ok (inside)
symlink-above-root|symlink made above the root: ok (inside)
unlink-canary|unlink the canary: ENOENT
chroot-refused|chroot: EPERM
escapes-zero|escapes: 0
EOF

# running a host program from inside the root must fail, whatever errno
if grep -q "^run a host program: blocked (" "$out"; then
    ok host-program-not-run
else
    fail host-program-not-run "$(grep -F "run a host program:" "$out" | head -n 1)"
fi

# the host, after the run
if [ "$(canary_state)" = "$(cat "$results/canary-before")" ]; then
    ok canary-untouched
else
    fail canary-untouched "the canary changed: $(canary_state | head -n 1)"
fi
snapshot >"$results/after"
if cmp -s "$results/before" "$results/after"; then
    ok nothing-new-outside-root
else
    fail nothing-new-outside-root "$(diff "$results/before" "$results/after" | grep '^[<>]' | head -n 5 | tr '\n' ' ')"
fi
if [ "$(stat -c '%F %a' /dev/null)" = "$devnull_before" ]; then
    ok host-dev-null-unchanged
else
    fail host-dev-null-unchanged "now $(stat -c '%F %a' /dev/null)"
fi
missing=""
for f in created.txt renamed linked made_dir made_link etc/passwd; do
    [ -e "$root/$f" ] || [ -L "$root/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
    ok made-inside-the-root
else
    fail made-inside-the-root "missing in the root:$missing"
fi

# a working directory inside the root is kept as the guest's
(cd "$root/sub/deeper" && timeout -k 5 60 "$ferry" run --root "$root" /bin/fs_escape.elf "$secret" "$tmp/canary.txt" \
    "$tmp" >"$results/out2" 2>&1 </dev/null
    echo $? >"$results/status2")
if grep -qxF "start: cwd /sub/deeper" "$results/out2"; then
    ok cwd-inside-root-kept
else
    fail cwd-inside-root-kept "$(head -n 1 "$results/out2")"
fi

# a program outside the root cannot be started
if "$ferry" run --root "$root" "$tmp/canary.txt" >"$results/out3" 2>&1 </dev/null; then
    fail program-outside-root "it ran"
elif grep -q "inside the root" "$results/out3"; then
    ok program-outside-root
else
    fail program-outside-root "$(head -n 1 "$results/out3")"
fi

finish
