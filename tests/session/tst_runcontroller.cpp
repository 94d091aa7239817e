// RunController: the one QObject that owns a run. Its signals arrive on the GUI thread in
// order; a new run replaces the old one; stop and destruction never hang.
#include "analysis/checks.h"
#include "scenario/catalog.h"
#include "session/runcontroller.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <optional>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(std::shared_ptr<const tl::Trace>)

class TestRunController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void simulatedRunFinishes();
    void infoIsWholeWhenShared_data();
    void infoIsWholeWhenShared();
    void compileErrorFails();
    void secondStartReplacesFirst();
    void stopRealRun();
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

void TestRunController::infoIsWholeWhenShared_data() {
    QTest::addColumn<bool>("real");
    QTest::newRow("simulated") << false;
    QTest::newRow("real threads") << true;
}

// The views get the trace in `started`, before the engine thread has done anything: its
// metadata must be there already, and be the run's.
void TestRunController::infoIsWholeWhenShared() {
    QFETCH(bool, real);
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    RunOptions options;
    options.engine = real ? EngineKind::Real : EngineKind::Simulated;
    options.seed = 7;
    options.cores = 3;
    const ParamValues v = values(s, "50");
    std::optional<RunInfo> seen;
    connect(&runs, &RunController::started, this,
            [&](std::shared_ptr<const Trace> t) { seen = t->info(); });
    QVERIFY(runs.start(s, v, options));
    QVERIFY(seen.has_value());
    QCOMPARE(seen->scenarioId, s.id);
    QCOMPARE(seen->title, s.title);
    QCOMPARE(seen->engine, std::string(real ? "real" : "simulated"));
    QCOMPARE(seen->seed, std::uint64_t(7));
    QCOMPARE(seen->cores, 3);
    QVERIFY(seen->parameters == runInfo(compile(s, v), options).parameters);
    QVERIFY(!seen->parameters.empty());
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Completed);
    QVERIFY(runs.trace()->info() == *seen); // and it never changed
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
    // Only the current run reports, also once the first has wound down and all it posted
    // has arrived.
    QTRY_VERIFY(runs.isIdle());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Completed);
    QVERIFY(first->finished());
    // What is shown is the second run, whole: the same trace as that run on its own.
    const Program program = compile(s, values(s, "5"));
    Trace alone(runInfo(program, RunOptions{}));
    runSimulated(program, alone, RunOptions{});
    QCOMPARE(runs.trace()->eventCount(), alone.eventCount());
    QCOMPARE(runs.trace()->endTime(), alone.endTime());
}

// A real-thread run that would take minutes is stopped once it has recorded something: it
// ends as cancelled, and what it recorded passes every check (well-formed state intervals,
// mutual exclusion). How soon it stops is measured, not asserted here: docs/reliability.md,
// "Stop latency".
void TestRunController::stopRealRun() {
    RunController runs;
    const Scenario s = resolveScenario("lock-contention");
    RunOptions o;
    o.engine = EngineKind::Real;
    QSignalSpy finished(&runs, &RunController::finished);
    QVERIFY(runs.start(s, values(s, "100000"), o));
    QTRY_VERIFY_WITH_TIMEOUT(runs.trace()->eventCount() > 0 || !finished.isEmpty(), 10'000);
    QVERIFY2(finished.isEmpty(), runs.trace()->message().c_str());
    QVERIFY(runs.isRunning());
    runs.stop();
    QVERIFY(runs.isStopping());
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Cancelled);
    QVERIFY(!runs.isRunning());
    QVERIFY(runs.isIdle());
    const Trace& t = *runs.trace();
    QVERIFY(t.eventCount() > 0);
    for (const CheckResult& c : runChecks(t))
        QVERIFY2(c.passed, (c.name + ": " + c.detail).c_str());
    // Every thread's stream ends with its exit, after a non-empty interval sequence.
    for (std::size_t th = 0; th < t.threadCount(); ++th) {
        const EventStream& events = t.threadEvents(th);
        QVERIFY2(!events.empty(), t.thread(th).name.c_str());
        QCOMPARE(events[events.size() - 1].state(), ThreadState::Exited);
    }
}

// Destroyed with one run winding down and one recording: it stops and joins both, and
// nothing they posted reaches the dead controller. The runs would take minutes; the bound
// below only says that the controller did not wait for them, generously.
void TestRunController::destroyDuringRealRun() {
    auto runs = std::make_unique<RunController>();
    const Scenario s = resolveScenario("lock-contention");
    RunOptions o;
    o.engine = EngineKind::Real;
    QVERIFY(runs->start(s, values(s, "100000"), o));
    QVERIFY(runs->start(s, values(s, "100000"), o)); // one winding down, one running
    const auto trace = runs->trace();
    QTRY_VERIFY_WITH_TIMEOUT(trace->eventCount() > 0, 10'000);
    QVERIFY(runs->isRunning());
    QElapsedTimer clock;
    clock.start();
    runs.reset();
    QVERIFY2(clock.elapsed() < 10'000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(trace->outcome(), Outcome::Cancelled);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
