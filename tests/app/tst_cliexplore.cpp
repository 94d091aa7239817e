// threadlens explore: its output and exit codes, the failing schedule written as a trace
// that the other commands read and that run --schedule makes again, byte for byte.
#include "clitest.h"

using namespace clitest;

namespace {

const QStringList kLost{"explore", "lost-update", "--set", "workers=2", "--set", "increments=1"};

// The line that starts with `prefix`, or "".
QString lineStarting(const QString& out, const QString& prefix) {
    for (const QString& l : lines(out))
        if (l.startsWith(prefix)) return l;
    return {};
}

} // namespace

class TestCliExplore : public QObject {
    Q_OBJECT
private slots:
    // Two workers, one unprotected increment each: six schedules, four lose the increment.
    void lostUpdate() {
        QTemporaryDir dir;
        const Result r = threadlens(kLost + QStringList{"--out", "failing.json"}, dir.path());
        QCOMPARE(r.code, 1);
        const QStringList out = lines(r.out);
        QCOMPARE(out.size(), 7);
        QCOMPARE(out[0], QString("lost-update: every schedule of 2 threads, at most 2 "
                                 "preemptions each"));
        QVERIFY2(out[1].startsWith("explored 6 schedules (complete): 13 states, "),
                 qPrintable(r.out));
        QCOMPARE(out[2], QString("outcomes: counter=1 ×4, counter=2 ×2"));
        QCOMPARE(out[3], QString("4 of 6 fail"));
        QCOMPARE(out[4], QString("shortest failing schedule (4 steps): worker 1 reads 0, worker 2 "
                                 "reads 0, worker 1 writes 1, worker 2 writes 1 — counter = 1, "
                                 "expected 2: 1 increment lost"));
        QCOMPARE(out[5], QString("also data race (3 steps): data race on counter: worker 1's "
                                 "write and worker 2's read can come in either order"));
        QCOMPARE(out[6], QString("trace: failing.json"));
        QCOMPARE(r.err, QString("threadlens: a schedule fails: counter ends 1, expected 2\n"));

        // The trace is one like any other: the checks read the failure off it.
        const Result check = threadlens({"check", "failing.json"}, dir.path());
        QCOMPARE(check.code, 1);
        QVERIFY2(check.out.contains("asserts           FAILED: counter = 1, expected 2: 1 "
                                    "increment lost"),
                 qPrintable(check.out));
        QCOMPARE(threadlens({"render", "failing.json", "--png", "failing.png"}, dir.path()).code,
                 0);
        QVERIFY(isPng(dir.filePath("failing.png")));

        // run --schedule follows it again: the same trace, byte for byte; and so do the
        // thread numbers it holds.
        QFile saved(dir.filePath("failing.json"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray bytes = saved.readAll();
        QVERIFY(bytes.contains("\"schedule\":[1,2,1,2]"));
        for (const QString& schedule : {QString("failing.json"), QString("1,2,1,2")}) {
            const Result again =
                threadlens({"run", "lost-update", "--set", "workers=2", "--set", "increments=1",
                            "--schedule", schedule, "--out", "again.json", "-q"},
                           dir.path());
            QCOMPARE(again.code, 1); // the checks fail, as they should
            QFile f(dir.filePath("again.json"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), bytes);
        }
    }

    // Under the GIL: the same outcomes, and the failing schedule as a trace with the GIL's
    // hand-offs in it, which run --schedule makes again byte for byte; nothing races.
    void lostUpdateUnderTheGil() {
        QTemporaryDir dir;
        const Result r = threadlens(
            kLost + QStringList{"--set", "protection=gil", "--out", "failing.json"}, dir.path());
        QCOMPARE(r.code, 1);
        const QStringList out = lines(r.out);
        QCOMPARE(out.size(), 6);
        QVERIFY2(out[1].startsWith("explored 6 schedules (complete): "), qPrintable(r.out));
        QCOMPARE(out[2], QString("outcomes: counter=1 ×4, counter=2 ×2"));
        QCOMPARE(out[4], QString("shortest failing schedule (4 steps): worker 1 reads 0, worker 2 "
                                 "reads 0, worker 1 writes 1, worker 2 writes 1 — counter = 1, "
                                 "expected 2: 1 increment lost"));
        QCOMPARE(out[5], QString("trace: failing.json"));
        QFile saved(dir.filePath("failing.json"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray bytes = saved.readAll();
        QVERIFY(bytes.contains("\"name\":\"GIL\""));
        const Result again = threadlens({"run", "lost-update", "--set", "workers=2", "--set",
                                         "increments=1", "--set", "protection=gil", "--schedule",
                                         "failing.json", "--out", "again.json", "-q"},
                                        dir.path());
        QCOMPARE(again.code, 1);
        QFile f(dir.filePath("again.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
        const Result check = threadlens({"check", "failing.json"}, dir.path());
        QCOMPARE(lineStarting(check.out, "races"), QString("races             ok"));
    }

    void protectedCounters_data() {
        QTest::addColumn<QString>("protection");
        QTest::addColumn<QString>("explored");
        QTest::newRow("lock") << "lock"
                              << "explored 8 schedules (complete): ";
        QTest::newRow("atomic") << "atomic"
                                << "explored 2 schedules (complete): ";
    }
    void protectedCounters() {
        QFETCH(QString, protection);
        QFETCH(QString, explored);
        QTemporaryDir dir;
        const Result r = threadlens(
            kLost + QStringList{"--set", "protection=" + protection, "--out", "none.json"},
            dir.path());
        QCOMPARE(r.code, 0);
        QVERIFY2(lineStarting(r.out, "explored").startsWith(explored), qPrintable(r.out));
        QCOMPARE(lineStarting(r.out, "outcomes"),
                 QString("outcomes: counter=2 ×" + explored.section(' ', 1, 1)));
        QCOMPARE(lines(r.out).last(), QString("no schedule fails"));
        QCOMPARE(r.err, QString());
        QVERIFY(!QFileInfo::exists(dir.filePath("none.json"))); // nothing failed
    }

    void philosophers() {
        Result r = threadlens({"explore", "dining-philosophers", "--set", "philosophers=3"});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            lineStarting(r.out, "explored")
                .contains(
                    "(complete within the bound of 2 preemptions; some need more: try --bound 3 "
                    "or --bound none)"),
            qPrintable(r.out));
        QVERIFY2(lineStarting(r.out, "shortest failing schedule (6 steps): ")
                     .endsWith("— philosopher 1 holds fork 1 and waits for fork 2, held by "
                               "philosopher 2, who waits for fork 3, held by philosopher 3, who "
                               "waits for fork 1, held by philosopher 1. Nobody can go on."),
                 qPrintable(r.out));
        r = threadlens({"explore", "dining-philosophers", "--set", "philosophers=3", "--set",
                        "strategy=ordered"});
        QCOMPARE(r.code, 0);
        QCOMPARE(lineStarting(r.out, "outcomes"), QString("outcomes: completed ×886261"));
    }

    // A goal of the scenario's: the shortest way there.
    void goal() {
        const Result r = threadlens({"explore", "peterson", "--set", "variant=broken", "--set",
                                     "rounds=1", "--goal", "both in the critical section"});
        QCOMPARE(r.code, 1);
        QCOMPARE(lineStarting(r.out, "shortest"),
                 QString("shortest schedule to the goal (6 steps): thread 1 reads 0 from flag 2, "
                         "thread 2 reads 0 from flag 1, thread 2 writes 1 to flag 2, thread 2 "
                         "atomically adds to inside (now 1), thread 1 writes 1 to flag 1, thread "
                         "1 atomically adds to inside (now 2) — both in the critical section"));
        QCOMPARE(lineStarting(r.out, "4 of"), QString()); // the goal is what is counted
        QCOMPARE(r.err, QString("threadlens: a schedule reaches the goal: both in the critical "
                                "section\n"));
        const Result none = threadlens(
            {"explore", "peterson", "--set", "rounds=1", "--goal", "both in the critical section"});
        QCOMPARE(none.code, 0);
        QCOMPARE(lines(none.out).last(),
                 QString("no schedule reaches the goal \"both in the critical section\""));
    }

    // Without a bound, sleep sets keep one order of independent operations, and say so.
    void unbounded() {
        const Result r = threadlens(kLost + QStringList{"--bound", "none"});
        QCOMPARE(r.code, 1);
        QCOMPARE(lines(r.out)[0],
                 QString("lost-update: every schedule of 2 threads, any number of preemptions"));
        QVERIFY2(lineStarting(r.out, "explored 4 schedules (complete): 10 states, ")
                     .endsWith("; one order of each set of independent operations"),
                 qPrintable(r.out));
    }

    // A limit that ends the search before it is complete, with nothing failed: 3.
    void incomplete() {
        const Result r = threadlens({"explore", "dining-philosophers", "--set", "philosophers=4",
                                     "--set", "strategy=ordered", "--max-schedules", "100"});
        QCOMPARE(r.code, 3);
        QVERIFY2(lineStarting(r.out, "explored")
                     .contains("(not complete: stopped at --max-schedules 100): 100 run, "),
                 qPrintable(r.out));
        QVERIFY2(r.err.startsWith("threadlens: the search did not complete and found nothing: "
                                  "explored "),
                 qPrintable(r.err));
        QCOMPARE(lines(r.err).size(), 1);

        // The same limit on naive philosophers: the deadlock nearest the start, looked for
        // breadth first once the search stopped, is found and said so; 1.
        const Result naive = threadlens({"explore", "dining-philosophers", "--set",
                                         "philosophers=4", "--max-schedules", "100"});
        QCOMPARE(naive.code, 1);
        QVERIFY2(lineStarting(naive.out, "shortest failing schedule (8 steps; found breadth first "
                                         "after the search stopped; the outcomes above do not "
                                         "count it): philosopher 1 locks fork 1, ")
                         .size() > 0,
                 qPrintable(naive.out));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("bound") << QStringList{"explore", "lost-update", "--bound", "few"}
                               << "--bound: \"few\" is neither a number of preemptions nor none";
        QTest::newRow("goal") << QStringList{"explore", "lost-update", "--goal", "win"}
                              << "--goal \"win\": lost-update names these goals: lose an update";
        QTest::newRow("no goals") << QStringList{"explore", "producer-consumer", "--goal", "win"}
                                  << "--goal \"win\": producer-consumer names no goals";
        QTest::newRow("time limit") << QStringList{"explore", "lost-update", "--time-limit", "0s"}
                                    << "--time-limit: must be above zero";
        QTest::newRow("option") << QStringList{"explore", "lost-update", "--fast"}
                                << "explore: unknown option \"--fast\" (see threadlens help "
                                   "explore)";
        QTest::newRow("scenario") << QStringList{"explore"}
                                  << "explore: which scenario? (\"threadlens list\" shows them)";
        QTest::newRow("out") << QStringList{"explore", "lost-update", "--out",
                                            "/nonexistent/x.json"}
                             << "cannot write /nonexistent/x.json: No such file or directory";
        QTest::newRow("schedule file")
            << QStringList{"run", "lost-update", "--schedule", "gone.json"}
            << "--schedule gone.json: cannot open the file (no such file)";
        QTest::newRow("schedule number") << QStringList{"run", "lost-update", "--schedule", "1,x"}
                                         << "--schedule: \"x\" is not a whole number";
        QTest::newRow("schedule real")
            << QStringList{"run", "lost-update", "--schedule", "1,2", "--engine", "real"}
            << "--schedule: the simulated machine follows a schedule, real threads do not";
        QTest::newRow("schedule unfollowable")
            << QStringList{"run",          "lost-update", "--set", "workers=2", "--set",
                           "increments=1", "--schedule",  "1,1,1", "-q"}
            << "lost-update: the schedule cannot be followed: its step 3 of 3 is worker 1's, "
               "who has finished";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const Result r = threadlens(args, dir.path());
        QCOMPARE(r.code, 2);
        QCOMPARE(lines(r.err).size(), 1);
        QCOMPARE(r.err, "threadlens: " + message + "\n");
        QVERIFY(!r.out.contains("explored")); // refused before the search
    }

    void help() {
        const Result r = threadlens({"help", "explore"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("Usage: threadlens explore SCENARIO [options]"));
        QVERIFY(threadlens({"help"}).out.contains("threadlens explore SCENARIO [options]"));
        QVERIFY(threadlens({"help", "run"}).out.contains("--schedule S"));
    }
};

QTEST_GUILESS_MAIN(TestCliExplore)
#include "tst_cliexplore.moc"
