#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined, in
# build-fuzz) and runs each for SECONDS (default 60) in one process (one core), starting from the seed
# corpus in fuzz/corpus/<target>/ (new inputs go to build-fuzz/corpus/<target>/, crashes
# to build-fuzz/findings/). Exits non-zero on the first finding.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: scenario trace set
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
threadlens_install_deps clang-14 libclang-rt-14-dev

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario trace set)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DTHREADLENS_WERROR=ON -DTHREADLENS_GUI=OFF \
    -DTHREADLENS_BENCHMARKS=OFF -DTHREADLENS_SANITIZE=address -DTHREADLENS_FUZZ=ON >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p build-fuzz/findings
for t in "${targets[@]}"; do
    mkdir -p "build-fuzz/corpus/$t"
    echo "== fuzz_$t for ${seconds}s"
    # -timeout: an input that takes over a second is a finding (a hang or a slow path);
    # -malloc_limit_mb: one that asks for over 512 MB at once is one too. (ASan's quarantine
    # alone keeps a few hundred MB resident, so the RSS limit is generous.)
    "build-fuzz/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=4096 -malloc_limit_mb=512 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="build-fuzz/findings/$t-" $([ "$t" != set ] && echo -dict=fuzz/json.dict) \
        "build-fuzz/corpus/$t" "fuzz/corpus/$t"
done
