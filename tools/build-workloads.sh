#!/bin/bash
# Build the real-world workloads that tests/workloads/run.sh runs under ferry
# and qemu-riscv64: Lua 5.4, SQLite (shell and speedtest1), bzip2, xz, zstd
# and busybox, from Debian 12 source packages fetched with `apt-get source`.
#
# usage: tools/build-workloads.sh
#
# Outputs (each rebuilt only when missing, so a second run does nothing):
#   build/workloads/riscv64/      static RV64GC binaries
#   build/workloads/x86_64/       static native binaries (same sources, same options)
#   build/workloads/riscv64-dyn/  dynamically linked RV64GC lua, sqlite3, bzip2
#                                 (run with qemu-riscv64 -L /usr/riscv64-linux-gnu)
#   build/workloads/src/          the unpacked Debian sources (Debian patches applied)
#   build/workloads/obj/          build trees; build/workloads/log/ build logs
# Each package is built with its own build system (make, configure, busybox's
# kconfig), not dpkg-buildpackage, which would build and test far more than we
# need and take much longer.
set -eu

cd "$(dirname "$0")/.."
W=$PWD/build/workloads
SRC=$W/src
OBJ=$W/obj
LOG=$W/log
JOBS=$(nproc 2>/dev/null || echo 2)
SOURCES="lua5.4 sqlite3 bzip2 xz-utils libzstd busybox"
TARGETS="riscv64 x86_64"
STATIC_BINS="lua sqlite3 speedtest1 bzip2 xz zstd busybox"
DYN_BINS="lua sqlite3 bzip2"
start=$(date +%s)

say() { echo "build-workloads: $*"; }
# On an error the main shell waits for the background build streams (see the
# end) to stop, so that no build keeps running after the script has exited.
die() {
    echo "build-workloads: error: $*" >&2
    [ "$BASHPID" = "$$" ] && wait
    exit 1
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && SUDO=sudo
fi

# Everything present already? Then there is nothing to fetch or build.
all_built() {
    local t b
    for t in $TARGETS; do
        for b in $STATIC_BINS; do [ -x "$W/$t/$b" ] || return 1; done
    done
    for b in $DYN_BINS; do [ -x "$W/riscv64-dyn/$b" ] || return 1; done
}
if all_built; then
    say "all workloads present in $W (remove it to rebuild)"
    exit 0
fi

# ---- tools -------------------------------------------------------------------

# Build tools beyond build-essential and the riscv64 cross compiler:
# dpkg-dev (apt-get source unpacks with dpkg-source), tcl (SQLite generates
# its amalgamation with tclsh), patch, xz-utils/bzip2 (to unpack the tarballs).
need_pkgs=""
for p in dpkg-dev tcl patch xz-utils bzip2 make gcc; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        need_pkgs="$need_pkgs $p"
done
if [ -n "$need_pkgs" ]; then
    say "installing build tools:$need_pkgs"
    # shellcheck disable=SC2086 # a list of package names
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need_pkgs; then
        # a fresh machine may have no package lists yet
        $SUDO apt-get update -q || true
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need_pkgs ||
            die "could not install$need_pkgs (run tools/install-deps.sh as root)"
    fi
fi
command -v riscv64-linux-gnu-gcc >/dev/null ||
    die "riscv64-linux-gnu-gcc not found (tools/install-deps.sh installs gcc-riscv64-linux-gnu)"
[ -e /usr/riscv64-linux-gnu/lib/libc.a ] ||
    die "no static riscv64 libc (tools/install-deps.sh installs libc6-dev-riscv64-cross)"

# ---- sources -------------------------------------------------------------------

# srcdir PKG: the unpacked source tree of source package PKG (newest version)
srcdir() {
    local d
    d=$(printf '%s\n' "$SRC/$1"-[0-9]*/ | sort -V | tail -n 1)
    [ -d "$d" ] && [ -f "$SRC/.$1.unpacked" ] && echo "${d%/}"
}

# apt-get source needs deb-src entries. Debian 12 images list their
# repositories in deb822 files (Types: deb); add a file of our own with the
# same repositories as Types: deb-src rather than editing the system's files.
# Old one-line sources.list entries get matching deb-src lines the same way.
ensure_deb_src() {
    if apt-cache showsrc lua5.4 2>/dev/null | grep -q '^Package:'; then
        return
    fi
    if ! grep -rqsE '^[[:space:]]*(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        local d822 dlist s
        d822=$(mktemp)
        dlist=$(mktemp)
        for s in /etc/apt/sources.list.d/*.sources; do
            [ -f "$s" ] || continue
            # one paragraph per repository; keep the Debian ones whose Types
            # include deb, and turn them into deb-src
            awk 'BEGIN { RS = ""; ORS = "\n\n" }
                 /Types:([^\n]* )?deb([ \n]|$)/ && /URIs:[^\n]*debian/ {
                     sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$s" >>"$d822"
        done
        if [ -f /etc/apt/sources.list ]; then
            sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)/deb-src \1/p' /etc/apt/sources.list >>"$dlist"
        fi
        [ -s "$d822" ] || [ -s "$dlist" ] ||
            die "no Debian repository in /etc/apt/sources.list* to add deb-src entries for"
        for s in "$d822:sources" "$dlist:list"; do
            [ -s "${s%%:*}" ] || continue
            say "adding deb-src entries in /etc/apt/sources.list.d/ferry-deb-src.${s##*:}"
            $SUDO install -m 644 "${s%%:*}" "/etc/apt/sources.list.d/ferry-deb-src.${s##*:}" ||
                die "cannot write /etc/apt/sources.list.d/ferry-deb-src.${s##*:} (run as root)"
        done
        rm -f "$d822" "$dlist"
    fi
    say "apt-get update (for the source package lists)"
    $SUDO apt-get update -q >"$LOG/apt-update.log" 2>&1 ||
        die "apt-get update failed (see $LOG/apt-update.log)"
}

fetch_sources() {
    local p missing=""
    for p in $SOURCES; do
        [ -n "$(srcdir "$p")" ] || missing="$missing $p"
    done
    [ -z "$missing" ] && return
    ensure_deb_src
    for p in $missing; do
        say "apt-get source $p"
        # unpack into a scratch directory first so that a half-done download
        # never looks like a finished tree
        rm -rf "$SRC/.get-$p"
        mkdir -p "$SRC/.get-$p"
        (cd "$SRC/.get-$p" && apt-get source -q "$p") >"$LOG/source-$p.log" 2>&1 ||
            die "apt-get source $p failed (see $LOG/source-$p.log)"
        local d
        d=$(printf '%s\n' "$SRC/.get-$p/$p"-[0-9]*/ | head -n 1)
        [ -d "$d" ] || die "apt-get source $p unpacked no $p-VERSION directory"
        d=${d%/}
        rm -rf "${SRC:?}/${d##*/}"
        mv "$d" "$SRC/"
        rm -rf "$SRC/.get-$p"
        touch "$SRC/.$p.unpacked"
    done
}

# ---- per-target settings ---------------------------------------------------------

# set_target T: CC, AR, RANLIB, HOST (GNU triplet), LINK (-static or empty)
set_target() {
    case $1 in
    riscv64 | riscv64-dyn)
        CC=riscv64-linux-gnu-gcc AR=riscv64-linux-gnu-ar RANLIB=riscv64-linux-gnu-ranlib
        HOST=riscv64-linux-gnu CROSS=riscv64-linux-gnu- ;;
    x86_64)
        CC=gcc AR=ar RANLIB=ranlib HOST=x86_64-linux-gnu CROSS="" ;;
    esac
    if [ "$1" = riscv64-dyn ]; then LINK=""; else LINK=-static; fi
}

# fresh_copy PKG T: a clean copy of PKG's sources for an in-tree build of T
fresh_copy() {
    local d=$OBJ/$2/$1
    rm -rf "$d"
    mkdir -p "$OBJ/$2"
    cp -a "$(srcdir "$1")" "$d"
    echo "$d"
}

# install_bin FILE T NAME: put a finished binary in place (atomically)
install_bin() {
    mkdir -p "$W/$2"
    cp "$1" "$W/$2/.$3.tmp"
    mv "$W/$2/.$3.tmp" "$W/$2/$3"
}

# run_logged NAME CMD...: run CMD with its output in $LOG/NAME.log; on failure
# show the end of the log and stop
run_logged() {
    local name=$1
    shift
    if ! "$@" >>"$LOG/$name.log" 2>&1; then
        tail -n 25 "$LOG/$name.log" >&2
        die "$name failed (full log: $LOG/$name.log)"
    fi
}

# ---- packages --------------------------------------------------------------------

build_lua() {
    local t=$1 d sys libs
    [ -x "$W/$t/lua" ] && return
    set_target "$t"
    say "lua ($t)"
    : >"$LOG/lua-$t.log"
    d=$(fresh_copy lua5.4 "$t")
    # Debian's build-system patch builds a libtool shared library with g++ as
    # well; take it back out to use upstream's plain makefile. The other Debian
    # patches (module paths, security fixes) stay. The module-path patch wants
    # the header that debian/rules generates.
    run_logged "lua-$t" patch -d "$d" -R -p1 -i debian/patches/0001-build-system.patch
    echo "#define DEB_HOST_MULTIARCH \"$HOST\"" >"$d/src/lua5.4-deb-multiarch.h"
    if [ -n "$LINK" ]; then
        # no dlopen in a static program: C modules cannot be loaded anyway
        sys="-DLUA_USE_POSIX" libs=""
    else
        sys="-DLUA_USE_LINUX" libs="-Wl,-E -ldl"
    fi
    run_logged "lua-$t" make -C "$d/src" -j"$JOBS" lua CC="$CC -std=gnu99" AR="$AR rcu" \
        RANLIB="$RANLIB" SYSCFLAGS="$sys" SYSLIBS="$libs" MYLDFLAGS="$LINK"
    install_bin "$d/src/lua" "$t" lua
}

build_bzip2() {
    local t=$1 d
    [ -x "$W/$t/bzip2" ] && return
    set_target "$t"
    say "bzip2 ($t)"
    : >"$LOG/bzip2-$t.log"
    d=$(fresh_copy bzip2 "$t")
    # Debian's makefile links bzip2 against libbz2.so; build the static
    # library and the program's object with the package's makefile and link
    # the two ourselves (libc static or dynamic per target)
    run_logged "bzip2-$t" make -C "$d" -j"$JOBS" libbz2.a bzip2.o CC="$CC" AR="$AR" RANLIB="$RANLIB"
    # shellcheck disable=SC2086 # LINK is -static or nothing
    run_logged "bzip2-$t" $CC $LINK -o "$d/bzip2" "$d/bzip2.o" "$d/libbz2.a"
    install_bin "$d/bzip2" "$t" bzip2
}

build_xz() {
    local t=$1 d
    [ -x "$W/$t/xz" ] && return
    set_target "$t"
    say "xz ($t)"
    : >"$LOG/xz-$t.log"
    d=$OBJ/$t/xz
    rm -rf "$d"
    mkdir -p "$d"
    run_logged "xz-$t" sh -c "cd '$d' && '$(srcdir xz-utils)/configure' --host=$HOST \
        --disable-shared --disable-nls --disable-xzdec --disable-lzmadec --disable-lzmainfo \
        --disable-lzma-links --disable-scripts --disable-doc"
    run_logged "xz-$t" make -C "$d/src/liblzma" -j"$JOBS"
    # libtool drops a plain -static from LDFLAGS; -all-static is its spelling
    run_logged "xz-$t" make -C "$d/src/xz" -j"$JOBS" LDFLAGS=-all-static
    install_bin "$d/src/xz/xz" "$t" xz
}

build_zstd() {
    local t=$1 d
    [ -x "$W/$t/zstd" ] && return
    set_target "$t"
    say "zstd ($t)"
    : >"$LOG/zstd-$t.log"
    d=$(fresh_copy libzstd "$t")
    # zlib, lzma and lz4 support is probed with the target compiler; switch it
    # off so the riscv64 and x86-64 programs have the same features. Threads
    # stay on (zstd -T and its asynchronous I/O).
    run_logged "zstd-$t" make -C "$d/programs" -j"$JOBS" zstd-release CC="$CC" \
        HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 LDFLAGS="$LINK"
    install_bin "$d/programs/zstd" "$t" zstd
}

# Applets that busybox normally runs in a child by re-executing itself
# (/proc/self/exe). qemu-riscv64 hands a guest execve to the host kernel, and
# without binfmt_misc the host cannot run a riscv64 binary, so under qemu those
# applets would fail (and ash would fall back to the host's /usr/bin tools of
# the same name). Marking them NOEXEC makes the forked child call the applet
# directly, as busybox already does for sort, awk, find, xargs, md5sum, ...
BB_NOEXEC="cat sed grep uniq tar wc tail tr tee cmp diff comm od gzip gunzip bzip2 bunzip2
  nl rev sleep du split sum"

build_busybox() {
    local t=$1 d a f
    [ -x "$W/$t/busybox" ] && return
    set_target "$t"
    say "busybox ($t)"
    : >"$LOG/busybox-$t.log"
    d=$(fresh_copy busybox "$t")
    for a in $BB_NOEXEC; do
        f=$(grep -rlE "//applet:.*APPLET\($a, " "$d" --include='*.c' | head -n 1)
        [ -n "$f" ] || die "busybox: applet $a not found"
        sed -i -E "s|APPLET\($a, ([^,]+), ([^)]+)\)|APPLET_NOEXEC($a, $a, \1, \2, $a)|" "$f"
    done
    run_logged "busybox-$t" make -C "$d" defconfig
    # A static multi-call binary whose shell runs applets itself (standalone
    # shell, applets preferred over PATH), so a script needs no /bin/ls etc.
    # tc does not build against the Linux 6.x headers (CBQ was removed).
    sed -i -E \
        -e 's/^# (CONFIG_STATIC|CONFIG_FEATURE_PREFER_APPLETS|CONFIG_FEATURE_SH_STANDALONE|CONFIG_FEATURE_SH_NOFORK) is not set/\1=y/' \
        -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
        "$d/.config"
    run_logged "busybox-$t" sh -c "yes '' | make -C '$d' oldconfig"
    for f in CONFIG_STATIC CONFIG_FEATURE_PREFER_APPLETS CONFIG_FEATURE_SH_STANDALONE CONFIG_FEATURE_SH_NOFORK; do
        grep -q "^$f=y" "$d/.config" || die "busybox: $f did not stick in .config"
    done
    run_logged "busybox-$t" make -C "$d" -j"$JOBS" CROSS_COMPILE="$CROSS" busybox
    install_bin "$d/busybox" "$t" busybox
}

SQLITE_FLAGS="-O2 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_MATH_FUNCTIONS
  -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_OMIT_LOAD_EXTENSION"

# The amalgamation (sqlite3.c) and the shell's shell.c are generated by the
# package's own makefile (with tclsh), once, on the host.
gen_sqlite() {
    local d=$OBJ/sqlite-gen
    [ -f "$d/sqlite3.c" ] && [ -f "$d/shell.c" ] && return
    say "sqlite amalgamation"
    : >"$LOG/sqlite-gen.log"
    rm -rf "$d"
    mkdir -p "$d"
    run_logged sqlite-gen sh -c "cd '$d' && '$(srcdir sqlite3)/configure' --disable-tcl"
    run_logged sqlite-gen make -C "$d" -j"$JOBS" sqlite3.c shell.c
}

# build_sqlite T...: sqlite3 and speedtest1 for each target. riscv64 and
# riscv64-dyn share one compiled sqlite3.o (the cross compiler emits PIC by
# default, fine for either link).
# shellcheck disable=SC2086 # SQLITE_FLAGS and LINK are lists of options
build_sqlite() {
    local t g=$OBJ/sqlite-gen d o
    for t in "$@"; do
        if [ "$t" = riscv64-dyn ]; then
            [ -x "$W/$t/sqlite3" ] && continue
        else
            [ -x "$W/$t/sqlite3" ] && [ -x "$W/$t/speedtest1" ] && continue
        fi
        set_target "$t"
        say "sqlite3 ($t)"
        : >"$LOG/sqlite-$t.log"
        d=$OBJ/$t/sqlite
        mkdir -p "$d"
        o=$OBJ/${t%-dyn}/sqlite/sqlite3.o
        mkdir -p "$(dirname "$o")"
        if [ ! -f "$o" ]; then
            run_logged "sqlite-$t" $CC $SQLITE_FLAGS -c -o "$o.tmp" "$g/sqlite3.c"
            mv "$o.tmp" "$o"
        fi
        run_logged "sqlite-$t" $CC $SQLITE_FLAGS $LINK -I"$g" -o "$d/sqlite3" "$g/shell.c" "$o" -lm
        install_bin "$d/sqlite3" "$t" sqlite3
        if [ "$t" != riscv64-dyn ]; then
            run_logged "sqlite-$t" $CC $SQLITE_FLAGS $LINK -I"$g" -o "$d/speedtest1" \
                "$(srcdir sqlite3)/test/speedtest1.c" "$o" -lm
            install_bin "$d/speedtest1" "$t" speedtest1
        fi
    done
}

# ---- main ------------------------------------------------------------------------

mkdir -p "$SRC" "$OBJ" "$LOG"
fetch_sources
gen_sqlite

# Three streams of work share the cores: sqlite3.c (one 8 MB file that one
# compiler process works on for a minute or more), the x86-64 programs and
# the riscv64 programs; each make also runs $JOBS jobs. While one stream is in
# a serial step (configure, the sqlite compile) the others keep the cores busy.
build_sqlite riscv64 riscv64-dyn x86_64 &
sqlite_pid=$!
build_chain() {
    build_lua "$1"
    build_bzip2 "$1"
    build_xz "$1"
    build_zstd "$1"
    build_busybox "$1"
}
build_chain x86_64 &
native_pid=$!
build_chain riscv64
build_lua riscv64-dyn
build_bzip2 riscv64-dyn
wait "$native_pid" || die "the x86-64 build failed (see above and $LOG)"
wait "$sqlite_pid" || die "the sqlite build failed (see above and $LOG)"

all_built || die "some workloads are missing after the build (see $LOG)"
say "done in $(($(date +%s) - start)) s: $W/{riscv64,x86_64,riscv64-dyn}"
