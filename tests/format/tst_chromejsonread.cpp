// Reading Chrome Trace Event JSON: a file from another tool, every refusal naming the byte
// or the event and what is wrong with it, no crash whatever the bytes, and a file too large
// refused before it is read.
#include "format/chromejson.h"
#include "model/slices.h"
#include "testutil.h"
#include "tinytrace.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

using namespace tl;
using test::kTiny;

class TestChromeJsonRead : public QObject {
    Q_OBJECT
private slots:
    // A file from another tool: no otherData, tids that are not 1..N, kinds to infer, and
    // its own events beside ours (tst_chromeforeign has the rest of them).
    void foreignFile() {
        const auto t = readChromeTrace(R"({"traceEvents":[
            {"ph":"B","name":"open","tid":3,"ts":0},
            {"name":"lock","cat":"sync","ph":"i","tid":900,"ts":1.5,"args":{"object":"L"}},
            {"ph":"X","cat":"state","name":"blocked","pid":5,"tid":42,"ts":1e0,"dur":2.0004,
             "args":{"object":"L","reason":"lock"}},
            {"ph":"i","cat":"sync","name":"put","tid":42,"ts":4,"args":{"object":"Q","item":7}},
            {"ph":"M","name":"thread_name","tid":900,"args":{"name":"main"}}
        ]})");
        QCOMPARE(t->info().source.kind, SourceKind::Chrome);
        QCOMPARE(t->threadCount(), std::size_t(3));
        QCOMPARE(t->thread(0).name, std::string("thread 3")); // tid order: 3, 42, 900
        QCOMPARE(t->thread(1).name, std::string("thread 42"));
        QCOMPARE(t->thread(1).role, std::string("thread"));
        QCOMPARE(t->thread(1).index, 42);
        QCOMPARE(t->thread(2).name, std::string("main"));
        QCOMPARE(t->thread(2).role, std::string("main"));
        // The B that never ends lasts to the end of the trace, and that is said.
        const SliceData& d = t->slices();
        QCOMPARE(d.threadTrack(0).level(0)[0].duration, Time(4000));
        QCOMPARE(t->info().source.notices.size(), std::size_t(1));
        QVERIFY(t->info().source.notices[0].starts_with("a \"B\" never ends"));
        QVERIFY(t->object(0).kind == ObjectKind::Mutex);
        QVERIFY(t->object(1).kind == ObjectKind::Queue);
        QCOMPARE(t->threadEvents(1)[0].time, Time(1000));
        QCOMPARE(t->threadEvents(1)[1].time, Time(3000)); // 2.0004 us rounds to 2000 ns
        QCOMPARE(t->objectEvents(0)[0].time, Time(1500));
        QCOMPARE(t->objectEvents(0)[0].ref, std::uint16_t(2));
        QCOMPARE(t->endTime(), Time(4000));
        QCOMPARE(t->outcome(), Outcome::Completed);
    }

    void malformed_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        // Our own file: its events are checked strictly (other tools' are in tst_chromeforeign).
        const QByteArray ev =
            R"({"otherData":{"generator":"threadlens 0.1.0"},"traceEvents":[{"ph":"X","cat":"state","name":"working","tid":1,"ts":0,"dur":1},)";
        QTest::newRow("empty") << QByteArray() << "the file is empty";
        QTest::newRow("white space") << QByteArray(" \n ") << "the file is empty";
        QTest::newRow("number") << QByteArray("42")
                                << "not a Chrome trace: the top level is a number, not an object "
                                   "or an array";
        QTest::newRow("no events") << QByteArray(R"({"otherData":{}})")
                                   << "not a Chrome trace: there is no \"traceEvents\" array";
        QTest::newRow("events not array") << QByteArray(R"({"traceEvents":{}})")
                                          << "not a Chrome trace: traceEvents is not an array";
        QTest::newRow("truncated in string")
            << QByteArray("{\"traceEvents\":[{\"ph\":\"X\",\"cat\":\"sta")
            << "malformed JSON at byte 32: a string that is never closed (is the file truncated?)";
        // Cut before its first event is complete: there is nothing to keep.
        QTest::newRow("truncated in the first event")
            << QByteArray(R"({"traceEvents":[{"ph":"X","cat":"state")")
            << "the file ends early at byte 39 (is it truncated?): 3 arrays or objects are not "
               "closed";
        QTest::newRow("unknown state")
            << ev + R"({"ph":"X","cat":"state","name":"sleepy","tid":1,"ts":1,"dur":1}]})"
            << "event 1: unknown state \"sleepy\"";
        QTest::newRow("unknown op")
            << ev + R"({"ph":"i","cat":"sync","name":"lok","tid":1,"ts":1,"args":{"object":"m"}}]})"
            << "event 1: unknown operation \"lok\"";
        QTest::newRow("unknown reason")
            << ev +
                   R"({"ph":"X","cat":"state","name":"blocked","tid":1,"ts":1,"dur":1,"args":{"reason":"boredom"}}]})"
            << "event 1: unknown reason \"boredom\"";
        QTest::newRow("op without object")
            << ev + R"({"ph":"i","cat":"sync","name":"lock","tid":1,"ts":1}]})"
            << "event 1: operation \"lock\" without args.object";
        QTest::newRow("ts text")
            << ev + R"({"ph":"X","cat":"state","name":"io","tid":1,"ts":"soon","dur":1}]})"
            << "event 1: \"ts\" is not a number of microseconds";
        QTest::newRow("no ts") << ev + R"({"ph":"X","cat":"state","name":"io","tid":1,"dur":1}]})"
                               << "event 1: no \"ts\"";
        QTest::newRow("negative dur")
            << ev + R"({"ph":"X","cat":"state","name":"io","tid":1,"ts":1,"dur":-1}]})"
            << "event 1: negative \"dur\"";
        QTest::newRow("no ph") << ev + R"({"name":"x"}]})"
                               << "event 1: no \"ph\"";
        QTest::newRow("event not object") << ev + R"(7]})"
                                          << "event 1: not an object";
        QTest::newRow("bad flag")
            << ev +
                   R"({"ph":"i","cat":"sync","name":"lock","tid":1,"ts":1,"args":{"object":"m","waited":"yes"}}]})"
            << "event 1: args.waited is not a boolean";
        QTest::newRow("bad outcome")
            << QByteArray(R"({"otherData":{"outcome":"meh"},"traceEvents":[]})")
            << "otherData.outcome: unknown outcome \"meh\"";
        QTest::newRow("bad kind")
            << QByteArray(
                   R"({"otherData":{"objects":[{"name":"x","kind":"spoon"}]},"traceEvents":[]})")
            << "otherData.objects[0]: unknown kind \"spoon\"";
        QTest::newRow("syntax") << QByteArray(R"({"traceEvents":[{"ph":"X",,}]})")
                                << "malformed JSON at byte";
        QTest::newRow("trailing") << QByteArray(R"({"traceEvents":[]} x)")
                                  << "unexpected text after the trace at byte 19";
        QTest::newRow("utf8") << QByteArray("{\"traceEvents\":[],\"x\":\"\xC3\x28\"}")
                              << "malformed JSON at byte 23: invalid UTF-8";
    }
    void malformed() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        try {
            readChromeTrace(std::string_view(json.constData(), std::size_t(json.size())));
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            QVERIFY2(QString(e.what()).startsWith(message), e.what());
        }
    }

    // A trace cut short keeps every complete event, and says where it was cut.
    void truncatedKeepsItsEvents_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("notice");
        const QByteArray ev =
            R"({"otherData":{"generator":"threadlens 0.1.0"},"traceEvents":[{"ph":"X","cat":"state","name":"working","tid":1,"ts":0,"dur":1},)";
        QTest::newRow("after a comma")
            << ev
            << "the file ends early at byte 126 (is it truncated?): read its 1 complete "
               "event, up to byte 125; what follows is incomplete";
        QTest::newRow("after an event")
            << ev.chopped(1)
            << "the file ends early at byte 125 (is it truncated?): read its 1 "
               "complete event, up to byte 125; what follows is incomplete";
        QTest::newRow("inside the next event")
            << ev + "{\"ph\":\"X\",\"cat\":\"sta"
            << "the file ends early at byte 146 (is it truncated?): read its 1 complete event, up "
               "to byte 125; what follows is incomplete";
    }
    void truncatedKeepsItsEvents() {
        QFETCH(QByteArray, json);
        QFETCH(QString, notice);
        const auto t =
            readChromeTrace(std::string_view(json.constData(), std::size_t(json.size())));
        QCOMPARE(t->info().source.kind, SourceKind::Run);
        QCOMPARE(t->threadCount(), std::size_t(1));
        QCOMPARE(t->intervalCount(0), std::size_t(1));
        QCOMPARE(t->info().source.notices.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(t->info().source.notices[0]), notice);
    }

    // Whatever the bytes, the reader returns a trace or throws TraceReadError.
    void neverCrashes() {
        const std::string good = chromeTraceString(*test::runText(kTiny));
        std::mt19937 rng(12345);
        int refused = 0;
        for (std::size_t cut = 0; cut < good.size(); cut += 7) {
            try {
                readChromeTrace(std::string_view(good).substr(0, cut));
            } catch (const TraceReadError&) {
                ++refused;
            }
        }
        for (int round = 0; round < 3000; ++round) {
            std::string bad = good;
            const int edits = 1 + int(rng() % 4);
            for (int k = 0; k < edits; ++k) {
                const std::size_t at = rng() % bad.size();
                switch (rng() % 3) {
                case 0:
                    bad[at] = "{}[],:\"\\0-.e x\x80"[rng() % 16];
                    break;
                case 1:
                    bad.erase(at, 1 + rng() % 8);
                    break;
                default:
                    bad.insert(at, 1, "{}[],:\"1"[rng() % 8]);
                }
                if (bad.empty()) bad.push_back('{');
            }
            try {
                readChromeTrace(bad);
            } catch (const TraceReadError&) {
                ++refused;
            }
        }
        QVERIFY(refused > 1000);
    }

    void loadRefusesHugeFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("huge.json").toStdString();
        { std::ofstream(path) << "{"; }
        std::filesystem::resize_file(path, std::uintmax_t(3) << 30); // sparse: no disk used
        try {
            loadChromeTrace(path);
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            QVERIFY2(QString(e.what()).contains("huge.json: the file is 3221225472 bytes; traces "
                                                "over 2 GB are refused"),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestChromeJsonRead)
#include "tst_chromejsonread.moc"
