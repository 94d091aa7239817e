// Sweeps: the points chosen, the checks on a request, and the figures of each run, which the
// simulated machine makes exact.
#include "experiment/sweep.h"
#include "scenario/catalog.h"

#include <QtTest>

#include <atomic>

using namespace tl;

namespace {

// `workers` threads (1..8), each working 3 ms, then taking one lock and working 1 ms in it.
// With a core each, they all ask for the lock at 3 ms and get it one after another: the run
// lasts 3 + n ms, the k-th worker waits k-1 ms, and all but the first had to wait.
const char* const kQueue = R"({
  "id": "queue-up", "title": "Workers queue up for one lock",
  "parameters": [
    {"name": "workers", "label": "Workers", "type": "int", "min": 1, "max": 8, "default": 2},
    {"name": "hold", "label": "Hold", "type": "duration", "min": "0", "max": "1s", "default": "1ms"},
    {"name": "mode", "type": "choice", "choices": ["a", "b"], "default": "a"},
    {"name": "flag", "type": "bool", "default": false}
  ],
  "objects": [ {"mutex": "lock"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
    {"work": "3ms"}, {"lock": "lock"}, {"work": "$hold"}, {"unlock": "lock"}
  ]} ]
})";

constexpr Time kMs = 1'000'000;

SweepRequest request(const char* text, std::string parameter, std::vector<std::int64_t> points) {
    SweepRequest r;
    r.scenario = parseScenario(text, "test.json");
    r.values = defaultValues(r.scenario);
    r.parameter = std::move(parameter);
    r.points = std::move(points);
    r.options.cores = 64;
    return r;
}

SweepRequest lockContention(std::vector<std::int64_t> workers) {
    SweepRequest r;
    r.scenario = resolveScenario("lock-contention");
    r.values = defaultValues(r.scenario);
    r.parameter = "workers";
    r.points = std::move(workers);
    return r;
}

double share(const SweepPoint& pt, ThreadState s) {
    return pt.stateShare[std::size_t(s)];
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void points_data() {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("doubling");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("every integer")
            << 1ll << 16ll << 16 << false
            << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        // 1 + 15 i / 7: 1, 3.14, 5.29, 7.43, 9.57, 11.71, 13.86, 16
        QTest::newRow("eight of sixteen")
            << 1ll << 16ll << 8 << false << QList<qint64>{1, 3, 5, 7, 10, 12, 14, 16};
        QTest::newRow("halves round up") << 0ll << 3ll << 3 << false << QList<qint64>{0, 2, 3};
        QTest::newRow("more points than values")
            << 1ll << 4ll << 8 << false << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("one point") << 3ll << 9ll << 1 << false << QList<qint64>{3};
        QTest::newRow("from equals to") << 5ll << 5ll << 4 << false << QList<qint64>{5};
        QTest::newRow("durations") << 1'000'000ll << 10'000'000ll << 4 << false
                                   << QList<qint64>{1'000'000, 4'000'000, 7'000'000, 10'000'000};
        QTest::newRow("uneven nanoseconds")
            << 1'000'000ll << 2'000'000ll << 4 << false
            << QList<qint64>{1'000'000, 1'333'333, 1'666'667, 2'000'000};
        QTest::newRow("doubling") << 1ll << 16ll << 5 << true << QList<qint64>{1, 2, 4, 8, 16};
        QTest::newRow("doubling to 64")
            << 1ll << 64ll << 7 << true << QList<qint64>{1, 2, 4, 8, 16, 32, 64};
        QTest::newRow("tenfold") << 1ll << 1000ll << 4 << true << QList<qint64>{1, 10, 100, 1000};
        QTest::newRow("doubling durations")
            << 1'000'000ll << 8'000'000ll << 4 << true
            << QList<qint64>{1'000'000, 2'000'000, 4'000'000, 8'000'000};
        // 4^(i/7): 1, 1.22, 1.49, 1.81, 2.21, 2.69, 3.28, 4
        QTest::newRow("doubling dedupes") << 1ll << 4ll << 8 << true << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("doubling to an odd end")
            << 3ll << 12ll << 3 << true << QList<qint64>{3, 6, 12};
    }
    void points() {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, count);
        QFETCH(bool, doubling);
        QFETCH(QList<qint64>, expected);
        const auto got = sweepPoints(from, to, count, doubling);
        QCOMPARE(QList<qint64>(got.begin(), got.end()), expected);
    }

    void badPoints_data() {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("doubling");
        QTest::addColumn<QString>("message");
        QTest::newRow("backwards") << 9ll << 3ll << 4 << false << "sweep: from 9 is above to 3";
        QTest::newRow("no points") << 1ll << 3ll << 0 << false << "sweep: at least one point";
        QTest::newRow("too many") << 1ll << 1000ll << 201 << false
                                  << "sweep: 201 points; at most 200";
        QTest::newRow("doubling from zero")
            << 0ll << 8ll << 4 << true << "sweep: doubling needs a start above zero (got 0)";
    }
    void badPoints() {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, count);
        QFETCH(bool, doubling);
        QFETCH(QString, message);
        try {
            sweepPoints(from, to, count, doubling);
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    void validation_data() {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QList<qint64>>("points");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << "wrokers" << QList<qint64>{1}
                                 << "sweep of \"wrokers\": queue-up has no such parameter (can "
                                    "sweep: workers, hold, cores)";
        QTest::newRow("choice") << "mode" << QList<qint64>{1}
                                << "sweep of \"mode\": the parameter is a choice; only "
                                   "whole-number and duration parameters (or cores) can be swept";
        QTest::newRow("bool") << "flag" << QList<qint64>{1}
                              << "sweep of \"flag\": the parameter is true or false; only "
                                 "whole-number and duration parameters (or cores) can be swept";
        QTest::newRow("below") << "workers" << QList<qint64>{0, 1}
                               << "sweep of \"workers\": 0 is below the minimum 1";
        QTest::newRow("above") << "workers" << QList<qint64>{1, 9}
                               << "sweep of \"workers\": 9 is above the maximum 8";
        QTest::newRow("duration above") << "hold" << QList<qint64>{2'000'000'000}
                                        << "sweep of \"hold\": 2s is above the maximum 1s";
        QTest::newRow("cores above")
            << "cores" << QList<qint64>{65} << "sweep of \"cores\": 65 is above the maximum 64";
        QTest::newRow("cores below")
            << "cores" << QList<qint64>{0} << "sweep of \"cores\": 0 is below the minimum 1";
        QTest::newRow("empty") << "workers" << QList<qint64>{}
                               << "sweep of \"workers\": no points to run";
        QList<qint64> many;
        for (int i = 0; i < 201; ++i)
            many.append(1);
        QTest::newRow("too many") << "workers" << many
                                  << "sweep of \"workers\": 201 points; at most 200";
    }
    void validation() {
        QFETCH(QString, parameter);
        QFETCH(QList<qint64>, points);
        QFETCH(QString, message);
        const SweepRequest r =
            request(kQueue, parameter.toStdString(), {points.begin(), points.end()});
        try {
            validateSweep(r);
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
        QVERIFY_THROWS_EXCEPTION(ScenarioError, runSweep(r));
    }

    // Every figure of every point, worked out by hand (see kQueue).
    void exactFigures() {
        const SweepResult res = runSweep(request(kQueue, "workers", {1, 2, 4, 8}));
        QCOMPARE(res.parameter, std::string("workers"));
        QCOMPARE(res.parameterLabel, std::string("Workers"));
        QCOMPARE(res.points.size(), std::size_t(4));
        for (const SweepPoint& pt : res.points) {
            const std::int64_t n = pt.value;
            QCOMPARE(pt.label, std::to_string(n));
            QCOMPARE(pt.outcome, Outcome::Completed);
            QVERIFY(pt.message.empty());
            QCOMPARE(pt.threads, int(n));
            QCOMPARE(pt.duration, (3 + n) * kMs);
            QCOMPARE(pt.longestWait, (n - 1) * kMs);
            QCOMPARE(pt.contention, double(n - 1) / double(n));
            QCOMPARE(pt.fairness, 1.0);
            QCOMPARE(pt.unit, std::string("lock acquisitions"));
            QCOMPARE(pt.throughput, double(n) * 1e9 / double((3 + n) * kMs));
            // Thread k lives 3 + k ms: 4 of them working, k - 1 blocked.
            const double lived = double(3 * n + n * (n + 1) / 2);
            QCOMPARE(share(pt, ThreadState::Working), double(4 * n) / lived);
            QCOMPARE(share(pt, ThreadState::Blocked), double(n * (n - 1) / 2) / lived);
            double sum = 0;
            for (const double s : pt.stateShare)
                sum += s;
            QVERIFY(qAbs(sum - 1) < 1e-12);
            QVERIFY(pt.events > 0);
        }
    }

    void durationLabels() {
        const SweepResult res = runSweep(request(kQueue, "hold", {0, 1'500'000, 2 * kMs}));
        QCOMPARE(res.parameterLabel, std::string("Hold"));
        QCOMPARE(res.points[0].label, std::string("0"));
        QCOMPARE(res.points[1].label, std::string("1.5ms"));
        QCOMPARE(res.points[2].label, std::string("2ms"));
        // two workers: 3 ms, then the two holds one after the other
        QCOMPARE(res.points[1].duration, 3 * kMs + 2 * 1'500'000);
        QCOMPARE(res.points[2].duration, 7 * kMs);
    }

    // Four workers on 1..6 cores: one core does all 16 ms of work with no idle moment (the
    // lock holder is always working or waiting for the core); from four cores on, each
    // worker has its own and the run lasts 3 + 4 ms. More cores never make it slower.
    void cores() {
        SweepRequest r = request(kQueue, "cores", {1, 2, 3, 4, 5, 6});
        r.values["workers"] = ExprValue::of(4);
        r.options.cores = 1; // replaced per point
        const SweepResult res = runSweep(r);
        QCOMPARE(res.parameterLabel, std::string("Cores"));
        QCOMPARE(res.points.size(), std::size_t(6));
        QCOMPARE(res.points[0].duration, 16 * kMs);
        QCOMPARE(share(res.points[0], ThreadState::Runnable) > 0, true);
        for (std::size_t i = 3; i < 6; ++i) {
            QCOMPARE(res.points[i].duration, 7 * kMs);
            QCOMPARE(share(res.points[i], ThreadState::Runnable), 0.0);
        }
        for (std::size_t i = 1; i < 6; ++i)
            QVERIFY(res.points[i].duration <= res.points[i - 1].duration);
        QCOMPARE(res.points[2].label, std::string("3"));
    }

    // The bundled lock-contention with no think time: the lock is never free, so n workers
    // take exactly n x 20 updates x 1 ms, and each added worker makes the run longer.
    void lockContentionSerialises() {
        SweepRequest r = lockContention({1, 2, 4, 8, 16});
        r.values["think"] = ExprValue::of(0);
        const SweepResult res = runSweep(r);
        for (const SweepPoint& pt : res.points) {
            QCOMPARE(pt.outcome, Outcome::Completed);
            QCOMPARE(pt.duration, pt.value * 20 * kMs);
            QCOMPARE(pt.throughput, 1000.0);
        }
    }

    // With the default 3 ms think and 1 ms hold, the lock is busy n x 20 ms, so no number of
    // workers passes 1000 acquisitions a second, and 16 workers (at least 320 ms) take longer
    // than one (20 thinks of at most 4.5 ms plus 20 ms: at most 110 ms).
    void lockContentionStopsScaling() {
        SweepRequest r = lockContention(sweepPoints(1, 16, 16, false));
        r.options.cores = 64;
        const SweepResult res = runSweep(r);
        QCOMPARE(res.points.size(), std::size_t(16));
        for (const SweepPoint& pt : res.points) {
            QVERIFY(pt.duration >= pt.value * 20 * kMs);
            QVERIFY2(pt.throughput <= 1000.0, pt.label.c_str());
        }
        QVERIFY(res.points[0].duration <= 110 * kMs);
        QVERIFY(res.points[15].duration >= 320 * kMs);
        QVERIFY(res.points[15].duration > res.points[0].duration);
        QVERIFY(share(res.points[15], ThreadState::Blocked) >
                share(res.points[1], ThreadState::Blocked));
        QVERIFY(res.points[15].contention > 0.9);
    }

    void deterministic() {
        SweepRequest r = lockContention(sweepPoints(1, 12, 6, false));
        r.options.seed = 7;
        const std::string a = sweepCsv(runSweep(r));
        const std::string b = sweepCsv(runSweep(r));
        QCOMPARE(a, b);
        r.options.seed = 8;
        QVERIFY(sweepCsv(runSweep(r)) != a);
    }

    void csv() {
        const std::string text = sweepCsv(runSweep(request(kQueue, "workers", {1, 3})));
        const QStringList lines = QString::fromStdString(text).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("value,label,outcome,duration_ns,events,threads,working_share,"
                                   "io_share,sleeping_share,runnable_share,blocked_share,"
                                   "waiting_share,running_share,unit,throughput_per_s,fairness,"
                                   "longest_wait_ns,contention"));
        // 3 workers: 6 ms; working 12 of 15 thread-ms, blocked 3; 3 locks in 6 ms
        const QStringList row = lines[2].split(',');
        QCOMPARE(row.size(), 18);
        QCOMPARE(row[0], QString("3"));
        QCOMPARE(row[1], QString("3"));
        QCOMPARE(row[2], QString("completed"));
        QCOMPARE(row[3], QString("6000000"));
        QCOMPARE(row[5], QString("3"));
        QCOMPARE(row[6], QString("0.800000"));
        QCOMPARE(row[10], QString("0.200000"));
        QCOMPARE(row[13], QString("lock acquisitions"));
        QCOMPARE(row[14], QString("500.000"));
        QCOMPARE(row[15], QString("1.0000"));
        QCOMPARE(row[16], QString("2000000"));
        QCOMPARE(row[17], QString("0.6667"));
    }

    void table() {
        const std::string text = formatSweep(runSweep(request(kQueue, "workers", {1, 8})));
        const QStringList lines = QString::fromStdString(text).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QString("Sweep of Workers"));
        QVERIFY2(lines[1].contains("lock acquisitions/s"), qPrintable(lines[1]));
        QVERIFY(lines[1].contains("blocked"));
        QVERIFY(!lines[1].contains("sleeping")); // no point slept
        QVERIFY2(lines[3].contains("completed") && lines[3].contains("11 ms") &&
                     lines[3].contains("87.5%"),
                 qPrintable(lines[3]));
        // aligned: every line as long as the header
        QCOMPARE(lines[2].size(), lines[1].size());
        QCOMPARE(lines[3].size(), lines[1].size());
    }

    // A point that ends badly is kept with its outcome; the sweep goes on.
    void outcomesKept() {
        SweepRequest r = request(kQueue, "workers", {1, 4});
        r.options.maxEvents = 12; // one worker's run fits, four workers' does not
        const SweepResult res = runSweep(r);
        QCOMPARE(res.points.size(), std::size_t(2));
        QCOMPARE(res.points[0].outcome, Outcome::Completed);
        QCOMPARE(res.points[1].outcome, Outcome::EventLimit);
        QVERIFY(!res.points[1].message.empty());

        r.options.maxEvents = 20'000'000;
        r.options.timeLimit = 5 * kMs;
        const SweepResult limited = runSweep(r);
        QCOMPARE(limited.points[0].outcome, Outcome::Completed);
        QCOMPARE(limited.points[1].outcome, Outcome::TimeLimit);
    }

    // A value at which the scenario does something impossible: the point keeps the error
    // outcome and its reason, and the points after it still run.
    void errorOutcomeKept() {
        const char* text = R"({
          "id": "unlocks", "title": "Unlocks a lock it does not hold from n = 3",
          "parameters": [ {"name": "n", "type": "int", "min": 1, "max": 4, "default": 1} ],
          "objects": [ {"mutex": "m"} ],
          "roles": [ {"name": "w", "count": "$n", "program": [
            {"work": "1ms"}, {"if": "$n == 3", "then": [ {"unlock": "m"} ]}
          ]} ]
        })";
        const SweepResult res = runSweep(request(text, "n", {2, 3, 4}));
        QCOMPARE(res.points.size(), std::size_t(3));
        QCOMPARE(res.points[0].outcome, Outcome::Completed);
        QCOMPARE(res.points[1].outcome, Outcome::Error);
        QVERIFY2(!res.points[1].message.empty(), res.points[1].message.c_str());
        QCOMPARE(res.points[2].outcome, Outcome::Completed);
        QVERIFY(sweepCsv(res).find("\n3,3,error,") != std::string::npos);
    }

    void progressInOrder() {
        std::vector<double> seen;
        Progress progress;
        progress.report = [&](double f) { seen.push_back(f); };
        runSweep(request(kQueue, "workers", {1, 2, 3, 4}), &progress);
        QCOMPARE(seen, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
    }

    void cancel() {
        std::atomic<bool> stop{false};
        int reports = 0;
        Progress progress;
        progress.cancel = &stop;
        progress.report = [&](double) {
            if (++reports == 2) stop = true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 runSweep(request(kQueue, "workers", {1, 2, 3, 4}), &progress));
        QCOMPARE(reports, 2);
    }

    // Cancel during a run ends that run, not only the sweep between points. The one point
    // here never ends by itself in practice (10^16 steps of 1 ns, recording nothing, before
    // its time limit would end it at 10^6 s): the sweep can only end by the run's stop.
    void cancelMidRun() {
        const char* endless = R"({
          "id": "endless", "title": "Endless",
          "parameters": [ {"name": "n", "type": "int", "min": 1, "max": 2, "default": 1} ],
          "roles": [ {"name": "w", "count": "$n", "program": [ {"repeat": 100000000, "do": [
            {"repeat": 100000000, "do": [ {"work": "1ns"} ]} ]} ]} ],
          "stop": {"timeLimit": "1000000s"}
        })";
        std::atomic<bool> stop{false};
        Progress progress;
        progress.cancel = &stop;
        progress.report = [&](double f) {
            if (f == 0) stop = true;
        };
        // the flag is set after the check of the first step, so the run itself must stop
        QVERIFY_THROWS_EXCEPTION(Cancelled, runSweep(request(endless, "n", {1}), &progress));
    }

    void compileErrorNamesTheValue() {
        const char* text = R"({
          "id": "bad", "title": "A size that breaks",
          "parameters": [ {"name": "n", "type": "int", "min": 0, "max": 4, "default": 1} ],
          "objects": [ {"semaphore": "s", "permits": "$n - 2"} ],
          "roles": [ {"name": "w", "count": 1, "program": [ {"acquire": "s"}, {"release": "s"} ]} ]
        })";
        try {
            runSweep(request(text, "n", {2, 1}));
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QVERIFY2(QString(e.what()).startsWith("n=1: "), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
