#!/bin/sh
# make-man.sh GATEMAP OUT.1 EXTRA.h2m: writes gatemap(1) with help2man from `gatemap --help` and
# `--version`, with every command's own --help in a COMMANDS section (so a command or option added
# to the command line is in the page at the next build), then the hand-written sections of EXTRA.h2m.
set -eu
bin=$1 out=$2 extra=$3
inc=$(mktemp)
dir=$(mktemp -d)
trap 'rm -rf "$inc" "$dir"' EXIT
# Run as `gatemap` (its usage lines print argv[0]); the link finds the module beside the real file.
ln -s "$(readlink -f "$bin")" "$dir/gatemap"
bin=$dir/gatemap
export PATH="$dir:$PATH"
commands=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" --help | awk 'tolower($0) ~ /^subcommands:/ { on = 1; next } on && NF { print $1 }')
[ -n "$commands" ] || { echo "make-man.sh: no Subcommands: in $bin --help" >&2; exit 1; }
{
  echo "[COMMANDS]"
  for c in $commands; do
    echo ".SS \"gatemap $c\""
    echo ".nf"
    # roff: escape backslashes, protect lines that start with a dot or an apostrophe.
    env -u DISPLAY -u WAYLAND_DISPLAY gatemap "$c" --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    echo ".fi"
  done
  cat "$extra"
} > "$inc"
env -u DISPLAY -u WAYLAND_DISPLAY help2man --locale=C.UTF-8 --no-info --section 1 \
  --name "the Lang Son-Guangxi frontier and its border gates on a GPU-rendered map" \
  --include "$inc" --output "$out" gatemap
# Non-ASCII characters (Lạng Sơn, dashes) as groff's Unicode escapes, so that the page reads the same
# whatever encoding man-db assumes.
python3 - "$out" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
open(p, "w", encoding="ascii").write("".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in t))
PY
