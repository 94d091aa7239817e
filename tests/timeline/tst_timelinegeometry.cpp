// The geometry builder: exact rectangles for a tiny trace, one lane per thread, folding of
// dense traces to about one block per pixel column that keeps every state in it visible,
// the horizon, object tracks, the cache.
#include "timeline/palette.h"
#include "timeline/timelinegeometry.h"
#include "timeline/timelinepainter.h"

#include <QImage>
#include <QPainter>
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

// Every block of one lane (identified by its top), sorted by x: full-height rectangles with
// their state, and mixed columns as -1.
std::vector<std::pair<QRectF, int>> laneRects(const TimelineGeometry& g, double top) {
    std::vector<std::pair<QRectF, int>> out;
    for (int s = 0; s < kStateCount; ++s)
        for (const QRectF& r : g.states[std::size_t(s)])
            if (r.top() == top) out.emplace_back(r, s);
    for (std::size_t l = 0; l < g.lanes.size(); ++l)
        if (g.lanes[l].top == top)
            for (std::uint32_t k = g.mixedOffsets[l]; k < g.mixedOffsets[l + 1]; ++k)
                out.emplace_back(
                    QRectF(g.mixed[k].x0, top, g.mixed[k].x1 - g.mixed[k].x0, g.lanes[l].height),
                    -1);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first.left() < b.first.left(); });
    return out;
}

Bands bandsOf(std::initializer_list<std::pair<ThreadState, int>> list) {
    Bands b{};
    for (const auto& [s, px] : list)
        b[std::size_t(s)] = std::uint8_t(px);
    return b;
}

// A thread that repeats `first` for `a` ns then `second` for `b` ns, `n` times.
void alternating(Trace& trace, ThreadState first, Time a, ThreadState second, Time b, int n) {
    trace.addThread({"t", "r", 1});
    for (int i = 0; i < n; ++i) {
        trace.setState(0, Time(i) * (a + b), first);
        trace.setState(0, Time(i) * (a + b) + a, second);
    }
    trace.setEndTime(Time(n) * (a + b));
}

// How many pixels of the image have exactly this colour within a rectangle.
int countColour(const QImage& image, QColor colour, QRect in) {
    const QRgb want = colour.rgb();
    in &= image.rect();
    int n = 0;
    for (int y = in.top(); y <= in.bottom(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = in.left(); x <= in.right(); ++x)
            if ((line[x] | 0xFF000000) == want) ++n;
    }
    return n;
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
    void foldingKeepsEveryState();
    void minorityShowsInThePicture();
    void burstsAreWeighedInFull();
    void bandHeightsAreProportional();
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
        QVERIFY(!rects.empty());
        // Every state is in every column, about equally: every column shows all seven.
        for (std::uint32_t k = g.mixedOffsets[std::size_t(t)];
             k < g.mixedOffsets[std::size_t(t) + 1]; ++k)
            for (int s = 0; s < kStateCount; ++s)
                QVERIFY(g.mixed[k].bands[std::size_t(s)] > 0);
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

void TestTimelineGeometry::foldingKeepsEveryState() {
    // Working 90 ns then blocked 10 ns, 10k times: each pixel column (1000 ns) is 90 %
    // working and 10 % blocked. Folded to the dominant state, the lane was all working.
    Trace trace;
    alternating(trace, ThreadState::Working, 90, ThreadState::Blocked, 10, 10'000);
    TimelineIndex index;
    index.update(trace);
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, 1'000'000}, 1000), index);
    for (int s = 0; s < kStateCount; ++s)
        QVERIFY(g.states[std::size_t(s)].empty());
    // Every column has the same mix, so neighbours merge into one block across the lane;
    // on a 10 px lane each state gets a pixel and the other 8 go 90:10, working at the
    // bottom: 1 + 7 and 1 + 1.
    QCOMPARE(g.mixed.size(), std::size_t(1));
    QCOMPARE(g.mixedOffsets, (std::vector<std::uint32_t>{0, 1}));
    QCOMPARE(g.mixed[0].x0, 0.0f);
    QCOMPARE(g.mixed[0].x1, 1000.0f);
    QCOMPARE(g.mixed[0].bands, bandsOf({{ThreadState::Working, 8}, {ThreadState::Blocked, 2}}));
    // As rectangles (vector devices): blocked on top, 2 px; working below it, 8 px.
    const auto rects = mixedRects(g);
    QCOMPARE(rects[std::size_t(ThreadState::Blocked)],
             (std::vector<QRectF>{QRectF(0, 0, 1000, 2)}));
    QCOMPARE(rects[std::size_t(ThreadState::Working)],
             (std::vector<QRectF>{QRectF(0, 2, 1000, 8)}));
}

void TestTimelineGeometry::minorityShowsInThePicture() {
    // 64 threads on 4 cores, zoomed out: each pixel column of a lane is 90 % runnable and
    // 10 % working. The picture, on screen or exported, must show the working.
    Trace trace([] {
        RunInfo i;
        i.title = "Mostly runnable";
        return i;
    }());
    alternating(trace, ThreadState::Runnable, 900, ThreadState::Working, 100, 20'000);
    PictureRequest request;
    request.width = 800;
    request.font.setPixelSize(12);
    request.palette = TimelinePalette::light();
    const TimelineLayout layout = pictureLayout(trace, request);
    QImage image(800, int(std::ceil(layout.contentHeight)), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        paintPicture(p, trace, layout, request);
    }
    // In the lane: at least a pixel of working in every column, and runnable still the
    // most of it. Folded to the dominant state, there was no working at all.
    QCOMPARE(layout.lanes.size(), std::size_t(1));
    const LaneSpec& lane = layout.lanes[0];
    const QRect area(int(layout.laneLeft), int(layout.bodyTop + lane.top), int(layout.laneWidth),
                     int(lane.height));
    const int working = countColour(image, request.palette.stateColour(ThreadState::Working), area);
    const int runnable =
        countColour(image, request.palette.stateColour(ThreadState::Runnable), area);
    QVERIFY2(working >= int(layout.laneWidth) - 2,
             qPrintable(QStringLiteral("%1 working pixels on a lane %2 px wide")
                            .arg(working)
                            .arg(layout.laneWidth)));
    QVERIFY2(runnable > 5 * working, qPrintable(QStringLiteral("%1 runnable").arg(runnable)));
}

void TestTimelineGeometry::burstsAreWeighedInFull() {
    // A lane of wide spans with, in one pixel column, a burst of 1000 spans: 40 working ones,
    // then 960 that alternate runnable and io. Only the first 8 spans of a column are read
    // one by one; the rest is summed from the mipmap, so io and runnable still show.
    Trace trace;
    trace.addThread({"t", "r", 1});
    trace.setState(0, 0, ThreadState::Sleeping);
    Time at = 10'000;
    for (int i = 0; i < 1000; ++i, at += 1)
        trace.setState(0, at,
                       i < 40  ? ThreadState::Working
                       : i % 2 ? ThreadState::Io
                               : ThreadState::Runnable);
    trace.setState(0, at, ThreadState::Sleeping);
    trace.setEndTime(100'000);
    TimelineIndex index;
    index.update(trace);
    // 100 ns a pixel: the burst (10000..11000 ns) is columns 100 to 109.
    const TimelineGeometry g = buildGeometry(trace, request(trace, {0, 100'000}, 1000), index);
    QVERIFY(g.mixed.size() >= 2);
    std::array<int, kStateCount> seen{};
    for (const MixedColumn& c : g.mixed)
        for (int s = 0; s < kStateCount; ++s)
            seen[std::size_t(s)] += c.bands[std::size_t(s)] > 0;
    QVERIFY(seen[std::size_t(ThreadState::Working)] > 0);
    QVERIFY(seen[std::size_t(ThreadState::Io)] > 0);
    QVERIFY(seen[std::size_t(ThreadState::Runnable)] > 0);
    // And the frame read about what it draws, not the burst span by span.
    QVERIFY2(g.spansRead < 500, qPrintable(QString::number(g.spansRead)));
}

void TestTimelineGeometry::bandHeightsAreProportional() {
    std::array<std::uint64_t, kStateCount> t{};
    t[std::size_t(ThreadState::Runnable)] = 900;
    t[std::size_t(ThreadState::Working)] = 100;
    // 16 px: a pixel each, the other 14 shared 90:10 (1.4 rounds to 1).
    QCOMPARE(bandHeights(t, 16), bandsOf({{ThreadState::Working, 2}, {ThreadState::Runnable, 14}}));
    // A sliver of 0.1 % still gets its pixel.
    t[std::size_t(ThreadState::Working)] = 1;
    QCOMPARE(bandHeights(t, 16), bandsOf({{ThreadState::Working, 1}, {ThreadState::Runnable, 15}}));
    // Seven states on a 4 px lane: the four longest get a pixel.
    for (int s = 0; s < kStateCount; ++s)
        t[std::size_t(s)] = std::uint64_t(10 + s);
    QCOMPARE(bandHeights(t, 4), bandsOf({{ThreadState::Waiting, 1},
                                         {ThreadState::Running, 1},
                                         {ThreadState::Blocked, 1},
                                         {ThreadState::Runnable, 1}}));
    // They always add up to the height.
    for (int h = 7; h < 40; ++h) {
        const Bands b = bandHeights(t, h);
        int sum = 0;
        for (const auto px : b)
            sum += px;
        QCOMPARE(sum, h);
    }
    QCOMPARE(bandHeights({}, 16), Bands{});
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

QTEST_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
