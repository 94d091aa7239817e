#!/usr/bin/env bash
# Installs what is missing, builds everything (warnings are errors) and runs every test
# with ctest on Qt's offscreen platform. Benchmarks are built, not run.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
threadlens_install_deps
# ccache hits across clones in other folders (CI's fresh clone): paths relative to here.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHREADLENS_WERROR=ON >/dev/null
cmake --build build -j2
export QT_QPA_PLATFORM=offscreen
cd build
ctest --output-on-failure -j2 "$@"
