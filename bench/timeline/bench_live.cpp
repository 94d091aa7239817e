// Live-run benchmark: what the timeline widget costs per frame while a run is shown as it
// happens, the target (docs/performance.md) "live run in the app at 100 k events/s: every frame
// <= 16 ms, no growing backlog". Two cases, each for a few seconds of wall time:
//
//   live      a writer thread appends 100 k events/s across 64 threads and 4 objects while
//             the GUI side does what the app does on its 30 Hz progress timer:
//             TimelineView::traceGrew() and a paint of the whole widget (1600 px) into a
//             QImage.
//   playback  a finished 2 M-event trace is played back: every 16 ms of wall time the
//             horizon moves on (TimelineView::setHorizon) and the widget is painted.
//
// Beside each, a baseline from the same run: the same widget painting the same range of
// a static trace of the same size (the finished trace, range nudged by 1 ns so that every
// frame is built anew). Frames are timed in wall clock and in this thread's CPU time (the
// machine may be shared: CPU time is what the frame cost, wall time what it waited too).
// "first" and "last" are the median frames of the first and last quarter of the run: a
// growing backlog shows as last >> first.
//
// --trace FILE.json plays back a saved run instead of the synthetic one (e.g. a 2 M-event
// producer/consumer run saved by "threadlens run ... --out").
//
//   QT_QPA_PLATFORM=offscreen build/bench/timeline/bench_live [--seconds S] [--rate N]
//   [--events N] [--trace FILE.json] [--only live|events|playback] [--series]
// ("events": the live case with the Events dock listing the rows as the app does.)
#include "format/chromejson.h"
#include "panels/eventspanel.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QApplication>
#include <QImage>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kThreads = 64;
constexpr int kWidth = 1600;

double nowMs(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Frame {
    double wall = 0;
    double cpu = 0;
    double at = 0; // seconds into the case when the frame began
};

bool g_series = false; // --series: the frames of each second too (a backlog shows as a rise)

struct Summary {
    double median = 0, p95 = 0, max = 0;
};

Summary summary(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}

double medianOf(const std::vector<Frame>& frames, std::size_t from, std::size_t to) {
    std::vector<double> v;
    for (std::size_t i = from; i < to && i < frames.size(); ++i)
        v.push_back(frames[i].cpu);
    return summary(std::move(v)).median;
}

// Sleeps until the next tick of a timer with this period (ms); a frame that overran it is
// counted late, and the timer goes on from now, as a QTimer does.
void waitForTick(double& next, double period, int& late) {
    next += period;
    const double now = nowMs(CLOCK_MONOTONIC);
    if (now > next) {
        ++late;
        next = now;
    } else {
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(next - now));
    }
}

// One frame as the widget has it: the caller's step (traceGrew or setHorizon), then a
// paint of the whole widget.
template <typename Step> Frame frame(TimelineView& view, QImage& image, Step step) {
    const double w0 = nowMs(CLOCK_MONOTONIC);
    const double c0 = nowMs(CLOCK_THREAD_CPUTIME_ID);
    step();
    view.render(&image);
    return {nowMs(CLOCK_MONOTONIC) - w0, nowMs(CLOCK_THREAD_CPUTIME_ID) - c0, 0};
}

void report(const char* name, const std::vector<Frame>& frames, int late) {
    std::vector<double> wall, cpu;
    for (const Frame& f : frames) {
        wall.push_back(f.wall);
        cpu.push_back(f.cpu);
    }
    const Summary w = summary(wall), c = summary(cpu);
    const std::size_t q = frames.size() / 4;
    std::printf("%-22s %6zu  %7.2f %7.2f %7.2f   %7.2f %7.2f %7.2f   %7.2f %7.2f  %5d  %s\n", name,
                frames.size(), c.median, c.p95, c.max, w.median, w.p95, w.max,
                medianOf(frames, 0, q), medianOf(frames, frames.size() - q, frames.size()), late,
                c.max <= 16 ? "ok" : "OVER");
    if (!g_series || frames.empty() || frames.back().at <= 0) return;
    for (int second = 0; second <= int(frames.back().at); ++second) {
        std::vector<double> v;
        for (const Frame& f : frames)
            if (int(f.at) == second) v.push_back(f.cpu);
        const Summary s = summary(v);
        std::printf("    second %2d: %3zu frames, CPU median %6.2f, max %6.2f\n", second, v.size(),
                    s.median, s.max);
    }
}

void header() {
    std::printf("%-22s %6s  %23s   %23s   %15s  %5s\n", "", "", "thread CPU ms", "wall ms",
                "CPU median", "");
    std::printf("%-22s %6s  %7s %7s %7s   %7s %7s %7s   %7s %7s  %5s\n", "case", "frames", "median",
                "p95", "max", "median", "p95", "max", "first", "last", "late");
}

// Objects of a busy program: two mutexes, a queue and a semaphore.
struct Objects {
    int mutexA, mutexB, queue, sem;
};

Objects addObjects(Trace& trace) {
    return {trace.addObject({ObjectKind::Mutex, "lock A", 0}),
            trace.addObject({ObjectKind::Mutex, "lock B", 0}),
            trace.addObject({ObjectKind::Queue, "jobs", 64}),
            trace.addObject({ObjectKind::Semaphore, "slots", 4})};
}

void addThreads(Trace& trace) {
    for (int t = 0; t < kThreads; ++t)
        trace.addThread(
            {"worker " + std::to_string(t + 1), t < kThreads / 4 ? "producer" : "worker", t + 1});
}

// Appends one event at time `now` for thread t: mostly state changes, and about one in
// five an operation on an object (a lock taken and given back, a put and a get), so the
// object tracks and their level index have work too.
class Writer {
public:
    explicit Writer(Trace& trace) : m_trace(trace), m_objects(addObjects(trace)) {}

    // Returns the number of events appended.
    int append(int t, Time now) {
        const auto s = ThreadState(m_state(m_rng));
        const bool waits = s == ThreadState::Blocked || s == ThreadState::Waiting;
        m_trace.setState(t, now, s, -1, waits ? Reason::Lock : Reason::None);
        if (++m_count % 5 != 0) return 1;
        // Operations on one object are appended by one writer at a time (here: this one).
        switch ((m_count / 5) % 4) {
        case 0:
            m_trace.operation(m_objects.mutexA, now, Op::Lock, t);
            m_trace.operation(m_objects.mutexA, now + 1, Op::Unlock, t);
            break;
        case 1:
            m_trace.operation(m_objects.mutexB, now, Op::Lock, t);
            m_trace.operation(m_objects.mutexB, now + 1, Op::Unlock, t);
            break;
        case 2:
            m_trace.operation(m_objects.queue, now, Op::Put, t);
            m_trace.operation(m_objects.queue, now + 1, Op::Get, t);
            break;
        default:
            m_trace.operation(m_objects.sem, now, Op::Acquire, t, 3);
            m_trace.operation(m_objects.sem, now + 1, Op::Release, t, 4);
            break;
        }
        return 3;
    }

private:
    Trace& m_trace;
    Objects m_objects;
    std::mt19937_64 m_rng{42};
    std::discrete_distribution<int> m_state{{40, 8, 4, 10, 14, 14, 10}};
    std::uint64_t m_count = 0;
};

// Sizes the widget so that every lane is in view (no scroll bar: every frame builds all 64
// lanes, as a maximised window on a tall screen would) and returns an image to paint into.
QImage widgetImage(TimelineView& view) {
    view.resize(kWidth, 2000);
    const QRectF last = view.laneRect(view.laneCount() - 1);
    if (last.bottom() > view.height() - 200) {
        std::fprintf(stderr, "bench_live: the lanes do not fit (%g px)\n", last.bottom());
        std::exit(1);
    }
    return QImage(view.size(), QImage::Format_ARGB32_Premultiplied);
}

// The baseline: the same widget on the finished, static trace, the whole of it in view,
// with the range nudged by 1 ns each frame so the geometry is rebuilt as when panning.
std::vector<Frame> staticFrames(std::shared_ptr<const Trace> trace, int count) {
    TimelineView view;
    view.setTrace(trace);
    QImage image = widgetImage(view);
    const Time end = std::max<Time>(trace->endTime(), 1);
    std::vector<Frame> frames;
    for (int f = -3; f < count; ++f) {
        const Frame fr = frame(view, image, [&] { view.zoom()->setRange({0, end - Time(f & 1)}); });
        if (f >= 0) frames.push_back(fr);
    }
    return frames;
}

// With `withEvents`, every fourth tick is followed, half a tick later, by what the app's
// Events dock does during a real-thread run: EventsPanel::traceGrew() lists the new rows and
// the panel is painted (a frame of its own, reported on its own line).
void liveCase(double seconds, double rate, bool withEvents) {
    auto trace = std::make_shared<Trace>([] {
        RunInfo i;
        i.engine = "real";
        return i;
    }());
    addThreads(*trace);
    Writer writer(*trace);
    TimelineView view;
    view.setTrace(trace);
    QImage image = widgetImage(view);
    EventsPanel panel;
    panel.resize(1400, 260);
    QImage panelImage(panel.size(), QImage::Format_ARGB32_Premultiplied);
    if (withEvents) panel.setLiveTrace(trace);
    int ticks = 0;

    std::atomic<bool> stop{false};
    const auto start = std::chrono::steady_clock::now();
    // The writer keeps to the rate on average: it appends what is due, then sleeps 1 ms.
    std::thread producer([&] {
        std::uint64_t written = 0;
        while (!stop.load(std::memory_order_relaxed)) {
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const auto due = std::uint64_t(elapsed * rate);
            const Time now = Time(elapsed * 1e9);
            for (; written < due; ++written)
                writer.append(int(written % kThreads), now);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });

    // The app's progress timer: 33 ms. A frame that overruns delays the next one ("late").
    const double period = 33;
    std::vector<Frame> frames;
    std::vector<Frame> tableFrames;
    int late = 0;
    double next = nowMs(CLOCK_MONOTONIC);
    const double endAt = next + seconds * 1e3;
    while (nowMs(CLOCK_MONOTONIC) < endAt) {
        const double at = (nowMs(CLOCK_MONOTONIC) - (endAt - seconds * 1e3)) / 1e3;
        frames.push_back(frame(view, image, [&] { view.traceGrew(); }));
        frames.back().at = at;
        if (withEvents && ++ticks % 4 == 0) {
            // As the app does (kEventsEveryTicks, kEventsOffsetMs): half a tick later, the
            // table's own frame.
            std::this_thread::sleep_for(std::chrono::milliseconds(16));
            const double w0 = nowMs(CLOCK_MONOTONIC);
            const double c0 = nowMs(CLOCK_THREAD_CPUTIME_ID);
            panel.traceGrew();
            panel.render(&panelImage);
            tableFrames.push_back(
                {nowMs(CLOCK_MONOTONIC) - w0, nowMs(CLOCK_THREAD_CPUTIME_ID) - c0, at});
        }
        waitForTick(next, period, late);
    }
    stop = true;
    producer.join();
    trace->setEndTime(trace->endTime());
    trace->finish(Outcome::Completed);
    char name[64];
    std::snprintf(name, sizeof name, "live %.0fk ev/s", rate / 1e3);
    report(name, frames, late);
    if (withEvents) report("  events table, 8/s", tableFrames, 0);
    std::printf("  (%zu events recorded in %.1f s)\n", trace->eventCount(), seconds);
    report("  baseline: static", staticFrames(trace, 40), 0);
}

std::shared_ptr<Trace> finishedTrace(std::size_t events) {
    auto trace = std::make_shared<Trace>();
    addThreads(*trace);
    Writer writer(*trace);
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<Time> step(50, 2000);
    // Round-robin over the threads with times that rise, so every thread spans the run.
    Time now = 0;
    for (std::size_t i = 0, n = 0; n < events; ++i) {
        n += writer.append(int(i % kThreads), now);
        now += step(rng) / kThreads + 1;
    }
    trace->setEndTime(now);
    trace->finish(Outcome::Completed);
    return trace;
}

void playbackCase(double seconds, std::size_t events, const std::string& path) {
    const std::shared_ptr<Trace> trace =
        path.empty() ? finishedTrace(events) : std::shared_ptr<Trace>(loadChromeTrace(path));
    TimelineView view;
    view.setTrace(trace);
    QImage image = widgetImage(view);
    view.setHorizon(Time(0));
    const Time end = trace->endTime();

    // The playback clock's 16 ms timer; the horizon is where the wall clock says it is.
    const double period = 16;
    std::vector<Frame> frames;
    int late = 0;
    const double start = nowMs(CLOCK_MONOTONIC);
    double next = start;
    while (true) {
        const double t = (nowMs(CLOCK_MONOTONIC) - start) / (seconds * 1e3);
        if (t >= 1) break;
        frames.push_back(frame(view, image, [&] { view.setHorizon(Time(double(end) * t)); }));
        frames.back().at = t * seconds;
        waitForTick(next, period, late);
    }
    char name[64];
    std::snprintf(name, sizeof name, "playback %.1fM ev", double(trace->eventCount()) / 1e6);
    report(name, frames, late);
    report("  baseline: static", staticFrames(trace, 40), 0);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    double seconds = 4;
    double rate = 100'000;
    std::size_t events = 2'000'000;
    std::string only;
    std::string path;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--seconds"))
            seconds = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--rate"))
            rate = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--events"))
            events = std::size_t(std::atoll(argv[++i]));
        else if (!std::strcmp(argv[i], "--only"))
            only = argv[++i];
        else if (!std::strcmp(argv[i], "--trace"))
            path = argv[++i];
    }
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--series")) g_series = true;
    }
    std::printf("live timeline frames: %d px widget, %d threads, %.1f s per case; the target "
                "is every frame <= 16 ms (judged on thread CPU time)\n",
                kWidth, kThreads, seconds);
    header();
    if (only.empty() || only == "live") liveCase(seconds, rate, false);
    if (only.empty() || only == "events") liveCase(seconds, rate, true);
    if (only.empty() || only == "playback") playbackCase(seconds, events, path);
    return 0;
}
