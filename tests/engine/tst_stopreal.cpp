// Real-thread runs stopped at random moments, as scripts/stress.sh does at length. Each run
// would go on for seconds to minutes, so every stop comes in the middle of it (or before
// its threads have all started): the run returns, as cancelled, and what was recorded up to
// the stop passes every check (a lock given back unrecorded by a thread that ended must not
// show up as taken by another), with every started thread's intervals ended by its exit.
// Among them 64 threads that only spin in CPU work, on a machine with fewer cores. How soon
// a run stops is measured, not asserted: fuzz/stop_latency.cpp, docs/reliability.md.
#include "analysis/checks.h"
#include "engine/engine.h"
#include "scenario/catalog.h"

#include <QtTest>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace tl;

class TestStopReal : public QObject {
    Q_OBJECT

private slots:
    void cancelAtRandom_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("set"); // name=value assignments
        QTest::newRow("signalling") << "signalling" << QStringList{"consumers=64", "items=10000"};
        QTest::newRow("lock-contention")
            << "lock-contention" << QStringList{"workers=64", "iterations=100000"};
        QTest::newRow("dining-philosophers")
            << "dining-philosophers"
            << QStringList{"philosophers=64", "strategy=ordered", "meals=10000"};
        QTest::newRow("readers-writers")
            << "readers-writers" << QStringList{"readers=64", "rounds=10000"};
        // 64 threads that only spin in CPU work, 100 steps each: none of them ever waits.
        QTest::newRow("compute") << "gil-convoy"
                                 << QStringList{"threads=64", "gil=false", "tasks=6400"};
    }
    void cancelAtRandom() {
        QFETCH(QString, id);
        QFETCH(QStringList, set);
        const Scenario s = resolveScenario(id.toStdString());
        ParamValues values = defaultValues(s);
        for (const QString& assignment : set)
            setAssignment(s, values, assignment.toStdString());
        const Program program = compile(s, values);
        Random rng(7);
        for (int i = 0; i < 12; ++i) {
            RunOptions options;
            options.engine = EngineKind::Real;
            options.seed = std::uint64_t(i) + 1;
            Trace trace(runInfo(program, options));
            std::stop_source stop;
            std::mutex m;
            std::condition_variable cv;
            bool returned = false;
            // The moment of the stop, 0 to 30 ms after the start, is this test's input: the
            // first few milliseconds are the engine still starting its threads.
            const auto moment = std::chrono::microseconds(rng.next() % 30'000);
            std::jthread canceller([&] {
                std::unique_lock lock(m);
                if (!cv.wait_for(lock, moment, [&] { return returned; })) stop.request_stop();
            });
            runReal(program, trace, options, stop.get_token());
            {
                std::lock_guard lock(m);
                returned = true;
            }
            cv.notify_all();
            canceller.join();
            QVERIFY2(stop.stop_requested(), "the run ended before the stop");
            QVERIFY2(trace.outcome() == Outcome::Cancelled,
                     qPrintable(QString::fromStdString(std::string(outcomeName(trace.outcome())) +
                                                       ": " + trace.message())));
            for (const CheckResult& c : runChecks(trace))
                QVERIFY2(c.passed, qPrintable(QString::fromStdString(c.name + ": " + c.detail)));
            for (std::size_t th = 0; th < trace.threadCount(); ++th) {
                const EventStream& events = trace.threadEvents(th);
                QVERIFY2(events.empty() || events[events.size() - 1].state() == ThreadState::Exited,
                         trace.thread(th).name.c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestStopReal)
#include "tst_stopreal.moc"
