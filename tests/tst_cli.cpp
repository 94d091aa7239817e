// The command line: exit codes, one-line messages, and the files it writes.
#include <QtTest>

namespace {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

Result threadlens(const QStringList& args, const QString& cwd = {}, bool display = true) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display) {
        env.insert("QT_QPA_PLATFORM", "offscreen");
    } else {
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(name);
    }
    p.setProcessEnvironment(env);
    if (!cwd.isEmpty()) p.setWorkingDirectory(cwd);
    p.start(THREADLENS_BINARY, args);
    if (!p.waitForFinished(120'000))
        qFatal("threadlens %s did not finish", qPrintable(args.join(' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool isPng(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8) &&
           f.size() > 1000;
}

// A trace in which two threads hold one mutex at once.
const char* kBrokenTrace = R"({"displayTimeUnit":"ns",
"otherData":{"generator":"threadlens 0.1.0","scenario":"x","engine":"real","seed":1,"cores":4,"parameters":{},"outcome":"completed","message":"","endTimeNs":5000,"objects":[{"name":"m","kind":"mutex","capacity":0}]},
"traceEvents":[
{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"a"}},
{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"b"}},
{"ph":"X","cat":"state","name":"working","pid":1,"tid":1,"ts":0.000,"dur":5.000},
{"ph":"X","cat":"state","name":"working","pid":1,"tid":2,"ts":0.000,"dur":5.000},
{"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":1,"ts":1.000,"args":{"object":"m"}},
{"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":2,"ts":2.000,"args":{"object":"m"}}
]})";

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

        r = threadlens({"missing.json", "--png", "missing.png"}, dir.path(), false);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot open missing.json"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("missing.png")));
    }

    void list() {
        const Result r = threadlens({"list"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 14);
        for (const char* id :
             {"producer-consumer", "lock-contention", "barrier-phases", "semaphore-pool"})
            QVERIFY2(r.out.contains(QString(id)), id);
        QVERIFY(lines[1].startsWith("lock-contention") && lines[1].contains("Lock contention"));
    }

    void runPrintsSummary() {
        const Result r =
            threadlens({"run", "lock-contention", "--set", "workers=3", "--set", "iterations=2"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("parameters: workers=3, iterations=2, think=3ms, hold=1ms"));
        QVERIFY(r.out.contains("engine: simulated, seed 1, 4 cores"));
        QVERIFY(r.out.contains("outcome: completed after"));
        QVERIFY(r.out.contains(QRegularExpression("worker +3 +")));
        QVERIFY(r.out.contains("checks: mutual exclusion ok; permits ok; queue depth ok; barrier "
                               "ok; items ok; intervals ok"));
        QVERIFY(r.err.isEmpty());
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
        QTest::newRow("unknown scenario")
            << QStringList{"run", "lock-contentoin"}
            << "threadlens: no scenario \"lock-contentoin\" (bundled: producer-consumer, "
               "lock-contention, barrier-phases, semaphore-pool, gil-convoy, "
               "bounded-thread-per-task, worker-pool, readers-writers, dining-philosophers, "
               "signalling, try-lock-polling, barrier-abort, thread-pool-server, lock-order; or "
               "give a path to "
               "a .json file)\n";
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
            << "threadlens: no command \"fly\" (commands: list, run, render, check, stats, sweep, "
               "help)\n";
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
    void sweepBadInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList lc{"sweep", "lock-contention"};
        QTest::newRow("unknown parameter")
            << lc + QStringList{"--vary", "wrokers=1..4"}
            << "threadlens: sweep of \"wrokers\": lock-contention has no such parameter (can "
               "sweep: workers, iterations, think, hold, cores)\n";
        QTest::newRow("choice") << QStringList{"sweep", "readers-writers", "--vary", "policy=1..2"}
                                << "threadlens: sweep of \"policy\": the parameter is a choice; "
                                   "only whole-number and duration parameters (or cores) can be "
                                   "swept\n";
        QTest::newRow("bool") << QStringList{"sweep", "gil-convoy", "--vary", "gil=0..1"}
                              << "threadlens: sweep of \"gil\": the parameter is true or false; "
                                 "only whole-number and duration parameters (or cores) can be "
                                 "swept\n";
        QTest::newRow("below minimum") << lc + QStringList{"--vary", "workers=0..4"}
                                       << "threadlens: sweep of \"workers\": 0 is below the "
                                          "minimum 1\n";
        QTest::newRow("above maximum") << lc + QStringList{"--vary", "workers=1..65"}
                                       << "threadlens: sweep of \"workers\": 65 is above the "
                                          "maximum 64\n";
        QTest::newRow("duration above maximum")
            << lc + QStringList{"--vary", "hold=1ms..20s"}
            << "threadlens: sweep of \"hold\": 20s is above the maximum 10s\n";
        QTest::newRow("cores above maximum")
            << lc + QStringList{"--vary", "cores=1..128"}
            << "threadlens: sweep of \"cores\": 128 is above the maximum 64\n";
        QTest::newRow("from above to") << lc + QStringList{"--vary", "workers=8..2"}
                                       << "threadlens: --vary workers: FROM 8 is above TO 2\n";
        QTest::newRow("too many points")
            << lc + QStringList{"--vary", "workers=1..64", "--points", "500"}
            << "threadlens: --points: 500 is outside 1..200\n";
        QTest::newRow("no range") << lc + QStringList{"--vary", "workers"}
                                  << "threadlens: --vary \"workers\": expected NAME=FROM..TO, e.g. "
                                     "workers=1..16\n";
        QTest::newRow("not a number") << lc + QStringList{"--vary", "workers=a..4"}
                                      << "threadlens: --vary workers: \"a\" is not a whole "
                                         "number\n";
        QTest::newRow("not a duration")
            << lc + QStringList{"--vary", "hold=fast..5ms"}
            << "threadlens: --vary hold: \"fast\" is not a duration (e.g. 500us, 5ms, 1.5s)\n";
        QTest::newRow("doubling from zero")
            << lc + QStringList{"--vary", "think=0..4ms", "--doubling"}
            << "threadlens: --doubling: FROM must be above zero (--vary think=0..4ms)\n";
        QTest::newRow("set the swept parameter")
            << lc + QStringList{"--vary", "workers=1..4", "--set", "workers=3"}
            << "threadlens: --set workers: that is the parameter being swept\n";
        QTest::newRow("cores twice") << lc + QStringList{"--vary", "cores=1..4", "--cores", "2"}
                                     << "threadlens: --cores: not with --vary cores, which sets "
                                        "them per run\n";
        QTest::newRow("no vary")
            << lc
            << "threadlens: sweep: say what to vary with --vary NAME=FROM..TO, e.g. "
               "workers=1..16\n";
        QTest::newRow("no scenario")
            << QStringList{"sweep", "--vary", "workers=1..4"}
            << "threadlens: sweep: which scenario? (\"threadlens list\" shows them)\n";
        QTest::newRow("unknown option")
            << lc + QStringList{"--vary", "workers=1..4", "--engine", "real"}
            << "threadlens: sweep: unknown option \"--engine\" (see threadlens help sweep)\n";
        QTest::newRow("bad set") << lc + QStringList{"--vary", "workers=1..4", "--set", "hold=-1"}
                                 << "threadlens: parameter \"hold\": \"-1\" is not a duration "
                                    "(write e.g. 250us, 5ms, 1.5s)\n";
    }
    void sweepBadInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString csv = dir.filePath("sweep.csv");
        const Result r = threadlens(args + QStringList{"--csv", csv});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, message);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(csv));
    }

    // With no think time the lock is never free: n workers take n x 20 updates x 1 ms.
    void sweepTableAndCsv() {
        QTemporaryDir dir;
        const QString csv = dir.filePath("sweep é.csv");
        const Result r = threadlens({"sweep", "lock-contention", "--vary", "workers=1..4", "--set",
                                     "think=0", "--csv", csv});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.isEmpty());
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 8);
        QCOMPARE(lines[0], QString("lock-contention: 4 runs, seed 1, 4 cores"));
        QCOMPARE(lines[1], QString("Sweep of Workers"));
        QVERIFY2(lines[2].contains("lock acquisitions/s"), qPrintable(lines[2]));
        QVERIFY2(lines[6].trimmed().startsWith("4 ") && lines[6].contains("80 ms"),
                 qPrintable(lines[6]));
        QCOMPARE(lines[7], "  csv: " + csv);

        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 5);
        QVERIFY(rows[0].startsWith("value,label,outcome,duration_ns,events,threads,working_share"));
        for (int n = 1; n <= 4; ++n) {
            const QStringList cells = rows[n].split(',');
            QCOMPARE(cells[0], QString::number(n));
            QCOMPARE(cells[2], QString("completed"));
            QCOMPARE(cells[3], QString::number(n * 20'000'000));
            QCOMPARE(cells[5], QString::number(n));
            QCOMPARE(cells[14], QString("1000.000"));
        }
    }

    void sweepPointsChosen_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("every whole number")
            << QStringList{"--vary", "workers=3..6"} << QStringList{"3", "4", "5", "6"};
        QTest::newRow("eight when more than sixteen")
            << QStringList{"--vary", "workers=1..64"}
            << QStringList{"1", "10", "19", "28", "37", "46", "55", "64"};
        QTest::newRow("doubling") << QStringList{"--vary", "workers=1..16", "--doubling"}
                                  << QStringList{"1", "2", "4", "8", "16"};
        QTest::newRow("points") << QStringList{"--vary", "workers=2..8", "--points", "3"}
                                << QStringList{"2", "5", "8"};
        QTest::newRow("durations")
            << QStringList{"--vary", "hold=1ms..8ms", "--set", "iterations=2"}
            << QStringList{"1ms", "2ms", "3ms", "4ms", "5ms", "6ms", "7ms", "8ms"};
        QTest::newRow("durations doubling")
            << QStringList{"--vary", "hold=500us..4ms", "--doubling", "--set", "iterations=2"}
            << QStringList{"500us", "1ms", "2ms", "4ms"};
        QTest::newRow("cores") << QStringList{"--vary", "cores=1..3", "--set", "workers=8"}
                               << QStringList{"1", "2", "3"};
    }
    void sweepPointsChosen() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, labels);
        QTemporaryDir dir;
        const QString csv = dir.filePath("s.csv");
        const Result r = threadlens(QStringList{"sweep", "lock-contention", "--csv", csv} + args);
        QCOMPARE(r.code, 0);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList got;
        const QStringList rows = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        for (qsizetype i = 1; i < rows.size(); ++i)
            got << rows[i].section(',', 1, 1);
        QCOMPARE(got, labels);
    }

    void sweepIsDeterministic() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.csv"), b = dir.filePath("b.csv");
        const QStringList args{
            "sweep", "producer-consumer", "--vary", "capacity=1..32", "--doubling", "--seed", "5"};
        QCOMPARE(threadlens(args + QStringList{"--csv", a}).code, 0);
        QCOMPARE(threadlens(args + QStringList{"--csv", b}).code, 0);
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        const QByteArray first = fa.readAll();
        QCOMPARE(first.count('\n'), 7); // header + 1, 2, 4, 8, 16, 32
        QCOMPARE(first, fb.readAll());
    }

    // A run that fails at one value: the table still shows every value, then the reason, and
    // the status is 2.
    void sweepRunFails() {
        QTemporaryDir dir;
        const QString path = dir.filePath("unlocks.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"id": "unlocks", "title": "Unlocks a lock it does not hold at n = 3",
          "parameters": [ {"name": "n", "type": "int", "min": 1, "max": 4, "default": 1} ],
          "objects": [ {"mutex": "m"} ],
          "roles": [ {"name": "w", "count": "$n", "program": [
            {"work": "1ms"}, {"if": "$n == 3", "then": [ {"unlock": "m"} ]} ]} ]})");
        f.close();
        const Result r = threadlens({"sweep", path, "--vary", "n=1..4"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.out.count("completed"), 3);
        QVERIFY2(r.out.contains(QRegularExpression("\\n  3 +error ")), qPrintable(r.out));
        QCOMPARE(r.err,
                 "threadlens: " + path + " at n=3: w 1 unlocks a lock it does not hold: \"m\"\n");
    }

    void sweepCsvUnwritable() {
        const Result r = threadlens({"sweep", "lock-contention", "--vary", "workers=1..2", "--csv",
                                     "/nonexistent/dir/s.csv"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, QString("threadlens: cannot write /nonexistent/dir/s.csv: No such file or "
                                "directory\n"));
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

    void unwritableOutputLeavesNothing() {
        QTemporaryDir dir;
        const QString ro = dir.filePath("read-only");
        QVERIFY(QDir().mkdir(ro));
        QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        if (QFileInfo(ro).isWritable()) QSKIP("running as a user that can write anywhere");
        const Result r = threadlens({"run", "lock-contention", "--out", ro + "/trace.json"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.startsWith("threadlens: cannot write " + ro + "/trace.json: "));
        QCOMPARE(QDir(ro).entryList(QDir::Files).size(), 0);
    }
    void missingFolderIsAnError() {
        const Result r =
            threadlens({"run", "lock-contention", "--out", "/nonexistent-folder/trace.json"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, QString("threadlens: cannot write /nonexistent-folder/trace.json: No such "
                                "file or directory\n"));
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
        QVERIFY(
            r.out.contains("mutual exclusion  FAILED: \"m\" locked by b at 2us while held by a"));
        QVERIFY(r.out.contains("permits           ok"));
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
