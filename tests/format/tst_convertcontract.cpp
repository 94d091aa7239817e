// What `threadlens convert` writes must open in the Perfetto UI and in speedscope with its
// threads, states and wakeup arrows. Neither runs here, so this test holds the written JSON
// to the rules their readers follow (Perfetto's JSON importer, speedscope's Trace Event
// importer; docs/trace-format.md says which and why), on the committed recordings:
// - every event has a phase, a pid and a tid, and a time (metadata aside); `X` has a `dur`;
// - on each thread the slices nest: speedscope turns them into begin/end pairs and drops the
//   ones that overlap without nesting;
// - each flow start `s` lies inside a slice on its thread (Perfetto ties it to the slice that
//   encloses it, and drops it when none does), and has one end `f` of the same category,
//   name and id;
// - each end `f` with `"bp":"e"` lies inside a slice on its thread that comes before it in
//   the file: Perfetto reads in time order, ties in file order, and ties the end to the slice
//   open then, here the switch-in that the wakeup led to;
// - every thread and process is named by `M` events; `otherData.source` says where the
//   trace came from.
#include "format/chromejson.h"
#include "format/convert.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

using namespace tl;

namespace {

struct Slice {
    double start, end;
    int index; // in the file
};

using ThreadKey = std::pair<qint64, qint64>;

QJsonObject converted(const char* fixture) {
    const auto trace = loadTrace(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/" + fixture);
    std::ostringstream out;
    writeChromeTrace(*trace, out);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out.str()), &error);
    if (error.error != QJsonParseError::NoError) qFatal("%s", qPrintable(error.errorString()));
    return doc.object();
}

// The slice on `key` that encloses `ts` and comes before `index` in the file, or null.
const Slice* enclosing(const std::map<ThreadKey, std::vector<Slice>>& slices, ThreadKey key,
                       double ts, int index) {
    const auto it = slices.find(key);
    if (it == slices.end()) return nullptr;
    const Slice* best = nullptr;
    for (const Slice& s : it->second)
        if (s.start <= ts && ts < s.end && s.index < index && (!best || s.start >= best->start))
            best = &s;
    return best;
}

struct Counts {
    int slices = 0, flows = 0;
};

Counts checkContract(const QJsonObject& root, const QString& source) {
    Counts counts;
    const QJsonArray events = root.value("traceEvents").toArray();
    if (events.isEmpty()) qFatal("no traceEvents");
    if (root.value("otherData").toObject().value("source").toString() != source)
        qFatal("otherData.source is not %s", qPrintable(source));
    std::map<ThreadKey, std::vector<Slice>> slices;
    std::set<ThreadKey> namedThreads, usedThreads;
    std::set<qint64> namedProcesses;
    // First pass: slices and names.
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject e = events[i].toObject();
        const QString ph = e.value("ph").toString();
        if (ph.isEmpty() || !e.value("pid").isDouble()) qFatal("event %d: no phase or pid", i);
        const qint64 pid = qint64(e.value("pid").toDouble());
        if (ph == "M") {
            if (e.value("name") == "process_name") namedProcesses.insert(pid);
            if (e.value("name") == "thread_name")
                namedThreads.insert({pid, qint64(e.value("tid").toDouble())});
            if (e.value("args").toObject().value("name").toString().isEmpty())
                qFatal("event %d: a name without args.name", i);
            continue;
        }
        if (!e.value("tid").isDouble() || !e.value("ts").isDouble())
            qFatal("event %d: no tid or ts", i);
        const ThreadKey key{pid, qint64(e.value("tid").toDouble())};
        usedThreads.insert(key);
        if (ph == "X") {
            if (!e.value("dur").isDouble() || e.value("dur").toDouble() < 0)
                qFatal("event %d: X without a duration", i);
            const double ts = e.value("ts").toDouble();
            slices[key].push_back({ts, ts + e.value("dur").toDouble(), i});
            ++counts.slices;
        }
    }
    // Nesting per thread: sorted by start (longer first on a tie), each slice ends within
    // the ones still open when it starts.
    for (auto& [key, list] : slices) {
        std::vector<Slice> sorted = list;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Slice& a, const Slice& b) {
            return a.start < b.start || (a.start == b.start && a.end > b.end);
        });
        std::vector<double> open;
        for (const Slice& s : sorted) {
            while (!open.empty() && open.back() <= s.start)
                open.pop_back();
            if (!open.empty() && s.end > open.back())
                qFatal("thread %lld/%lld: the slice at %f overlaps its parent", key.first,
                       key.second, s.start);
            open.push_back(s.end);
        }
    }
    // Flows.
    std::map<std::tuple<QString, QString, qint64>, int> starts, ends;
    for (int i = 0; i < events.size(); ++i) {
        const QJsonObject e = events[i].toObject();
        const QString ph = e.value("ph").toString();
        if (ph != "s" && ph != "f") continue;
        const ThreadKey key{qint64(e.value("pid").toDouble()), qint64(e.value("tid").toDouble())};
        const auto id = std::make_tuple(e.value("cat").toString(), e.value("name").toString(),
                                        qint64(e.value("id").toDouble()));
        const double ts = e.value("ts").toDouble();
        if (ph == "s") {
            if (!enclosing(slices, key, ts, i)) qFatal("event %d: a flow start outside a slice", i);
            ++starts[id];
        } else {
            if (e.value("bp").toString() != "e") qFatal("event %d: a flow end without bp e", i);
            if (!enclosing(slices, key, ts, i))
                qFatal("event %d: a flow end with no slice open before it", i);
            ++ends[id];
        }
    }
    if (starts != ends) qFatal("flow starts and ends do not pair");
    for (const auto& [id, n] : starts)
        if (n != 1) qFatal("flow id %lld used %d times", std::get<2>(id), n);
    counts.flows = int(starts.size());
    for (const ThreadKey& key : usedThreads) {
        if (!namedThreads.count(key)) qFatal("thread %lld/%lld unnamed", key.first, key.second);
        if (!namedProcesses.count(key.first)) qFatal("process %lld unnamed", key.first);
    }
    return counts;
}

} // namespace

class TestConvertContract : public QObject {
    Q_OBJECT
private slots:
    // The scheduler recording: its states and its wakeup arrows.
    void perfRecording() {
        const Counts c = checkContract(converted("mutex4.perf.txt"), "perf");
        QCOMPARE(c.slices, 1895);
        QCOMPARE(c.flows, 437);
    }
    // Another tool's trace, both forms: the same slices, and it says it came from Chrome JSON.
    void nodeTrace() {
        const Counts object = checkContract(converted("node-workers.json"), "chrome");
        const Counts array = checkContract(converted("node-workers-array.json"), "chrome");
        QVERIFY(object.slices > 100);
        QCOMPARE(array.slices, object.slices);
        QCOMPARE(array.flows, object.flows);
    }
};

QTEST_APPLESS_MAIN(TestConvertContract)
#include "tst_convertcontract.moc"
