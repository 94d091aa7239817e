// Chrome traces of other tools: the Node.js worker-threads fixture recorded on a real machine
// (tests/data/node-workers.json and its JSON Array Format twin), with the exact slices per
// thread, nesting depth, instants and async spans of tests/data/node-workers.truth.json; and
// hand-made files for every phase node does not write and every malformation (unmatched
// B/E, E before B, negative dur, duplicate tids across processes, huge timestamps,
// truncation), each with the message that names its place and what was kept.
#include "analysis/slicestats.h"
#include "format/chromejson.h"
#include "format/convert.h"
#include "model/slices.h"

#include <QtTest>

#include <fstream>
#include <map>
#include <sstream>

using namespace tl;

namespace {

std::string fixture(const char* name) {
    std::ifstream in(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> notices(const Trace& t) {
    return t.info().source.notices;
}

// "event 2 at byte 57" for the event that starts with `start` in json.
std::string at(const std::string& json, std::size_t index, const std::string& start) {
    return "event " + std::to_string(index) + " at byte " + std::to_string(json.find(start));
}

int threadByTid(const Trace& t, std::int64_t tid, std::int64_t pid = -1) {
    const SliceData& d = t.slices();
    for (std::size_t i = 0; i < d.threads.size(); ++i)
        if (d.threads[i].tid == tid && (pid < 0 || d.processOf(i)->pid == pid)) return int(i);
    return -1;
}

// The slices of a thread as "name@start+duration/depth", in level order.
QStringList slicesOf(const Trace& t, int thread) {
    QStringList out;
    const SliceData& d = t.slices();
    const SliceTrack tr = d.threadTrack(std::size_t(thread));
    for (std::size_t depth = 0; depth < tr.depth(); ++depth)
        for (const Slice& s : tr.level(depth))
            out << QString("%1@%2+%3/%4")
                       .arg(QString::fromUtf8(d.name(s.label).data(), int(d.name(s.label).size())))
                       .arg(s.start)
                       .arg(s.duration)
                       .arg(depth);
    return out;
}

struct NodeThread {
    std::int64_t tid;
    const char* name;
    std::size_t slices, depth, instants;
    int asyncBegun;
};
// node-workers.truth.json: slices = X + matched B/E pairs; depth = nesting levels.
const NodeThread kNode[] = {
    {24607, "JavaScriptMainThread", 73, 2, 6, 90},
    {24609, "WorkerThreadsTaskRunner::DelayedTaskScheduler", 0, 0, 0, 0},
    {24610, "PlatformWorkerThread", 0, 0, 0, 0},
    {24611, "PlatformWorkerThread", 0, 0, 0, 0},
    {24612, "PlatformWorkerThread", 0, 0, 0, 0},
    {24613, "PlatformWorkerThread", 0, 0, 0, 0},
    {24615, "[worker 1] worker-0", 34, 2, 6, 19},
    {24616, "[worker 2] worker-1", 34, 2, 6, 19},
    {24617, "[worker 3] worker-2", 34, 2, 6, 19},
};

} // namespace

class TestChromeForeign : public QObject {
    Q_OBJECT
private slots:
    void nodeFixture_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("object form") << "node-workers.json";
        QTest::newRow("array form") << "node-workers-array.json";
    }
    void nodeFixture() {
        QFETCH(QString, file);
        const auto t = readChromeTrace(fixture(qPrintable(file)));
        QCOMPARE(t->info().source.kind, SourceKind::Chrome);
        QCOMPARE(t->info().engine, std::string()); // never an invented engine, seed or cores
        QCOMPARE(t->info().seed, std::uint64_t(0));
        QCOMPARE(t->info().cores, 0);
        QCOMPARE(notices(*t), std::vector<std::string>{});
        QCOMPARE(t->info().source.origin, Time(2275545929) * 1000);
        QCOMPARE(t->endTime(), Time(2275879648 - 2275545929) * 1000);
        const SliceData& d = t->slices();
        QCOMPARE(d.processes.size(), std::size_t(1));
        QCOMPARE(d.processes[0].pid, std::int64_t(24607));
        QCOMPARE(d.processes[0].name, std::string("node"));
        QCOMPARE(t->threadCount(), std::size_t(9));
        std::map<int, int> begun; // async spans by the thread that began them
        for (std::size_t k = 0; k < d.async.size(); ++k)
            for (std::size_t depth = 0; depth < d.asyncTrack(k).depth(); ++depth)
                for (std::size_t i = 0; i < d.asyncTrack(k).level(depth).size(); ++i)
                    ++begun[d.asyncThread(k, depth, i)];
        std::size_t slices = 0, instants = 0;
        for (std::size_t i = 0; i < std::size(kNode); ++i) {
            const NodeThread& n = kNode[i];
            QCOMPARE(d.threads[i].tid, n.tid); // by tid within the process
            QCOMPARE(t->thread(i).name, std::string(n.name));
            const SliceTrack tr = d.threadTrack(i);
            QCOMPARE(tr.sliceCount(), n.slices);
            QCOMPARE(tr.depth(), n.depth);
            QCOMPARE(tr.instants().size(), n.instants);
            QCOMPARE(begun[int(i)], n.asyncBegun);
            slices += tr.sliceCount();
            instants += tr.instants().size();
        }
        QCOMPARE(slices, std::size_t(175));
        QCOMPARE(instants, std::size_t(24));
        // Async spans: 147, all matched, on a lane per (category, id): 44.
        QCOMPARE(d.async.size(), std::size_t(44));
        std::map<std::string, int> byName;
        std::size_t spans = 0;
        for (std::size_t k = 0; k < d.async.size(); ++k)
            for (std::size_t depth = 0; depth < d.asyncTrack(k).depth(); ++depth)
                for (const Slice& s : d.asyncTrack(k).level(depth)) {
                    ++byName[std::string(d.name(s.label))];
                    ++spans;
                }
        QCOMPARE(spans, std::size_t(147));
        const std::map<std::string, int> want = {
            {"MESSAGEPORT_CALLBACK", 51}, {"TickObject_CALLBACK", 24}, {"TickObject", 24},
            {"MESSAGEPORT", 24},          {"Timeout_CALLBACK", 7},     {"Timeout", 7},
            {"Environment", 4},           {"WORKER_CALLBACK", 3},      {"WORKER", 3}};
        QCOMPARE(byName, want);
        // The slice statistics name what the main thread did most often.
        const SliceStatistics st = computeSliceStatistics(*t);
        QCOMPARE(st.slices, std::size_t(175 + 147));
        bool found = false;
        for (const SliceStat& s : st.byTrack)
            if (s.track == 0 && d.strings[s.name] == "RunAndClearNativeImmediates") {
                QCOMPARE(s.count, std::size_t(35));
                found = true;
            }
        QVERIFY(found);
    }

    // Both forms are one trace; written out, it reads back as itself, byte for byte.
    void formsAgreeAndConversionIsStable() {
        const std::string fromObject =
            chromeTraceString(*readChromeTrace(fixture("node-workers.json")));
        const std::string fromArray =
            chromeTraceString(*readChromeTrace(fixture("node-workers-array.json")));
        QVERIFY(fromObject == fromArray);
        QVERIFY(fromObject.starts_with("{\"otherData\":{\"generator\":\"threadlens 0.1.0\","
                                       "\"source\":\"chrome\",\"file\":\"\",\"originNs\":"
                                       "2275545929000,"));
        QVERIFY(chromeTraceString(*readChromeTrace(fromObject)) == fromObject);
        const std::string perf = chromeTraceString(*readTrace(fixture("mutex4.perf.txt")));
        QVERIFY(chromeTraceString(*readChromeTrace(perf)) == perf);
    }

    void unmatchedBegin() {
        const std::string json = R"([{"ph":"B","name":"open","pid":1,"tid":1,"ts":0},
{"ph":"X","name":"x","pid":1,"tid":1,"ts":1,"dur":4}])";
        const auto t = readChromeTrace(json);
        QCOMPARE(slicesOf(*t, 0), QStringList({"open@0+5000/0", "x@1000+4000/1"}));
        QCOMPARE(notices(*t),
                 std::vector<std::string>{"a \"B\" never ends (" + at(json, 0, "{\"ph\":\"B\"") +
                                          ": \"open\" on thread 1; shown up to the "
                                          "end of the trace)"});
    }

    void endBeforeBegin() {
        const std::string json = R"([{"ph":"E","name":"a","pid":1,"tid":1,"ts":1},
{"ph":"B","name":"a","pid":1,"tid":1,"ts":2,"args":{"k":1}},
{"ph":"E","pid":1,"tid":1,"ts":3},
{"ph":"B","name":"b","pid":1,"tid":1,"ts":4},
{"ph":"E","name":"c","pid":1,"tid":1,"ts":5}])";
        const auto t = readChromeTrace(json);
        // Time 0 is the first event kept (the E skipped at 1 us is not one).
        QCOMPARE(slicesOf(*t, 0), QStringList({"a@0+1000/0", "b@2000+1000/0"}));
        const Slice& a = t->slices().threadTrack(0).level(0)[0];
        QCOMPARE(t->slices().text(a.args), std::string_view(R"({"k":1})"));
        QCOMPARE(notices(*t),
                 (std::vector<std::string>{
                     "an \"E\" with no \"B\" open on its thread was skipped (" +
                         at(json, 0, "{\"ph\":\"E\"") + ": \"a\" on thread 1)",
                     "an \"E\" ends a \"B\" of another name (" +
                         at(json, 4, "{\"ph\":\"E\",\"name\":\"c\"") + ": \"c\" ends \"b\")"}));
    }

    void negativeAndMissingDuration() {
        const std::string json = R"({"traceEvents":[
{"ph":"X","name":"neg","pid":1,"tid":1,"ts":10,"dur":-5},
{"ph":"X","name":"none","pid":1,"tid":1,"ts":20},
{"ph":"X","name":"ok","pid":1,"tid":1,"ts":30,"dur":1.5}]})";
        const auto t = readChromeTrace(json);
        QCOMPARE(slicesOf(*t, 0), QStringList({"neg@0+0/0", "none@10000+0/0", "ok@20000+1500/0"}));
        QCOMPARE(notices(*t),
                 (std::vector<std::string>{"an \"X\" without \"dur\" is shown with no length (" +
                                               at(json, 1, "{\"ph\":\"X\",\"name\":\"none\"") +
                                               ": \"none\")",
                                           "a slice with a negative length is shown with none (" +
                                               at(json, 0, "{\"ph\":\"X\",\"name\":\"neg\"") +
                                               ": \"neg\" has dur -5.000 us)"}));
    }

    // The thread key is (pid, tid): one tid in two processes is two threads, and the
    // processes come in their sort order.
    void duplicateTidsAcrossProcesses() {
        const std::string json = R"([
{"ph":"M","name":"process_name","pid":1,"args":{"name":"first"}},
{"ph":"M","name":"process_name","pid":2,"args":{"name":"second"}},
{"ph":"M","name":"process_sort_index","pid":2,"args":{"sort_index":-1}},
{"ph":"M","name":"thread_name","pid":1,"tid":7,"args":{"name":"one"}},
{"ph":"M","name":"thread_name","pid":2,"tid":7,"args":{"name":"two"}},
{"ph":"X","name":"a","pid":1,"tid":7,"ts":0,"dur":1},
{"ph":"X","name":"b","pid":2,"tid":7,"ts":0,"dur":2}])";
        const auto t = readChromeTrace(json);
        const SliceData& d = t->slices();
        QCOMPARE(t->threadCount(), std::size_t(2));
        QCOMPARE(d.processes.size(), std::size_t(2));
        QCOMPARE(d.processes[0].name, std::string("second"));
        QCOMPARE(d.processes[1].name, std::string("first"));
        QCOMPARE(t->thread(0).name, std::string("two"));
        QCOMPARE(t->thread(1).name, std::string("one"));
        QCOMPARE(slicesOf(*t, 0), QStringList{"b@0+2000/0"});
        QCOMPARE(slicesOf(*t, 1), QStringList{"a@0+1000/0"});
        QVERIFY(notices(*t).empty());
    }

    // Timestamps from 1970 (1.7e15 us) keep their nanoseconds; past 9.2e15 us a time no longer
    // fits and the event is said and skipped.
    void hugeTimestamps() {
        const std::string json = R"([
{"ph":"X","name":"a","pid":1,"tid":1,"ts":1700000000000000.5,"dur":2.25},
{"ph":"i","name":"late","pid":1,"tid":1,"ts":9300000000000000}])";
        const auto t = readChromeTrace(json);
        QCOMPARE(t->info().source.origin, Time(1'700'000'000'000'000'500));
        QCOMPARE(slicesOf(*t, 0), QStringList{"a@0+2250/0"});
        QCOMPARE(notices(*t),
                 std::vector<std::string>{
                     "an event's time is not a number of microseconds (" +
                     at(json, 1, "{\"ph\":\"i\"") +
                     ": \"ts\" is not a number of microseconds within 9.2e15; skipped)"});
        // Written back with the same nanoseconds.
        QVERIFY(chromeTraceString(*t).find("\"ts\":1700000000000000.500,\"dur\":2.250") !=
                std::string::npos);
    }

    void truncated_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<int>("slices");
        QTest::addColumn<QString>("notice");
        const QString ev = R"({"ph":"X","name":"x","pid":1,"tid":1,"ts":0,"dur":1})";
        const QString two = ev + ",\n" + ev;
        QTest::newRow("array, cut after a comma")
            << "[" + two + "," << 2
            << "the file ends early at byte 108 (is it truncated?): read its 2 complete events, "
               "up to byte 107; what follows is incomplete";
        QTest::newRow("array, no closing bracket")
            << "[" + two << 2
            << "the file ends early at byte 107 (is it truncated?): read its 2 complete events, "
               "up to byte 107; what follows is incomplete";
        QTest::newRow("object, cut inside an event")
            << "{\"traceEvents\":[" + two + ",\n{\"ph\":\"X\",\"na" << 2
            << "the file ends early at byte 137 (is it truncated?): read its 2 complete events, "
               "up to byte 122; what follows is incomplete";
    }
    void truncated() {
        QFETCH(QString, json);
        QFETCH(int, slices);
        QFETCH(QString, notice);
        const auto t = readChromeTrace(json.toStdString());
        QCOMPARE(int(t->slices().sliceCount()), slices);
        QCOMPARE(notices(*t).size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(notices(*t)[0]), notice);
    }

    // Phases it does not read are counted and said once; so are events without "ph" and
    // events that are not objects; {} (a common terminator) is skipped in silence.
    void unknownPhasesSaidOnce() {
        const std::string json = R"([{"ph":"O","name":"obj","pid":1,"tid":1,"ts":1,"id":"0x1"},
{"ph":"P","pid":1,"tid":1,"ts":2},
{"ph":"O","name":"obj","pid":1,"tid":1,"ts":3,"id":"0x1"},
{"name":"no phase","ts":4},
7,
{}])";
        const auto t = readChromeTrace(json);
        QCOMPARE(
            notices(*t),
            (std::vector<std::string>{
                "skipped 3 events of phases it does not read: \"O\" x2, \"P\" "
                "x1 (the first: " +
                    at(json, 0, "{\"ph\":\"O\"") + ")",
                "skipped an event without \"ph\" (" + at(json, 3, "{\"name\":\"no phase\"") + ")",
                "skipped an event that is not an object (" + at(json, 4, "7,") + ")"}));
    }

    // i, I and R instants of a thread, a process and the whole trace; counters with series
    // and ids; s/t/f flows; async spans with local ids; displayTimeUnit; names as pid/tid.
    void phasesNodeDoesNotWrite() {
        const std::string json = R"({"displayTimeUnit":"ns","traceEvents":[
{"ph":"i","name":"t","pid":1,"tid":1,"ts":1},
{"ph":"I","name":"p","pid":1,"tid":1,"ts":2,"s":"p"},
{"ph":"R","name":"g","pid":1,"tid":1,"ts":3,"s":"g"},
{"ph":"C","name":"heap","pid":1,"ts":4,"id":7,"args":{"used":5,"total":"9.5"}},
{"ph":"C","name":"heap","pid":1,"ts":6,"id":7,"args":{"used":6}},
{"ph":"C","name":"empty","pid":1,"ts":6,"args":{"x":"y"}},
{"ph":"X","name":"w","pid":1,"tid":1,"ts":0,"dur":10},
{"ph":"X","name":"w","pid":1,"tid":2,"ts":0,"dur":10},
{"ph":"s","cat":"c","name":"hop","id":"0x1","pid":1,"tid":1,"ts":5,"args":{"why":"first"}},
{"ph":"t","cat":"c","name":"hop","id":"0x1","pid":1,"tid":2,"ts":6},
{"ph":"f","cat":"c","name":"hop","id":"0x1","bp":"e","pid":1,"tid":1,"ts":7},
{"ph":"f","cat":"c","name":"lost","id":2,"pid":1,"tid":1,"ts":7},
{"ph":"b","cat":"a","name":"req","id2":{"local":"0x5"},"pid":1,"tid":1,"ts":1},
{"ph":"b","cat":"a","name":"inner","id2":{"local":"0x5"},"pid":1,"tid":1,"ts":2},
{"ph":"n","cat":"a","name":"mark","id2":{"local":"0x5"},"pid":1,"tid":1,"ts":2.5},
{"ph":"e","cat":"a","name":"inner","id2":{"local":"0x5"},"pid":1,"tid":1,"ts":3},
{"ph":"e","cat":"a","name":"req","id2":{"local":"0x5"},"pid":1,"tid":1,"ts":4},
{"ph":"X","name":"named","pid":"browser","tid":"ui","ts":1,"dur":1}]})";
        const auto t = readChromeTrace(json);
        const SliceData& d = t->slices();
        QCOMPARE(t->info().source.displayUnit, std::string("ns"));
        QCOMPARE(d.threadTrack(0).instants().size(), std::size_t(1));
        QCOMPARE(d.processes[0].instants.size(), std::size_t(1));
        QCOMPARE(d.globalInstants.size(), std::size_t(1));
        QCOMPARE(d.globalInstants[0].time, Time(3000));
        QCOMPARE(d.counters.size(), std::size_t(2));
        QCOMPARE(d.counters[0].name, std::string("heap id: 7"));
        QCOMPARE(d.counters[0].series, std::string("total"));
        QCOMPARE(d.counters[0].points.size(), std::size_t(1));
        QCOMPARE(d.counters[0].points[0].value, 9.5);
        QCOMPARE(d.counters[1].series, std::string("used"));
        QCOMPARE(d.counters[1].points.size(), std::size_t(2));
        QCOMPARE(d.counters[1].points[1].value, 6.0);
        // s -> t -> f: two arrows, the second from thread 2 back to thread 1.
        QCOMPARE(d.flows.size(), std::size_t(2));
        QCOMPARE(d.flows[0].toThread, 0); // flows are sorted by the thread they end on
        QCOMPARE(d.flows[0].fromThread, 1);
        QCOMPARE(d.flows[1].fromThread, 0);
        QCOMPARE(d.flows[1].toThread, 1);
        QCOMPARE(d.text(d.flows[1].args), std::string_view(R"({"why":"first"})"));
        QCOMPARE(d.async.size(), std::size_t(1));
        QCOMPARE(d.asyncName(0), std::string_view("req"));
        QCOMPARE(d.asyncTrack(0).depth(), std::size_t(2));
        QCOMPARE(d.asyncTrack(0).instants().size(), std::size_t(1));
        // A pid or tid given as a string names the process or thread.
        const int ui = threadByTid(*t, 0x40000001);
        QVERIFY(ui >= 0);
        QCOMPARE(t->thread(std::size_t(ui)).name, std::string("ui"));
        QCOMPARE(d.processOf(std::size_t(ui))->name, std::string("browser"));
        QCOMPARE(notices(*t),
                 (std::vector<std::string>{
                     "a flow step or end with no start was skipped (" +
                         at(json, 11, "{\"ph\":\"f\",\"cat\":\"c\",\"name\":\"lost\"") +
                         ": \"lost\" id 2)",
                     "a counter without numbers in its args was skipped (" +
                         at(json, 5, "{\"ph\":\"C\",\"name\":\"empty\"") + ": \"empty\")"}));
        // Written out and read back, it is the same trace.
        const std::string out = chromeTraceString(*t);
        QVERIFY(out.starts_with("{\"displayTimeUnit\":\"ns\",\n\"otherData\":"));
        QVERIFY(chromeTraceString(*readChromeTrace(out)) == out);
    }

    // Two threads whose async ids collide (node counts them per thread): each end pairs with
    // its own thread's begin.
    void asyncIdsCollideAcrossThreads() {
        const std::string json = R"([
{"ph":"b","cat":"n","name":"tick","id":"0x2","pid":1,"tid":1,"ts":0},
{"ph":"b","cat":"n","name":"tick","id":"0x2","pid":1,"tid":2,"ts":1},
{"ph":"e","cat":"n","name":"tick","id":"0x2","pid":1,"tid":1,"ts":5},
{"ph":"e","cat":"n","name":"tick","id":"0x2","pid":1,"tid":2,"ts":2}])";
        const auto t = readChromeTrace(json);
        const SliceData& d = t->slices();
        QCOMPARE(d.async.size(), std::size_t(1));
        const SliceTrack a = d.asyncTrack(0);
        QCOMPARE(a.depth(), std::size_t(2));
        QCOMPARE(a.level(0)[0].duration, Time(5000)); // tid 1: 0 .. 5
        QCOMPARE(d.asyncThread(0, 0, 0), 0);
        QCOMPARE(a.level(1)[0].duration, Time(1000)); // tid 2: 1 .. 2
        QCOMPARE(d.asyncThread(0, 1, 0), 1);
    }

    // Async events in no order in the file are paired in time order: 600 spans of one
    // identity, one after the other, their b and e shuffled through the file, each e ending
    // the span its time falls in. Times span from 1 us to a day, so that the sort by time
    // works on every digit of them.
    void asyncPairedInTimeOrderWhateverTheFileOrder() {
        std::vector<std::string> events;
        std::vector<Time> starts;
        Time ts = 1;
        for (int k = 0; k < 600; ++k) {
            starts.push_back(ts * 1000);
            events.push_back(R"({"ph":"b","cat":"n","name":"s","id":1,"pid":1,"tid":1,"ts":)" +
                             std::to_string(ts) + "}");
            events.push_back(R"({"ph":"e","cat":"n","name":"s","id":1,"pid":1,"tid":1,"ts":)" +
                             std::to_string(ts + 1) + "}");
            ts += 2 + (k % 7 == 0 ? Time(144'000'000) : Time(k % 13)); // up to about a day
        }
        std::uint64_t x = 7;
        for (std::size_t i = events.size() - 1; i > 0; --i) { // a fixed shuffle
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            std::swap(events[i], events[std::size_t(x >> 33) % (i + 1)]);
        }
        std::string json = "[";
        for (const std::string& e : events)
            json += e + ",\n";
        json.resize(json.size() - 2);
        json += "]";
        const auto t = readChromeTrace(json);
        const SliceData& d = t->slices();
        QCOMPARE(d.async.size(), std::size_t(1));
        const SliceTrack a = d.asyncTrack(0);
        QCOMPARE(a.depth(), std::size_t(1));
        QCOMPARE(a.level(0).size(), starts.size());
        for (std::size_t k = 0; k < starts.size(); ++k) {
            QCOMPARE(a.level(0)[k].start, starts[k] - starts[0]);
            QCOMPARE(a.level(0)[k].duration, Time(1000));
        }
        QVERIFY(notices(*t).empty());
    }

    // Pids and tids in every form a number may take: whole (negative, 0, 18 and 19 digits,
    // space before the comma), with a fraction or an exponent (truncated, as Perfetto does),
    // or a string (a name with a number of its own).
    void idsInEveryForm() {
        const std::string json = R"([
{"ph":"X","name":"a","pid":1,"tid":-3,"ts":0,"dur":1},
{"ph":"X","name":"b","pid":1,"tid":7.9,"ts":0,"dur":1},
{"ph":"X","name":"c","pid":1,"tid":1e2,"ts":0,"dur":1},
{"ph":"X","name":"d","pid":1,"tid":0,"ts":0,"dur":1},
{"ph":"X","name":"e","pid":1,"tid":123456789012345678,"ts":0,"dur":1},
{"ph":"X","name":"f","pid":1,"tid":1234567890123456789,"ts":0,"dur":1},
{"ph":"X","name":"g","pid":1,"tid":-42 ,"ts":0,"dur":1},
{"ph":"X","name":"h","pid":2.0,"tid":5,"ts":0,"dur":1},
{"ph":"X","name":"i","pid":1,"tid":"worker","ts":0,"dur":1}])";
        const auto t = readChromeTrace(json);
        const std::pair<std::int64_t, const char*> expected[] = {{-3, "a"},
                                                                 {7, "b"},
                                                                 {100, "c"},
                                                                 {0, "d"},
                                                                 {123456789012345678, "e"},
                                                                 {1234567890123456789, "f"},
                                                                 {-42, "g"}};
        for (const auto& [tid, name] : expected) {
            const int thread = threadByTid(*t, tid, 1);
            QVERIFY2(thread >= 0, name);
            QCOMPARE(slicesOf(*t, thread), QStringList{QString(name) + "@0+1000/0"});
        }
        QCOMPARE(slicesOf(*t, threadByTid(*t, 5, 2)), QStringList{"h@0+1000/0"});
        const int worker = threadByTid(*t, 0x40000000, 1);
        QVERIFY(worker >= 0);
        QCOMPARE(t->thread(std::size_t(worker)).name, std::string("worker"));
        QCOMPARE(t->threadCount(), std::size_t(9));
        QVERIFY(notices(*t).empty());
    }

    // A file of ours keeps its strictness: its own state and operation names are checked.
    void oursStayStrict() {
        try {
            readChromeTrace(
                R"({"otherData":{"generator":"threadlens 0.1.0"},"traceEvents":[{"name":"x"}]})");
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            QCOMPARE(QString(e.what()), QString("event 0: no \"ph\""));
        }
    }

    void keepProcess() {
        const std::string json = R"([
{"ph":"M","name":"process_name","pid":1,"args":{"name":"one"}},
{"ph":"M","name":"process_name","pid":2,"args":{"name":"two"}},
{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1},
{"ph":"X","name":"b","pid":2,"tid":3,"ts":0,"dur":1}])";
        const auto t = readTrace(json, "two");
        QCOMPARE(t->threadCount(), std::size_t(1));
        QCOMPARE(t->info().title, std::string("two"));
        QCOMPARE(slicesOf(*t, 0), QStringList{"b@0+1000/0"});
        QCOMPARE(readTrace(json, "1")->slices().processes.at(0).name, std::string("one"));
        try {
            readTrace(json, "three");
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            QCOMPARE(QString(e.what()), QString("no process \"three\" in the trace; its processes "
                                                "with the most threads: one (1), two (2)"));
        }
    }
};

QTEST_GUILESS_MAIN(TestChromeForeign)
#include "tst_chromeforeign.moc"
