// The geometry builder: exact rectangles for a tiny trace, one lane per thread, folding of
// dense traces to about one block per pixel column, the horizon, object tracks, the cache.
#include "timelinegeometry.h"

#include <QTest>

#include <algorithm>
#include <map>

using namespace tl;
using namespace tl::ui;

namespace {

// Two threads and a mutex, 1000 ns:
//   t0: working [0,100) blocked on m [100,300) working [300,1000) then exits
//   t1: waiting [0,500) running [500,1000) (still running at the trace end)
void tinyTrace(Trace& trace) {
    trace.addThread({"worker 1", "worker", 1});
    trace.addThread({"worker 2", "worker", 2});
    const int m = trace.addObject({ObjectKind::Mutex, "m", 0});
    trace.setState(0, 0, ThreadState::Working);
    trace.setState(0, 100, ThreadState::Blocked, m, Reason::Lock);
    trace.setState(0, 300, ThreadState::Working);
    trace.setState(0, 1000, ThreadState::Exited);
    trace.setState(1, 0, ThreadState::Waiting, m, Reason::Condition);
    trace.setState(1, 500, ThreadState::Running);
    trace.operation(m, 50, Op::Lock, 1);
    trace.operation(m, 300, Op::Lock, 0);
    trace.operation(m, 900, Op::Unlock, 0);
    trace.setEndTime(1000);
}

GeometryRequest request(const Trace& trace, TimeRange range, double width, double laneHeight = 10) {
    GeometryRequest r;
    r.range = range;
    r.width = width;
    r.dataEnd = trace.endTime();
    for (std::size_t t = 0; t < trace.threadCount(); ++t)
        r.lanes.push_back({int(t), double(t) * 20, laneHeight});
    return r;
}

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "t" + std::to_string(t).
std::string threadName(int t) {
    std::string name = "t";
    name += std::to_string(t);
    return name;
}

std::vector<QRectF> rectsOf(const TimelineGeometry& g, ThreadState s) {
    return g.states[std::size_t(s)];
}

// Every rectangle of one lane (identified by its top), sorted by x.
std::vector<std::pair<QRectF, int>> laneRects(const TimelineGeometry& g, double top) {
    std::vector<std::pair<QRectF, int>> out;
    for (int s = 0; s < kStateCount; ++s)
        for (const QRectF& r : g.states[std::size_t(s)])
            if (r.top() == top) out.emplace_back(r, s);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first.left() < b.first.left(); });
    return out;
}

} // namespace

class TestTimelineGeometry : public QObject {
    Q_OBJECT
private slots:
    void exactRectsForTinyTrace();
    void zoomedRectsAreClipped();
    void laneCountEqualsThreads();
    void horizonHidesTheFuture();
    void denseTraceFoldsToPixelColumns();
    void foldingShowsTheDominantState();
    void markersOnlyWhereReadable();
    void ownerTrack();
    void queueDepthStepChart();
    void cacheRebuildsOnlyOnChange();
};

void TestTimelineGeometry::exactRectsForTinyTrace() {
    Trace trace;
    tinyTrace(trace);
    TimelineIndex index;
    index.update(trace);
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, 1000}, 100), index);
    QCOMPARE(rectsOf(g, ThreadState::Working),
             (std::vector<QRectF>{QRectF(0, 0, 10, 10), QRectF(30, 0, 70, 10)}));
    QCOMPARE(rectsOf(g, ThreadState::Blocked), (std::vector<QRectF>{QRectF(10, 0, 20, 10)}));
    QCOMPARE(rectsOf(g, ThreadState::Waiting), (std::vector<QRectF>{QRectF(0, 20, 50, 10)}));
    QCOMPARE(rectsOf(g, ThreadState::Running), (std::vector<QRectF>{QRectF(50, 20, 50, 10)}));
    QVERIFY(rectsOf(g, ThreadState::Io).empty());
    QCOMPARE(g.folded, std::size_t(0));
}

void TestTimelineGeometry::zoomedRectsAreClipped() {
    Trace trace;
    tinyTrace(trace);
    TimelineIndex index;
    index.update(trace);
    // 200..400 ns on 100 px: 2 ns per px.
    const TimelineGeometry g = buildGeometry(trace, request(trace, {200, 400}, 100), index);
    QCOMPARE(rectsOf(g, ThreadState::Blocked), (std::vector<QRectF>{QRectF(0, 0, 50, 10)}));
    QCOMPARE(rectsOf(g, ThreadState::Working), (std::vector<QRectF>{QRectF(50, 0, 50, 10)}));
    QCOMPARE(rectsOf(g, ThreadState::Waiting), (std::vector<QRectF>{QRectF(0, 20, 100, 10)}));
    QVERIFY(rectsOf(g, ThreadState::Running).empty());
}

void TestTimelineGeometry::laneCountEqualsThreads() {
    Trace trace;
    for (int t = 0; t < 12; ++t) {
        trace.addThread({threadName(t), "r", t + 1});
        trace.setState(t, t * 10, ThreadState::Working);
    }
    trace.setEndTime(1000);
    TimelineIndex index;
    index.update(trace);
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, 1000}, 500), index);
    const auto& working = rectsOf(g, ThreadState::Working);
    QCOMPARE(working.size(), std::size_t(12)); // one span each, one lane each
    std::vector<double> tops;
    for (const QRectF& r : working)
        tops.push_back(r.top());
    std::sort(tops.begin(), tops.end());
    QCOMPARE(std::unique(tops.begin(), tops.end()) - tops.begin(), 12);
}

void TestTimelineGeometry::horizonHidesTheFuture() {
    Trace trace;
    tinyTrace(trace);
    TimelineIndex index;
    index.update(trace);
    GeometryRequest r = request(trace, {0, 1000}, 100);
    r.dataEnd = 400;
    const TimelineGeometry g = buildGeometry(trace, r, index);
    for (int s = 0; s < kStateCount; ++s)
        for (const QRectF& rect : g.states[std::size_t(s)])
            QVERIFY2(rect.right() <= 40 + 1e-9, "a span reaches past the horizon");
    QCOMPARE(rectsOf(g, ThreadState::Waiting), (std::vector<QRectF>{QRectF(0, 20, 40, 10)}));
    QVERIFY(rectsOf(g, ThreadState::Running).empty());
}

void TestTimelineGeometry::denseTraceFoldsToPixelColumns() {
    // 8 threads x 200k spans of 3..9 ns: thousands of spans per pixel column.
    Trace trace;
    const int threads = 8;
    const int spans = 200'000;
    Time end = 0;
    for (int t = 0; t < threads; ++t) {
        trace.addThread({threadName(t), "r", t + 1});
        Time now = 0;
        for (int i = 0; i < spans; ++i) {
            trace.setState(t, now, ThreadState((i + t) % kStateCount));
            now += 3 + (i * 7 + t) % 7;
        }
        end = std::max(end, now);
    }
    trace.setEndTime(end);
    TimelineIndex index;
    index.update(trace);
    const double width = 400;
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, end}, width), index);
    QVERIFY(g.folded > 0);
    for (int t = 0; t < threads; ++t) {
        const auto rects = laneRects(g, t * 20);
        QVERIFY2(rects.size() <= std::size_t(width) + 2,
                 qPrintable(QStringLiteral("lane %1 has %2 blocks").arg(t).arg(rects.size())));
        QVERIFY(rects.size() > 10);
        // Blocks tile the lane from left to right without overlapping.
        double right = 0;
        for (const auto& [rect, state] : rects) {
            QVERIFY(rect.left() >= right - 1e-6);
            QVERIFY(rect.width() > 0);
            right = rect.right();
        }
        QVERIFY(right <= width + 1e-6);
        QVERIFY(right >= width - 1);
    }
    // Zoomed in far enough, nothing is folded and spans are exact.
    const TimelineGeometry close = buildGeometry(trace, request(trace, {5000, 5200}, width), index);
    QCOMPARE(close.folded, std::size_t(0));
}

void TestTimelineGeometry::foldingShowsTheDominantState() {
    // Working 90 ns then blocked 10 ns, 10k times: each pixel column (1000 ns) is 90 % working.
    Trace trace;
    trace.addThread({"t", "r", 1});
    for (int i = 0; i < 10'000; ++i) {
        trace.setState(0, Time(i) * 100, ThreadState::Working);
        trace.setState(0, Time(i) * 100 + 90, ThreadState::Blocked);
    }
    trace.setEndTime(1'000'000);
    TimelineIndex index;
    index.update(trace);
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, 1'000'000}, 1000), index);
    QVERIFY(rectsOf(g, ThreadState::Blocked).empty());
    // Neighbouring columns that agree merge into one block.
    QCOMPARE(rectsOf(g, ThreadState::Working).size(), std::size_t(1));
    QCOMPARE(rectsOf(g, ThreadState::Working).front().width(), 1000.0);
}

void TestTimelineGeometry::markersOnlyWhereReadable() {
    Trace trace;
    trace.addThread({"t", "r", 1});
    const int q = trace.addObject({ObjectKind::Queue, "q", 0});
    trace.setState(0, 0, ThreadState::Working);
    for (int i = 0; i < 10'000; ++i)
        trace.operation(q, Time(i) * 100, i % 2 ? Op::Get : Op::Put, 0, std::uint32_t(i / 2));
    trace.setEndTime(1'000'000);
    TimelineIndex index;
    index.update(trace);
    // 10k operations on 500 px: far too dense to mark.
    const TimelineGeometry all = buildGeometry(trace, request(trace, {0, 1'000'000}, 500), index);
    QVERIFY(all.markers.empty());
    // 20 operations on 500 px: every one is marked, on the lane's top edge.
    const TimelineGeometry close = buildGeometry(trace, request(trace, {0, 2000}, 500), index);
    QCOMPARE(close.markers.size(), std::size_t(20));
    QCOMPARE(close.markers[1].x, 25.0f);
    QCOMPARE(close.markers[1].op, Op::Get);
    QCOMPARE(close.markers[1].top, 0.0f);
}

void TestTimelineGeometry::ownerTrack() {
    Trace trace;
    tinyTrace(trace);
    TimelineIndex index;
    index.update(trace);
    GeometryRequest r = request(trace, {0, 1000}, 100);
    r.tracks.push_back({0, 100, 20});
    const TimelineGeometry g = buildGeometry(trace, r, index);
    QCOMPARE(g.tracks.size(), std::size_t(1));
    const auto& bars = g.tracks[0].bars;
    // Held by worker 2 from 50 on (never released), then by worker 1 300..900.
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(bars[0].owner, 1);
    QCOMPARE(bars[0].rect.left(), 5.0);
    QCOMPARE(bars[0].rect.right(), 30.0);
    QCOMPARE(bars[1].owner, 0);
    QCOMPARE(bars[1].rect.left(), 30.0);
    QCOMPARE(bars[1].rect.right(), 90.0);
}

void TestTimelineGeometry::queueDepthStepChart() {
    Trace trace;
    trace.addThread({"p", "p", 1});
    const int q = trace.addObject({ObjectKind::Queue, "q", 4});
    trace.setState(0, 0, ThreadState::Working);
    trace.operation(q, 100, Op::Put, 0, 1);
    trace.operation(q, 200, Op::Put, 0, 2);
    trace.operation(q, 600, Op::Get, 0, 1);
    trace.setEndTime(1000);
    TimelineIndex index;
    index.update(trace);
    QCOMPARE(index.levels.levelBefore(trace, std::size_t(q), 0), 0);
    QCOMPARE(index.levels.levelBefore(trace, std::size_t(q), 2), 2);
    QCOMPARE(index.levels.levelBefore(trace, std::size_t(q), 3), 1);
    QCOMPARE(index.levels.maxLevel(std::size_t(q)), 4); // the capacity scales the chart
    GeometryRequest r = request(trace, {0, 1000}, 100);
    // 20 px tall: the baseline at 119 and 4 px per level (3 px padding at the top).
    r.tracks.push_back({q, 100, 20});
    const TimelineGeometry g = buildGeometry(trace, r, index);
    QCOMPARE(g.tracks[0].line,
             (QPolygonF{QPointF(0, 119), QPointF(10, 119), QPointF(10, 115), QPointF(20, 115),
                        QPointF(20, 111), QPointF(60, 111), QPointF(60, 115), QPointF(100, 115)}));
    QCOMPARE(g.tracks[0].area.size(), g.tracks[0].line.size() + 2);
}

void TestTimelineGeometry::cacheRebuildsOnlyOnChange() {
    Trace trace;
    tinyTrace(trace);
    GeometryCache cache;
    const GeometryRequest r = request(trace, {0, 1000}, 100);
    cache.get(trace, r, 1);
    cache.get(trace, r, 1);
    QCOMPARE(cache.builds(), std::uint64_t(1));
    GeometryRequest wider = r;
    wider.width = 200;
    cache.get(trace, wider, 1);
    QCOMPARE(cache.builds(), std::uint64_t(2));
    cache.get(trace, wider, 2); // the layout moved
    QCOMPARE(cache.builds(), std::uint64_t(3));
    trace.setState(1, 1000, ThreadState::Exited); // the trace grew
    cache.get(trace, wider, 2);
    QCOMPARE(cache.builds(), std::uint64_t(4));
}

QTEST_GUILESS_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
