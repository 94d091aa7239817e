#!/bin/sh
# Regenerates the application icon: resources/icons/threadlens.svg from scripts/make-icon.py,
# and the 256 px PNG from it with Qt's SVG renderer (the one the app uses; ImageMagick's
# own renderer drops the gradient and opacity).
set -eu
cd "$(dirname "$0")/.."
python3 scripts/make-icon.py
tool=$(mktemp -d)
trap 'rm -rf "$tool"' EXIT
# shellcheck disable=SC2046
g++ -std=c++20 -fPIC -O1 scripts/svgtopng.cpp -o "$tool/svgtopng" \
    $(pkg-config --cflags --libs Qt6Svg Qt6Gui)
QT_QPA_PLATFORM=offscreen "$tool/svgtopng" resources/icons/threadlens.svg \
    resources/icons/threadlens-256.png 256
echo resources/icons/threadlens-256.png
