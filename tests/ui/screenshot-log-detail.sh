#!/bin/sh
# Saves the request log with a row in its detail pane (and the log full, so that the dropped
# rows notice shows) at 1280x800 and 1920x1080, in English and in Simplified Chinese, into DIR
# (default: docs/ of the source tree), rendered on the offscreen platform.
# Usage: tests/ui/screenshot-log-detail.sh [build-dir] [dir]   (default build-dir: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=${2:-$root/docs}
cmake --build "$build" --target ui_log_detail
mkdir -p "$out"
for language in "" zh_CN; do
  # LANG too, so that fontconfig puts the CJK font first, as on a Chinese desktop.
  LANG=${language:+zh_CN.UTF-8} QT_QPA_PLATFORM=offscreen SOCKETSERVER_SCREENSHOT_DIR="$out" \
    SOCKETSERVER_SCREENSHOT_LANGUAGE="$language" "$build/tests/ui/ui_log_detail" screenshot
done
ls "$out"/log-detail-*.png
