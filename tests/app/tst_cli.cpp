// The command line: exit codes, one-line messages, Ctrl+C, and the files it writes. The
// sweep command is in tst_clisweep.
#include "clitest.h"

#include <QDirIterator>

using namespace clitest;

namespace {

// Every file and folder under `folder` with its contents (a folder: "/"), by name.
QMap<QString, QByteArray> listing(const QString& folder) {
    QMap<QString, QByteArray> out;
    QDirIterator it(folder, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        out[QDir(folder).relativeFilePath(path)] =
            it.fileInfo().isDir() ? QByteArray("/") : (f.open(QIODevice::ReadOnly), f.readAll());
    }
    return out;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    // With no display, the app draws what it was given instead of failing: the default
    // scenario, or a trace named on the command line.
    void noDisplayWritesPicture() {
        QTemporaryDir dir;
        Result r = threadlens({"--png", "default.png"}, dir.path(), false);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("threadlens: no display found; running producer-consumer"),
                 qPrintable(r.out));
        QVERIFY(isPng(dir.filePath("default.png")));

        QCOMPARE(threadlens({"run", "semaphore-pool", "--out", "pool.json", "-q"}, dir.path()).code,
                 0);
        r = threadlens({"pool.json", "--png", "pool.png"}, dir.path(), false);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("drawing pool.json"), qPrintable(r.out));
        QVERIFY(isPng(dir.filePath("pool.png")));

        // A file that is not there is bad input: 2, with one line.
        r = threadlens({"missing.json", "--png", "missing.png"}, dir.path(), false);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err,
                 QString("threadlens: cannot open missing.json: No such file or directory\n"));
        QVERIFY(!QFileInfo::exists(dir.filePath("missing.png")));
    }

    void list() {
        const Result r = threadlens({"list"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 18);
        for (const char* id :
             {"producer-consumer", "lock-contention", "barrier-phases", "semaphore-pool"})
            QVERIFY2(r.out.contains(QString(id)), id);
        QVERIFY(lines[1].startsWith("lock-contention") && lines[1].contains("Lock contention"));
        // The titles line up after the longest id, two spaces on.
        const int column = int(QString("bounded-thread-per-task").size()) + 2;
        for (const QString& line : lines) {
            QVERIFY2(line.size() > column && line[column - 1] == ' ' && line[column] != ' ',
                     qPrintable(line));
            QVERIFY2(!line.left(column).trimmed().contains(' '), qPrintable(line));
        }
        QCOMPARE(lines[5], QString("bounded-thread-per-task  A thread per download, behind a "
                                   "bounded queue"));
    }

    void runPrintsSummary() {
        const Result r =
            threadlens({"run", "lock-contention", "--set", "workers=3", "--set", "iterations=2"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("parameters: workers=3, iterations=2, think=3ms, hold=1ms"));
        QVERIFY(r.out.contains("engine: simulated, seed 1, 4 cores"));
        QVERIFY(r.out.contains("outcome: completed after"));
        QVERIFY(r.out.contains("  events: 24 (3 threads, 1 object)\n"));
        QVERIFY(r.out.contains(QRegularExpression("worker +3 +")));
        // One mutex: the checks of semaphores, queues and barriers have nothing to look at.
        QVERIFY2(r.out.contains("checks: mutual exclusion ok; permits n/a; queue depth n/a; "
                                "barrier n/a; items n/a; intervals ok; races n/a; asserts n/a\n"),
                 qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
        // The title, the parameters and the engine come first: printed as the run starts.
        QVERIFY(r.out.startsWith("Lock contention (lock-contention)\n  parameters: "));
    }

    // Singular where there is one of a thing; the checks that apply say ok.
    void summaryCounts() {
        const Result r = threadlens({"run", "producer-consumer", "--set", "producers=1", "--set",
                                     "consumers=1", "--set", "items=1", "--cores", "1"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("  engine: simulated, seed 1, 1 core\n"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("  events: \\d+ \\(2 threads, 1 object\\)\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("checks: mutual exclusion n/a; permits n/a; queue depth ok; "
                                "barrier n/a; items ok; intervals ok; races n/a; asserts n/a\n"),
                 qPrintable(r.out));
        const Result one = threadlens({"sweep", "lock-contention", "--vary", "workers=2..2"});
        QCOMPARE(one.code, 0);
        QVERIFY2(one.out.startsWith("lock-contention: 1 run, seed 1, 4 cores\n"),
                 qPrintable(one.out));
    }

    void runOnRealThreads() {
        const Result r =
            threadlens({"run", "semaphore-pool", "--engine", "real", "--set", "useTime=200us",
                        "--set", "ownWork=100us", "--set", "requests=3"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("engine: real, seed 1"));
        QVERIFY(r.out.contains("permits ok"));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("below minimum")
            << QStringList{"run", "lock-contention", "--set", "workers=0"}
            << "threadlens: parameter \"workers\": 0 is below the minimum 1\n";
        QTest::newRow("unknown parameter")
            << QStringList{"run", "barrier-phases", "--set", "wrokers=3"}
            << "threadlens: parameter \"wrokers\": barrier-phases has no such parameter (known: "
               "workers, phases, work, imbalance)\n";
        QTest::newRow("no equals") << QStringList{"run", "lock-contention", "--set", "workers"}
                                   << "threadlens: --set \"workers\": expected name=value\n";
        QTest::newRow("misspelled scenario")
            << QStringList{"run", "lock-contentoin"}
            << "threadlens: no scenario \"lock-contentoin\"; did you mean lock-contention? "
               "(\"threadlens list\" shows them all; or give a path to a .json file)\n";
        QTest::newRow("part of scenario ids")
            << QStringList{"run", "barrier"}
            << "threadlens: no scenario \"barrier\"; did you mean barrier-phases or "
               "barrier-abort? (\"threadlens list\" shows them all; or give a path to a .json "
               "file)\n";
        QTest::newRow("unknown scenario")
            << QStringList{"run", "teleport"}
            << "threadlens: no scenario \"teleport\" (\"threadlens list\" shows them all; or "
               "give a path to a .json file)\n";
        QTest::newRow("misspelled scenario to sweep")
            << QStringList{"sweep", "semaphore-pol", "--vary", "workers=1..2"}
            << "threadlens: no scenario \"semaphore-pol\"; did you mean semaphore-pool? "
               "(\"threadlens list\" shows them all; or give a path to a .json file)\n";
        QTest::newRow("missing file") << QStringList{"run", "/nonexistent/x.json"}
                                      << "threadlens: /nonexistent/x.json: cannot open the file "
                                         "(No such file or directory)\n";
        QTest::newRow("bad engine")
            << QStringList{"run", "lock-contention", "--engine", "quantum"}
            << "threadlens: --engine: \"quantum\" is not simulated or real\n";
        QTest::newRow("cores out of range")
            << QStringList{"run", "lock-contention", "--cores", "65"}
            << "threadlens: --cores: 65 is outside 1..64\n";
        QTest::newRow("unknown option")
            << QStringList{"run", "lock-contention", "--fast"}
            << "threadlens: run: unknown option \"--fast\" (see threadlens help run)\n";
        QTest::newRow("no scenario")
            << QStringList{"run"}
            << "threadlens: run: which scenario? (\"threadlens list\" shows them)\n";
        QTest::newRow("unknown command")
            << QStringList{"fly"}
            << "threadlens: no command \"fly\" (commands: list, run, render, check, stats, "
               "convert, sweep, explore, help)\n";
        QTest::newRow("render without output")
            << QStringList{"render", "trace.json"}
            << "threadlens: render: say where to write the picture with --png, --svg or --pdf\n";
        QTest::newRow("bad range")
            << QStringList{"render", "t.json", "--png", "o.png", "--range", "5ms"}
            << "threadlens: --range: expected START:END, e.g. 10ms:25ms\n";
        QTest::newRow("bad time limit")
            << QStringList{"run", "lock-contention", "--time-limit", "soon"}
            << "threadlens: --time-limit: \"soon\" is not a duration (e.g. 500ms, 2s)\n";
    }
    // The exit status tells a script how the run went: 0 completed with every check passing,
    // 1 a check failed, 2 bad input, 3 the run did not complete. Whenever it is not 0, the
    // last line on stderr says why.
    void exitCodes_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("err");
        QTest::addColumn<QString>("outcome"); // the summary's outcome line, when there is one
        QTest::newRow("completed") << QStringList{"run", "lock-contention"} << 0 << ""
                                   << "  outcome: completed after 95.7 ms";
        QTest::newRow("check failed") << QStringList{"check", "broken.json"} << 1
                                      << "threadlens: check \"mutual exclusion\" failed"
                                      << "";
        QTest::newRow("bad input")
            << QStringList{"run", "lock-contention", "--set", "workers=0"} << 2
            << "threadlens: parameter \"workers\": 0 is below the "
               "minimum 1"
            << "";
        QTest::newRow("deadlock")
            << QStringList{"run", "lock-order"} << 3
            << "threadlens: the run ended in a deadlock after 15.2 ms: a-to-b holds account A and "
               "waits for account B, held by b-to-a, who waits for account A, held by a-to-b. "
               "Nobody can go on."
            << "  outcome: deadlock after 15.2 ms";
        QTest::newRow("time limit")
            << QStringList{"run", "lock-contention", "--time-limit", "5ms"} << 3
            << "threadlens: the run reached its time limit of 5ms and was ended"
            << "  outcome: time limit after 5 ms";
        QTest::newRow("event limit")
            << QStringList{"run", "lock-contention", "--max-events", "100"} << 3
            << "threadlens: the run reached the limit of 100 events and was ended there"
            << "  outcome: event limit after 37.7 ms";
        // With --quiet the summary goes, the reason stays.
        QTest::newRow("deadlock, quiet")
            << QStringList{"run", "dining-philosophers", "--cores", "8", "-q"} << 3
            << "threadlens: the run ended in a deadlock after 8.15 ms: philosopher 1 holds fork 1 "
               "and waits for fork 2, held by philosopher 2, who waits for fork 3, held by "
               "philosopher 3, who waits for fork 4, held by philosopher 4, who waits for fork 5, "
               "held by philosopher 5, who waits for fork 1, held by philosopher 1. Nobody can go "
               "on."
            << "";
    }
    void exitCodes() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, err);
        QFETCH(QString, outcome);
        QTemporaryDir dir;
        QFile f(dir.filePath("broken.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kBrokenTrace);
        f.close();
        const Result r = threadlens(args, dir.path());
        QCOMPARE(r.code, code);
        QCOMPARE(r.err, err.isEmpty() ? QString() : err + "\n");
        if (!outcome.isEmpty()) QVERIFY2(lines(r.out).contains(outcome), qPrintable(r.out));
        if (args.contains("-q")) QVERIFY(r.out.isEmpty());
    }

    // On real threads the deadlock is found by the watchdog, at no fixed time: the reason
    // still names the cycle.
    void deadlockOnRealThreadsExitsThree() {
        const Result r = threadlens({"run", "lock-order", "--engine", "real", "-q"});
        QCOMPARE(r.code, 3);
        QVERIFY2(
            QRegularExpression("^threadlens: the run ended in a deadlock after [0-9.]+ [mun]?s: "
                               "a-to-b holds account A and waits for account B, held by "
                               "b-to-a, who waits for account A, held by a-to-b\\. Nobody "
                               "can go on\\.\n$")
                .match(r.err)
                .hasMatch(),
            qPrintable(r.err));
    }

    // Ctrl+C stops a run as the app's Stop does: the summary, the trace and the pictures
    // with what was recorded, and 3. Downloads of 5 to 15 s on four workers: nowhere near
    // done when the signal comes.
    void ctrlCStopsTheRun() {
        QTemporaryDir dir;
        QProcess p;
        startInterruptible(p,
                           {"run", "worker-pool", "--engine", "real", "--set", "files=10000",
                            "--set", "downloadTime=10s", "--out", "trace.json", "--png",
                            "timeline.png", "--svg", "timeline.svg", "--stats", "stats.csv"},
                           dir.path());
        QVERIFY(waitForLine(p, QProcess::StandardOutput));
        QCOMPARE(p.readLine(), QByteArray("A worker pool with task and result queues "
                                          "(worker-pool)\n"));
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 3);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QStringList err = lines(QString::fromUtf8(p.readAllStandardError()));
        QCOMPARE(err.size(), 2);
        QCOMPARE(err[0], QString("threadlens: stopping the run (Ctrl+C again quits at once)"));
        QVERIFY2(QRegularExpression("^threadlens: the run was stopped after [0-9.]+ [mun]?s$")
                     .match(err[1])
                     .hasMatch(),
                 qPrintable(err[1]));
        QVERIFY2(out.contains(QRegularExpression("\n  outcome: stopped after [0-9.]+ [mun]?s\n")),
                 qPrintable(out));
        QVERIFY2(out.contains("queue depth ok;") && out.endsWith("  trace: trace.json\n"
                                                                 "  statistics: stats.csv\n"
                                                                 "  picture: timeline.png\n"
                                                                 "  picture: timeline.svg\n"),
                 qPrintable(out));

        // The trace opens again, says it was stopped, and passes its checks.
        QFile t(dir.filePath("trace.json"));
        QVERIFY(t.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc["otherData"]["outcome"].toString(), QString("cancelled"));
        QCOMPARE(doc["otherData"]["message"].toString(), QString("stopped"));
        QVERIFY(doc["traceEvents"].toArray().size() > 10);
        const Result check = threadlens({"check", "trace.json"}, dir.path());
        QCOMPARE(check.code, 0);
        QVERIFY(isPng(dir.filePath("timeline.png")));
        QFile stats(dir.filePath("stats.csv"));
        QVERIFY(stats.open(QIODevice::ReadOnly) && stats.size() > 100);
        // The picture says so in the words of the app: stopped (the file's name for it is
        // "cancelled").
        QFile svg(dir.filePath("timeline.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray picture = svg.readAll();
        QVERIFY(picture.contains(">stopped<"));
        QVERIFY(!picture.contains("cancelled"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4); // nothing half written
    }

    // A second Ctrl+C quits at once. Where it lands depends on timing: while the trace is
    // written (which it cancels: no file, the process ends by SIGINT) or after everything was
    // written (a normal stop). Either way no file is left half written.
    void secondCtrlCLeavesNoHalfFile() {
        QTemporaryDir dir;
        QProcess p;
        startInterruptible(p,
                           {"run", "lock-contention", "--set", "workers=64", "--set",
                            "iterations=100000", "--set", "think=0", "--set", "hold=10us",
                            "--max-events", "1000000000", "--out", "trace.json", "--png",
                            "timeline.png"},
                           dir.path());
        QVERIFY(waitForLine(p, QProcess::StandardOutput));
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(waitForLine(p, QProcess::StandardError));
        QCOMPARE(p.readLine(), QByteArray("threadlens: stopping the run (Ctrl+C again quits at "
                                          "once)\n"));
        ::kill(pid_t(p.processId()), SIGINT); // fails only when the process has just ended
        QVERIFY(p.waitForFinished(120'000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        const QStringList files = QDir(dir.path()).entryList(QDir::Files);
        if (p.exitStatus() == QProcess::CrashExit) {
            // Ended by SIGINT, as a shell expects of an interrupted program. What was written
            // before the quit stays, whole; what was being written is gone.
            QCOMPARE(err, QString("threadlens: quitting; nothing more is written\n"));
            QVERIFY2(!files.contains("timeline.png"), qPrintable(files.join(' ')));
            QVERIFY2(files.isEmpty() || files == QStringList{"trace.json"},
                     qPrintable(files.join(' ')));
        } else {
            qInfo("the second Ctrl+C came after the files were written");
            QCOMPARE(p.exitCode(), 3);
            QCOMPARE(files, (QStringList{"timeline.png", "trace.json"}));
            QVERIFY(isPng(dir.filePath("timeline.png")));
        }
        if (files.contains("trace.json"))
            QCOMPARE(threadlens({"check", "trace.json"}, dir.path()).code, 0);
    }

    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = threadlens(args);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, message);
    }

    void malformedScenarioFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad scenario.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"id\": \"x\", \"title\": \"X\", \"roles\": [ {\"name\": \"w\", \"program\": [ "
                "{\"lok\": \"m\"} ]} ]}");
        f.close();
        const Result r = threadlens({"run", path});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err,
                 "threadlens: " + path + ": roles[0].program[0]: unknown step \"lok\" (line 1)\n");
    }

    void writesTraceAndPicture() {
        QTemporaryDir dir;
        const QString trace = dir.filePath("trace é.json");
        const QString png = dir.filePath("timeline.png");
        const Result r = threadlens(
            {"run", "producer-consumer", "--out", trace, "--png", png, "--width", "1200", "-q"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.isEmpty());
        QFile t(trace);
        QVERIFY(t.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc["displayTimeUnit"].toString(), QString("ns"));
        QCOMPARE(doc["otherData"]["scenario"].toString(), QString("producer-consumer"));
        QVERIFY(doc["traceEvents"].toArray().size() > 100);
        QFile p(png);
        QVERIFY(p.open(QIODevice::ReadOnly));
        const QByteArray head = p.read(24);
        QVERIFY(head.startsWith("\x89PNG"));
        const quint32 width = (quint8(head[16]) << 24) | (quint8(head[17]) << 16) |
                              (quint8(head[18]) << 8) | quint8(head[19]);
        QCOMPARE(width, quint32(1200));
        // render the saved trace again, and check it
        const QString again = dir.filePath("again.svg");
        QCOMPARE(threadlens({"render", trace, "--svg", again}).code, 0);
        QVERIFY(QFile::exists(again));
        QCOMPARE(threadlens({"check", trace}).code, 0);
        // no temporary files are left behind
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
    }

    // An output that cannot be written: exit 2, one line naming the path and the reason,
    // and nothing written (the old file kept, no temporary left). Each case fails for root
    // as for anyone, which permission bits would not: a folder that is a regular file (found
    // out before the run), a target that is a folder, and a disk that fills up half-way (the
    // child's file size limit, RLIMIT_FSIZE, which binds root too).
    void unwritableOutputLeavesNothing_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("reason");
        for (const auto& [option, ext] :
             {std::pair{"--out", "json"}, std::pair{"--png", "png"}, std::pair{"--svg", "svg"},
              std::pair{"--pdf", "pdf"}, std::pair{"--stats", "csv"}}) {
            QTest::addRow("%s under a file", option)
                << option << QString("file.txt/x.%1").arg(ext) << "Not a directory";
            QTest::addRow("%s a folder", option)
                << option << QString("folder.%1").arg(ext) << "Is a directory";
            QTest::addRow("%s the disk fills", option)
                << option << QString("old.%1").arg(ext) << "File too large";
        }
    }
    void unwritableOutputLeavesNothing() {
        QFETCH(QString, option);
        QFETCH(QString, where);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ext = QFileInfo(where).suffix();
        QFile file(dir.filePath("file.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("x") == 1);
        file.close();
        QVERIFY(QDir(dir.path()).mkdir("folder." + ext));
        QFile old(dir.filePath("old." + ext));
        QVERIFY(old.open(QIODevice::WriteOnly) && old.write("the old file") == 12);
        old.close();
        const auto before = listing(dir.path());
        const QString target = dir.filePath(where);
        // 512 bytes: less than each of the outputs (checked below).
        const bool fills = where.startsWith("old.");
        const Result r =
            threadlens({"run", "lock-contention", option, target}, {}, true, fills ? 512 : 0);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith("threadlens: cannot write " + target + ": "), qPrintable(r.err));
        QVERIFY2(r.err.endsWith(reason + "\n"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        if (where.startsWith("file.txt/")) QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QCOMPARE(listing(dir.path()), before);
        if (fills) {
            QCOMPARE(threadlens({"run", "lock-contention", option, target, "-q"}).code, 0);
            QVERIFY(QFileInfo(target).size() > 512);
        }
    }
    void missingFolderIsAnError() {
        const Result r =
            threadlens({"run", "lock-contention", "--out", "/nonexistent-folder/trace.json"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, QString("threadlens: cannot write /nonexistent-folder/trace.json: No such "
                                "file or directory\n"));
    }

    // Shared variables: the summary prints their values; a race fails the run (1), and the
    // last line says which accesses; the saved trace fails `check` the same way.
    void raceFailsWithExitOne() {
        QTemporaryDir dir;
        const Result r = threadlens({"run", "lost-update", "--out", "lost.json"}, dir.path());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("  variables: counter = 38, expected 40: 2 increments lost\n"),
                 qPrintable(r.out));
        QVERIFY2(r.err.endsWith("threadlens: check \"races\" failed: 78 accesses race with an "
                                "earlier one; the first: \"counter\": worker 1's write at "
                                "10.168us and worker 4's read at 34.619us are not ordered\n"),
                 qPrintable(r.err));
        const Result check = threadlens({"check", "lost.json"}, dir.path());
        QCOMPARE(check.code, 1);
        QVERIFY2(check.out.contains("races             FAILED: 78 accesses race"),
                 qPrintable(check.out));
        QVERIFY2(check.out.contains("asserts           FAILED: counter = 38, expected 40: 2 "
                                    "increments lost\n"),
                 qPrintable(check.out));
        const Result safe = threadlens({"run", "lost-update", "--set", "protection=atomic"});
        QCOMPARE(safe.code, 0);
        QVERIFY(safe.out.contains("  variables: counter = 40, expected 40\n"));
        QVERIFY(safe.out.contains("races ok; asserts ok\n"));
    }

    void checkFailsWithExitOne() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kBrokenTrace);
        f.close();
        const Result r = threadlens({"check", path});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.out,
                 QString("mutual exclusion  FAILED: \"m\" locked by b at 2us while held by a\n"
                         "permits           n/a\n"
                         "queue depth       n/a\n"
                         "barrier           n/a\n"
                         "items             n/a\n"
                         "intervals         ok\n"
                         "races             n/a\n"
                         "asserts           n/a\n"));
        QCOMPARE(r.err, QString("threadlens: check \"mutual exclusion\" failed\n"));
    }

    void help() {
        for (const QStringList& args :
             {QStringList{"help"}, QStringList{"--help"}, QStringList{"help", "run"},
              QStringList{"run", "--help"}, QStringList{"render", "--help"},
              QStringList{"list", "--help"}, QStringList{"check", "--help"},
              QStringList{"help", "sweep"}, QStringList{"sweep", "--help"}}) {
            const Result r = threadlens(args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("Usage"), qPrintable(args.join(' ')));
        }
        QVERIFY(threadlens({"help", "run"}).out.contains("--set NAME=VALUE"));
        QVERIFY(threadlens({"help"}).out.contains("threadlens sweep SCENARIO --vary"));
        QVERIFY(threadlens({"help", "sweep"}).out.contains("every whole number when that is 16"));
        // Every exit status is told, in the help of run as in the general one.
        for (const QStringList& args : {QStringList{"help"}, QStringList{"help", "run"}}) {
            const QString out = threadlens(args).out;
            for (const char* line :
                 {"  0  ", "  1  a check failed\n", "  2  bad input: a wrong option, scenario",
                  "  3  the run did not complete: a deadlock, the time limit, the event limit, or"})
                QVERIFY2(out.contains(line), qPrintable(args.join(' ') + ": " + line));
        }
        QVERIFY(threadlens({"help", "run"}).out.contains("Ctrl+C stops the run"));
        QVERIFY(threadlens({"help", "sweep"}).out.contains("  3  stopped with Ctrl+C"));
        QCOMPARE(threadlens({"--version"}).out, QString("threadlens 0.1.0\n"));
    }

    void parameters() {
        const Result r = threadlens({"run", "gil-convoy", "--params"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QRegularExpression("switchInterval +5ms +100us\\.\\.1s")));
        QVERIFY(r.out.contains(QRegularExpression("kind +cpu +cpu\\|io\\|mixed")));
    }

    void determinismAcrossProcesses() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.json"), b = dir.filePath("b.json");
        QCOMPARE(threadlens({"run", "producer-consumer", "--seed", "9", "--out", a, "-q"}).code, 0);
        QCOMPARE(threadlens({"run", "producer-consumer", "--seed", "9", "--out", b, "-q"}).code, 0);
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        QCOMPARE(fa.readAll(), fb.readAll());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
