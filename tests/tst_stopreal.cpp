// Real-thread runs cancelled at random moments, as scripts/stress.sh does at length: each
// stops promptly, and what was recorded up to the stop still passes every check (a lock
// given back unrecorded by a thread that ended must not show up as taken by another).
#include "catalog.h"
#include "checks.h"
#include "engine.h"

#include <QtTest>
#include <chrono>
#include <thread>

using namespace tl;

class TestStopReal : public QObject {
    Q_OBJECT

private slots:
    void cancelAtRandom_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("workers"); // name=value for the worker count
        QTest::newRow("signalling") << "signalling"
                                    << "consumers=64";
        QTest::newRow("lock-contention") << "lock-contention"
                                         << "workers=64";
        QTest::newRow("dining-philosophers") << "dining-philosophers"
                                             << "philosophers=64";
        QTest::newRow("readers-writers") << "readers-writers"
                                         << "readers=64";
    }
    void cancelAtRandom() {
        QFETCH(QString, id);
        QFETCH(QString, workers);
        const Scenario s = resolveScenario(id.toStdString());
        ParamValues values = defaultValues(s);
        setAssignment(s, values, workers.toStdString());
        const Program program = compile(s, values);
        Random rng(7);
        for (int i = 0; i < 12; ++i) {
            Trace trace;
            RunOptions options;
            options.engine = EngineKind::Real;
            options.seed = std::uint64_t(i) + 1;
            std::stop_source stop;
            std::chrono::steady_clock::time_point requested;
            std::jthread canceller([&] {
                std::this_thread::sleep_for(std::chrono::microseconds(rng.next() % 30'000));
                requested = std::chrono::steady_clock::now();
                stop.request_stop();
            });
            runReal(program, trace, options, stop.get_token());
            const auto returned = std::chrono::steady_clock::now();
            canceller.join();
            // Generous beside DESIGN.md's 100 ms: sanitizer builds and a busy machine.
            if (trace.outcome() == Outcome::Cancelled)
                QVERIFY(returned - requested < std::chrono::seconds(5));
            QVERIFY2(trace.outcome() != Outcome::Error, trace.message().c_str());
            for (const CheckResult& c : runChecks(trace))
                QVERIFY2(c.passed, qPrintable(QString::fromStdString(c.name + ": " + c.detail)));
        }
    }
};

QTEST_GUILESS_MAIN(TestStopReal)
#include "tst_stopreal.moc"
