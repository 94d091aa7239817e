#!/usr/bin/env bash
# Installs what is missing, builds ThreadLens (Release) and starts it. Arguments go to
# the program: ./run.sh run lock-contention --set workers=8
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
threadlens_install_deps
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target threadlens
exec ./build/threadlens "$@"
