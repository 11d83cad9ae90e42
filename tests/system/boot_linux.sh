#!/bin/bash
# Boot tests: the Linux kernel, initramfs and disk image built by
# tools/build-linux-guest.sh boot headless on ferry's virt board
#   - with the built-in SBI (-kernel/-initrd),
#   - with Debian's OpenSBI (-bios fw_dynamic.bin, and fw_jump.bin),
#   - from the disk image alone, through Debian's U-Boot (extlinux.conf),
# run the init's block-device test (read the ext2 disk, write a scratch disk)
# and power off; checked by exit status, the init's markers, and the scratch
# disk's contents on the host.
#
# usage: tests/system/boot_linux.sh FERRY [GUEST_DIR]   (default build/linux-guest)
# Prints "ok CASE" / "FAIL CASE: why" and "N passed, M failed"; with
# FERRY_BOOT_TIMES=FILE, appends "CASE SECONDS INSTRUCTIONS" lines there.
set -u
ferry=$1
dir=${2:-build/linux-guest}
passed=0 failed=0
# FERRY_OPTS: more ferry options for every boot (e.g. --interp, --jit-threshold 1)
read -r -a extra <<<"${FERRY_OPTS:-}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-boot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
opensbi=/usr/lib/riscv64-linux-gnu/opensbi/generic

for f in Image initramfs.cpio.gz disk.img; do
    if [ ! -f "$dir/$f" ]; then
        echo "FAIL guest-images: $dir/$f missing (tools/build-linux-guest.sh did not build it)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

pass() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); [ -f "$tmp/out" ] && tail -n 25 "$tmp/out" | sed 's/^/  | /'; }

# boot CASE TIMEOUT_S -- FERRY_BOOT_ARGS...: run, keep stdout in $tmp/out
boot() {
    local name=$1 limit=$2
    shift 3
    truncate -s 0 "$tmp/scratch.img"
    truncate -s 4M "$tmp/scratch.img"
    local t0 t1
    t0=$(date +%s.%N)
    timeout -k 5 $((limit + 30)) "$ferry" boot --headless "${extra[@]}" --stats --timeout "$limit" "$@" \
        </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    t1=$(date +%s.%N)
    seconds=$(echo "$t1 - $t0" | bc)
    insns=$(grep -oE '[0-9]+ instructions' "$tmp/err" | tail -n 1 | cut -d' ' -f1)
    [ -n "${FERRY_BOOT_TIMES:-}" ] && echo "$name $seconds ${insns:-?}" >>"$FERRY_BOOT_TIMES"
    cat "$tmp/err" >>"$tmp/out"
}

# The scratch disk holds what the init's write test wrote: check it on the host.
scratch_written() {
    grep -q 'FERRY-BLOCK-WRITE: ok' "$tmp/out" && [ "$(tr -d '\0' <"$tmp/scratch.img" | wc -c)" -gt 0 ]
}

check_block_run() {
    local name=$1
    local why=""
    [ "$status" -eq 0 ] || why="exit status $status"
    for marker in 'FERRY-INIT: booted' 'FERRY-BLOCK-READ: ok' 'FERRY-BLOCK-WRITE: ok' 'FERRY-TEST: done'; do
        grep -q "$marker" "$tmp/out" || why="${why:+$why; }no '$marker'"
    done
    scratch_written || why="${why:+$why; }scratch disk unchanged on the host"
    if [ -z "$why" ]; then pass "$name (${seconds}s)"; else fail "$name" "$why"; fi
}

linux=(-kernel "$dir/Image" -initrd "$dir/initramfs.cpio.gz" -append "console=ttyS0 ferry.test=block")
disks=(--drive "$dir/disk.img,ro" --drive "$tmp/scratch.img")

boot linux-builtin-sbi 120 -- "${linux[@]}" "${disks[@]}"
check_block_run linux-builtin-sbi

boot linux-opensbi-fw_dynamic 120 -- -bios "$opensbi/fw_dynamic.bin" "${linux[@]}" "${disks[@]}"
check_block_run linux-opensbi-fw_dynamic

boot linux-opensbi-fw_jump 120 -- -bios "$opensbi/fw_jump.bin" "${linux[@]}" "${disks[@]}"
check_block_run linux-opensbi-fw_jump

# the distribution way: only a disk; U-Boot finds /boot/extlinux/extlinux.conf
boot uboot-disk 180 -- "$dir/disk.img,ro" --drive "$tmp/scratch.img"
check_block_run uboot-disk

boot uboot-disk-opensbi 180 -- -bios "$opensbi/fw_dynamic.bin" "$dir/disk.img,ro" --drive "$tmp/scratch.img"
check_block_run uboot-disk-opensbi

# a failing guest: the poweroff status reaches the exit status
boot linux-exit-status 120 -- -kernel "$dir/Image" -initrd "$dir/initramfs.cpio.gz" \
    -append "console=ttyS0 ferry.test=exit=7"
if grep -q 'FERRY-INIT: booted' "$tmp/out" && [ "$status" -eq 7 ]; then
    pass linux-exit-status
else
    fail linux-exit-status "exit status $status, expected 7"
fi

# the serial console takes input: once the init's shell is up, type into it
# through the UART (ferry's stdin) and power off from it
mkfifo "$tmp/in"
timeout -k 5 120 "$ferry" boot --headless "${extra[@]}" --timeout 90 -kernel "$dir/Image" -initrd "$dir/initramfs.cpio.gz" \
    -append "console=ttyS0" <"$tmp/in" >"$tmp/out" 2>&1 &
pid=$!
exec 7>"$tmp/in"
for _ in $(seq 600); do
    grep -aq 'interactive shell' "$tmp/out" && break
    sleep 0.1
done
sleep 0.5
printf 'echo typed-$((6*7))\n' >&7
sleep 1
printf 'poweroff -f\n' >&7
wait "$pid"
status=$?
exec 7>&-
if [ "$status" -eq 0 ] && grep -aq '^typed-42' "$tmp/out"; then
    pass linux-serial-shell
else
    fail linux-serial-shell "exit status $status; the shell's answer 'typed-42' not seen"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
