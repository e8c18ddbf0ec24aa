#!/usr/bin/env bash
# Installs the Debian 12 packages gatemap needs to build, run and test, if any is missing.
# apt-get runs as root, or through sudo. Idempotent: does nothing when all are present.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  libgdal-dev gdal-bin libproj-dev proj-data libgeos-dev
  libglfw3-dev libimgui-dev python3-glad libegl-dev libegl-mesa0 libgl1-mesa-dri libgles-dev
  libfreetype-dev libfontconfig-dev fonts-noto-core fonts-noto-cjk
  libcli11-dev nlohmann-json3-dev libpng-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsystemd-dev help2man
  xvfb xauth xdotool x11-apps ffmpeg python3
  # tests/cli/two_monitors.sh: an Xorg server with two monitors (dummy driver), xrandr, xwininfo
  xserver-xorg-video-dummy x11-xserver-utils x11-utils
  clang-14 libclang-rt-14-dev
)

# The Debian package (scripts/package.sh) and its check, in CI or when asked.
if [ "${CI:-}" = true ] || [ "${GATEMAP_PACKAGE:-}" = 1 ]; then
  PACKAGES+=(lintian dpkg-dev fakeroot file desktop-file-utils)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Debian's minimal images drop /usr/share/doc; the ImGui backend sources live there.
backend=/usr/share/doc/libimgui-dev/examples/backends/imgui_impl_glfw.cpp
if [ ${#missing[@]} -eq 0 ] && [ -f "$backend" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
echo "gatemap: installing ${#missing[@]} Debian package(s): ${missing[*]:-}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -f "$backend" ]; then
  # The package was installed with /usr/share/doc excluded (path-exclude in dpkg.cfg.d):
  # unpack its backend sources from the .deb instead.
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download libimgui-dev >/dev/null && dpkg-deb -x libimgui-dev_*.deb x)
  "${SUDO[@]}" mkdir -p /usr/share/doc/libimgui-dev/examples/backends
  "${SUDO[@]}" cp "$tmp"/x/usr/share/doc/libimgui-dev/examples/backends/imgui_impl_{glfw,opengl3}.* \
    /usr/share/doc/libimgui-dev/examples/backends/
  rm -rf "$tmp"
fi
