// Timeline frame benchmark: one frame of the timeline (geometry build + paint into a
// 1600 px wide QImage, as the widget does on every pan or zoom) for 64 threads with
// 1 M and 10 M state events in all (64 M with --huge), at three zoom levels: the whole
// trace, 1 % of it and 0.01 % of it. Baselines from the same run: painting an empty
// frame (layout, text, ruler and legend, no spans) and filling as many rectangles as the
// frame drew blocks (rectangles and mixed columns), one fillRect each.
//
//   QT_QPA_PLATFORM=offscreen build/bench/timeline/bench_timeline [--huge] [--events N] [--cpu]
//   [--frames N] [--zoom whole|1%|0.01%  (that zoom only, without the baselines)]
#include "timeline/palette.h"
#include "timeline/timelinegeometry.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainter.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

using namespace tl;
using namespace tl::ui;

namespace {

// Wall-clock time by default; --cpu measures this thread's CPU time instead, which stays
// meaningful on a machine busy with other work (the figures in docs/performance.md are
// wall-clock on an idle machine).
bool g_cpuTime = false;

struct Clock {
    using time_point = double;
    static double now() {
        timespec ts{};
        clock_gettime(g_cpuTime ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }
};

double msSince(double t0) {
    return Clock::now() - t0;
}

struct Stats {
    double median = 0;
    double p95 = 0;
    double best = 0; // the least disturbed frame: on a shared machine, the nearest to idle
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.front()};
}

// Spans of 50 ns to 2 µs in states drawn with the weights of a busy program; every thread
// gets `perThread` state changes.
std::unique_ptr<Trace> syntheticTrace(int threads, std::size_t perThread) {
    auto trace = std::make_unique<Trace>([] {
        RunInfo i;
        i.title = "Synthetic";
        return i;
    }());
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<Time> duration(50, 2000);
    std::discrete_distribution<int> state({40, 8, 4, 10, 14, 14, 10});
    Time end = 0;
    for (int t = 0; t < threads; ++t) {
        std::string name = "worker ";
        name += std::to_string(t + 1);
        trace->addThread({name, t < threads / 4 ? "producer" : "consumer", t + 1});
        Time now = 0;
        for (std::size_t i = 0; i < perThread; ++i) {
            const auto s = ThreadState(state(rng));
            const bool waits = s == ThreadState::Blocked || s == ThreadState::Waiting;
            trace->setState(t, now, s, -1, waits ? Reason::Lock : Reason::None);
            now += duration(rng);
        }
        end = std::max(end, now);
    }
    trace->setEndTime(end);
    trace->finish(Outcome::Completed);
    return trace;
}

struct Result {
    Stats build, paint, total;
    std::size_t rects = 0;
};

// Frames whose range moves by a few ns each time, so the geometry cache never hits: the
// cost of a frame while panning.
Result measureFrames(const Trace& trace, const TimelineLayout& layout, TimeRange range,
                     QImage& image, const TimelinePalette& pal, int frames) {
    std::vector<double> build, paint, total;
    TimelineIndex index;
    index.update(trace);
    Result r;
    for (int f = -3; f < frames; ++f) {
        const Time shift = f & 1;
        GeometryRequest req;
        req.range = {range.start + shift, range.end + shift};
        req.width = layout.laneWidth;
        req.dataEnd = trace.endTime();
        req.lanes = layout.lanes;
        req.tracks = layout.tracks;
        const auto t0 = Clock::now();
        const TimelineGeometry g = buildGeometry(trace, req, index);
        const double b = msSince(t0);
        const auto t1 = Clock::now();
        {
            QPainter p(&image);
            PaintState st;
            st.range = req.range;
            st.dataEnd = req.dataEnd;
            st.viewportHeight = layout.contentHeight;
            paintTimeline(p, trace, layout, g, pal, st);
        }
        const double pt = msSince(t1);
        if (f < 0) continue; // warm-up
        build.push_back(b);
        paint.push_back(pt);
        total.push_back(b + pt);
        r.rects = g.mixed.size(); // a mixed column is one block, whatever its bands
        for (const auto& v : g.states)
            r.rects += v.size();
    }
    r.build = stats(build);
    r.paint = stats(paint);
    r.total = stats(total);
    return r;
}

Stats emptyFrame(const Trace& trace, const TimelineLayout& layout, QImage& image,
                 const TimelinePalette& pal, int frames) {
    std::vector<double> v;
    TimelineGeometry empty;
    for (int f = -3; f < frames; ++f) {
        const auto t0 = Clock::now();
        QPainter p(&image);
        PaintState st;
        st.range = {0, trace.endTime()};
        st.dataEnd = 0; // nothing recorded yet: no spans, no span labels
        st.viewportHeight = layout.contentHeight;
        paintTimeline(p, trace, layout, empty, pal, st);
        p.end();
        if (f >= 0) v.push_back(msSince(t0));
    }
    return stats(v);
}

Stats fillRects(std::size_t count, const TimelineLayout& layout, QImage& image,
                const TimelinePalette& pal, int frames) {
    // As many small rectangles as a frame drew, spread over the lanes like real spans.
    std::vector<QRectF> rects;
    rects.reserve(count);
    const std::size_t perLane = std::max<std::size_t>(1, count / layout.lanes.size());
    const double w = layout.laneWidth / double(perLane);
    for (std::size_t i = 0; i < count; ++i) {
        const LaneSpec& lane = layout.lanes[(i / perLane) % layout.lanes.size()];
        rects.emplace_back(layout.laneLeft + double(i % perLane) * w, layout.bodyTop + lane.top, w,
                           lane.height);
    }
    std::vector<double> v;
    for (int f = -3; f < frames; ++f) {
        const auto t0 = Clock::now();
        QPainter p(&image);
        for (std::size_t i = 0; i < rects.size(); ++i)
            p.fillRect(rects[i], pal.states[i % kStateCount]);
        p.end();
        if (f >= 0) v.push_back(msSince(t0));
    }
    return stats(v);
}

} // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    bool huge = false;
    std::size_t only = 0; // --events N: just that size
    int frames = 40;
    const char* onlyZoom = nullptr; // --zoom whole|1%|0.01%: just that zoom
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--huge")) huge = true;
        if (!std::strcmp(argv[i], "--cpu")) g_cpuTime = true;
        if (!std::strcmp(argv[i], "--frames") && i + 1 < argc) frames = std::atoi(argv[++i]);
        if (!std::strcmp(argv[i], "--events") && i + 1 < argc)
            only = std::size_t(std::atoll(argv[++i]));
        if (!std::strcmp(argv[i], "--zoom") && i + 1 < argc) onlyZoom = argv[++i];
    }
    const int threads = 64;
    std::vector<std::size_t> sizes = {1'000'000, 10'000'000};
    if (huge) sizes.push_back(64'000'000);
    if (only > 0) sizes = {only};

    QFont font = QGuiApplication::font();
    font.setPixelSize(12);
    const TimelinePalette pal = TimelinePalette::light();
    std::printf("timeline frame: 1600 px wide, %d threads, %d frames; ms (%s): median (p95) "
                "and best; the target applies to the median\n",
                threads, frames, g_cpuTime ? "thread CPU time" : "wall clock");
    std::printf("%-10s %-6s %6s %15s %15s %23s %7s\n", "events", "zoom", "blocks", "build", "paint",
                "frame", "target");
    for (std::size_t events : sizes) {
        const auto trace = syntheticTrace(threads, events / threads);
        LayoutOptions o;
        o.font = font;
        o.width = 1600;
        const TimelineLayout layout = layoutTimeline(*trace, o);
        QImage image(1600, int(layout.contentHeight), QImage::Format_ARGB32_Premultiplied);
        const Time end = trace->endTime();
        struct Zoom {
            const char* name;
            double fraction;
        };
        const double target = events > 1'000'000 ? 16 : 8;
        std::size_t lastRects = 0;
        for (const Zoom z : {Zoom{"whole", 1.0}, Zoom{"1%", 0.01}, Zoom{"0.01%", 0.0001}}) {
            if (onlyZoom && std::strcmp(onlyZoom, z.name) != 0) continue;
            const Time width = std::max<Time>(100, Time(double(end) * z.fraction));
            const TimeRange range{end / 2 - width / 2, end / 2 - width / 2 + width};
            const Result r = measureFrames(*trace, layout, range, image, pal, frames);
            std::printf(
                "%-10zu %-6s %6zu %6.2f (%6.2f) %6.2f (%6.2f) %6.2f (%6.2f) %6.2f %5.0f %s\n",
                events, z.name, r.rects, r.build.median, r.build.p95, r.paint.median, r.paint.p95,
                r.total.median, r.total.p95, r.total.best, target,
                r.total.median <= target ? "ok" : "OVER");
            if (z.fraction == 1.0) lastRects = r.rects;
        }
        if (onlyZoom) continue; // one zoom's frames alone (for a profiler): no baselines
        const Stats e = emptyFrame(*trace, layout, image, pal, frames);
        const Stats f = fillRects(lastRects, layout, image, pal, frames);
        std::printf("%-10zu %-6s %6s %15s %15s %6.2f (%6.2f) %6.2f   baseline: empty frame\n",
                    events, "-", "0", "", "", e.median, e.p95, e.best);
        std::printf(
            "%-10zu %-6s %6zu %15s %15s %6.2f (%6.2f) %6.2f   baseline: fillRect x blocks\n",
            events, "-", lastRects, "", "", f.median, f.p95, f.best);
    }
    return 0;
}
