// Causality on the timeline: the arrow into a wait starts at the operation that ended it (the
// pure geometry, in widget coordinates), an object's hand-offs are capped and spread, the
// widget draws the arrows of the selected and the hovered wait and of a chosen track, the
// span tooltip says why, and exports carry the same arrows.
#include "testutil.h"
#include "timeline/causalarrows.h"
#include "timeline/timecoords.h"
#include "timeline/timelinehittest.h"
#include "timeline/timelinepainter.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QThreadPool>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr Time ms = 1'000'000;

using test::kTwoWorkers;
using test::twoWorkers;

// Worker 2's one wait: blocked on the lock from 3 to 4 ms.
std::size_t blockedInterval(const Trace& t) {
    return std::size_t(t.intervalAt(1, 3 * ms + 1));
}

TimelineLayout layoutFor(const Trace& t, double width = 1000) {
    LayoutOptions o;
    o.width = width;
    return layoutTimeline(t, o);
}

double laneCentre(const TimelineLayout& L, int thread, double scrollY = 0) {
    const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[std::size_t(thread)])];
    return L.bodyTop + lane.top + lane.height / 2 - scrollY;
}

} // namespace

class TestCausalArrows : public QObject {
    Q_OBJECT
private slots:
    void arrowIntoABlockedSpanStartsAtTheUnlock();
    void arrowGeometry();
    void arrowGeometryLeavesOutWhatCannotBeSeen();
    void noArrowWithoutAWait();
    void longStreamsAreLinkedInTheBackground();
    void objectHandOffsAreCappedAndSpread();
    void viewDrawsTheSelectedAndHoveredWait();
    void trackClickAndMenuShowAllHandOffs();
    void tooltipSaysWhy();
    void exportsCarryTheArrows();
};

void TestCausalArrows::arrowIntoABlockedSpanStartsAtTheUnlock() {
    const auto t = twoWorkers();
    const std::size_t iv = blockedInterval(*t);
    QCOMPARE(t->interval(1, iv).state, ThreadState::Blocked);
    CausalityIndex index;
    index.reset(t);
    const auto a = index.arrowIntoWait(1, iv);
    QVERIFY(a);
    QCOMPARE(t->thread(std::size_t(a->fromThread)).name, std::string("worker 1"));
    QCOMPARE(a->fromOp, Op::Unlock);
    QCOMPARE(a->fromTime, 4 * ms);
    QCOMPARE(a->toThread, 1);
    QCOMPARE(a->toTime, 4 * ms); // the end of the blocked span
    QCOMPARE(a->object, t->findObject("lock"));
}

void TestCausalArrows::arrowGeometry() {
    const auto t = twoWorkers();
    CausalityIndex index;
    index.reset(t);
    const CausalArrow a = *index.arrowIntoWait(1, blockedInterval(*t));
    const TimelineLayout L = layoutFor(*t);
    const TimeRange range{0, 9 * ms};
    const auto lines = arrowLines(L, range, 0, 800, {a});
    QCOMPARE(lines.size(), std::size_t(1));
    const double x = timeToX(4 * ms, range, L.laneWidth, L.laneLeft);
    QCOMPARE(lines[0].from, QPointF(x, laneCentre(L, 0)));
    QCOMPARE(lines[0].to, QPointF(x, laneCentre(L, 1)));
    QCOMPARE(lines[0].object, a.object);
    // Zoomed to 2-6 ms and scrolled by 5 px: the same arrow, moved.
    const TimeRange zoomed{2 * ms, 6 * ms};
    const auto moved = arrowLines(L, zoomed, 5, 800, {a});
    QCOMPARE(moved.size(), std::size_t(1));
    QCOMPARE(moved[0].from.x(), L.laneLeft + L.laneWidth / 2);
    QCOMPARE(moved[0].to.y(), laneCentre(L, 1, 5));
}

void TestCausalArrows::arrowGeometryLeavesOutWhatCannotBeSeen() {
    const auto t = twoWorkers();
    const TimelineLayout L = layoutFor(*t);
    CausalArrow a{0, 0, 4 * ms, Op::Unlock, 1, 4 * ms};
    // Right of the view, left of it, above the body, and a thread with no lane.
    QVERIFY(arrowLines(L, {0, 3 * ms}, 0, 800, {a}).empty());
    QVERIFY(arrowLines(L, {5 * ms, 9 * ms}, 0, 800, {a}).empty());
    QVERIFY(arrowLines(L, {0, 9 * ms}, 10'000, 800, {a}).empty());
    CausalArrow stray = a;
    stray.fromThread = 7;
    QVERIFY(arrowLines(L, {0, 9 * ms}, 0, 800, {stray}).empty());
    // One end in view is enough.
    CausalArrow across{0, 0, 1 * ms, Op::Put, 1, 8 * ms};
    QCOMPARE(arrowLines(L, {4 * ms, 5 * ms}, 0, 800, {across}).size(), std::size_t(1));
}

void TestCausalArrows::noArrowWithoutAWait() {
    const auto t = twoWorkers();
    CausalityIndex index;
    index.reset(t);
    QVERIFY(!index.arrowIntoWait(0, 0)); // working
    QVERIFY(!index.arrowIntoWait(1, 999));
    QVERIFY(!index.arrowIntoWait(5, 0));
}

void TestCausalArrows::longStreamsAreLinkedInTheBackground() {
    const auto t = twoWorkers();
    QObject context;
    int ready = 0;
    CausalityIndex index;
    index.reset(t);
    index.setSyncLimit(0);
    index.setReadyHandler(&context, [&ready] { ++ready; });
    // At first there is no answer, and the window is not held up for one.
    QVERIFY(!index.arrowIntoWait(1, blockedInterval(*t)));
    QVERIFY(index.computing());
    QTRY_COMPARE(ready, 1);
    QVERIFY(!index.computing());
    const auto a = index.arrowIntoWait(1, blockedInterval(*t));
    QVERIFY(a);
    QCOMPARE(a->fromOp, Op::Unlock);
    // A result for a trace since replaced is dropped.
    index.reset(twoWorkers());
    QVERIFY(!index.arrowIntoWait(1, 1));
    index.reset(nullptr);
    // Every background computation has ended and everything it posted has arrived.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(ready, 1);
}

void TestCausalArrows::objectHandOffsAreCappedAndSpread() {
    const auto t = std::shared_ptr<const Trace>(
        test::runScenario("producer-consumer", {{"items", "400"}}).release());
    CausalityIndex index;
    index.reset(t);
    const auto q = std::size_t(t->findObject("jobs"));
    const std::size_t all = index.links(q).size();
    QVERIFY(all > 400); // every item's put -> get, and the puts that waited for room
    const TimeRange whole{0, t->endTime()};
    QCOMPARE(index.arrowsOfObject(q, whole, 100000).size(), all);
    const auto capped = index.arrowsOfObject(q, whole, 50);
    QVERIFY(capped.size() <= 50 && capped.size() >= 40);
    // Spread over the run, not the first fifty.
    QVERIFY(capped.back().toTime > t->endTime() * 3 / 4);
    // Only those that end in the range.
    const TimeRange part{t->endTime() / 4, t->endTime() / 2};
    for (const CausalArrow& a : index.arrowsOfObject(q, part, 1000))
        QVERIFY(a.toTime >= part.start && a.toTime <= part.end);
}

void TestCausalArrows::viewDrawsTheSelectedAndHoveredWait() {
    const auto t = twoWorkers();
    TimelineView view;
    view.resize(1000, 400);
    view.setTrace(t);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy changed(&view, &TimelineView::selectionChanged);
    view.selectInterval(1, qint64(blockedInterval(*t)));
    QCOMPARE(changed.count(), 1);
    view.grab();
    QCOMPARE(view.arrows().size(), std::size_t(1));
    QCOMPARE(view.arrows()[0].fromThread, 0);
    QCOMPARE(view.arrows()[0].fromOp, Op::Unlock);

    // Hovering the same span adds nothing; a working span has no arrow.
    view.clearSelection();
    view.grab();
    QVERIFY(view.arrows().empty());
    const QRectF lane = view.laneRect(1);
    const TimeRange r = view.zoom()->range();
    const double xBlocked = timeToX(3 * ms + ms / 2, r, lane.width(), lane.left());
    QTest::mouseMove(&view, QPoint(int(xBlocked), int(lane.center().y())));
    view.grab();
    QCOMPARE(view.arrows().size(), std::size_t(1));
    const double xWorking = timeToX(1 * ms, r, lane.width(), lane.left());
    QTest::mouseMove(&view, QPoint(int(xWorking), int(lane.center().y())));
    view.grab();
    QVERIFY(view.arrows().empty());
}

void TestCausalArrows::trackClickAndMenuShowAllHandOffs() {
    const auto t = std::shared_ptr<const Trace>(
        test::runScenario("producer-consumer", {{"items", "30"}}).release());
    TimelineView view;
    view.resize(1200, 500);
    view.setTrace(t);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int q = t->findObject("jobs");
    QSignalSpy linked(&view, &TimelineView::linkedObjectChanged);
    view.setLinkedObject(q);
    QCOMPARE(linked.count(), 1);
    view.grab();
    CausalityIndex index;
    index.reset(t);
    QCOMPARE(view.arrows().size(), std::min(kMaxArrows, index.links(std::size_t(q)).size()));
    for (const CausalArrow& a : view.arrows())
        QCOMPARE(a.object, q);
    // Escape forgets it.
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(view.linkedObject(), -1);
    view.grab();
    QVERIFY(view.arrows().empty());
    // A click on the object's track (its name) picks it.
    const QRectF firstLane = view.laneRect(0);
    // The queue's track is the first body row, above the lanes.
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(20, int(firstLane.top()) - 30));
    QCOMPARE(view.linkedObject(), q);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(5, view.height() - 3));
    QCOMPARE(view.linkedObject(), -1);
}

void TestCausalArrows::tooltipSaysWhy() {
    const auto t = twoWorkers();
    const QString tip = intervalTooltip(*t, 1, long(blockedInterval(*t)));
    QVERIFY2(tip.contains(QStringLiteral(
                 "blocked 1 ms on lock, held by worker 1, woken by worker 1&#x27;s unlock")) ||
                 tip.contains(QStringLiteral(
                     "blocked 1 ms on lock, held by worker 1, woken by worker 1's unlock")),
             qPrintable(tip));
    QVERIFY(!intervalTooltip(*t, 0, 0).contains(QStringLiteral("woken")));
}

void TestCausalArrows::exportsCarryTheArrows() {
    const auto t = twoWorkers();
    CausalityIndex index;
    index.reset(t);
    PictureRequest request;
    request.width = 900;
    request.palette = TimelinePalette::light();
    const TimelineLayout L = pictureLayout(*t, request);
    auto render = [&](const PictureRequest& r) {
        QImage image(int(r.width), int(L.contentHeight), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter p(&image);
        paintPicture(p, *t, L, r);
        return image;
    };
    const QImage plain = render(request);
    request.arrows = {*index.arrowIntoWait(1, blockedInterval(*t))};
    request.emphasisThreads = {1};
    const QImage explained = render(request);
    QVERIFY(plain != explained);
}

QTEST_MAIN(TestCausalArrows)
#include "tst_causalarrows.moc"
