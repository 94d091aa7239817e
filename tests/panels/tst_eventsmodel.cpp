// The Events table's model and its merged index: every event once, in time order, filtered
// by thread and object, cut at the playback horizon; checked by QAbstractItemModelTester.
#include "experiment/run.h"
#include "panels/eventsmodel.h"
#include "scenario/catalog.h"
#include "session/eventindex.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <set>
#include <tuple>

using namespace tl;
using namespace tl::ui;

namespace {

std::shared_ptr<const Trace>
runBundled(const std::string& id,
           std::initializer_list<std::pair<const char*, const char*>> params = {}) {
    const Scenario s = resolveScenario(id);
    ParamValues values = defaultValues(s);
    for (const auto& [name, value] : params)
        setParameter(s, values, name, value);
    const Program program = compile(s, values);
    auto trace = std::make_shared<Trace>(runInfo(program, RunOptions{}));
    run(program, *trace, RunOptions{});
    return trace;
}

// A trace small enough to know every row of: two threads, one mutex.
std::shared_ptr<const Trace> handMade() {
    auto t = std::make_shared<Trace>([] {
        RunInfo i;
        i.title = "hand made";
        return i;
    }());
    const int a = t->addThread({"alpha 1", "alpha", 1});
    const int b = t->addThread({"beta 1", "beta", 1});
    const int m = t->addObject({ObjectKind::Mutex, "m", 0});
    t->setState(a, 0, ThreadState::Working);
    t->setState(b, 0, ThreadState::Working);
    t->operation(m, 1'000, Op::Lock, a);
    t->setState(b, 1'500, ThreadState::Blocked, m, Reason::Lock);
    t->operation(m, 2'000, Op::Unlock, a);
    t->operation(m, 2'000, Op::Lock, b, 0, OpFlagWaited);
    t->setState(b, 2'000, ThreadState::Working);
    t->setState(a, 3'000, ThreadState::Exited);
    t->setState(b, 4'000, ThreadState::Exited);
    t->finish(Outcome::Completed);
    return t;
}

QString cell(const EventsModel& m, int row, int column) {
    return m.data(m.index(row, column)).toString();
}

} // namespace

class TestEventsModel : public QObject {
    Q_OBJECT
private slots:
    void handMadeRows();
    void everyEventOnceInTimeOrder_data();
    void everyEventOnceInTimeOrder();
    void filters_data();
    void filters();
    void horizonInsertsAndRemovesRows();
    void rowOfRoundTrip();
    void eventSteps();
    void emptyAndCleared();
};

void TestEventsModel::handMadeRows() {
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(handMade());
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(model.columnCount(), int(EventsModel::ColumnCount));
    // Equal times keep the order of streams: thread states first, then object operations.
    QCOMPARE(cell(model, 0, EventsModel::ThreadColumn), QStringLiteral("alpha 1"));
    QCOMPARE(cell(model, 1, EventsModel::ThreadColumn), QStringLiteral("beta 1"));
    QCOMPARE(cell(model, 2, EventsModel::KindColumn), QStringLiteral("operation"));
    QCOMPARE(cell(model, 2, EventsModel::NameColumn), QStringLiteral("lock"));
    QCOMPARE(cell(model, 2, EventsModel::ObjectColumn), QStringLiteral("m"));
    QCOMPARE(cell(model, 3, EventsModel::NameColumn), QStringLiteral("blocked"));
    QCOMPARE(cell(model, 3, EventsModel::ObjectColumn), QStringLiteral("m"));
    QCOMPARE(cell(model, 3, EventsModel::ValueColumn), QStringLiteral("lock"));
    QCOMPARE(model.headerData(EventsModel::TimeColumn, Qt::Horizontal).toString(),
             QStringLiteral("Time (ns)"));
    QCOMPARE(cell(model, 3, EventsModel::TimeColumn), QStringLiteral("1500"));
    // At 2000: beta's state change, then the unlock, then the lock that waited.
    QCOMPARE(cell(model, 4, EventsModel::NameColumn), QStringLiteral("working"));
    QCOMPARE(cell(model, 5, EventsModel::NameColumn), QStringLiteral("unlock"));
    QCOMPARE(cell(model, 6, EventsModel::NameColumn), QStringLiteral("lock"));
    QCOMPARE(cell(model, 6, EventsModel::ThreadColumn), QStringLiteral("beta 1"));
    QVERIFY(cell(model, 6, EventsModel::ValueColumn).contains(QStringLiteral("after waiting")));
    QCOMPARE(model.data(model.index(6, 0), EventsModel::TimeRole).toLongLong(), 2000);
    QCOMPARE(model.data(model.index(6, 0), EventsModel::IsStateRole).toBool(), false);
    QVERIFY(model.data(model.index(3, 0), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("500 ns")));
}

void TestEventsModel::everyEventOnceInTimeOrder_data() {
    QTest::addColumn<QString>("scenario");
    for (const char* id :
         {"producer-consumer", "lock-contention", "barrier-phases", "semaphore-pool"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestEventsModel::everyEventOnceInTimeOrder() {
    QFETCH(QString, scenario);
    const auto trace = runBundled(scenario.toStdString());
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace);
    QCOMPARE(std::size_t(model.rowCount()), trace->eventCount());
    std::set<std::tuple<bool, int, std::size_t>> seen;
    qint64 last = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 t = model.data(model.index(row, 0), EventsModel::TimeRole).toLongLong();
        QVERIFY2(t >= last, qPrintable(QStringLiteral("row %1 goes back in time").arg(row)));
        last = t;
        const EventRef r = model.refAt(row);
        QVERIFY(seen.insert({r.isState, r.stream, r.index}).second);
    }
}

void TestEventsModel::filters_data() {
    QTest::addColumn<int>("thread");
    QTest::addColumn<int>("object");
    QTest::newRow("thread 0") << 0 << -1;
    QTest::newRow("thread 2") << 2 << -1;
    QTest::newRow("the queue") << -1 << 0;
    QTest::newRow("thread 1 on the queue") << 1 << 0;
}

void TestEventsModel::filters() {
    QFETCH(int, thread);
    QFETCH(int, object);
    const auto trace = runBundled("producer-consumer");
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace, EventFilter{thread, object});
    QVERIFY(model.rowCount() > 0);
    const QString threadName =
        QString::fromStdString(trace->thread(std::size_t(std::max(thread, 0))).name);
    std::size_t expected = 0;
    for (std::size_t t = 0; t < trace->threadCount(); ++t)
        for (std::size_t i = 0; i < trace->threadEvents(t).size(); ++i) {
            const Event& e = trace->threadEvents(t)[i];
            expected += (thread < 0 || int(t) == thread) && (object < 0 || e.ref == object);
        }
    for (std::size_t o = 0; o < trace->objectCount(); ++o)
        for (std::size_t i = 0; i < trace->objectEvents(o).size(); ++i) {
            const Event& e = trace->objectEvents(o)[i];
            expected += (object < 0 || int(o) == object) && (thread < 0 || e.ref == thread);
        }
    QCOMPARE(std::size_t(model.rowCount()), expected);
    for (int row = 0; row < model.rowCount(); ++row) {
        if (thread >= 0) QCOMPARE(cell(model, row, EventsModel::ThreadColumn), threadName);
        if (object >= 0)
            QCOMPARE(cell(model, row, EventsModel::ObjectColumn),
                     QString::fromStdString(trace->object(std::size_t(object)).name));
    }
}

void TestEventsModel::horizonInsertsAndRemovesRows() {
    const auto trace = runBundled("lock-contention");
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(trace);
    const int all = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setHorizon(Time(0));
    QCOMPARE(removed.count(), 1);
    const int atZero = model.rowCount();
    QVERIFY(atZero > 0 && atZero < all);
    const Time half = trace->endTime() / 2;
    model.setHorizon(half);
    QCOMPARE(inserted.count(), 1);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.data(model.index(row, 0), EventsModel::TimeRole).toLongLong() <= half);
    model.setHorizon(std::nullopt);
    QCOMPARE(model.rowCount(), all);
}

void TestEventsModel::rowOfRoundTrip() {
    const auto trace = runBundled("semaphore-pool");
    EventsModel model;
    model.setTrace(trace);
    for (int row = 0; row < model.rowCount(); row += 7)
        QCOMPARE(model.rowOf(model.refAt(row)), std::optional<int>(row));
    // An event the filter dropped has no row.
    model.setTrace(trace, EventFilter{0, -1});
    QCOMPARE(model.rowOf(EventRef{true, 1, 0}), std::optional<int>());
    // rowAtTime finds the first row at or after a time.
    const auto row = model.rowAtTime(trace->endTime() / 3);
    QVERIFY(row);
    QVERIFY(model.data(model.index(*row, 0), EventsModel::TimeRole).toLongLong() >=
            trace->endTime() / 3);
}

void TestEventsModel::eventSteps() {
    const auto trace = handMade();
    QCOMPARE(nextEventTime(*trace, 0), std::optional<Time>(1'000));
    QCOMPARE(nextEventTime(*trace, 1'000), std::optional<Time>(1'500));
    QCOMPARE(nextEventTime(*trace, 4'000), std::optional<Time>());
    QCOMPARE(previousEventTime(*trace, 2'000), std::optional<Time>(1'500));
    QCOMPARE(previousEventTime(*trace, 0), std::optional<Time>());
}

void TestEventsModel::emptyAndCleared() {
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setHorizon(Time(100));
    model.setTrace(handMade());
    QCOMPARE(model.rowCount(), 2); // at 100 ns only the two threads have started
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowAtTime(0), std::optional<int>());
}

QTEST_GUILESS_MAIN(TestEventsModel)
#include "tst_eventsmodel.moc"
