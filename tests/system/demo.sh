#!/bin/bash
# The virt demo (roms/virt-demo, what `make run` boots) on ferry's virt board,
# headless in its test mode: N frames on a deterministic animation clock,
# then a checksum of the framebuffer and poweroff.
#   - exit status 0, the framebuffer and keyboard found through the device tree
#   - the same checksum on two runs (deterministic) and for a different N a
#     different one (the animation really moves)
#   - the --screenshot holds a rendered scene (many colours), not a black frame
#
# usage: tests/system/demo.sh FERRY SCREENSHOT_CHECK DEMO_ELF
set -u
ferry=$1 check=$2 demo=$3
passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

run() { # run FRAMES OUT [SCREENSHOT]
    local shot=()
    [ -n "${3:-}" ] && shot=(--screenshot "$3")
    timeout -k 5 90 "$ferry" boot --headless --timeout 60 -kernel "$demo" -append "demo.frames=$1" "${shot[@]}" \
        </dev/null >"$2" 2>&1
}

run 20 "$tmp/a" "$tmp/a.png"; sa=$?
run 20 "$tmp/b"; sb=$?
run 21 "$tmp/c"; sc=$?
sum() { grep -oE 'checksum [0-9a-f]+' "$1" | cut -d' ' -f2; }
why=""
[ "$sa$sb$sc" = 000 ] || why="exit statuses $sa $sb $sc"
grep -q 'framebuffer 800x600' "$tmp/a" || why="${why:+$why; }framebuffer not found in the device tree"
grep -q 'keyboard "ferry keyboard"' "$tmp/a" || why="${why:+$why; }virtio keyboard not found"
if [ -z "$why" ]; then pass "demo-boots (checksum $(sum "$tmp/a"))"; else fail demo-boots "$why"; sed 's/^/  | /' "$tmp/a"; fi

if [ -n "$(sum "$tmp/a")" ] && [ "$(sum "$tmp/a")" = "$(sum "$tmp/b")" ]; then pass demo-deterministic
else fail demo-deterministic "checksums '$(sum "$tmp/a")' and '$(sum "$tmp/b")' differ"; fi
if [ -n "$(sum "$tmp/c")" ] && [ "$(sum "$tmp/a")" != "$(sum "$tmp/c")" ]; then pass demo-animates
else fail demo-animates "frame 21 has the same checksum as frame 20"; fi

if "$check" "$tmp/a.png" >"$tmp/facts" 2>&1 && [ "$(grep -oE '^colours=[0-9]+' "$tmp/facts" | cut -d= -f2)" -gt 100 ]; then
    pass "demo-screenshot ($(grep '^colours=' "$tmp/facts"))"
else
    fail demo-screenshot "the screenshot is not a rendered scene: $(tr '\n' ' ' <"$tmp/facts")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
