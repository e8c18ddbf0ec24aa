#!/usr/bin/env bash
# Builds the Debian package gatemap_<version>_amd64.deb from a Release build made for installation
# (-DGATEMAP_INSTALLED=ON, prefix /usr, Debian's hardening link flags) in build-package/ (or
# $GATEMAP_PACKAGE_BUILD_DIR) with CPack, then checks it with lintian: any error fails the script.
# The kept warnings are listed, with their reasons, in docs/install.md. Prints the package's path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
GATEMAP_PACKAGE=1 "$root/scripts/deps.sh"
build=${GATEMAP_PACKAGE_BUILD_DIR:-$root/build-package}
# Debian's hardening: the link flags (RELRO, BIND_NOW) always; the compile flags (_FORTIFY_SOURCE,
# stack protector) with GATEMAP_HARDENING=1 only, because they change every object: without them the
# package build reuses the objects that ccache holds from build/ (minutes instead of a full build).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="" cxxflags=""
if [ "${GATEMAP_HARDENING:-0}" = 1 ]; then
  cflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CFLAGS)"
  cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
fi
ldflags="$(dpkg-buildflags --get LDFLAGS)"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DGATEMAP_INSTALLED=ON -DGATEMAP_BUILD_TESTS=OFF -DGATEMAP_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_CXX_FLAGS="$cxxflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags"
fi
cmake --build "$build" -j "${GATEMAP_JOBS:-$(nproc)}"
rm -f "$build"/gatemap_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/gatemap_*_amd64.deb)
echo "gatemap: built $deb ($(du -k "$deb" | cut -f1) KiB)" >&2
# Errors fail; warnings and info tags are printed (docs/install.md says why each warning is kept).
lintian --fail-on error --info --suppress-tags-from-file /dev/null "$deb" >&2
echo "$deb"
