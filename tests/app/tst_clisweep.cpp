// threadlens sweep: its table and CSV, the values it chooses, its messages, and Ctrl+C.
#include "clitest.h"

using namespace clitest;

class TestCliSweep : public QObject {
    Q_OBJECT
private slots:
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

    // Ctrl+C stops a sweep: the table and the CSV keep the runs that were made. Sixteen runs
    // of up to 64 workers x 20000 updates take seconds; the signal comes at the first line.
    void ctrlCStopsTheSweep() {
        QTemporaryDir dir;
        QProcess p;
        startInterruptible(p,
                           {"sweep", "lock-contention", "--vary", "workers=1..64", "--points", "16",
                            "--set", "iterations=20000", "--set", "think=0", "--csv", "sweep.csv"},
                           dir.path());
        QVERIFY(waitForLine(p, QProcess::StandardOutput));
        QCOMPARE(p.readLine(), QByteArray("lock-contention: 16 runs, seed 1, 4 cores\n"));
        QCOMPARE(::kill(pid_t(p.processId()), SIGINT), 0);
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 3);
        const QStringList out = lines(QString::fromUtf8(p.readAllStandardOutput()));
        const QStringList err = lines(QString::fromUtf8(p.readAllStandardError()));
        QCOMPARE(err.size(), 2);
        QCOMPARE(err[0], QString("threadlens: stopping the sweep (Ctrl+C again quits at once)"));
        const QRegularExpressionMatch done =
            QRegularExpression("^threadlens: the sweep did not complete: stopped after (\\d+) of "
                               "16 runs$")
                .match(err[1]);
        QVERIFY2(done.hasMatch(), qPrintable(err[1]));
        const int made = done.captured(1).toInt();
        QVERIFY(made < 16);
        QCOMPARE(out.last(), QString("  stopped after %1 of 16 runs").arg(made));
        // After the first line (read above): "Sweep of", the column titles, a row per run
        // made, the CSV, and the stop.
        QCOMPARE(out.size(), 2 + made + 2);

        QFile f(dir.filePath("sweep.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList rows = lines(QString::fromUtf8(f.readAll()));
        QCOMPARE(rows.size(), 1 + made);
        for (int i = 1; i <= made; ++i)
            QCOMPARE(rows[i].section(',', 2, 2), QString("completed"));
    }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_clisweep.moc"
