// The Statistics dock: its three models under QAbstractItemModelTester with figures worked out
// by hand for two workers sharing one lock, the panel following a selected range, sorting,
// and Save Statistics writing the command line's CSV atomically.
#include "panels/objectstatsmodel.h"
#include "panels/runstatsmodel.h"
#include "panels/statisticspanel.h"
#include "panels/threadstatsmodel.h"
#include "testutil.h"
#include "uitest.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr Time ms = 1'000'000;

using test::kTwoWorkers;
using test::twoWorkers;

std::shared_ptr<const StatisticsSnapshot> snapshotOf(std::shared_ptr<const Trace> trace,
                                                     TimeRange range = {}) {
    auto s = std::make_shared<StatisticsSnapshot>();
    s->stats = computeStatistics(*trace, range);
    s->trace = std::move(trace);
    s->wholeRun = range.delta() <= 0;
    return s;
}

QString text(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data().toString();
}

QVariant value(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data(StatsTableModel::ValueRole);
}

int stateColumn(ThreadState s) {
    return ThreadStatsModel::FirstStateColumn + int(s);
}

} // namespace

class TestStatistics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void threadFigures();
    void objectFigures();
    void runFigures();
    void modelsSurviveChanges();
    void sortingByBlockedShare();
    void panelFollowsTheSelectedRange();
    void panelWaitsWhileHidden();
    void panelFollowsThePlayback();
    void playbackFiguresStopAtTheHorizon();
    void saveWritesTheCommandLineCsv();
    void saveToAnUnwritablePlaceShowsTheError();

private:
    QTemporaryDir m_dir;
};

void TestStatistics::initTestCase() {
    useTestSettings(m_dir.path(), QStringLiteral("tst_statistics"));
}

void TestStatistics::threadFigures() {
    ThreadStatsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshotOf(twoWorkers()));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), ThreadStatsModel::ColumnCount);
    QCOMPARE(text(model, 0, ThreadStatsModel::ThreadColumn), QStringLiteral("worker 1"));
    QCOMPARE(text(model, 1, ThreadStatsModel::RoleColumn), QStringLiteral("worker"));
    // Worker 1 never waits: 8 ms of work and nothing else.
    QCOMPARE(text(model, 0, stateColumn(ThreadState::Working)), QStringLiteral("100.0 %"));
    QCOMPARE(text(model, 0, stateColumn(ThreadState::Blocked)), QStringLiteral("0.0 %"));
    QCOMPARE(value(model, 0, ThreadStatsModel::WaitsColumn).toInt(), 0);
    // Worker 2: blocked 1 ms of its 9, working the other 8.
    QCOMPARE(text(model, 1, stateColumn(ThreadState::Blocked)), QStringLiteral("11.1 %"));
    QCOMPARE(value(model, 1, stateColumn(ThreadState::Blocked)).toDouble(), 1.0 / 9.0);
    QCOMPARE(text(model, 1, stateColumn(ThreadState::Working)), QStringLiteral("88.9 %"));
    QCOMPARE(value(model, 1, ThreadStatsModel::WaitsColumn).toInt(), 1);
    QCOMPARE(text(model, 1, ThreadStatsModel::WaitTimeColumn), QStringLiteral("1 ms"));
    QCOMPARE(value(model, 1, ThreadStatsModel::WaitTimeColumn).toLongLong(), 1 * ms);
    QVERIFY(model.index(1, stateColumn(ThreadState::Blocked))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("1 ms of 9 ms")));
    QCOMPARE(model.headerData(stateColumn(ThreadState::Io), Qt::Horizontal).toString(),
             QStringLiteral("I/O"));
    QCOMPARE(model.threadAt(1), 1);
}

void TestStatistics::objectFigures() {
    ObjectStatsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshotOf(twoWorkers()));
    QCOMPARE(model.rowCount(), 1);
    using M = ObjectStatsModel;
    QCOMPARE(text(model, 0, M::ObjectColumn), QStringLiteral("lock"));
    QCOMPARE(text(model, 0, M::KindColumn), QStringLiteral("mutex"));
    QCOMPARE(value(model, 0, M::AcquisitionsColumn).toInt(), 4);
    // Worker 2 waited before both of its locks (the second hand-off took no time).
    QCOMPARE(text(model, 0, M::ContentionColumn), QStringLiteral("50.0 %"));
    QCOMPARE(value(model, 0, M::WaitCountColumn).toInt(), 1);
    for (const int c : {M::WaitTotalColumn, M::WaitMeanColumn, M::WaitP50Column, M::WaitP95Column,
                        M::WaitMaxColumn, M::HoldMeanColumn, M::HoldMaxColumn}) {
        QCOMPARE(text(model, 0, c), QStringLiteral("1 ms"));
        QCOMPARE(value(model, 0, c).toLongLong(), 1 * ms);
    }
    // Held 4 ms of the 9.
    QCOMPARE(text(model, 0, M::LevelMeanColumn), QStringLiteral("44.4 %"));
    QCOMPARE(text(model, 0, M::LevelMaxColumn), QStringLiteral("1"));
    // A mutex is never full or empty and has no phases.
    for (const int c :
         {M::TimeFullColumn, M::TimeEmptyColumn, M::SkewMeanColumn, M::SkewMaxColumn}) {
        QCOMPARE(text(model, 0, c), QStringLiteral("\u2013"));
        QCOMPARE(value(model, 0, c).toInt(), -1);
    }
    QCOMPARE(model.objectAt(0), 0);
}

void TestStatistics::runFigures() {
    RunStatsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto trace = twoWorkers();
    model.setSnapshot(snapshotOf(trace));
    QCOMPARE(model.rowCount(), RunStatsModel::kRows);
    const int v = RunStatsModel::ValueColumn;
    QCOMPARE(text(model, RunStatsModel::DurationRow, v), QStringLiteral("9 ms"));
    QCOMPARE(text(model, RunStatsModel::CompletedRow, v), QStringLiteral("4 lock acquisitions"));
    QCOMPARE(text(model, RunStatsModel::ThroughputRow, v), QStringLiteral("444 per second"));
    QCOMPARE(text(model, RunStatsModel::LongestWaitRow, v), QStringLiteral("1 ms"));
    QCOMPARE(text(model, RunStatsModel::WaiterRow, v), QStringLiteral("worker 2, on lock"));
    QCOMPARE(text(model, RunStatsModel::CauserRow, v), QStringLiteral("worker 1"));
    // Two acquisitions each, but only worker 2 ever waited (1 ms of its 9): the two
    // fairness rows say which is which, and the second is not "even".
    QCOMPARE(text(model, RunStatsModel::FairnessRow, RunStatsModel::MeasureColumn),
             QStringLiteral("Fairness of acquisitions"));
    QCOMPARE(text(model, RunStatsModel::FairnessRow, v), QStringLiteral("1.00 (even)"));
    QCOMPARE(text(model, RunStatsModel::WaitFairnessRow, RunStatsModel::MeasureColumn),
             QStringLiteral("Fairness of waiting"));
    QCOMPARE(text(model, RunStatsModel::WaitFairnessRow, v), QStringLiteral("0.50 (uneven)"));
    // The spread behind each word, on the value's tooltip.
    const auto tip = [&](int row) {
        return model.data(model.index(row, v), Qt::ToolTipRole).toString();
    };
    QVERIFY2(tip(RunStatsModel::FairnessRow).startsWith("2 acquisitions each, 2 threads\n"),
             qPrintable(tip(RunStatsModel::FairnessRow)));
    QVERIFY2(tip(RunStatsModel::WaitFairnessRow)
                 .startsWith("0.0 % to 11.1 % of their time blocked or waiting, 2 threads\n"),
             qPrintable(tip(RunStatsModel::WaitFairnessRow)));
    QCOMPARE(value(model, RunStatsModel::WaitFairnessRow, v).toDouble(), 0.5);
    QCOMPARE(value(model, RunStatsModel::LongestWaitRow, v).toLongLong(), 1 * ms);
    // The longest wait is worker 2's blocked interval that began at 3 ms.
    const auto wait = model.longestWait();
    QVERIFY(wait);
    QCOMPARE(wait->first, 1);
    const Trace::Interval iv = trace->interval(1, std::size_t(wait->second));
    QCOMPARE(iv.state, ThreadState::Blocked);
    QCOMPARE(iv.range, (TimeRange{3 * ms, 4 * ms}));
}

void TestStatistics::modelsSurviveChanges() {
    // The tester checks every signal: a reset to another trace, a figures-only update, a
    // clear, and back.
    ThreadStatsModel threads;
    ObjectStatsModel objects;
    RunStatsModel run;
    QAbstractItemModelTester t1(&threads, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&objects, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(&run, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto trace = twoWorkers();
    const auto other = std::shared_ptr<const Trace>(
        test::runScenario("producer-consumer", {{"items", "20"}}).release());
    for (const auto& s : {snapshotOf(trace), snapshotOf(trace, {2 * ms, 5 * ms}), snapshotOf(other),
                          std::shared_ptr<const StatisticsSnapshot>(), snapshotOf(trace)}) {
        QSignalSpy reset(&threads, &QAbstractItemModel::modelReset);
        threads.setSnapshot(s);
        objects.setSnapshot(s);
        run.setSnapshot(s);
        QCOMPARE(threads.rowCount(), s ? int(s->trace->threadCount()) : 0);
        QCOMPARE(objects.rowCount(), s ? int(s->trace->objectCount()) : 0);
    }
}

void TestStatistics::sortingByBlockedShare() {
    StatisticsPanel panel;
    panel.show();
    panel.setTrace(twoWorkers());
    QTableView* table = panel.threadTable();
    table->sortByColumn(stateColumn(ThreadState::Blocked), Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, ThreadStatsModel::ThreadColumn).data().toString(),
             QStringLiteral("worker 2"));
    table->sortByColumn(stateColumn(ThreadState::Blocked), Qt::AscendingOrder);
    QCOMPARE(table->model()->index(0, ThreadStatsModel::ThreadColumn).data().toString(),
             QStringLiteral("worker 1"));
    // States nobody was in are not shown; neither are figures no object of the run has.
    QVERIFY(table->isColumnHidden(stateColumn(ThreadState::Io)));
    QVERIFY(!table->isColumnHidden(stateColumn(ThreadState::Blocked)));
    QVERIFY(panel.objectTable()->isColumnHidden(ObjectStatsModel::SkewMaxColumn));
    QVERIFY(!panel.objectTable()->isColumnHidden(ObjectStatsModel::HoldMeanColumn));
    // Copied as the user sees it: sorted, without the hidden columns.
    const QStringList lines = StatisticsPanel::tableText(*table).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith(QStringLiteral("Thread\tRole\tWorking\tBlocked")));
    QVERIFY(lines[1].startsWith(QStringLiteral("worker 1\tworker\t100.0 %\t0.0 %")));
}

void TestStatistics::panelFollowsTheSelectedRange() {
    StatisticsPanel panel;
    panel.show();
    QSignalSpy updated(&panel, &StatisticsPanel::updated);
    panel.setTrace(twoWorkers());
    QCOMPARE(updated.count(), 1); // a small trace is computed at once
    auto* threads = panel.threadModel();
    QCOMPARE(text(*threads, 1, stateColumn(ThreadState::Blocked)), QStringLiteral("11.1 %"));
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("statisticsScope"))
                ->text()
                .startsWith(QStringLiteral("Whole run")));

    // 2-5 ms: worker 2 works 2 ms and is blocked 1 ms of it; two acquisitions (3 and 4 ms).
    panel.setRange(TimeRange{2 * ms, 5 * ms});
    QCOMPARE(text(*threads, 1, stateColumn(ThreadState::Blocked)), QStringLiteral("33.3 %"));
    QCOMPARE(value(*threads, 1, stateColumn(ThreadState::Working)).toDouble(), 2.0 / 3.0);
    QCOMPARE(value(*panel.objectModel(), 0, ObjectStatsModel::AcquisitionsColumn).toInt(), 2);
    QCOMPARE(text(*panel.runModel(), RunStatsModel::DurationRow, RunStatsModel::ValueColumn),
             QStringLiteral("3 ms (selected range)"));
    auto* whole = panel.findChild<QToolButton*>(QStringLiteral("statisticsWholeRun"));
    QVERIFY(whole->isVisible());
    QSignalSpy wholeRun(&panel, &StatisticsPanel::wholeRunRequested);
    whole->click();
    QCOMPARE(wholeRun.count(), 1);

    // After the waits: nobody waits in 5-9 ms.
    panel.setRange(TimeRange{5 * ms, 9 * ms});
    QCOMPARE(value(*threads, 1, ThreadStatsModel::WaitsColumn).toInt(), 0);
    QCOMPARE(text(*panel.runModel(), RunStatsModel::LongestWaitRow, RunStatsModel::ValueColumn),
             QStringLiteral("nobody waited"));

    // Back to the whole run.
    panel.setRange(std::nullopt);
    QCOMPARE(text(*threads, 1, stateColumn(ThreadState::Blocked)), QStringLiteral("11.1 %"));
    QVERIFY(!whole->isVisible());
}

void TestStatistics::panelWaitsWhileHidden() {
    StatisticsPanel panel; // never shown
    QSignalSpy updated(&panel, &StatisticsPanel::updated);
    panel.setTrace(twoWorkers());
    panel.setRange(TimeRange{2 * ms, 5 * ms});
    QCOMPARE(updated.count(), 0);
    panel.show();
    QCOMPARE(updated.count(), 1);
    QCOMPARE(value(*panel.objectModel(), 0, ObjectStatsModel::AcquisitionsColumn).toInt(), 2);
}

void TestStatistics::panelFollowsThePlayback() {
    StatisticsPanel panel;
    panel.show();
    panel.setTrace(twoWorkers());
    // Playback starts: nothing has been shown yet, so nothing is counted.
    panel.setHorizon(Time(0));
    QTRY_VERIFY(!panel.snapshot());
    QCOMPARE(panel.threadModel()->rowCount(), 0);
    // A few times a second the figures catch up with what has been shown.
    QSignalSpy updated(&panel, &StatisticsPanel::updated);
    panel.setHorizon(5 * ms);
    panel.setHorizon(5 * ms + 1); // within the same refresh
    QVERIFY(updated.wait(3000));
    QCOMPARE(panel.snapshot()->stats.run.duration, 5 * ms + 1);
    QCOMPARE(panel.runModel()->index(RunStatsModel::CompletedRow, 1).data().toString(),
             QStringLiteral("2 lock acquisitions"));
    // The end of the playback: the whole run at once.
    panel.setHorizon(std::nullopt);
    QCOMPARE(panel.snapshot()->stats.run.duration, 9 * ms);
}

void TestStatistics::playbackFiguresStopAtTheHorizon() {
    // Worker 2 is blocked from 3 ms to 4 ms. Paused at 3.5 ms, the playback has shown half of
    // that wait: "The run so far: the first 3.5 ms" must not sit beside "Longest wait 1 ms".
    StatisticsPanel panel;
    panel.show();
    panel.setTrace(twoWorkers());
    QSignalSpy updated(&panel, &StatisticsPanel::updated);
    panel.setHorizon(3 * ms + ms / 2);
    QVERIFY(updated.wait(3000));
    const auto* scope = panel.findChild<QLabel*>(QStringLiteral("statisticsScope"));
    QVERIFY(scope->text().startsWith(QStringLiteral("The run so far")));
    const int v = RunStatsModel::ValueColumn;
    QCOMPARE(value(*panel.runModel(), RunStatsModel::LongestWaitRow, v).toLongLong(), ms / 2);
    QCOMPARE(text(*panel.runModel(), RunStatsModel::LongestWaitRow, v), QStringLiteral("500 µs"));
    QCOMPARE(text(*panel.runModel(), RunStatsModel::WaiterRow, v),
             QStringLiteral("worker 2, on lock"));
    // Worker 1 held the lock when the wait began: that is known at 3 ms already.
    QCOMPARE(text(*panel.runModel(), RunStatsModel::CauserRow, v), QStringLiteral("worker 1"));
    using M = ObjectStatsModel;
    for (const int c : {M::WaitTotalColumn, M::WaitMaxColumn})
        QCOMPARE(value(*panel.objectModel(), 0, c).toLongLong(), ms / 2);
    // Every figure is within the time shown.
    const Statistics& st = panel.snapshot()->stats;
    for (const ThreadStats& t : st.threads)
        QVERIFY(t.total <= st.run.duration);
    QVERIFY(st.run.longestWait <= st.run.duration);
    // At the end of the playback, the whole wait.
    panel.setHorizon(std::nullopt);
    QCOMPARE(value(*panel.runModel(), RunStatsModel::LongestWaitRow, v).toLongLong(), 1 * ms);
}

void TestStatistics::saveWritesTheCommandLineCsv() {
    StatisticsPanel panel;
    const auto trace = twoWorkers();
    panel.setTrace(trace);
    QVERIFY(panel.saveAction()->isEnabled());
    const QString path = m_dir.filePath(QStringLiteral("stats.csv"));
    QSignalSpy saved(&panel, &StatisticsPanel::saved);
    panel.saveStatisticsTo(path);
    QVERIFY(saved.wait(5000));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), statisticsCsv(*trace, computeStatistics(*trace)));
}

void TestStatistics::saveToAnUnwritablePlaceShowsTheError() {
    StatisticsPanel panel;
    panel.show();
    panel.setTrace(twoWorkers());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no-such-folder/stats.csv"));
    QSignalSpy failed(&panel, &StatisticsPanel::saveFailed);
    panel.saveStatisticsTo(path);
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("stats.csv")),
             qPrintable(failed.first().first().toString()));
    auto* box = panel.findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    box->close();
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
}

QTEST_MAIN(TestStatistics)
#include "tst_statistics.moc"
