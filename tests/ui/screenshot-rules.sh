#!/bin/sh
# Saves screenshots of issue 12's panels as they open on a 1280x800 and a 1920x1080 screen, in
# English and in Simplified Chinese, into DIR (default: docs/ of the source tree):
#   rules-editor[-zh_CN]-WxH.png  the server editor with reply rules and its try box
#   send[-zh_CN]-WxH.png          the main window with the connections panel's Send… open
# The screens are the offscreen platform's (no display needed); the CJK glyphs come from
# fonts-noto-cjk. Usage: tests/ui/screenshot-rules.sh [build-dir] [dir]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=${2:-$root/docs}
cmake --build "$build" --target ui_reply_rules_editor ui_connections_send
mkdir -p "$out"
screens=$(mktemp -d)
trap 'rm -rf "$screens"' EXIT
for size in 1280x800 1920x1080; do
  w=${size%x*}
  h=${size#*x}
  printf '{"screens": [{"name": "s", "x": 0, "y": 0, "width": %s, "height": %s, "logicalDpi": 96}]}\n' \
    "$w" "$h" >"$screens/$size.json"
  for language in "" zh_CN; do
    for suite in ui_reply_rules_editor ui_connections_send; do
      # LANG too, so that fontconfig puts the CJK font first, as on a Chinese desktop.
      LANG=${language:+zh_CN.UTF-8} QT_QPA_PLATFORM="offscreen:configfile=$screens/$size.json" \
        SOCKETSERVER_SCREENSHOT_DIR="$out" SOCKETSERVER_SCREENSHOT_LANGUAGE="$language" \
        "$build/tests/ui/$suite" screenshot
    done
  done
done
ls "$out"/rules-editor*.png "$out"/send*.png
