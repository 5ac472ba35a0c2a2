#!/bin/sh
# Saves docs/screenshot.png (1280x800) and docs/screenshot-1920x1080.png: the console serving
# the starter profile with some real traffic, rendered on the offscreen platform (no display
# needed); then the same in Simplified Chinese as docs/screenshot-zh_CN.png and
# docs/screenshot-zh_CN-1920x1080.png (the CJK glyphs come from fonts-noto-cjk).
# Usage: tests/ui/screenshot.sh [build-dir]   (default: build-gui)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-gui}
cmake --build "$build" --target ui_main_window
mkdir -p "$root/docs"
QT_QPA_PLATFORM=offscreen SOCKETSERVER_SCREENSHOT="$root/docs/screenshot.png" \
  "$build/tests/ui/ui_main_window" screenshot
echo "saved $root/docs/screenshot.png"
zh=$(mktemp -d)
# LANG too, so that fontconfig puts the CJK font first, as on a Chinese desktop.
LANG=zh_CN.UTF-8 QT_QPA_PLATFORM=offscreen SOCKETSERVER_SCREENSHOT="$zh/screenshot-zh_CN.png" \
  SOCKETSERVER_SCREENSHOT_LANGUAGE=zh_CN "$build/tests/ui/ui_main_window" screenshot
mv "$zh/screenshot-zh_CN.png" "$root/docs/screenshot-zh_CN.png"
mv "$zh/screenshot-zh_CN-1920x1080.png" "$root/docs/screenshot-zh_CN-1920x1080.png"
rm -rf "$zh"
echo "saved $root/docs/screenshot-zh_CN.png and $root/docs/screenshot-zh_CN-1920x1080.png"
