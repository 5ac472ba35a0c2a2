#!/bin/sh
# Saves screenshots of the server editor with reply rules, as it opens on a 1280x800 and a
# 1920x1080 screen, in English and in Simplified Chinese, into DIR (default /tmp), for a look.
# Usage: tests/ui/screenshot-rules.sh [build-dir] [dir]   (default build-dir: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=${2:-/tmp}
cmake --build "$build" --target ui_reply_rules_editor
screens=$(mktemp -d)
for size in 1280x800 1920x1080; do
  w=${size%x*}
  h=${size#*x}
  printf '{"screens": [{"name": "s", "x": 0, "y": 0, "width": %s, "height": %s, "logicalDpi": 96}]}\n' \
    "$w" "$h" >"$screens/$size.json"
  for language in "" zh_CN; do
    LANG=${language:+zh_CN.UTF-8} QT_QPA_PLATFORM="offscreen:configfile=$screens/$size.json" \
      SOCKETSERVER_SCREENSHOT_DIR="$out" SOCKETSERVER_SCREENSHOT_LANGUAGE="$language" \
      "$build/tests/ui/ui_reply_rules_editor" screenshot
  done
done
rm -rf "$screens"
ls "$out"/rules-editor-*.png
