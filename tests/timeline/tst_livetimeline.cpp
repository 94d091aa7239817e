// The timeline on its live paths (docs/performance.md, "Live runs"): a playback horizon
// that moves every frame and a trace that grows while it is shown must reuse the state
// mipmap and the object level index (each event indexed once, never rebuilt), a horizon
// step must read about pixels x lanes spans however many events are in view, and the
// object step chart painted on a raster device (rectangles, not one huge path: the path
// cost hundreds of ms per frame) must look like the vector path.
#include "timeline/palette.h"
#include "timeline/timelinegeometry.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainter.h"

#include <QImage>
#include <QPainter>
#include <QPicture>
#include <QTest>

#include <random>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kThreads = 8;
constexpr double kWidth = 400;

// Appends `perThread` state changes to every thread and an operation on the queue for one
// in four of them, times rising by 1-300 ns. Returns the time after the last event.
Time appendEvents(Trace& trace, int queue, std::size_t perThread, Time now, std::mt19937& rng) {
    for (std::size_t i = 0; i < perThread; ++i) {
        for (int t = 0; t < kThreads; ++t) {
            trace.setState(t, now, ThreadState(rng() % 4), -1);
            if (rng() % 4 == 0) trace.operation(queue, now, (rng() % 2) ? Op::Put : Op::Get, t);
            now += 1 + Time(rng() % 300);
        }
    }
    return now;
}

struct LiveTrace {
    Trace trace;
    int queue = 0;
    Time end = 0;
    std::mt19937 rng{5};
    LiveTrace() {
        for (int t = 0; t < kThreads; ++t)
            trace.addThread({"worker " + std::to_string(t + 1), "worker", t + 1});
        queue = trace.addObject({ObjectKind::Queue, "jobs", 16});
    }
    void grow(std::size_t perThread) {
        end = appendEvents(trace, queue, perThread, end, rng);
        trace.setEndTime(end);
    }
    std::size_t completeIntervals() const {
        std::size_t n = 0;
        for (int t = 0; t < kThreads; ++t)
            n += trace.threadEvents(std::size_t(t)).size() - 1;
        return n;
    }
};

GeometryRequest request(const Trace& trace, TimeRange range, Time dataEnd) {
    GeometryRequest r;
    r.range = range;
    r.width = kWidth;
    r.dataEnd = dataEnd;
    for (int t = 0; t < kThreads; ++t)
        r.lanes.push_back({t, double(t) * 20, 16});
    (void)trace;
    r.tracks.push_back({0, double(kThreads) * 20, 24}); // the queue
    return r;
}

} // namespace

class TestLiveTimeline : public QObject {
    Q_OBJECT
private slots:
    void horizonStepsReuseTheIndexes();
    void growingTraceIndexesEachEventOnce();
    void rasterStepChartLooksLikeThePath();
};

void TestLiveTimeline::horizonStepsReuseTheIndexes() {
    LiveTrace live;
    live.grow(20'000); // 160 k intervals, 50 per pixel column at the end
    GeometryCache cache;
    const int steps = 60;
    for (int k = 1; k <= steps; ++k) {
        // As in a playback that shows all it has played: the range is [0, horizon].
        const Time horizon = live.end * k / steps;
        const TimelineGeometry& g =
            cache.get(live.trace, request(live.trace, {0, horizon}, horizon), 1);
        const std::size_t inView = std::size_t(kThreads) * 20'000 * std::size_t(k) / steps;
        // The index keeps up with the horizon, not ahead of it: the first frame of a
        // playback does not index the whole run (times are random: about inView).
        QVERIFY2(cache.states().added() <= inView + inView / 10 + kThreads,
                 qPrintable(QStringLiteral("step %1: %2 intervals indexed for %3 in view")
                                .arg(k)
                                .arg(cache.states().added())
                                .arg(inView)));
        // Span by span while a column holds fewer than a mipmap block; from the summaries
        // once it holds more, so the spans read stay near pixels x lanes.
        const double perColumn = double(inView) / kThreads / kWidth;
        const double budget =
            perColumn < double(StateIndex::kBlock) ? 10 : double(StateIndex::kFanout + 1);
        QVERIFY2(double(g.spansRead) <= budget * kWidth * kThreads,
                 qPrintable(QStringLiteral("step %1: %2 spans read for %3 in view")
                                .arg(k)
                                .arg(g.spansRead)
                                .arg(inView)));
    }
    QCOMPARE(cache.builds(), std::uint64_t(steps));
    // Each interval and operation was indexed once over all the steps: nothing was rebuilt.
    QCOMPARE(cache.states().added(), live.completeIntervals());
    QCOMPARE(cache.levels().applied(), live.trace.objectEvents(0).size());
}

void TestLiveTimeline::growingTraceIndexesEachEventOnce() {
    LiveTrace live;
    GeometryCache cache;
    for (int batch = 0; batch < 50; ++batch) {
        live.grow(400); // what a writer adds between two traceGrew() calls
        cache.get(live.trace, request(live.trace, {0, live.end}, live.end), 1);
    }
    QCOMPARE(cache.states().added(), live.completeIntervals());
    QCOMPARE(cache.levels().applied(), live.trace.objectEvents(0).size());
    // The index grown batch by batch draws what one built at once draws.
    const GeometryRequest r = request(live.trace, {0, live.end}, live.end);
    TimelineIndex fresh;
    fresh.update(live.trace);
    const TimelineGeometry once = buildGeometry(live.trace, r, fresh);
    const TimelineGeometry& grown = cache.get(live.trace, r, 2);
    QCOMPARE(grown.states, once.states);
    QCOMPARE(grown.tracks[0].line, once.tracks[0].line);
}

void TestLiveTimeline::rasterStepChartLooksLikeThePath() {
    LiveTrace live;
    live.grow(3'000); // several operations in most pixel columns: excursions and steps
    LayoutOptions o;
    o.width = 600;
    const TimelineLayout layout = layoutTimeline(live.trace, o);
    QVERIFY(!layout.tracks.empty());
    GeometryRequest r;
    r.range = {0, live.end};
    r.width = layout.laneWidth;
    r.dataEnd = live.end;
    r.lanes = layout.lanes;
    r.tracks = layout.tracks;
    TimelineIndex index;
    index.update(live.trace);
    const TimelineGeometry g = buildGeometry(live.trace, r, index);
    QVERIFY(g.tracks[0].line.size() > 600); // dense enough to have cost a slow path
    const TimelinePalette pal = TimelinePalette::light();
    PaintState st;
    st.range = r.range;
    st.dataEnd = r.dataEnd;
    st.viewportHeight = layout.contentHeight;

    const QSize size(int(layout.width), int(layout.contentHeight));
    QImage raster(size, QImage::Format_ARGB32_Premultiplied);
    raster.fill(Qt::white);
    {
        QPainter p(&raster); // raster engine: rectangles
        paintTimeline(p, live.trace, layout, g, pal, st);
    }
    QPicture picture; // not a raster device: the polygon and polyline
    {
        QPainter p(&picture);
        paintTimeline(p, live.trace, layout, g, pal, st);
    }
    QImage vector(size, QImage::Format_ARGB32_Premultiplied);
    vector.fill(Qt::white);
    {
        QPainter p(&vector);
        p.drawPicture(0, 0, picture);
    }
    // Compare the track's rows only (span labels and lanes take other paths on a picture).
    const TrackSpec& track = layout.tracks[0];
    const int top = int(layout.bodyTop + track.top),
              bottom = int(layout.bodyTop + track.top + track.height);
    const int left = int(layout.laneLeft), right = int(layout.laneLeft + layout.laneWidth);
    // A pixel differs when no pixel next to it (or under it) in the other picture has its
    // colour: edges of a 1.5 px pen may round to either side.
    auto close = [](QRgb a, QRgb b) {
        return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                         std::abs(qBlue(a) - qBlue(b))}) <= 8;
    };
    auto nearby = [&](const QImage& img, int x, int y, QRgb c) {
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx)
                if (close(img.pixel(x + dx, y + dy), c)) return true;
        return false;
    };
    int differ = 0, inked = 0;
    for (int y = top + 1; y < bottom - 1; ++y)
        for (int x = left + 1; x < right - 1; ++x) {
            const QRgb a = raster.pixel(x, y), b = vector.pixel(x, y);
            if (b != qRgb(255, 255, 255)) ++inked;
            if (!nearby(vector, x, y, a) || !nearby(raster, x, y, b)) ++differ;
        }
    QVERIFY(inked > 1000);
    if (qEnvironmentVariableIsSet("TL_DUMP")) {
        raster.copy(left, top, right - left, bottom - top).save("/tmp/livebench/raster.png");
        vector.copy(left, top, right - left, bottom - top).save("/tmp/livebench/vector.png");
    }
    // The same picture but for a pixel here and there.
    QVERIFY2(differ * 100 <= inked,
             qPrintable(QStringLiteral("%1 of %2 pixels differ").arg(differ).arg(inked)));
}

QTEST_MAIN(TestLiveTimeline)
#include "tst_livetimeline.moc"
