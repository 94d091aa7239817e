#!/usr/bin/env bash
# The sanitizer runs of CI: every test under ASan+UBSan (build-asan), the window's tests
# included, offscreen: they close and destroy windows mid-run, mid-export and mid-playback,
# and only ASan turns those tests into use-after-free detectors. And the tests that start
# real threads under TSan (build-tsan), without the GUI (THREADLENS_GUI=OFF, half the
# build). A report stops the run (halt_on_error, -fno-sanitize-recover), so it fails CI.
#
# Not in CI, by hand: the window's tests in which the GUI reads a trace that real threads
# are recording, under TSan (build-tsan-gui; see scripts/tsan-qt.supp for what Qt hides).
#
#   scripts/sanitize.sh               # address and thread (CI)
#   scripts/sanitize.sh address       # one of them
#   scripts/sanitize.sh thread
#   scripts/sanitize.sh thread-gui
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
# gcc's sanitizer runtimes (normally there with g++; named so that nothing is assumed).
threadlens_install_deps libasan8 libubsan1 libtsan2

# ccache (CMakeLists.txt uses it when installed) then hits across clones in other folders,
# as CI's fresh clone is: paths under the source folder are hashed relative to it.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

kinds=("$@")
[ ${#kinds[@]} -eq 0 ] && kinds=(address thread)

configure() { # dir kind [gui]
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHREADLENS_WERROR=ON \
        -DTHREADLENS_GUI="${3:-OFF}" -DTHREADLENS_BENCHMARKS=OFF -DTHREADLENS_SANITIZE="$2" \
        >/dev/null
}

# The tests that start real threads: the ones TSan has something to say about.
real_thread_tests='^(tst_realengine|tst_lessons_real|tst_bundled|tst_trace|tst_badinput|tst_stopreal)$'
# The window's tests in which the GUI reads a trace that real threads are recording (the
# timeline, the events table and its sentences, the statistics), or hands work to a pool.
gui_thread_tests='^(tst_liveevents|tst_mainwindow|tst_mainwindowfiles|tst_statistics)$'

export QT_QPA_PLATFORM=offscreen
for kind in "${kinds[@]}"; do
    case "$kind" in
    address)
        configure build-asan address ON
        cmake --build build-asan -j2
        # detect_leaks: a leak is a failure too (the window's tests need no suppression for
        # Qt). Stacks are symbolized for the message.
        export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0
        export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
        echo "== ASan+UBSan: every test, the window's included"
        (cd build-asan && ctest --output-on-failure -j2)
        ;;
    thread)
        configure build-tsan thread
        cmake --build build-tsan -j2
        # Qt's own libraries are not instrumented; tsan.supp names the few reports that come
        # from inside them and nothing of ours.
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp"
        echo "== TSan: real-thread tests"
        (cd build-tsan && ctest --output-on-failure -j2 -R "$real_thread_tests")
        ;;
    thread-gui)
        configure build-tsan-gui thread ON
        cmake --build build-tsan-gui -j2 --target tst_liveevents tst_mainwindow tst_mainwindowfiles \
            tst_statistics
        cat scripts/tsan.supp scripts/tsan-qt.supp >build-tsan-gui/tsan.supp
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/build-tsan-gui/tsan.supp"
        echo "== TSan: the window while real threads record"
        (cd build-tsan-gui && ctest --output-on-failure -j2 -R "$gui_thread_tests")
        ;;
    *)
        echo "sanitize.sh: unknown kind \"$kind\" (address, thread or thread-gui)" >&2
        exit 2
        ;;
    esac
done
