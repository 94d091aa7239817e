#!/bin/sh
# Regenerates docs/screenshots/ from the app itself:
#  - the main window, photographed by the app (hidden --screenshot switch: it runs the
#    scenario, lets the playback finish or stops it part-way, and grabs its own window) on a
#    private Xvfb display, in the light and the dark palette, and ending in a deadlock;
#  - shared state: a lost update, and Peterson's algorithm (broken) letting both threads in,
#    each shown as the link of its first "what to look for" bullet shows it;
#  - the first launch on a 1366x768 laptop screen (its own Xvfb display of that size, fresh
#    settings): the window takes the size and the dock widths it picks for that screen;
#  - Step as Scheduler part-way through lost-update, the lanes of the next steps marked;
#  - the Sweep dock charting a sweep of lock contention's workers;
#  - Run ▸ Explore… beside the shortest failing schedule of a lost update;
#  - 64 workers on 4 cores at full view, where every pixel column folds many spans;
#  - one exported timeline per bundled scenario, via "threadlens run ID --png".
# Usage: scripts/screenshots.sh [path/to/threadlens]   (default: build/threadlens)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/threadlens}
out=docs/screenshots
[ -x "$bin" ] || { echo "screenshots.sh: no $bin; build it first" >&2; exit 2; }
mkdir -p "$out"

# Displays with numbers nobody uses, so this can run beside other Xvfb sessions.
xvfbs=""
trap 'kill $xvfbs 2>/dev/null || true' EXIT INT TERM
start_xvfb() { # WxH: starts a display of that size, sets $display
    n=97
    while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
    xvfbs="$xvfbs $!"
    for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.2; done
    display=":$n"
}
start_xvfb 1600x1000
n=${display#:}
start_xvfb 1366x768
laptop=$display

shoot() { # name scenario palette [extra args]
    name=$1 scenario=$2 palette=$3
    shift 3
    DISPLAY=":$n" "$bin" --screenshot "$out/$name.png" --scenario "$scenario" \
        --palette "$palette" --size 1400x900 "$@" >/dev/null
    echo "$out/$name.png"
}
# Qt wants a private runtime folder; without one it warns on every start.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d)
    export XDG_RUNTIME_DIR
    trap 'kill $xvfbs 2>/dev/null || true; rm -rf "$XDG_RUNTIME_DIR"' EXIT INT TERM
fi
# The first launch on a laptop: no --size, so the window sizes itself for the screen.
DISPLAY="$laptop" "$bin" --screenshot "$out/first-launch-1366x768.png" --palette light >/dev/null
echo "$out/first-launch-1366x768.png"
shoot main-window lock-contention light --set workers=8
shoot main-window-dark producer-consumer dark
shoot main-window-live producer-consumer light --grab-at 0.55
# A deadlock: the banner names the cycle, the stuck threads and their forks are called out.
shoot deadlock dining-philosophers light
# Shared state (hidden --moment switch: after the playback, the first "what to look for"
# bullet is shown as a click on its link shows it): a lost update, the arrow from the stale
# read to the write, the overwritten store crossed out; Peterson's algorithm without its
# turn, both threads inside and the assert failed.
shoot lost-update-window lost-update light --size 1600x900 --moment 0
shoot peterson-violation peterson light --size 1600x900 --set variant=broken --moment 0
# Step as Scheduler part-way (hidden --steps switch: the mode instead of a run, and these
# threads' steps): lost-update, 2 workers x 1 increment, after both reads; both lanes marked
# with their next write, the goal "lose an update" chosen.
shoot scheduler lost-update light --size 1600x860 --set workers=2 --set increments=1 \
    --set protection=none --steps 1,2
# A sweep (hidden --sweep switch: the Sweep dock runs workers over its default range, the
# fourth point is run as a click would, and the dock photographs itself): throughput stops
# growing at four workers on four cores.
shoot sweep lock-contention light --size 1200x660 --sweep workers --sweep-figure throughput \
    --sweep-point 3
# Run > Explore... (hidden --explore switch: the search with the window's defaults, then its
# shortest failing schedule run on the timeline, the lost update's first bullet shown; the
# main window and the Explore window side by side): two workers, one increment each.
shoot explore lost-update light --size 1360x860 --set workers=2 --set increments=1 \
    --explore --moment 0
# Zoomed out: 64 workers on 4 cores, 40 barrier phases in 2.6 s, whole run in view. Each
# pixel column folds several time slices, and each state in it keeps a band: the working
# slivers stand among runnable and waiting.
shoot zoomed-out-64-workers barrier-phases light --set workers=64 --set phases=40

# A real program's scheduler trace (tests/data/mutex4.perf.txt: 4 pthreads and a mutex,
# recorded with perf sched record), 12 ms of it, beside the lock-contention scenario.
"$bin" render tests/data/mutex4.perf.txt --process mutex4 --range 20ms:32ms --width 1200 \
    --png "$out/perf-mutex4.png" >/dev/null
echo "$out/perf-mutex4.png"

# A run that does not complete exits 3 (dining philosophers and lock ordering deadlock on
# purpose), one whose checks fail exits 1 (the shared-state lessons race on purpose): its
# picture is still written, and is the one wanted.
for id in $("$bin" list | awk '{print $1}'); do
    rc=0
    "$bin" run "$id" --png "$out/$id.png" --quiet 2>/dev/null || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]
    echo "$out/$id.png"
done
