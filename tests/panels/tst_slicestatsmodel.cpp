// The Statistics dock's slice tables, under QAbstractItemModelTester: per name and per
// thread and name, with counts, total, self and longest times worked out by hand for a small
// Chrome trace, the whole trace and a range of it; a new snapshot with fewer rows, and none.
#include "analysis/slicestats.h"
#include "format/convert.h"
#include "panels/slicestatsmodel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr Time ms = 1'000'000;

// Thread A (tid 1): outer 0-10 ms holding inner 2-5 and inner 6-7; thread B (tid 2): outer
// 0-4 ms. In microseconds, as the format has them.
constexpr const char* kTrace = R"({"traceEvents":[
{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"A"}},
{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"B"}},
{"ph":"X","name":"outer","pid":1,"tid":1,"ts":0,"dur":10000},
{"ph":"X","name":"inner","pid":1,"tid":1,"ts":2000,"dur":3000},
{"ph":"X","name":"inner","pid":1,"tid":1,"ts":6000,"dur":1000},
{"ph":"X","name":"outer","pid":1,"tid":2,"ts":0,"dur":4000}]})";

std::shared_ptr<const StatisticsSnapshot> snapshotOf(std::shared_ptr<const Trace> trace,
                                                     TimeRange range = {}) {
    auto s = std::make_shared<StatisticsSnapshot>();
    s->slices = computeSliceStatistics(*trace, range);
    s->trace = std::move(trace);
    s->wholeRun = range.delta() <= 0;
    return s;
}

QString text(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data().toString();
}

qint64 value(const QAbstractItemModel& m, int row, int column) {
    return m.index(row, column).data(StatsTableModel::ValueRole).toLongLong();
}

using C = SliceStatsModel::Column;

} // namespace

class TestSliceStatsModel : public QObject {
    Q_OBJECT
private slots:
    void byName() {
        SliceStatsModel model(SliceStatsModel::Rows::ByName);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const std::shared_ptr<const Trace> t = readTrace(kTrace);
        model.setSnapshot(snapshotOf(t));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(C::ColumnCount));
        QCOMPARE(model.headerData(C::NameColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Slice"));
        QCOMPARE(model.headerData(C::MaxColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Longest"));
        // The most total time first: outer 10 + 4 ms, its self time 14 - 4 (inner's) ms.
        QCOMPARE(text(model, 0, C::NameColumn), QStringLiteral("outer"));
        QCOMPARE(text(model, 0, C::ThreadColumn), QString());
        QCOMPARE(value(model, 0, C::CountColumn), 2);
        QCOMPARE(value(model, 0, C::TotalColumn), 14 * ms);
        QCOMPARE(value(model, 0, C::SelfColumn), 10 * ms);
        QCOMPARE(value(model, 0, C::MaxColumn), 10 * ms);
        QCOMPARE(text(model, 0, C::TotalColumn), QStringLiteral("14 ms"));
        QCOMPARE(text(model, 1, C::NameColumn), QStringLiteral("inner"));
        QCOMPARE(value(model, 1, C::CountColumn), 2);
        QCOMPARE(value(model, 1, C::TotalColumn), 4 * ms);
        QCOMPARE(value(model, 1, C::SelfColumn), 4 * ms);
        QCOMPARE(value(model, 1, C::MaxColumn), 3 * ms);
        QCOMPARE(model.index(1, C::CountColumn).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));

        // 3-8 ms: outer 5 ms of A's and 1 of B's, inner 2 + 1 ms.
        model.setSnapshot(snapshotOf(t, TimeRange{3 * ms, 8 * ms}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(value(model, 0, C::TotalColumn), 6 * ms);
        QCOMPARE(value(model, 0, C::SelfColumn), 3 * ms);
        QCOMPARE(value(model, 0, C::MaxColumn), 5 * ms);
        QCOMPARE(value(model, 1, C::TotalColumn), 3 * ms);
        QCOMPARE(value(model, 1, C::MaxColumn), 2 * ms);

        // 8-9 ms: outer alone.
        model.setSnapshot(snapshotOf(t, TimeRange{8 * ms, 9 * ms}));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(value(model, 0, C::TotalColumn), 1 * ms);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.index(0, 0).isValid());
    }

    void byThread() {
        SliceStatsModel model(SliceStatsModel::Rows::ByThread);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf(readTrace(kTrace)));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.headerData(C::ThreadColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Thread"));
        // A's rows, the most total first, then B's.
        QVERIFY2(text(model, 0, C::ThreadColumn).startsWith(QStringLiteral("A")),
                 qPrintable(text(model, 0, C::ThreadColumn)));
        QCOMPARE(text(model, 0, C::NameColumn), QStringLiteral("outer"));
        QCOMPARE(value(model, 0, C::TotalColumn), 10 * ms);
        QCOMPARE(value(model, 0, C::SelfColumn), 6 * ms);
        QCOMPARE(text(model, 1, C::NameColumn), QStringLiteral("inner"));
        QCOMPARE(value(model, 1, C::CountColumn), 2);
        QCOMPARE(value(model, 1, C::TotalColumn), 4 * ms);
        QVERIFY2(text(model, 2, C::ThreadColumn).startsWith(QStringLiteral("B")),
                 qPrintable(text(model, 2, C::ThreadColumn)));
        QCOMPARE(value(model, 2, C::TotalColumn), 4 * ms);
        QCOMPARE(value(model, 2, C::SelfColumn), 4 * ms);
    }
};

QTEST_MAIN(TestSliceStatsModel)
#include "tst_slicestatsmodel.moc"
