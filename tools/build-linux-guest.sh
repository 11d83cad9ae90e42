#!/bin/bash
# Build the Linux guest that ferry's system mode boots on its `virt` board (the
# same board as QEMU's riscv `virt` machine), from Debian 12 sources:
#
#   build/linux-guest/Image               RV64 Linux 6.1 kernel (Debian's
#                                         linux-source-6.1, allnoconfig plus
#                                         tools/linux-guest.config)
#   build/linux-guest/busybox             static riscv64 busybox
#   build/linux-guest/initramfs.cpio.gz   busybox + tools/linux-guest/init
#   build/linux-guest/disk.img            MBR disk: one ext2 partition with
#                                         /boot (kernel, initramfs, extlinux.conf
#                                         for U-Boot) and /ferry test data
#
# usage: tools/build-linux-guest.sh
#
# Each output is rebuilt only when its inputs changed: a file NAME.inputs next
# to it holds a hash of what it was built from. A run with nothing to do takes
# well under a second. tools/linux-guest/README.md describes the images and the
# init's test modes.
#
# Environment: FERRY_GUEST_BUSYBOX=build builds busybox here even when
# tools/build-workloads.sh has built a usable one.
set -eu -o pipefail

cd "$(dirname "$0")/.."
TOP=$PWD
OUT=$TOP/build/linux-guest
LOG=$OUT/log
JOBS=$(nproc 2>/dev/null || echo 2)
FRAGMENT=$TOP/tools/linux-guest.config
GUEST=$TOP/tools/linux-guest
TARBALL=/usr/src/linux-source-6.1.tar.xz
WORKLOADS=$TOP/build/workloads
KMAKE=(make ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-)
# mke2fs and sfdisk live in /sbin
PATH=$PATH:/usr/sbin:/sbin
# Fixed time stamps, user and host make the initramfs and the disk image the
# same bytes on every machine (2024-01-01 00:00 UTC).
EPOCH=1704067200
export KBUILD_BUILD_USER=ferry KBUILD_BUILD_HOST=ferry
export KBUILD_BUILD_TIMESTAMP="Mon Jan 1 00:00:00 UTC 2024"
# Applets the init uses (checked in the busybox binary before it is used)
APPLETS="sh mount umount mkdir cat echo md5sum dd cmp sync poweroff setsid cttyhack sleep
  grep head ls mknod cut sed readlink uname devmem printf rm"
# The line in /ferry/hello.txt; tools/linux-guest/init checks for the same text
HELLO_LINE='Hello from the ferry guest disk.'
# Disk layout: 16 MiB, one partition from 1 MiB (sector 2048) to the end
DISK_MIB=16
DISK_UUID=66657272-7900-4000-8000-000000000001
start=$(date +%s.%N)

say() { echo "build-linux-guest: $*"; }
die() {
    echo "build-linux-guest: error: $*" >&2
    exit 1
}
elapsed() { awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# run_logged NAME CMD...: run CMD with its output appended to $LOG/NAME.log;
# on failure show the end of the log and stop
run_logged() {
    local name=$1
    shift
    if ! "$@" >>"$LOG/$name.log" 2>&1; then
        tail -n 25 "$LOG/$name.log" >&2
        die "$name failed (full log: $LOG/$name.log)"
    fi
}

# hash_of ARG...: one sha256 over the given strings and files (an argument
# that names a file contributes its contents, anything else the text itself)
hash_of() {
    local a
    for a in "$@"; do
        if [ -f "$a" ]; then
            printf 'file %s\n' "$(sha256sum <"$a" | cut -d' ' -f1)"
        else
            printf 'text %s\n' "$a"
        fi
    done | sha256sum | cut -d' ' -f1
}

# up_to_date OUTPUT HASH: OUTPUT exists and was built from inputs with HASH
up_to_date() {
    [ -f "$1" ] && [ -f "$1.inputs" ] && [ "$(cat "$1.inputs")" = "$2" ]
}

# install_out SRC DST HASH: put a copy of a finished output in place
# (atomically) and record the hash of its inputs
install_out() {
    cp "$1" "$2.tmp"
    mv "$2.tmp" "$2"
    echo "$3" >"$2.inputs"
}

# ---- tools -------------------------------------------------------------------

[ -f "$TARBALL" ] || die "$TARBALL not found (install the linux-source-6.1 package: tools/install-deps.sh)"
command -v riscv64-linux-gnu-gcc >/dev/null ||
    die "riscv64-linux-gnu-gcc not found (install gcc-riscv64-linux-gnu: tools/install-deps.sh)"
for t in make gcc flex bison bc cpio gzip perl sha256sum mke2fs sfdisk e2fsck debugfs; do
    command -v "$t" >/dev/null || die "$t not found (tools/install-deps.sh installs the build tools)"
done
command -v qemu-riscv64 >/dev/null ||
    die "qemu-riscv64 not found (install qemu-user: tools/install-deps.sh); it lists busybox's applets"
[ -f "$FRAGMENT" ] || die "$FRAGMENT not found"
[ -f "$GUEST/init" ] || die "$GUEST/init not found"
grep -qF "HELLO_LINE='$HELLO_LINE'" "$GUEST/init" ||
    die "tools/linux-guest/init does not check for the hello.txt line '$HELLO_LINE'"

mkdir -p "$OUT" "$LOG"

# ---- kernel source ---------------------------------------------------------------

# The tarball's identity: its size and time and the package version. A new
# linux-source-6.1 (a Debian point release) means a fresh tree and kernel.
src_id="$(stat -c '%s %Y' "$TARBALL") $(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)"
KSRC=$OUT/src/linux-source-6.1
if [ ! -f "$OUT/src/.unpacked" ] || [ "$(cat "$OUT/src/.unpacked")" != "$src_id" ] ||
    [ ! -f "$KSRC/Makefile" ]; then
    say "unpacking $TARBALL into build/linux-guest/src/"
    rm -rf "$OUT/src"
    mkdir -p "$OUT/src/.tmp"
    tar -xJf "$TARBALL" -C "$OUT/src/.tmp" || die "cannot unpack $TARBALL"
    [ -f "$OUT/src/.tmp/linux-source-6.1/Makefile" ] ||
        die "$TARBALL has no linux-source-6.1/ directory"
    mv "$OUT/src/.tmp/linux-source-6.1" "$KSRC"
    rmdir "$OUT/src/.tmp"
    echo "$src_id" >"$OUT/src/.unpacked"
fi

# ---- kernel ------------------------------------------------------------------------

# check_config: every line of the fragment is in the final .config (an option
# whose dependencies are missing is silently dropped by olddefconfig)
check_config() {
    local line name missing=""
    while IFS= read -r line; do
        case $line in
        CONFIG_*=*)
            grep -qxF "$line" "$KSRC/.config" || missing="$missing
  $line (have: $(grep -E "^(# )?${line%%=*}[= ]" "$KSRC/.config" || echo "not in .config"))"
            ;;
        "# CONFIG_"*" is not set")
            name=${line#\# }
            name=${name%% *}
            if grep -q "^$name=" "$KSRC/.config"; then missing="$missing
  $line (have: $(grep "^$name=" "$KSRC/.config"))"; fi
            ;;
        esac
    done <"$FRAGMENT"
    if [ -n "$missing" ]; then
        echo "options of tools/linux-guest.config missing from the kernel's .config:$missing" >&2
        die "kernel configuration failed (an option's dependencies are not met)"
    fi
}

kernel_hash=$(hash_of "$FRAGMENT" "$src_id" "$(riscv64-linux-gnu-gcc --version | head -n 1)")
if up_to_date "$OUT/Image" "$kernel_hash"; then
    say "kernel: up to date ($(stat -c %s "$OUT/Image") bytes)"
else
    : >"$LOG/kernel.log"
    say "kernel: configuring (allnoconfig + tools/linux-guest.config)"
    run_logged kernel "${KMAKE[@]}" -C "$KSRC" allnoconfig
    run_logged kernel sh -c "cd '$KSRC' && scripts/kconfig/merge_config.sh -m .config '$FRAGMENT'"
    run_logged kernel "${KMAKE[@]}" -C "$KSRC" olddefconfig
    check_config
    cp "$KSRC/.config" "$OUT/linux.config"
    say "kernel: compiling with $JOBS jobs (a few minutes; log: build/linux-guest/log/kernel.log)"
    run_logged kernel "${KMAKE[@]}" -C "$KSRC" -j"$JOBS" Image
    install_out "$KSRC/arch/riscv/boot/Image" "$OUT/Image" "$kernel_hash"
    say "kernel: build/linux-guest/Image ($(stat -c %s "$OUT/Image") bytes) after $(elapsed) s"
fi

# ---- busybox ------------------------------------------------------------------------

# busybox_ok FILE: FILE is a static riscv64 busybox with every applet in
# $APPLETS (the list comes from running it under qemu-riscv64)
busybox_ok() {
    local a list elf
    [ -x "$1" ] || return 1
    elf=$(riscv64-linux-gnu-readelf -hl "$1" 2>/dev/null) || return 1
    # a RISC-V program without a program interpreter (static)
    grep -q 'Machine:.*RISC-V' <<<"$elf" || return 1
    ! grep -q INTERP <<<"$elf" || return 1
    list=$(qemu-riscv64 "$1" --list 2>/dev/null) || return 1
    for a in $APPLETS; do
        grep -qxF "$a" <<<"$list" || {
            say "busybox: $1 has no '$a' applet"
            return 1
        }
    done
}

# Debian's busybox sources: the tree tools/build-workloads.sh unpacked when
# there is one, otherwise `apt-get source busybox` into build/linux-guest/.
busybox_source() {
    local d
    if [ -f "$WORKLOADS/src/.busybox.unpacked" ]; then
        d=$(printf '%s\n' "$WORKLOADS/src/busybox"-[0-9]*/ | sort -V | tail -n 1)
        [ -f "$d/Makefile" ] && echo "${d%/}" && return
    fi
    d=$(printf '%s\n' "$OUT/busybox-src/busybox"-[0-9]*/ | sort -V | tail -n 1)
    if [ ! -f "$OUT/busybox-src/.unpacked" ] || [ ! -f "$d/Makefile" ]; then
        ensure_deb_src
        say "busybox: apt-get source busybox" >&2
        rm -rf "$OUT/busybox-src"
        mkdir -p "$OUT/busybox-src"
        (cd "$OUT/busybox-src" && apt-get source -q busybox) >"$LOG/busybox-source.log" 2>&1 ||
            die "apt-get source busybox failed (see $LOG/busybox-source.log)"
        touch "$OUT/busybox-src/.unpacked"
        d=$(printf '%s\n' "$OUT/busybox-src/busybox"-[0-9]*/ | sort -V | tail -n 1)
        [ -f "$d/Makefile" ] || die "apt-get source busybox unpacked no busybox-VERSION directory"
    fi
    echo "${d%/}"
}

# apt-get source needs deb-src entries. Like tools/build-workloads.sh, add
# them in a file of our own (Types: deb-src copies of the Debian repositories
# already configured) instead of editing the system's files.
ensure_deb_src() {
    local sudo="" tmp s
    apt-cache showsrc busybox 2>/dev/null | grep -q '^Package:' && return
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    if ! grep -rqsE '^[[:space:]]*(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        tmp=$(mktemp)
        for s in /etc/apt/sources.list.d/*.sources; do
            [ -f "$s" ] || continue
            awk 'BEGIN { RS = ""; ORS = "\n\n" }
                 /URIs:[^\n]*debian/ && /Types:([^\n]* )?deb([ \n]|$)/ {
                     sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$s" >>"$tmp"
        done
        if [ -s "$tmp" ]; then
            say "adding deb-src entries: /etc/apt/sources.list.d/ferry-deb-src.sources" >&2
            $sudo install -m 644 "$tmp" /etc/apt/sources.list.d/ferry-deb-src.sources ||
                die "cannot write /etc/apt/sources.list.d/ferry-deb-src.sources (run as root)"
        elif [ -f /etc/apt/sources.list ]; then
            sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)/deb-src \1/p' /etc/apt/sources.list >"$tmp"
            [ -s "$tmp" ] || die "no Debian repository in /etc/apt/sources.list* to add deb-src entries for"
            say "adding deb-src entries: /etc/apt/sources.list.d/ferry-deb-src.list" >&2
            $sudo install -m 644 "$tmp" /etc/apt/sources.list.d/ferry-deb-src.list ||
                die "cannot write /etc/apt/sources.list.d/ferry-deb-src.list (run as root)"
        else
            die "no Debian repository in /etc/apt/sources.list* to add deb-src entries for"
        fi
        rm -f "$tmp"
    fi
    say "apt-get update (for the source package lists)" >&2
    $sudo apt-get update -q >"$LOG/apt-update.log" 2>&1 ||
        die "apt-get update failed (see $LOG/apt-update.log)"
}

# build_busybox: our own static busybox (defconfig: every applet the init and
# an interactive shell want) in build/linux-guest/busybox-obj/
build_busybox() {
    local src obj=$OUT/busybox-obj hash
    src=$(busybox_source)
    hash=$(hash_of "$src" "$(riscv64-linux-gnu-gcc --version | head -n 1)" "defconfig static no-tc")
    if up_to_date "$obj/busybox" "$hash"; then
        return
    fi
    say "busybox: building from $src (log: build/linux-guest/log/busybox.log)"
    : >"$LOG/busybox.log"
    rm -rf "$obj"
    cp -a "$src" "$obj"
    run_logged busybox make -C "$obj" defconfig
    # static; tc does not build against the Linux 6.x headers (CBQ is gone)
    sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
        -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' "$obj/.config"
    run_logged busybox sh -c "yes '' | make -C '$obj' oldconfig"
    grep -q '^CONFIG_STATIC=y' "$obj/.config" || die "busybox: CONFIG_STATIC did not stick"
    run_logged busybox make -C "$obj" -j"$JOBS" CROSS_COMPILE=riscv64-linux-gnu- busybox
    echo "$hash" >"$obj/busybox.inputs"
}

# The busybox of tools/build-workloads.sh when it is there and has the applets
# (the same Debian sources and a static build); our own build otherwise.
BB_WORKLOADS=$WORKLOADS/riscv64/busybox
if [ "${FERRY_GUEST_BUSYBOX:-}" != build ] && [ -f "$OUT/busybox.from" ] &&
    [ "$(cat "$OUT/busybox.from")" = "workloads $APPLETS" ] && cmp -s "$BB_WORKLOADS" "$OUT/busybox" &&
    [ -s "$OUT/busybox.applets" ]; then
    say "busybox: up to date (from build/workloads)"
elif [ "${FERRY_GUEST_BUSYBOX:-}" != build ] && busybox_ok "$BB_WORKLOADS"; then
    cp "$BB_WORKLOADS" "$OUT/busybox.tmp"
    mv "$OUT/busybox.tmp" "$OUT/busybox"
    # where it came from, and the applets it was checked for
    echo "workloads $APPLETS" >"$OUT/busybox.from"
    say "busybox: copied build/workloads/riscv64/busybox"
else
    [ -f "$BB_WORKLOADS" ] || [ "${FERRY_GUEST_BUSYBOX:-}" = build ] ||
        say "busybox: no build/workloads/riscv64/busybox; building one"
    build_busybox
    busybox_ok "$OUT/busybox-obj/busybox" || die "the busybox built in build/linux-guest/busybox-obj lacks applets"
    if ! cmp -s "$OUT/busybox-obj/busybox" "$OUT/busybox"; then
        cp "$OUT/busybox-obj/busybox" "$OUT/busybox.tmp"
        mv "$OUT/busybox.tmp" "$OUT/busybox"
    fi
    echo own >"$OUT/busybox.from"
    say "busybox: build/linux-guest/busybox (built in build/linux-guest/busybox-obj)"
fi
# the applet links for the initramfs (bin/ls, usr/bin/[, ...), one a line
if [ ! -s "$OUT/busybox.applets" ] || [ "$OUT/busybox" -nt "$OUT/busybox.applets" ]; then
    qemu-riscv64 "$OUT/busybox" --list-full >"$OUT/busybox.applets.tmp" ||
        die "cannot list busybox's applets with qemu-riscv64"
    mv "$OUT/busybox.applets.tmp" "$OUT/busybox.applets"
fi

# ---- initramfs ------------------------------------------------------------------------

# gen_init_cpio from the kernel tree (built with the host compiler): it writes
# device nodes and root-owned files into the archive without root privileges
GEN_CPIO=$OUT/gen_init_cpio
if [ ! -x "$GEN_CPIO" ] || [ "$KSRC/usr/gen_init_cpio.c" -nt "$GEN_CPIO" ]; then
    gcc -O2 -o "$GEN_CPIO" "$KSRC/usr/gen_init_cpio.c" || die "cannot compile gen_init_cpio"
fi

# The archive's file list. Files are staged with a fixed time stamp (the
# archive records each file's mtime).
STAGE=$OUT/initramfs-files
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp "$OUT/busybox" "$STAGE/busybox"
cp "$GUEST/init" "$STAGE/init"
LIST=$OUT/initramfs.list
BASE_DIRS="/bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /mnt /tmp /etc /root"
{
    echo "# generated by tools/build-linux-guest.sh"
    for d in $BASE_DIRS; do
        if [ "$d" = /tmp ]; then echo "dir $d 1777 0 0"; else echo "dir $d 0755 0 0"; fi
    done
    echo "nod /dev/console 0600 0 0 c 5 1"
    echo "file /init $STAGE/init 0755 0 0"
    echo "file /bin/busybox $STAGE/busybox 0755 0 0"
    # rootfs files (tools/linux-guest/rootfs/...) in name order
    [ ! -d "$GUEST/rootfs" ] || (cd "$GUEST/rootfs" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r f; do
        f=${f#./}
        if [ -d "$GUEST/rootfs/$f" ]; then
            case " $BASE_DIRS " in
            *" /$f "*) ;;
            *) echo "dir /$f 0755 0 0" ;;
            esac
        else
            mkdir -p "$STAGE/rootfs/$(dirname "$f")"
            cp "$GUEST/rootfs/$f" "$STAGE/rootfs/$f"
            if [ -x "$GUEST/rootfs/$f" ]; then m=0755; else m=0644; fi
            echo "file /$f $STAGE/rootfs/$f $m 0 0"
        fi
    done
    LC_ALL=C sort "$OUT/busybox.applets" | while IFS= read -r a; do
        case $a in
        */busybox) ;; # Debian's busybox lists itself
        */*) echo "slink /$a /bin/busybox 0777 0 0" ;;
        esac
    done
} >"$LIST"
find "$STAGE" -exec touch -h -d "@$EPOCH" {} +
mapfile -t rootfs_files < <(find "$STAGE/rootfs" -type f 2>/dev/null | LC_ALL=C sort)
initramfs_hash=$(hash_of "$LIST" "$STAGE/init" "$STAGE/busybox" ${rootfs_files[@]+"${rootfs_files[@]}"} \
    "gzip -9 -n, t=$EPOCH")
if up_to_date "$OUT/initramfs.cpio.gz" "$initramfs_hash"; then
    say "initramfs: up to date ($(stat -c %s "$OUT/initramfs.cpio.gz") bytes)"
else
    "$GEN_CPIO" -t "$EPOCH" "$LIST" >"$OUT/initramfs.cpio" 2>"$LOG/initramfs.log" ||
        die "gen_init_cpio failed (see $LOG/initramfs.log)"
    gzip -9 -n -c "$OUT/initramfs.cpio" >"$OUT/initramfs.tmp"
    mv "$OUT/initramfs.tmp" "$OUT/initramfs.cpio.gz"
    echo "$initramfs_hash" >"$OUT/initramfs.cpio.gz.inputs"
    rm -f "$OUT/initramfs.cpio"
    say "initramfs: build/linux-guest/initramfs.cpio.gz ($(stat -c %s "$OUT/initramfs.cpio.gz") bytes)"
fi

# ---- disk image ------------------------------------------------------------------------

EXTLINUX="# U-Boot distro boot (tools/build-linux-guest.sh)
default ferry
label ferry
    kernel /boot/Image
    initrd /boot/initramfs.cpio.gz
    append console=ttyS0 ferry.test=block"

# random_bin: 1 MiB from a xorshift32 generator with a fixed seed, so every
# build has the same bytes (md5 in tools/linux-guest/README.md)
random_bin() {
    perl -e 'my $x = 0x46455252; my $out = "";
             for (1 .. 262144) {
                 $x ^= ($x << 13) & 0xffffffff; $x ^= $x >> 17; $x ^= ($x << 5) & 0xffffffff;
                 $out .= pack("V", $x);
             }
             binmode STDOUT; print $out;'
}

disk_hash=$(hash_of "$OUT/Image" "$OUT/initramfs.cpio.gz" "$EXTLINUX" "$HELLO_LINE" \
    "xorshift32 0x46455252 1MiB" "$DISK_MIB MiB, part at 1 MiB, ext2 4k, $DISK_UUID, t=$EPOCH, fixed ctime")
if up_to_date "$OUT/disk.img" "$disk_hash"; then
    say "disk: up to date ($DISK_MIB MiB)"
else
    root=$OUT/disk-files
    rm -rf "$root"
    mkdir -p "$root/boot/extlinux" "$root/ferry"
    cp "$OUT/Image" "$OUT/initramfs.cpio.gz" "$root/boot/"
    echo "$EXTLINUX" >"$root/boot/extlinux/extlinux.conf"
    echo "$HELLO_LINE" >"$root/ferry/hello.txt"
    random_bin >"$root/ferry/random.bin"
    [ "$(stat -c %s "$root/ferry/random.bin")" = 1048576 ] || die "random.bin is not 1 MiB"
    (cd "$root/ferry" && md5sum random.bin >random.md5)
    find "$root" -exec touch -h -d "@$EPOCH" {} +
    part=$OUT/disk-part.img
    rm -f "$part"
    # the file system alone (the partition's bytes), then put behind an MBR;
    # E2FSPROGS_FAKE_TIME, -U and hash_seed make it the same bytes every time
    E2FSPROGS_FAKE_TIME=$EPOCH run_logged disk mke2fs -q -F -t ext2 -b 4096 -m 0 -L ferry-guest \
        -U "$DISK_UUID" -E "root_owner=0:0,hash_seed=$DISK_UUID" -d "$root" \
        "$part" "$((DISK_MIB - 1))M"
    # mke2fs -d copies each file's ctime, which no one can set on the host:
    # set them to the fixed time too
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort) |
        sed "s|^\.\(.*\)|sif \1 ctime @$EPOCH|" >"$OUT/disk-ctime.cmds"
    run_logged disk debugfs -w -f "$OUT/disk-ctime.cmds" "$part"
    rm -f "$OUT/disk-ctime.cmds"
    run_logged disk e2fsck -fn "$part"
    [ "$(debugfs -R 'cat /ferry/hello.txt' "$part" 2>/dev/null)" = "$HELLO_LINE" ] ||
        die "the new file system does not hold /ferry/hello.txt"
    rm -f "$OUT/disk.tmp"
    truncate -s "${DISK_MIB}M" "$OUT/disk.tmp"
    printf 'label: dos\nlabel-id: 0x66657272\nunit: sectors\n\nstart=2048, type=83, bootable\n' |
        run_logged disk sfdisk "$OUT/disk.tmp"
    run_logged disk dd if="$part" of="$OUT/disk.tmp" bs=1M seek=1 conv=notrunc status=none
    mv "$OUT/disk.tmp" "$OUT/disk.img"
    echo "$disk_hash" >"$OUT/disk.img.inputs"
    rm -f "$part"
    rm -rf "$root"
    say "disk: build/linux-guest/disk.img ($DISK_MIB MiB, ext2 partition at 1 MiB)"
fi

say "done in $(elapsed) s: build/linux-guest/{Image,initramfs.cpio.gz,disk.img}"
