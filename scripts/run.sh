#!/usr/bin/env bash
# One command: install what is missing, build Release in build/, and open the map on the
# embedded default data. With no display, says so and prints the export command instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
bin=${GATEMAP_BUILD_DIR:-$root/build}/app/gatemap
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "gatemap is built, but there is no display (DISPLAY is unset), so the window cannot open."
  echo "Render the map to a file instead:"
  echo "  $bin export --out map.png --width 3840 --height 2160"
  exit 0
fi
exec "$bin" run "$@"
