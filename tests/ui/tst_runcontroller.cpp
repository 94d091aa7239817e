// RunController: the one QObject that owns a run. Its signals arrive on the GUI thread in
// order; a new run replaces the old one; stop and destruction never hang.
#include "catalog.h"
#include "runcontroller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(std::shared_ptr<const tl::Trace>)

class TestRunController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void simulatedRunFinishes();
    void compileErrorFails();
    void secondStartReplacesFirst();
    void stopRealRunWithin100ms();
    void destroyDuringRealRun();

private:
    ParamValues values(const Scenario& s, const char* iterations) const {
        ParamValues v = defaultValues(s);
        setParameter(s, v, "iterations", iterations);
        return v;
    }
};

void TestRunController::initTestCase() {
    qRegisterMetaType<std::shared_ptr<const tl::Trace>>();
}

void TestRunController::simulatedRunFinishes() {
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    QSignalSpy started(&runs, &RunController::started);
    QSignalSpy finished(&runs, &RunController::finished);
    QSignalSpy progress(&runs, &RunController::progress);
    QVERIFY(runs.start(s, defaultValues(s), RunOptions{}));
    QCOMPARE(started.count(), 1);
    QVERIFY(runs.isRunning());
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Completed);
    QVERIFY(!runs.isRunning());
    // The last progress report carries the final counts.
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(runs.trace()->eventCount()));
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(runs.trace()->endTime()));
    QCOMPARE(runs.trace()->threadCount(), std::size_t(4));
    QVERIFY(runs.elapsedNs() > 0);
}

void TestRunController::compileErrorFails() {
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    ParamValues v = defaultValues(s);
    // Past setParameter's range check, as a hand-edited scenario might be: no threads at all.
    v["workers"] = ExprValue::of(0);
    QSignalSpy failed(&runs, &RunController::failed);
    QSignalSpy started(&runs, &RunController::started);
    QVERIFY(!runs.start(s, v, RunOptions{}));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(started.count(), 0);
    QVERIFY(!runs.isRunning());
}

void TestRunController::secondStartReplacesFirst() {
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(runs.start(s, values(s, "2000"), RunOptions{}));
    const auto first = runs.trace();
    QVERIFY(runs.start(s, values(s, "5"), RunOptions{}));
    QVERIFY(runs.trace() != first);
    QVERIFY(finished.wait(10'000));
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1); // only the current run reports
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Completed);
    QCOMPARE(runs.trace()->threadEvents(0).size() < 100, true);
}

void TestRunController::stopRealRunWithin100ms() {
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    RunOptions o;
    o.engine = EngineKind::Real;
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(runs.start(s, values(s, "100000"), o));
    QTest::qWait(150);
    if (!finished.isEmpty() && finished.first().first().value<Outcome>() == Outcome::Error)
        QSKIP("no real-thread engine in this build");
    QElapsedTimer clock;
    clock.start();
    runs.stop();
    QVERIFY(runs.isStopping());
    QVERIFY(finished.wait(2000));
    QVERIFY2(clock.elapsed() < 300, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Cancelled);
}

void TestRunController::destroyDuringRealRun() {
    auto runs = std::make_unique<RunController>();
    const Scenario s = resolveScenario("lock-contention");
    RunOptions o;
    o.engine = EngineKind::Real;
    QVERIFY(runs->start(s, values(s, "100000"), o));
    QVERIFY(runs->start(s, values(s, "100000"), o)); // one winding down, one running
    QTest::qWait(100);
    QElapsedTimer clock;
    clock.start();
    runs.reset();
    QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
    QTest::qWait(50); // nothing queued may reach the dead controller
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
