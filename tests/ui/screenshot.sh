#!/bin/sh
# Saves docs/screenshot.png (1280x800) and docs/screenshot-1920x1080.png: the console serving
# the starter profile with some real traffic, rendered on the offscreen platform (no display
# needed). Usage: tests/ui/screenshot.sh [build-dir]   (default: build-gui)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-gui}
cmake --build "$build" --target ui_main_window
mkdir -p "$root/docs"
QT_QPA_PLATFORM=offscreen SOCKETSERVER_SCREENSHOT="$root/docs/screenshot.png" \
  "$build/tests/ui/ui_main_window" screenshot
echo "saved $root/docs/screenshot.png"
