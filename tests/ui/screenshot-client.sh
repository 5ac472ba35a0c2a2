#!/bin/sh
# Saves the window with the test client mid-conversation (a message sent, its reply, an error)
# at 1280x800 and 1920x1080, in English and in Simplified Chinese, as
# docs/client-conversation[-zh_CN]-WxH.png (or into DIR). Rendered on the offscreen platform
# with a screen of the window's size; LANG makes fontconfig put the CJK font first for Chinese.
# Usage: tests/ui/screenshot-client.sh [build-dir] [dir]   (default build-dir: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=${2:-$root/docs}
cmake --build "$build" --target ui_client_conversation
mkdir -p "$out"
screen=$(mktemp -d)
printf '{"screens": [{"name": "s", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}]}\n' \
  >"$screen/screen.json"
for language in "" zh_CN; do
  LANG=${language:+zh_CN.UTF-8} QT_QPA_PLATFORM="offscreen:configfile=$screen/screen.json" \
    SOCKETSERVER_CONVERSATION_SCREENSHOTS="$out" SOCKETSERVER_SCREENSHOT_LANGUAGE="$language" \
    "$build/tests/ui/ui_client_conversation" screenshots
done
rm -rf "$screen"
ls "$out"/client-conversation*.png
