#!/bin/bash
# The SDL frontend under a virtual X server (Xvfb):
#   linux-fbcon  Linux boots with the window open, its init writes a banner
#                to the framebuffer console, and the --screenshot taken at
#                poweroff must look like rendered text (screenshot_check);
#   demo-keys    the project's demo runs in the window and key presses sent
#                to the window (xdotool) reach the guest's virtio keyboard.
#
# usage: tests/system/window.sh FERRY SCREENSHOT_CHECK DEMO_ELF [GUEST_DIR]
# Prints "ok CASE" / "FAIL CASE: why" and "N passed, M failed".
set -u
ferry=$1 check=$2 demo=$3
dir=${4:-build/linux-guest}
passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-window.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# SDL's own libraries keep a few allocations at exit (libdbus, libX11)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

pass() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

if ! command -v xvfb-run >/dev/null; then
    fail window "xvfb-run is not installed (package xvfb)"
    echo "$passed passed, $failed failed"; exit 1
fi

# ---- Linux on the framebuffer console ----
if [ -f "$dir/Image" ]; then
    xvfb-run -a -s "-screen 0 1280x1024x24" timeout -k 5 200 "$ferry" boot --timeout 150 \
        --screenshot "$tmp/fb.png" -kernel "$dir/Image" -initrd "$dir/initramfs.cpio.gz" \
        -append "console=ttyS0 ferry.test=fb" </dev/null >"$tmp/out" 2>&1
    status=$?
    why=""
    [ "$status" -eq 0 ] || why="exit status $status"
    grep -q 'FERRY-TEST: done' "$tmp/out" || why="${why:+$why; }no 'FERRY-TEST: done' on the serial console"
    grep -q 'no display' "$tmp/out" && why="${why:+$why; }ran headless, not in a window"
    if [ ! -f "$tmp/fb.png" ]; then
        why="${why:+$why; }no screenshot written"
    elif ! "$check" --expect-text "$tmp/fb.png" >"$tmp/facts" 2>&1; then
        why="${why:+$why; }the screenshot does not look like text: $(tr '\n' ' ' <"$tmp/facts")"
    fi
    if [ -z "$why" ]; then pass "linux-fbcon ($(grep -E '^(nonblack|bbox)=' "$tmp/facts" | tr '\n' ' '))"
    else fail linux-fbcon "$why"; tail -n 15 "$tmp/out" | sed 's/^/  | /'; fi
else
    fail linux-fbcon "$dir/Image missing (tools/build-linux-guest.sh)"
fi

# ---- keys from the window reach the guest ----
if command -v xdotool >/dev/null && [ -f "$demo" ]; then
    cat >"$tmp/keys.sh" <<EOS
"$ferry" boot --timeout 60 -kernel "$demo" -append "demo.frames=600" </dev/null >"$tmp/demo.out" 2>&1 &
pid=\$!
for i in \$(seq 50); do
    win=\$(xdotool search --name '^ferry' 2>/dev/null | head -n 1)
    [ -n "\$win" ] && break
    sleep 0.2
done
sleep 1
xdotool windowactivate --sync "\$win" 2>/dev/null; xdotool windowfocus --sync "\$win" 2>/dev/null
xdotool key --window "\$win" a
sleep 0.5
xdotool key --window "\$win" Left
sleep 1
kill -TERM \$pid 2>/dev/null
wait \$pid
EOS
    xvfb-run -a -s "-screen 0 1280x1024x24" bash "$tmp/keys.sh" >/dev/null 2>&1
    why=""
    grep -q 'key 30 down' "$tmp/demo.out" || why="KEY_A (30) press not seen by the guest"
    grep -q 'key 105 down' "$tmp/demo.out" || why="${why:+$why; }KEY_LEFT (105) press not seen by the guest"
    if [ -z "$why" ]; then pass demo-keys; else fail demo-keys "$why"; tail -n 10 "$tmp/demo.out" | sed 's/^/  | /'; fi
else
    fail demo-keys "xdotool (package xdotool) or $demo missing"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
