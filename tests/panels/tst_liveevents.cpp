// The Events table during a run on real threads: rows come as the trace grows, by insertion
// (never a reset), in time order also when an event is published after later ones, filtered;
// the view follows the newest row unless scrolled up; the end of the run completes the rows
// to exactly those of the finished trace. The last two cases run real threads: they check
// invariants, never timings.
#include "engine/engine.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/parameterform.h"
#include "scenario/catalog.h"
#include "session/eventindex.h"
#include "session/narrationcache.h"
#include "session/runcontroller.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

// A trace grown by hand, step by step, as an engine would: two threads and a mutex.
struct Growing {
    std::shared_ptr<Trace> trace = std::make_shared<Trace>();
    int a = trace->addThread({"alpha 1", "alpha", 1});
    int b = trace->addThread({"beta 1", "beta", 1});
    int m = trace->addObject({ObjectKind::Mutex, "m", 0});
    Time now = 0;

    // n rounds of: alpha works, locks, beta blocks, alpha unlocks, beta locks and works.
    void grow(int n) {
        for (int i = 0; i < n; ++i) {
            trace->setState(a, now, ThreadState::Working);
            trace->operation(m, now + 100, Op::Lock, a);
            trace->setState(b, now + 150, ThreadState::Blocked, m, Reason::Lock);
            trace->operation(m, now + 200, Op::Unlock, a);
            trace->operation(m, now + 200, Op::Lock, b, 0, OpFlagWaited);
            trace->setState(b, now + 200, ThreadState::Working);
            trace->operation(m, now + 250, Op::Unlock, b);
            now += 300;
        }
    }
};

std::vector<EventRef> refs(const EventsModel& model) {
    std::vector<EventRef> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.push_back(model.refAt(row));
    return out;
}

std::vector<EventRef> refs(const EventIndex& index) {
    std::vector<EventRef> out;
    for (std::size_t row = 0; row < index.size(); ++row)
        out.push_back(index.at(row));
    return out;
}

bool inTimeOrder(const EventsModel& model) {
    qint64 last = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 t = model.data(model.index(row, 0), EventsModel::TimeRole).toLongLong();
        if (t < last) return false;
        last = t;
    }
    return true;
}

} // namespace

class TestLiveEvents : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void growsByInsertion();
    void lateEventGoesInTimeOrder();
    void filterWhileGrowing_data();
    void filterWhileGrowing();
    void horizonHidesWhatIsPastIt();
    void panelFollowsNewestRow();
    void scrolledUpViewStaysPut();
    void panelFilterDuringRun();
    void realRunFillsLive();
    void mainWindowListsRealRunLive();

private:
    QTemporaryDir m_settings;
};

void TestLiveEvents::initTestCase() {
    // The main window reads and writes settings: never the user's.
    useTestSettings(m_settings.path(), QStringLiteral("tst_liveevents"));
}

void TestLiveEvents::growsByInsertion() {
    Growing g;
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(g.trace);
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    int rows = 0;
    for (int step = 0; step < 20; ++step) {
        g.grow(3);
        // Everything up to 300 ns before the newest event: the rest waits for the next step.
        const std::size_t listed = model.extend(g.now - 300);
        QVERIFY(model.rowCount() >= rows);
        QCOMPARE(std::size_t(model.rowCount() - rows), listed);
        rows = model.rowCount();
        QVERIFY(rows > 0);
        QVERIFY(inTimeOrder(model));
        for (int row = 0; row < rows; ++row)
            QVERIFY(model.data(model.index(row, 0), EventsModel::TimeRole).toLongLong() <=
                    g.now - 300);
    }
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 20);
    // Row 1 is alpha's lock: operations are told while the trace still grows.
    QCOMPARE(model.refAt(1), (EventRef{false, g.m, 0}));
    QVERIFY(model.data(model.index(1, EventsModel::NarrationColumn))
                .toString()
                .contains(QStringLiteral("locks")));
    QVERIFY(model.data(model.index(0, EventsModel::NarrationColumn))
                .toString()
                .contains(QStringLiteral("works")));
    // Each step appended: every insertion began at the end of the rows before it.
    int end = 0;
    for (const QList<QVariant>& args : inserted) {
        QCOMPARE(args.at(1).toInt(), end);
        end = args.at(2).toInt() + 1;
    }
    g.trace->finish(Outcome::Completed);
    model.finishLive();
    QCOMPARE(resets.count(), 0);
    QCOMPARE(std::size_t(model.rowCount()), g.trace->eventCount());
    // Grown step by step, the rows are those a build of the finished trace gives.
    QCOMPARE(refs(model), refs(EventIndex::build(*g.trace)));
    QVERIFY(model.data(model.index(1, EventsModel::NarrationColumn))
                .toString()
                .contains(QStringLiteral("locks")));
}

void TestLiveEvents::lateEventGoesInTimeOrder() {
    // Beta read the clock at 1000 ns and was preempted before it published; alpha's events
    // up to 5000 ns were listed meanwhile. Beta's event goes to its place in time, not last.
    auto trace = std::make_shared<Trace>();
    const int a = trace->addThread({"alpha 1", "alpha", 1});
    const int b = trace->addThread({"beta 1", "beta", 1});
    trace->setState(a, 0, ThreadState::Working);
    trace->setState(b, 0, ThreadState::Working);
    for (Time t = 1000; t <= 5000; t += 1000)
        trace->setState(a, t, t % 2000 ? ThreadState::Sleeping : ThreadState::Working);
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace);
    QCOMPARE(model.rowCount(), 7);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    trace->setState(b, 1000, ThreadState::Sleeping); // late
    trace->setState(a, 6000, ThreadState::Exited);   // in order
    QCOMPARE(model.extend(), std::size_t(2));
    QCOMPARE(resets.count(), 0);
    QCOMPARE(model.rowCount(), 9);
    QVERIFY(inTimeOrder(model));
    // Rows at 1000 ns: alpha's state first (threads in order), then beta's late one.
    QCOMPARE(model.refAt(3), (EventRef{true, b, 1}));
    QCOMPARE(model.refAt(8), (EventRef{true, a, 6}));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 3);
    QCOMPARE(inserted.at(1).at(1).toInt(), 8);
    QCOMPARE(refs(model), refs(EventIndex::build(*trace)));
}

void TestLiveEvents::filterWhileGrowing_data() {
    QTest::addColumn<int>("thread");
    QTest::addColumn<int>("object");
    QTest::newRow("alpha") << 0 << -1;
    QTest::newRow("beta") << 1 << -1;
    QTest::newRow("the mutex") << -1 << 0;
    QTest::newRow("beta on the mutex") << 1 << 0;
}

void TestLiveEvents::filterWhileGrowing() {
    QFETCH(int, thread);
    QFETCH(int, object);
    Growing g;
    g.grow(2);
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EventFilter filter{thread, object};
    model.setTrace(g.trace, filter);
    for (int step = 0; step < 5; ++step) {
        g.grow(4);
        model.extend(g.now - 500);
        QVERIFY(inTimeOrder(model));
    }
    model.finishLive();
    QVERIFY(model.rowCount() > 0);
    QCOMPARE(refs(model), refs(EventIndex::build(*g.trace, filter)));
}

void TestLiveEvents::horizonHidesWhatIsPastIt() {
    Growing g;
    g.grow(2);
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(g.trace);
    model.setHorizon(Time(500));
    const int before = model.rowCount();
    QVERIFY(before > 0 && std::size_t(before) < g.trace->eventCount());
    g.grow(5);
    model.extend();
    // Nothing new is at or before 500 ns: no rows, though the index took the events.
    QCOMPARE(model.rowCount(), before);
    model.setHorizon(std::nullopt);
    QCOMPARE(std::size_t(model.rowCount()), g.trace->eventCount());
    QVERIFY(inTimeOrder(model));
}

void TestLiveEvents::panelFollowsNewestRow() {
    Growing g;
    EventsPanel panel;
    panel.resize(700, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLiveTrace(g.trace);
    QVERIFY(panel.isLive());
    QVERIFY(panel.table()->isVisible());
    QTableView* table = panel.table();
    const QScrollBar* bar = table->verticalScrollBar();
    for (int step = 0; step < 15; ++step) {
        g.grow(10);
        panel.traceGrew();
        QApplication::processEvents();
        if (panel.model()->rowCount() == 0) continue;
        // The newest row is in view: the table is scrolled to its end.
        QCOMPARE(bar->value(), bar->maximum());
        const int last = panel.model()->rowCount() - 1;
        const QRect lastRect = table->visualRect(panel.model()->index(last, 0));
        QVERIFY(table->viewport()->rect().intersects(lastRect));
    }
    QVERIFY(panel.model()->rowCount() > 200); // far more than the view shows
    panel.setTrace(g.trace);                  // the run ended
    QVERIFY(!panel.isLive());
    QCOMPARE(std::size_t(panel.model()->rowCount()), g.trace->eventCount());
    QApplication::processEvents();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestLiveEvents::scrolledUpViewStaysPut() {
    Growing g;
    // Gamma starts and then does nothing until its late event below.
    const int gamma = g.trace->addThread({"gamma 1", "gamma", 1});
    g.trace->setState(gamma, 0, ThreadState::Working);
    EventsPanel panel;
    panel.resize(700, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLiveTrace(g.trace);
    for (int step = 0; step < 5; ++step) {
        g.grow(20);
        panel.traceGrew();
    }
    QApplication::processEvents();
    QTableView* table = panel.table();
    QScrollBar* bar = table->verticalScrollBar();
    QVERIFY(bar->maximum() > 40);
    // The user scrolls up to read, and selects a row.
    bar->setValue(20);
    QApplication::processEvents();
    const int top = table->rowAt(0);
    QVERIFY(top >= 0);
    const EventRef topRef = panel.model()->refAt(top);
    table->selectRow(top + 2);
    const EventRef selected = panel.model()->refAt(top + 2);
    QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);
    for (int step = 0; step < 5; ++step) {
        g.grow(20);
        if (step == 2) { // late: stamped before the row at the top, published only now
            const auto topTime =
                panel.model()->data(panel.model()->index(top, 0), EventsModel::TimeRole);
            g.trace->setState(gamma, topTime.toLongLong() - 1, ThreadState::Running);
        }
        panel.traceGrew();
        QApplication::processEvents();
        QCOMPARE(panel.model()->refAt(table->rowAt(0)), topRef);
        QVERIFY(bar->value() < bar->maximum());
    }
    QCOMPARE(resets.count(), 0);
    // The late row went in above the view, which did not move for it.
    const auto lateRow = panel.model()->rowOf({true, gamma, 1});
    QVERIFY(lateRow && *lateRow < table->rowAt(0));
    QCOMPARE(panel.model()->refAt(table->currentIndex().row()), selected);
    panel.setTrace(g.trace);
    QApplication::processEvents();
    QCOMPARE(panel.model()->refAt(table->rowAt(0)), topRef);
    QCOMPARE(std::size_t(panel.model()->rowCount()), g.trace->eventCount());
    QCOMPARE(resets.count(), 0);
}

void TestLiveEvents::panelFilterDuringRun() {
    // The run registers its threads and objects after the panel got the trace, as the real
    // engine does; the filter lists them as they come and keeps working as rows arrive.
    auto trace = std::make_shared<Trace>();
    EventsPanel panel;
    panel.resize(700, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setLiveTrace(trace);
    auto* threads = panel.findChild<QComboBox*>(QStringLiteral("threadFilter"));
    auto* objects = panel.findChild<QComboBox*>(QStringLiteral("objectFilter"));
    QVERIFY(threads && objects);
    QCOMPARE(threads->count(), 1); // "All threads"
    const int a = trace->addThread({"alpha 1", "alpha", 1});
    const int b = trace->addThread({"beta 1", "beta", 1});
    const int m = trace->addObject({ObjectKind::Mutex, "m", 0});
    Time now = 0;
    auto grow = [&](int n) {
        for (int i = 0; i < n; ++i, now += 100) {
            trace->setState(a, now, ThreadState::Working);
            trace->setState(b, now + 10, ThreadState::Sleeping);
            trace->operation(m, now + 20, Op::Lock, b);
            trace->operation(m, now + 30, Op::Unlock, b);
        }
    };
    grow(10);
    panel.traceGrew();
    QCOMPARE(threads->count(), 3);
    QCOMPARE(threads->itemText(2), QStringLiteral("beta 1"));
    QCOMPARE(objects->count(), 2);
    threads->setCurrentIndex(2); // the user picks beta while the run goes on
    QVERIFY(panel.isLive());
    for (int step = 0; step < 5; ++step) {
        grow(10);
        panel.traceGrew();
        QVERIFY(inTimeOrder(*panel.model()));
        for (int row = 0; row < panel.model()->rowCount(); ++row)
            QCOMPARE(panel.model()
                         ->data(panel.model()->index(row, EventsModel::ThreadColumn))
                         .toString(),
                     QStringLiteral("beta 1"));
    }
    QVERIFY(panel.model()->rowCount() > 0);
    QCOMPARE(threads->currentIndex(), 2);
    panel.setTrace(trace);
    QCOMPARE(refs(*panel.model()), refs(EventIndex::build(*trace, EventFilter{b, -1})));
}

void TestLiveEvents::realRunFillsLive() {
    // The app's wiring: the run controller's progress grows the panel; its end completes it.
    RunController runs;
    EventsPanel panel;
    panel.resize(800, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const Scenario s = resolveScenario("producer-consumer");
    ParamValues values = defaultValues(s);
    setParameter(s, values, "items", "200000");
    RunOptions options;
    options.engine = EngineKind::Real;
    std::vector<int> counts; // rowCount at each progress tick while running
    bool ordered = true;
    int resets = 0;
    connect(&runs, &RunController::started, &panel, &EventsPanel::setLiveTrace);
    connect(&runs, &RunController::progress, &panel, [&] {
        panel.traceGrew();
        if (runs.isRunning()) counts.push_back(panel.model()->rowCount());
        ordered = ordered && inTimeOrder(*panel.model());
    });
    connect(&runs, &RunController::finished, &panel, [&] { panel.setTrace(runs.trace()); });
    connect(panel.model(), &QAbstractItemModel::modelReset, &panel, [&] { ++resets; });
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(runs.start(s, values, options));
    const int resetsAtStart = resets;
    // It would take minutes: rows show, the table grows over a few progress ticks, then the
    // run is stopped, and its end must complete the table too.
    QTRY_VERIFY_WITH_TIMEOUT(
        (panel.model()->rowCount() > 1000 && counts.size() >= 3) || !runs.isRunning(), 20'000);
    QVERIFY2(runs.isRunning(),
             qPrintable(QString::fromStdString("the run ended before its rows were listed: " +
                                               std::string(outcomeName(runs.trace()->outcome())) +
                                               " " + runs.trace()->message())));
    runs.stop();
    QVERIFY(finished.wait(20'000));
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Cancelled);
    QVERIFY(!panel.isLive());
    QVERIFY(!counts.empty());
    QVERIFY(counts.back() > 0);
    QVERIFY(std::is_sorted(counts.begin(), counts.end()));
    QVERIFY(ordered);
    QCOMPARE(resets, resetsAtStart); // grown by insertion only
    const Trace& trace = *runs.trace();
    QCOMPARE(std::size_t(panel.model()->rowCount()), trace.eventCount());
    QVERIFY(inTimeOrder(*panel.model()));
    QCOMPARE(refs(*panel.model()), refs(EventIndex::build(trace)));
}

void TestLiveEvents::mainWindowListsRealRunLive() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(chooseLongRun(w, EngineKind::Real));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.findChild<QAction*>(QStringLiteral("run"))->trigger();
    EventsPanel* events = w.eventsPanel();
    // While the run goes on, the table is there and has rows.
    QTRY_VERIFY_WITH_TIMEOUT(events->model()->rowCount() > 0 || !finished.isEmpty(), 20'000);
    QVERIFY2(finished.isEmpty(), w.runController()->trace()->message().c_str());
    QVERIFY(w.runController()->isRunning());
    QVERIFY(events->isLive());
    QVERIFY(events->table()->isVisibleTo(events));
    const int during = events->model()->rowCount();
    w.findChild<QAction*>(QStringLiteral("stop"))->trigger();
    QVERIFY(finished.wait(20'000));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Cancelled));
    QVERIFY(!events->isLive());
    QVERIFY(events->model()->rowCount() >= during);
    QCOMPARE(std::size_t(events->model()->rowCount()), w.runController()->trace()->eventCount());
    QVERIFY(inTimeOrder(*events->model()));
}

QTEST_MAIN(TestLiveEvents)
#include "tst_liveevents.moc"
