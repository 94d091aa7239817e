// Chrome Trace Event JSON: the exact events a tiny scenario exports, validity and the fields
// of docs/trace-format.md, determinism, happening order at equal times, the exact round trip,
// the all-or-nothing save, and progress and cancelling both ways. What the reader refuses
// is in tst_chromejsonread.cpp.
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "testutil.h"
#include "tinytrace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <sys/resource.h>

using namespace tl;
using test::kTiny;

namespace {

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

// The lines of traceEvents, one event each, as written.
QStringList eventLines(const std::string& json) {
    QStringList lines = text(json).split('\n');
    QStringList events;
    for (QString l : lines) {
        if (!l.startsWith('{') || l.startsWith("{\"displayTimeUnit\"") ||
            l.startsWith("{\"name\":"))
            continue;
        if (l.endsWith(',')) l.chop(1);
        events << l;
    }
    return events;
}

std::string exportOf(const std::unique_ptr<Trace>& t) {
    return chromeTraceString(*t);
}

} // namespace

class TestChromeJson : public QObject {
    Q_OBJECT
private slots:
    void tinyScenarioExactEvents() {
        const auto trace = test::runText(kTiny);
        QCOMPARE(trace->outcome(), Outcome::Completed);
        const std::string json = exportOf(trace);
        const QStringList ev = eventLines(json);

        // Metadata first: the process, then each thread's name and sort index.
        const QStringList meta = {
            "{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"Tiny "
            "\\\"test\\\" ✓\"}}",
            R"({"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"worker 1"}})",
            R"({"ph":"M","pid":1,"tid":1,"name":"thread_sort_index","args":{"sort_index":1}})",
        };
        for (int i = 0; i < meta.size(); ++i)
            QCOMPARE(ev.value(i), meta[i]);
        const QString consumer =
            R"({"ph":"M","pid":1,"tid":4,"name":"thread_name","args":{"name":"consumer"}})";
        QCOMPARE(ev.value(7), consumer);

        // State slices, thread by thread.
        const QStringList slices = {
            R"({"ph":"X","cat":"state","name":"working","pid":1,"tid":1,"ts":0.000,"dur":1234.567})",
            R"({"ph":"X","cat":"state","name":"blocked","pid":1,"tid":2,"ts":0.000,"dur":1234.567,"args":{"object":"m","reason":"lock"}})",
            R"({"ph":"X","cat":"state","name":"working","pid":1,"tid":2,"ts":1234.567,"dur":1234.567})",
            R"({"ph":"X","cat":"state","name":"waiting","pid":1,"tid":3,"ts":0.000,"dur":1000.000,"args":{"object":"q","reason":"queue full"}})",
            R"({"ph":"X","cat":"state","name":"working","pid":1,"tid":4,"ts":0.000,"dur":1000.000})",
        };
        for (int i = 0; i < slices.size(); ++i)
            QCOMPARE(ev.value(9 + i), slices[i]);

        // Operations merged by time; each followed by its flows and its counter.
        const QStringList ops = {
            R"({"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":1,"ts":0.000,"args":{"object":"m"}})",
            R"({"ph":"C","pid":1,"name":"m","ts":0.000,"args":{"held":1}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"put","pid":1,"tid":3,"ts":0.000,"args":{"object":"q","item":1}})",
            R"({"ph":"C","pid":1,"name":"q","ts":0.000,"args":{"depth":1}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"get","pid":1,"tid":4,"ts":1000.000,"args":{"object":"q","item":1}})",
            R"({"ph":"s","cat":"flow","name":"put->get","id":1,"pid":1,"tid":3,"ts":0.000})",
            R"({"ph":"f","bp":"e","cat":"flow","name":"put->get","id":1,"pid":1,"tid":4,"ts":1000.000})",
            R"({"ph":"C","pid":1,"name":"q","ts":1000.000,"args":{"depth":0}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"put","pid":1,"tid":3,"ts":1000.000,"args":{"object":"q","item":2,"waited":true}})",
            R"({"ph":"C","pid":1,"name":"q","ts":1000.000,"args":{"depth":1}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"get","pid":1,"tid":4,"ts":1000.000,"args":{"object":"q","item":2}})",
            R"({"ph":"s","cat":"flow","name":"put->get","id":2,"pid":1,"tid":3,"ts":1000.000})",
            R"({"ph":"f","bp":"e","cat":"flow","name":"put->get","id":2,"pid":1,"tid":4,"ts":1000.000})",
            R"({"ph":"C","pid":1,"name":"q","ts":1000.000,"args":{"depth":0}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"unlock","pid":1,"tid":1,"ts":1234.567,"args":{"object":"m"}})",
            R"({"ph":"C","pid":1,"name":"m","ts":1234.567,"args":{"held":0}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":2,"ts":1234.567,"args":{"object":"m","waited":true}})",
            R"({"ph":"s","cat":"flow","name":"unlock->lock","id":3,"pid":1,"tid":1,"ts":1234.567})",
            R"({"ph":"f","bp":"e","cat":"flow","name":"unlock->lock","id":3,"pid":1,"tid":2,"ts":1234.567})",
            R"({"ph":"C","pid":1,"name":"m","ts":1234.567,"args":{"held":1}})",
            R"({"ph":"i","s":"t","cat":"sync","name":"unlock","pid":1,"tid":2,"ts":2469.134,"args":{"object":"m"}})",
            R"({"ph":"C","pid":1,"name":"m","ts":2469.134,"args":{"held":0}})",
        };
        for (int i = 0; i < ops.size(); ++i)
            QCOMPARE(ev.value(9 + int(slices.size()) + i), ops[i]);
        QCOMPARE(ev.size(), 9 + int(slices.size() + ops.size()));

        // otherData, with the parameters in declaration order and as strings.
        const std::string head =
            R"({"displayTimeUnit":"ns",)"
            "\n"
            R"("otherData":{"generator":)"
            "\"threadlens " THREADLENS_VERSION "\""
            R"(,"scenario":"tiny",)"
            R"("engine":"simulated","seed":1,"cores":4,)"
            R"("parameters":{"workers":"2","hold":"1234.567us"},"outcome":"completed",)"
            R"("message":"","endTimeNs":2469134,"objects":[)"
            "\n"
            R"({"name":"m","kind":"mutex","capacity":0},)"
            "\n"
            R"({"name":"q","kind":"queue","capacity":1}]},)"
            "\n"
            R"("traceEvents":[)";
        QCOMPARE(json.substr(0, head.size()), head);
    }

    void validJsonWithDesignFields() {
        const auto trace = test::runScenario("producer-consumer", {{"items", "40"}});
        const std::string json = exportOf(trace);
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(root["displayTimeUnit"].toString(), QString("ns"));
        const QJsonObject other = root["otherData"].toObject();
        QCOMPARE(other["generator"].toString(), QString("threadlens " THREADLENS_VERSION));
        QCOMPARE(other["scenario"].toString(), QString("producer-consumer"));
        QCOMPARE(other["engine"].toString(), QString("simulated"));
        QCOMPARE(other["seed"].toInteger(), 1);
        QCOMPARE(other["cores"].toInteger(), 4);
        QCOMPARE(other["parameters"].toObject()["items"].toString(), QString("40"));
        QCOMPARE(other["outcome"].toString(), QString("completed"));
        const QJsonArray events = root["traceEvents"].toArray();
        QHash<QString, int> phases;
        QHash<qint64, int> flowEnds;
        int threadNames = 0;
        for (const QJsonValue& v : events) {
            const QJsonObject e = v.toObject();
            const QString ph = e["ph"].toString();
            ++phases[ph];
            QCOMPARE(e["pid"].toInt(), 1);
            if (ph == "M" && e["name"] == "thread_name") ++threadNames;
            if (ph == "X") {
                QCOMPARE(e["cat"].toString(), QString("state"));
                QVERIFY(e["dur"].toDouble() > 0);
                QVERIFY(e["tid"].toInt() >= 1 && e["tid"].toInt() <= 5);
            }
            if (ph == "i") {
                QCOMPARE(e["s"].toString(), QString("t"));
                QCOMPARE(e["args"].toObject()["object"].toString(), QString("jobs"));
            }
            if (ph == "C") {
                const int depth = e["args"].toObject()["depth"].toInt(-1);
                QVERIFY(depth >= 0 && depth <= 4); // never above the capacity
            }
            if (ph == "s") ++flowEnds[e["id"].toInteger()];
            if (ph == "f") {
                QCOMPARE(e["bp"].toString(), QString("e"));
                QCOMPARE(flowEnds.value(e["id"].toInteger()), 1); // its "s" came first
                ++flowEnds[e["id"].toInteger()];
            }
        }
        QCOMPARE(threadNames, 5);
        QCOMPARE(phases.value("i"), 40 + 40 + 1); // puts, gets, one close
        QCOMPARE(phases.value("C"), 80);
        QCOMPARE(phases.value("s"), 40); // every get is linked to its put
        QCOMPARE(phases.value("f"), 40);
        for (const int n : flowEnds)
            QCOMPARE(n, 2);
    }

    void deterministic() {
        const auto a = exportOf(test::runScenario("lock-contention", {}, {.seed = 7}));
        const auto b = exportOf(test::runScenario("lock-contention", {}, {.seed = 7}));
        const auto c = exportOf(test::runScenario("lock-contention", {}, {.seed = 8}));
        QVERIFY(a == b);
        QVERIFY(a != c);
    }

    // Hand-offs happen at one instant: the file must still list each object's operations
    // in the order they happened. Compared against the recorded streams, op by op.
    void happeningOrderAtEqualTimes() {
        const auto trace = test::runScenario("lock-contention",
                                             {{"workers", "8"}, {"think", "0"}, {"hold", "10us"}});
        const std::string json = exportOf(trace);
        const QJsonArray events =
            QJsonDocument::fromJson(QByteArray::fromStdString(json))["traceEvents"].toArray();
        std::size_t at = 0;
        int equalTimes = 0;
        const EventStream& s = trace->objectEvents(0);
        for (const QJsonValue& v : events) {
            const QJsonObject e = v.toObject();
            if (e["ph"] != "i") continue;
            QVERIFY(at < s.size());
            const Event& want = s[at];
            QCOMPARE(e["name"].toString().toStdString(), std::string(opName(want.op())));
            QCOMPARE(e["tid"].toInt(), int(want.ref) + 1);
            if (at > 0 && s[at - 1].time == want.time) ++equalTimes;
            ++at;
        }
        QCOMPARE(at, s.size());
        QVERIFY(equalTimes > 100); // the test means something: unlock and lock share instants
    }

    void roundTripExact_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("tiny") << "";
        QTest::newRow("producer-consumer") << "producer-consumer";
        QTest::newRow("lock-contention") << "lock-contention";
        QTest::newRow("barrier-phases") << "barrier-phases";
        QTest::newRow("semaphore-pool") << "semaphore-pool";
        QTest::newRow("lost-update") << "lost-update";
        QTest::newRow("peterson") << "peterson";
        QTest::newRow("spin-lock") << "spin-lock";
    }
    void roundTripExact() {
        QFETCH(QString, scenario);
        const auto trace = scenario.isEmpty() ? test::runText(kTiny)
                                              : test::runScenario(scenario.toStdString(), {});
        const std::string first = exportOf(trace);
        const auto back = readChromeTrace(first);
        QVERIFY(exportOf(back) == first);
        // The model itself comes back, not only its text.
        QCOMPARE(back->threadCount(), trace->threadCount());
        QCOMPARE(back->objectCount(), trace->objectCount());
        QCOMPARE(back->endTime(), trace->endTime());
        QCOMPARE(back->info().title, trace->info().title);
        QVERIFY(back->info().parameters == trace->info().parameters);
        for (std::size_t i = 0; i < trace->threadCount(); ++i) {
            QCOMPARE(back->thread(i).name, trace->thread(i).name);
            QCOMPARE(back->thread(i).role, trace->thread(i).role);
            QCOMPARE(back->thread(i).index, trace->thread(i).index);
            const EventStream& a = trace->threadEvents(i);
            const EventStream& b = back->threadEvents(i);
            QCOMPARE(b.size(), a.size());
            for (std::size_t k = 0; k < a.size(); ++k)
                QVERIFY(a[k] == b[k]);
        }
        for (std::size_t i = 0; i < trace->objectCount(); ++i) {
            QCOMPARE(back->object(i).name, trace->object(i).name);
            QVERIFY(back->object(i).kind == trace->object(i).kind);
            QCOMPARE(back->object(i).capacity, trace->object(i).capacity);
            QCOMPARE(back->object(i).hasExpected, trace->object(i).hasExpected);
            QCOMPARE(back->object(i).expected, trace->object(i).expected);
            QCOMPARE(back->recordedFinalValue(i), trace->recordedFinalValue(i));
            const EventStream& a = trace->objectEvents(i);
            const EventStream& b = back->objectEvents(i);
            QCOMPARE(b.size(), a.size());
            for (std::size_t k = 0; k < a.size(); ++k)
                QVERIFY(a[k] == b[k]);
        }
    }

    // A variable's accesses with negative values, the update and more flags, its initial
    // and expected values and the value at the end: exported as the format says and read
    // back exactly.
    void variablesRoundTrip() {
        RunInfo info;
        info.scenarioId = "vars";
        Trace t(info);
        const int a = t.addThread({"a", "a", 1});
        ObjectInfo counter{ObjectKind::Variable, "counter", -2};
        counter.hasExpected = true;
        counter.expected = 5;
        const int v = t.addObject(counter);
        const int f = t.addObject({ObjectKind::Fences, "fences", 0});
        const int as = t.addObject({ObjectKind::Assertion, "counter > r", 0});
        t.setState(a, 0, ThreadState::Working);
        t.operation(v, 1, Op::Read, a, std::uint32_t(-2));
        t.operation(v, 2, Op::Write, a, std::uint32_t(-1), OpFlagUpdate);
        t.operation(v, 3, Op::FetchAdd, a, 3);
        t.operation(v, 4, Op::CasFailed, a, 3);
        t.operation(f, 5, Op::Fence, a);
        t.operation(as, 6, Op::AssertFailed, a, 3);
        t.operation(as, 6, Op::AssertFailed, a, std::uint32_t(-7), OpFlagMore);
        t.setState(a, 10, ThreadState::Exited);
        t.setFinalValue(std::size_t(v), 3);
        t.setEndTime(10);
        t.finish(Outcome::Completed);
        const std::string json = chromeTraceString(t);
        QVERIFY2(json.find(R"({"name":"counter","kind":"variable","initial":-2,"expected":5})") !=
                     std::string::npos,
                 json.c_str());
        QVERIFY(json.find(R"(,"variables":{"counter":3}},)") != std::string::npos);
        QVERIFY(
            json.find(
                R"("name":"write","pid":1,"tid":1,"ts":0.002,"args":{"object":"counter","value":-1,"update":true}})") !=
            std::string::npos);
        QVERIFY(json.find(R"("ph":"C","pid":1,"name":"counter","ts":0.002,"args":{"value":-1}})") !=
                std::string::npos);
        QVERIFY(json.find(R"("value":-7,"more":true)") != std::string::npos);
        const auto back = readChromeTrace(json);
        QCOMPARE(chromeTraceString(*back), json);
        QCOMPARE(back->object(std::size_t(v)).capacity, std::int64_t(-2));
        QVERIFY(back->object(std::size_t(v)).hasExpected);
        QCOMPARE(back->recordedFinalValue(std::size_t(v)), std::optional<std::int64_t>(3));
        QCOMPARE(signedValue(back->objectEvents(std::size_t(v))[1]), -1);
        // A file that names a variable the trace does not have is refused, by name.
        std::string wrong = json;
        const std::string named = R"("variables":{"counter")";
        wrong.replace(wrong.find(named), named.size(), R"("variables":{"counted")");
        try {
            readChromeTrace(wrong);
            QFAIL("read");
        } catch (const TraceReadError& e) {
            QCOMPARE(QString(e.what()),
                     QString("otherData.variables names \"counted\", which is no variable of "
                             "the trace"));
        }
        // Without the object list, the kinds come from the operations.
        Trace bare;
        bare.addThread({"a", "a", 1});
        bare.addObject({ObjectKind::Variable, "x", 0});
        bare.operation(0, 1, Op::Read, 0, 0);
        std::string foreign = chromeTraceString(bare);
        const std::string objects = R"("objects":[)";
        foreign.replace(foreign.find(objects), objects.size(), R"("ignored":[)");
        QVERIFY(readChromeTrace(foreign)->object(0).kind == ObjectKind::Variable);
    }

    // The schedule a replay followed (by tid) and the scenario's expectation of the end, in
    // otherData after the variables; read back exactly, and refused when they make no sense.
    void scheduleAndExpectationRoundTrip() {
        RunInfo info;
        info.scenarioId = "sched";
        info.schedule = {0, 1, 0};
        Trace t(info);
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        const int x = t.addObject({ObjectKind::Variable, "x", 0});
        t.operation(x, 1, Op::Write, 0, 1);
        t.setFinalValue(std::size_t(x), 1);
        t.setExpectation({"x == 2", false});
        t.setEndTime(10);
        t.finish(Outcome::Completed);
        const std::string json = chromeTraceString(t);
        QVERIFY2(json.find(R"("variables":{"x":1},"expect":{"text":"x == 2","held":false},)"
                           R"("schedule":[1,2,1]},)") != std::string::npos,
                 json.c_str());
        const auto back = readChromeTrace(json);
        QCOMPARE(back->info().schedule, info.schedule);
        QVERIFY(back->expectation() == t.expectation());
        QCOMPARE(chromeTraceString(*back), json);
        auto refused = [&](const std::string& from, const std::string& to) {
            std::string wrong = json;
            wrong.replace(wrong.find(from), from.size(), to);
            try {
                readChromeTrace(wrong);
            } catch (const TraceReadError& e) {
                return QString(e.what());
            }
            return QString();
        };
        QCOMPARE(refused("[1,2,1]", "[1,3]"),
                 QString("otherData.schedule names tid 3, which is no thread of the trace"));
        QCOMPARE(refused("[1,2,1]", "[1,0]"),
                 QString("otherData.schedule[1] is not a tid (1..4096)"));
        QCOMPARE(refused(R"(,"held":false)", ""),
                 QString("otherData.expect needs \"text\" and \"held\""));
        QCOMPARE(refused(R"("held":false)", R"("held":0)"),
                 QString("otherData.expect.held is not true or false"));
    }

    // Every operation kind, flag and flow, through a hand-built trace: a thread that never
    // ended (deadlock), and names that need escaping or are not valid UTF-8.
    void handBuiltTraceRoundTrip() {
        Trace t([] {
            RunInfo i;
            i.scenarioId = "hand";
            i.title = "line\nbreak";
            i.parameters = {{"b", "2"}, {"a", "x\"y"}};
            return i;
        }());
        const int a = t.addThread({"main 1", "main", 1});
        const int b = t.addThread({"odd \xff name 2", "odd \xff name", 2});
        const int sem = t.addObject({ObjectKind::Semaphore, "sem", 1});
        const int bar = t.addObject({ObjectKind::Barrier, "bar", 2});
        const int cv = t.addObject({ObjectKind::Condition, "cv", 0});
        const int ev = t.addObject({ObjectKind::Event, "ev", 0});
        const int th = t.addObject({ObjectKind::Threads, "threads", 0});
        t.addObject({ObjectKind::Mutex, "unused", 0});
        t.setState(a, 0, ThreadState::Working);
        t.setState(b, 0, ThreadState::Waiting, sem, Reason::NoPermits);
        t.setState(a, 10, ThreadState::Waiting, bar, Reason::Barrier);
        t.setState(b, 20, ThreadState::Running);
        t.setState(a, 30, ThreadState::Exited);
        t.operation(th, 0, Op::Spawn, a, std::uint32_t(b));
        t.operation(sem, 5, Op::Release, a, 1);
        t.operation(sem, 5, Op::Acquire, b, 0, OpFlagWaited);
        t.operation(bar, 10, Op::Arrive, a, 0);
        t.operation(bar, 20, Op::Arrive, b, 0);
        t.operation(bar, 20, Op::Pass, a, 0, OpFlagWaited);
        t.operation(bar, 20, Op::Pass, b, 0);
        t.operation(bar, 25, Op::Abort, b, 1);
        t.operation(bar, 25, Op::Pass, a, 1, OpFlagWaited | OpFlagBroken);
        t.operation(cv, 26, Op::Wait, a);
        t.operation(cv, 27, Op::NotifyAll, b, 1);
        t.operation(cv, 27, Op::Wake, a);
        t.operation(ev, 28, Op::Set, b);
        t.operation(ev, 28, Op::Wake, a);
        t.operation(ev, 29, Op::Clear, b, 0, 64);
        t.operation(th, 30, Op::Join, b, std::uint32_t(a), OpFlagWaited);
        t.setEndTime(40);
        t.finish(Outcome::Deadlock, "stuck");
        const std::string json = chromeTraceString(t);
        QVERIFY(QJsonDocument::fromJson(QByteArray::fromStdString(json)).isObject());
        for (
            const char* line : {
                R"({"ph":"X","cat":"state","name":"running","pid":1,"tid":2,"ts":0.020,"dur":0.020,"args":{"unfinished":true}})",
                R"({"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"odd � name 2"}})",
                R"({"ph":"M","pid":1,"name":"process_name","args":{"name":"line\nbreak"}})",
                R"({"ph":"i","s":"t","cat":"sync","name":"spawn","pid":1,"tid":1,"ts":0.000,"args":{"object":"threads","value":2,"thread":"odd � name 2"}})",
                R"({"ph":"s","cat":"flow","name":"release->acquire","id":1,"pid":1,"tid":1,"ts":0.005})",
                R"({"ph":"C","pid":1,"name":"sem","ts":0.005,"args":{"available":0}})",
                R"({"ph":"s","cat":"flow","name":"arrive->pass","id":2,"pid":1,"tid":2,"ts":0.020})",
                R"({"ph":"C","pid":1,"name":"bar","ts":0.020,"args":{"waiting":0}})",
                R"({"ph":"i","s":"t","cat":"sync","name":"pass","pid":1,"tid":1,"ts":0.025,"args":{"object":"bar","value":1,"waited":true,"broken":true}})",
                R"({"ph":"s","cat":"flow","name":"abort->pass","id":3,"pid":1,"tid":2,"ts":0.025})",
                R"({"ph":"s","cat":"flow","name":"notify->wake","id":4,"pid":1,"tid":2,"ts":0.027})",
                R"({"ph":"s","cat":"flow","name":"set->wake","id":5,"pid":1,"tid":2,"ts":0.028})",
                R"({"ph":"i","s":"t","cat":"sync","name":"clear","pid":1,"tid":2,"ts":0.029,"args":{"object":"ev","flags":64}})",
                R"({"ph":"i","s":"t","cat":"sync","name":"join","pid":1,"tid":2,"ts":0.030,"args":{"object":"threads","value":1,"thread":"main 1","waited":true}})",
            })
            QVERIFY2(json.find(line) != std::string::npos, line);
        QVERIFY(json.find(R"("objects":[)"
                          "\n"
                          R"({"name":"sem","kind":"semaphore","capacity":1},)") !=
                std::string::npos);

        const auto back = readChromeTrace(json);
        QVERIFY(chromeTraceString(*back) == json);
        QCOMPARE(back->outcome(), Outcome::Deadlock);
        QCOMPARE(back->message(), std::string("stuck"));
        QCOMPARE(back->threadEvents(1).back().state(), ThreadState::Running); // did not exit
        QCOMPARE(back->threadEvents(0).back().state(), ThreadState::Exited);
        QCOMPARE(back->thread(1).role, std::string("odd \xEF\xBF\xBD name"));
        QCOMPARE(back->thread(1).index, 2);
        QCOMPARE(back->objectEvents(std::size_t(th))[1].value, std::uint32_t(a));
    }

    void saveAndLoad() {
        QTemporaryDir dir;
        const auto trace = test::runText(kTiny);
        const std::string path = dir.filePath("t.json").toStdString();
        saveChromeTrace(*trace, path);
        QVERIFY(readFile(path) == exportOf(trace));
        QVERIFY(exportOf(loadChromeTrace(path)) == exportOf(trace));
        try {
            loadChromeTrace(dir.filePath("missing.json").toStdString());
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY(QString(e.what()).contains("missing.json"));
        }
    }

    void saveFailsWhole() {
        QTemporaryDir dir;
        const auto trace = test::runScenario("producer-consumer", {{"items", "2000"}});
        // A folder that does not exist.
        const std::string missing = dir.filePath("no/such/dir/t.json").toStdString();
        try {
            saveChromeTrace(*trace, missing);
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(missing)), e.what());
        }
        // A disk that fills up half-way (a file size limit stands in for it): no file, not
        // even the temporary one.
        const std::string path = dir.filePath("t.json").toStdString();
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit small = old;
        small.rlim_cur = 64 * 1024;
        setrlimit(RLIMIT_FSIZE, &small);
        bool threw = false;
        try {
            saveChromeTrace(*trace, path);
        } catch (const FileError& e) {
            threw = QString(e.what()).contains(QString::fromStdString(path));
        }
        setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(threw);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    // Saving and opening say how far they have got, and stop when told, leaving the old file
    // (or none) and nothing else behind.
    void progressAndCancel() {
        QTemporaryDir dir;
        const auto trace = test::runScenario("producer-consumer", {{"items", "100000"}});
        QVERIFY(trace->eventCount() > 4 * 65536); // several steps
        const std::string path = dir.filePath("t.json").toStdString();

        for (const bool save : {true, false}) {
            std::vector<double> seen;
            Progress progress;
            progress.report = [&seen](double f) { seen.push_back(f); };
            if (save)
                saveChromeTrace(*trace, path, &progress);
            else
                QVERIFY(exportOf(loadChromeTrace(path, &progress)) == exportOf(trace));
            QVERIFY2(seen.size() >= 3, save ? "save" : "load");
            QVERIFY(std::is_sorted(seen.begin(), seen.end()));
            QVERIFY(seen.front() >= 0 && seen.back() <= 1 && seen.back() > 0.5);
        }
        const std::string saved = readFile(path);

        for (const bool save : {true, false}) {
            std::atomic<bool> cancel{false};
            int reports = 0;
            Progress progress;
            progress.cancel = &cancel;
            // Told to stop at the second report, half-way through the work.
            progress.report = [&](double) {
                if (++reports == 2) cancel = true;
            };
            const std::string target = save ? path : dir.filePath("none.json").toStdString();
            bool cancelled = false;
            try {
                if (save)
                    saveChromeTrace(*trace, target, &progress);
                else
                    loadChromeTrace(path, &progress);
            } catch (const Cancelled&) {
                cancelled = true;
            }
            QVERIFY(cancelled);
            QCOMPARE(reports, 2);
            QVERIFY(readFile(path) == saved); // the old file is untouched
            QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"t.json"});
        }
    }
};

QTEST_GUILESS_MAIN(TestChromeJson)
#include "tst_chromejson.moc"
