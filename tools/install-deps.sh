#!/bin/sh
# Install the Debian packages ferry needs to build and test (Debian 12).
# Idempotent: does nothing when everything is present already.
set -eu

PACKAGES="
  build-essential
  pkg-config
  libelf-dev
  libfdt-dev
  libsdl2-dev
  libpng-dev
  libzydis-dev
  qemu-system-misc
  opensbi
  u-boot-qemu
  linux-source-6.1
  flex
  bison
  bc
  cpio
  e2fsprogs
  fdisk
  xvfb
  xauth
  xdotool
  libcmocka-dev
  gcc-riscv64-linux-gnu
  libc6-dev-riscv64-cross
  qemu-user
  libunicorn-dev
  dpkg-dev
  patch
  tcl
  time
  xz-utils
  bzip2
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-deps: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
