// The timeline widget, offscreen: lanes, wheel zoom around the mouse, drag to pan, Shift+drag
// to select, clicks that select spans and operations, keys, horizon, follow, painting.
#include "timeline/timelinehittest.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(tl::TimeRange)

namespace {

// Three threads over 10 µs; thread 0 works, blocks on m from 4000 to 6000 and works on;
// thread 1 waits on q; thread 2 runs. Lock by thread 0 at 6000, put by thread 1 at 8000.
std::shared_ptr<Trace> makeTrace() {
    auto trace = std::make_shared<Trace>([] {
        RunInfo i;
        i.title = "Widget test";
        return i;
    }());
    trace->addThread({"alpha", "worker", 1});
    trace->addThread({"beta", "worker", 2});
    trace->addThread({"gamma", "helper", 1});
    const int m = trace->addObject({ObjectKind::Mutex, "m", 0});
    const int q = trace->addObject({ObjectKind::Queue, "q", 4});
    trace->setState(0, 0, ThreadState::Working);
    trace->setState(0, 4000, ThreadState::Blocked, m, Reason::Lock);
    trace->setState(0, 6000, ThreadState::Working);
    trace->setState(1, 0, ThreadState::Waiting, q, Reason::QueueEmpty);
    trace->setState(1, 8000, ThreadState::Working);
    trace->setState(2, 0, ThreadState::Running);
    trace->operation(m, 6000, Op::Lock, 0);
    trace->operation(q, 8000, Op::Put, 1, 1);
    trace->setEndTime(10'000);
    trace->finish(Outcome::Completed);
    return trace;
}

void wheel(QWidget* w, QPointF pos, int delta, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QWheelEvent e(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, mods,
                  Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &e);
}

} // namespace

class TestTimelineView : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void lanesAndFit();
    void wheelZoomsAroundTheMouse();
    void dragPans();
    void shiftDragSelectsARange();
    void clickSelectsSpanAndOperation();
    void selectIntervalScrollsIntoView();
    void keys();
    void horizonLimitsTheExtent();
    void followModeFromTheView();
    void paintsOnLightAndDark();
    void tooltips();

private:
    std::unique_ptr<TimelineView> m_view;
    std::shared_ptr<Trace> m_trace;
};

void TestTimelineView::init() {
    qRegisterMetaType<tl::TimeRange>();
    m_trace = makeTrace();
    m_view = std::make_unique<TimelineView>();
    m_view->resize(1000, 400);
    m_view->setTrace(m_trace);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestTimelineView::cleanup() {
    m_view.reset();
}

void TestTimelineView::lanesAndFit() {
    QCOMPARE(m_view->laneCount(), 3);
    QCOMPARE(m_view->zoom()->range(), (TimeRange{0, 10'000}));
    // Lanes are grouped by role: alpha and beta (worker) above gamma (helper).
    QVERIFY(m_view->laneRect(0).top() < m_view->laneRect(1).top());
    QVERIFY(m_view->laneRect(1).top() < m_view->laneRect(2).top());
    QVERIFY(m_view->laneRect(0).width() > 500);
    m_view->setTrace(nullptr);
    QCOMPARE(m_view->laneCount(), 0);
}

void TestTimelineView::wheelZoomsAroundTheMouse() {
    const QRectF lane = m_view->laneRect(0);
    const QPointF at(lane.left() + lane.width() / 4, lane.center().y());
    const Time before = m_view->timeAt(at.x());
    QSignalSpy spy(m_view->zoom(), &ZoomControl::rangeChanged);
    wheel(m_view.get(), at, 120);
    QCOMPARE(spy.count(), 1);
    QVERIFY(m_view->zoom()->range().delta() < 10'000);
    QVERIFY(std::abs(m_view->timeAt(at.x()) - before) <= 20); // the time under the mouse stays
    wheel(m_view.get(), at, -120);
    QVERIFY(m_view->zoom()->range().delta() > 9'900);
}

void TestTimelineView::dragPans() {
    m_view->zoom()->setRange({2000, 4000});
    const QRectF lane = m_view->laneRect(1);
    const QPoint from = lane.center().toPoint();
    QTest::mousePress(m_view.get(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_view.get(), from + QPoint(100, 0));
    QTest::mouseRelease(m_view.get(), Qt::LeftButton, {}, from + QPoint(100, 0));
    // Dragging right by 100 px shows earlier times: 100 px of 2000 ns over the lane width.
    const Time expected = Time(std::llround(100.0 * 2000 / lane.width()));
    QVERIFY(std::abs((2000 - m_view->zoom()->range().start) - expected) <= 2);
    QCOMPARE(m_view->zoom()->range().delta(), Time(2000));
}

void TestTimelineView::shiftDragSelectsARange() {
    QSignalSpy spy(m_view.get(), &TimelineView::rangeSelected);
    const QRectF lane = m_view->laneRect(2);
    const QPoint a(int(lane.left() + lane.width() * 0.2), int(lane.center().y()));
    const QPoint b(int(lane.left() + lane.width() * 0.6), int(lane.center().y()));
    QTest::mousePress(m_view.get(), Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseMove(m_view.get(), b);
    QTest::mouseRelease(m_view.get(), Qt::LeftButton, Qt::ShiftModifier, b);
    QCOMPARE(spy.count(), 1);
    const TimeRange r = spy.at(0).at(0).value<TimeRange>();
    QVERIFY(std::abs(r.start - 2000) <= 20);
    QVERIFY(std::abs(r.end - 6000) <= 20);
    QCOMPARE(m_view->selectedRange(), std::optional<TimeRange>(r));
    QCOMPARE(m_view->zoom()->range(), (TimeRange{0, 10'000})); // selecting does not pan
}

void TestTimelineView::clickSelectsSpanAndOperation() {
    QSignalSpy intervals(m_view.get(), &TimelineView::intervalClicked);
    QSignalSpy operations(m_view.get(), &TimelineView::operationClicked);
    const QRectF lane = m_view->laneRect(0);
    auto xOf = [&](Time t) {
        return int(std::lround(lane.left() + lane.width() * double(t) / 1e4));
    };
    // The blocked span of alpha (its interval 1).
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, QPoint(xOf(5000), int(lane.center().y())));
    QCOMPARE(intervals.count(), 1);
    QCOMPARE(intervals.at(0).at(0).toInt(), 0);
    QCOMPARE(intervals.at(0).at(1).toLongLong(), 1);
    QCOMPARE(m_view->selectedRange(), std::optional<TimeRange>(TimeRange{4000, 6000}));
    // The lock alpha obtained at 6000 ns: object 0, operation 0.
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {},
                      QPoint(xOf(6000) + 1, int(lane.center().y())));
    QCOMPARE(operations.count(), 1);
    QCOMPARE(operations.at(0).at(0).toInt(), 0);
    QCOMPARE(operations.at(0).at(1).toLongLong(), 0);
    // beta's put at 8000 ns: object 1.
    const QRectF beta = m_view->laneRect(1);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, {},
                      QPoint(xOf(8000) - 2, int(beta.center().y())));
    QCOMPARE(operations.count(), 2);
    QCOMPARE(operations.at(1).at(0).toInt(), 1);
}

void TestTimelineView::selectIntervalScrollsIntoView() {
    m_view->zoom()->setRange({0, 1000});
    m_view->selectInterval(1, 1); // beta working 8000..10000
    const TimeRange r = m_view->zoom()->range();
    QVERIFY(r.start <= 8000 && r.end >= 10'000);
    QCOMPARE(m_view->selectedRange(), std::optional<TimeRange>(TimeRange{8000, 10'000}));
    m_view->zoom()->setRange({0, 1000});
    m_view->selectOperation(1, 0); // the put at 8000
    QVERIFY(m_view->zoom()->range().contains(8000));
    QCOMPARE(m_view->zoom()->range().delta(), Time(1000)); // the zoom is kept when it fits
    m_view->clearSelection();
    QCOMPARE(m_view->selectedRange(), std::nullopt);
}

void TestTimelineView::keys() {
    m_view->setFocus();
    QTest::keyClick(m_view.get(), Qt::Key_W);
    QVERIFY(m_view->zoom()->range().delta() < 10'000);
    const TimeRange zoomed = m_view->zoom()->range();
    QTest::keyClick(m_view.get(), Qt::Key_D);
    QVERIFY(m_view->zoom()->range().start > zoomed.start);
    QTest::keyClick(m_view.get(), Qt::Key_A);
    QCOMPARE(m_view->zoom()->range(), zoomed);
    QTest::keyClick(m_view.get(), Qt::Key_S);
    QTest::keyClick(m_view.get(), Qt::Key_S);
    QCOMPARE(m_view->zoom()->range(), (TimeRange{0, 10'000}));
    // The zoom actions are reachable from the view.
    QVERIFY(m_view->actions().contains(m_view->zoom()->followAction()));
}

void TestTimelineView::horizonLimitsTheExtent() {
    m_view->setHorizon(Time(2500));
    QCOMPARE(m_view->zoom()->extent(), (TimeRange{0, 2500}));
    QCOMPARE(m_view->zoom()->range(), (TimeRange{0, 2500}));
    m_view->setHorizon(Time(5000));
    m_view->zoom()->setRange({0, 10'000}); // clamped to the extent
    QCOMPARE(m_view->zoom()->range(), (TimeRange{0, 5000}));
    m_view->setHorizon(std::nullopt);
    QCOMPARE(m_view->zoom()->extent(), (TimeRange{0, 10'000}));
}

void TestTimelineView::followModeFromTheView() {
    QSignalSpy follow(m_view.get(), &TimelineView::followChanged);
    m_view->setHorizon(Time(3000));
    m_view->zoom()->setRange({2000, 3000});
    m_view->zoom()->setFollowing(true);
    QCOMPARE(follow.count(), 1);
    m_view->setHorizon(Time(7000));
    QCOMPARE(m_view->zoom()->range(), (TimeRange{6000, 7000}));
    m_trace->setState(2, 12'000, ThreadState::Exited);
    m_view->setHorizon(std::nullopt);
    m_view->traceGrew();
    QCOMPARE(m_view->zoom()->range(), (TimeRange{11'000, 12'000}));
    // Dragging towards earlier times stops following.
    const QPoint from = m_view->laneRect(0).center().toPoint();
    QTest::mousePress(m_view.get(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_view.get(), from + QPoint(200, 0));
    QTest::mouseRelease(m_view.get(), Qt::LeftButton, {}, from + QPoint(200, 0));
    QVERIFY(!m_view->zoom()->following());
    QCOMPARE(follow.count(), 2);
}

void TestTimelineView::paintsOnLightAndDark() {
    m_view->setCursor(Time(5000));
    m_view->selectInterval(0, 1);
    const QImage light = m_view->grab().toImage();
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x1E1F22));
    dark.setColor(QPalette::Window, QColor(0x2B2D30));
    dark.setColor(QPalette::Text, QColor(0xDFE1E5));
    m_view->setPalette(dark);
    const QImage darkImage = m_view->grab().toImage();
    QCOMPARE(light.size(), darkImage.size());
    // The lanes' background follows the palette; the state colours do not change.
    const QPoint empty = m_view->laneRect(2).bottomRight().toPoint() + QPoint(-2, 60);
    QVERIFY(qGray(light.pixel(empty)) > 200);
    QVERIFY(qGray(darkImage.pixel(empty)) < 60);
    const QPoint working = m_view->laneRect(0).center().toPoint() - QPoint(300, 0);
    QCOMPARE(QColor(light.pixel(working)), QColor(0x009E73));
    QCOMPARE(QColor(darkImage.pixel(working)), QColor(0x009E73));
}

void TestTimelineView::tooltips() {
    // Thread, state, object, reason, start, duration.
    const QString blocked = intervalTooltip(*m_trace, 0, 1);
    QVERIFY2(blocked.contains(QStringLiteral("alpha")), qPrintable(blocked));
    QVERIFY(blocked.contains(QStringLiteral("blocked")));
    QVERIFY(blocked.contains(QStringLiteral("m (mutex)")));
    QVERIFY(blocked.contains(QStringLiteral("reason: lock")));
    QVERIFY(blocked.contains(QString::fromUtf8("start: 4 \u00b5s")));
    QVERIFY(blocked.contains(QString::fromUtf8("duration: 2 \u00b5s")));
    const QString waiting = intervalTooltip(*m_trace, 1, 0);
    QVERIFY(waiting.contains(QStringLiteral("queue empty")));
    QVERIFY(intervalTooltip(*m_trace, 1, 99).isEmpty());

    const QString put = operationTooltip(*m_trace, 1, 0);
    QVERIFY2(put.contains(QStringLiteral("<b>put</b>")), qPrintable(put));
    QVERIFY(put.contains(QStringLiteral("q (queue)")));
    QVERIFY(put.contains(QStringLiteral("beta")));
    QVERIFY(put.contains(QStringLiteral("item 1")));

    TimelineIndex index;
    index.update(*m_trace);
    QVERIFY(
        trackTooltip(*m_trace, index.levels, 0, 7000).contains(QStringLiteral("held by alpha")));
    QVERIFY(trackTooltip(*m_trace, index.levels, 0, 100).contains(QStringLiteral("free")));
    QVERIFY(trackTooltip(*m_trace, index.levels, 1, 9000).contains(QStringLiteral("depth 1 of 4")));

    // Over the names: alpha worked 8 of its 10 µs and was blocked for 2.
    m_trace->setState(0, 10'000, ThreadState::Exited);
    index.update(*m_trace);
    const QString alpha = laneTooltip(*m_trace, index.states, 0);
    QVERIFY2(alpha.contains(QStringLiteral("working 80%")), qPrintable(alpha));
    QVERIFY(alpha.contains(QStringLiteral("blocked 20%")));
    QVERIFY(alpha.contains(QStringLiteral("role worker")));
    const QString queue = objectTooltip(*m_trace, 1);
    QVERIFY(queue.contains(QStringLiteral("capacity 4")));
    QVERIFY(queue.contains(QStringLiteral("1 operation")));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
