#!/usr/bin/env bash
# Stress, not part of CI: every bundled scenario on real threads with its worker counts at
# 64, run after run, each cancelled at a random moment (fuzz/stress_real.cpp): in a plain
# build, under ASan+UBSan and under TSan. A hang (a run not stopped 1 s after the request), a
# leak, a race, a run error or a failed check stops it. It prints the resident memory
# every 100 runs and, at the end, the stop latency. docs/reliability.md has the figures.
#
#   scripts/stress.sh [CANCELS [MAX_DELAY_MS]]      (defaults: 1000 cancels, 40 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
threadlens_install_deps libasan8 libubsan1 libtsan2 time

failed=()
cancels=${1:-1000}
delay=${2:-40}

# plain first: its memory figures are the program's own, without a sanitizer's quarantine.
for kind in plain address thread; do
    case "$kind" in
    plain) dir=build-stress sanitize="" ;;
    address) dir=build-asan sanitize=address ;;
    thread) dir=build-tsan sanitize=thread ;;
    esac
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHREADLENS_WERROR=ON \
        -DTHREADLENS_GUI=OFF -DTHREADLENS_BENCHMARKS=OFF -DTHREADLENS_SANITIZE="$sanitize" >/dev/null
    cmake --build "$dir" -j2 --target stress_real
    # A hang is a run not stopped this long after the request; TSan slows threads down.
    hang=1000
    [ "$kind" = thread ] && hang=5000
    echo "== $kind: $cancels cancelled runs, cancel within ${delay} ms of the start"
    ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
        /usr/bin/time -f "wall %e s, peak RSS %M KiB" "$dir/fuzz/stress_real" "$cancels" "$delay" 1 "$hang" ||
        failed+=("$kind")
done
# Every build gets its turn; then the verdict.
if [ ${#failed[@]} -gt 0 ]; then
    echo "stress: failures in: ${failed[*]}" >&2
    exit 1
fi
