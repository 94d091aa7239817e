// The level of an object after an operation (levelrules.h): each kind's rule as a table of
// operations and the levels after them, the recorded semaphore permits against the counted
// ones on both engines, and the export's counters against objectLevels in every bundled
// scenario (the two read the one set of rules, so they cannot drift apart).
#include "analysis/causality.h"
#include "analysis/levelrules.h"
#include "format/chromejson.h"
#include "scenario/catalog.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace tl;

Q_DECLARE_METATYPE(tl::ObjectKind)

namespace {

// "lock@2 lock:shared unlock:shared put get:closed acquire=2": an operation by its name,
// "@thread" (default 0), ":shared" or ":closed" for the flag, "=value" for the recorded value.
std::vector<Event> parseOps(const QString& text) {
    std::vector<Event> out;
    for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
        QString name = word;
        Event e;
        e.ref = 0;
        if (const qsizetype eq = name.indexOf('='); eq >= 0) {
            e.value = name.mid(eq + 1).toUInt();
            name.truncate(eq);
        }
        if (const qsizetype at = name.indexOf('@'); at >= 0) {
            e.ref = std::uint16_t(name.mid(at + 1).toUInt());
            name.truncate(at);
        }
        if (name.endsWith(":shared")) e.arg = OpFlagShared;
        if (name.endsWith(":closed")) e.arg = OpFlagClosed;
        name = name.section(':', 0, 0);
        Op op{};
        if (!parseOpName(name.toStdString(), op)) qFatal("no operation %s", qPrintable(name));
        e.code = std::uint8_t(op);
        out.push_back(e);
    }
    return out;
}

// The level after each operation: "count" or "count/owner/readers" for a lock, "-" where
// the operation leaves the level alone (applyOperation returns false).
QString replay(ObjectKind kind, std::int64_t capacity, const std::vector<Event>& ops) {
    ObjectLevel l = initialLevel(ObjectInfo{kind, "o", capacity});
    QStringList out;
    const bool lock =
        kind == ObjectKind::Mutex || kind == ObjectKind::RwLock || kind == ObjectKind::Gil;
    for (const Event& e : ops) {
        const ObjectLevel before = l;
        if (!applyOperation(kind, e, l)) {
            // An operation that sets no level changes nothing either.
            if (!(l == before)) return "changed by " + QString::fromLatin1(opName(e.op()).data());
            out << "-";
        } else if (lock) {
            out << QString("%1/%2/%3").arg(l.count).arg(l.owner).arg(l.readers);
        } else {
            out << QString::number(l.count);
        }
    }
    return out.join(' ');
}

// Every counter event of the export ("ph":"C"), as "object@ns=value", in file order.
QStringList exportedCounters(const Trace& t) {
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(chromeTraceString(t)));
    QStringList out;
    for (const QJsonValue& v : doc.object()["traceEvents"].toArray()) {
        const QJsonObject e = v.toObject();
        if (e["ph"] != "C") continue;
        const QJsonObject args = e["args"].toObject();
        out << QString("%1@%2=%3")
                   .arg(e["name"].toString())
                   .arg(std::llround(e["ts"].toDouble() * 1000))
                   .arg(args.begin().value().toInteger());
    }
    out.sort();
    return out;
}

// The same from objectLevels: the level after each operation that sets one.
QStringList analysedCounters(const Trace& t) {
    QStringList out;
    for (std::size_t o = 0; o < t.objectCount(); ++o) {
        const ObjectInfo& info = t.object(o);
        const EventStream& s = t.objectEvents(o);
        const std::vector<std::int64_t> levels = objectLevels(t, o);
        ObjectLevel l = initialLevel(info);
        for (std::size_t i = 0; i < s.size(); ++i)
            if (applyOperation(info.kind, s[i], l))
                out << QString("%1@%2=%3")
                           .arg(QString::fromStdString(info.name))
                           .arg(s[i].time)
                           .arg(levels[i]);
    }
    out.sort();
    return out;
}

// A semaphore's recorded permits are what counting from its capacity gives.
QString permitsDisagree(const Trace& t) {
    for (std::size_t o = 0; o < t.objectCount(); ++o) {
        const ObjectInfo& info = t.object(o);
        if (info.kind != ObjectKind::Semaphore) continue;
        std::int64_t counted = info.capacity;
        const EventStream& s = t.objectEvents(o);
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i].op() == Op::Acquire) --counted;
            if (s[i].op() == Op::Release) ++counted;
            if ((s[i].op() == Op::Acquire || s[i].op() == Op::Release) &&
                std::int64_t(s[i].value) != counted)
                return QString("%1 operation %2: recorded %3, counted %4")
                    .arg(QString::fromStdString(info.name))
                    .arg(i)
                    .arg(s[i].value)
                    .arg(counted);
        }
    }
    return {};
}

} // namespace

class TestLevelRules : public QObject {
    Q_OBJECT
private slots:
    void rules_data() {
        QTest::addColumn<ObjectKind>("kind");
        QTest::addColumn<qint64>("capacity");
        QTest::addColumn<QString>("ops");
        QTest::addColumn<QString>("levels");
        // Locks: holders / exclusive owner / readers.
        QTest::newRow("mutex") << ObjectKind::Mutex << qint64(0)
                               << "lock@2 trylock-failed@1 unlock@2 lock@1 unlock@1"
                               << "1/2/0 - 0/-1/0 1/1/0 0/-1/0";
        QTest::newRow("gil") << ObjectKind::Gil << qint64(0) << "lock@3 unlock@3 lock@0"
                             << "1/3/0 0/-1/0 1/0/0";
        QTest::newRow("rwlock readers then writer")
            << ObjectKind::RwLock << qint64(0)
            << "lock:shared@0 lock:shared@1 unlock:shared@0 unlock:shared@1 lock@2 unlock@2"
            << "1/-1/1 2/-1/2 1/-1/1 0/-1/0 1/2/0 0/-1/0";
        QTest::newRow("lock of unknown thread has no owner")
            << ObjectKind::Mutex << qint64(0) << "lock@65535"
            << "1/-1/0";
        QTest::newRow("unlock of a free lock stays at zero")
            << ObjectKind::Mutex << qint64(0) << "unlock@0 unlock:shared@0 lock@1"
            << "0/-1/0 0/-1/0 1/1/0";
        // Queue: depth.
        QTest::newRow("queue") << ObjectKind::Queue << qint64(2)
                               << "put put get close get get get:closed"
                               << "1 2 1 - 0 0 -";
        // Semaphore: the permits recorded with the operation, starting from the capacity.
        QTest::newRow("semaphore takes the recorded permits")
            << ObjectKind::Semaphore << qint64(3) << "acquire=2 acquire=1 release=2 abort"
            << "2 1 2 -";
        QTest::newRow("semaphore trusts the record over counting")
            << ObjectKind::Semaphore << qint64(3) << "acquire=0 release=5"
            << "0 5";
        // Barrier: threads waiting.
        QTest::newRow("barrier") << ObjectKind::Barrier << qint64(2)
                                 << "arrive arrive pass pass abort pass"
                                 << "1 2 1 0 - 0";
        // Condition: threads waiting.
        QTest::newRow("condition") << ObjectKind::Condition << qint64(0)
                                   << "wait wait notify wake notify-all wake timeout wait"
                                   << "1 2 - 1 - 0 0 1";
        // Event: set or not.
        QTest::newRow("event") << ObjectKind::Event << qint64(0)
                               << "set set wait wake clear clear set"
                               << "1 1 - - 0 0 1";
        QTest::newRow("threads have no level") << ObjectKind::Threads << qint64(0) << "spawn join"
                                               << "- -";
    }
    void rules() {
        QFETCH(ObjectKind, kind);
        QFETCH(qint64, capacity);
        QFETCH(QString, ops);
        QFETCH(QString, levels);
        QCOMPARE(replay(kind, capacity, parseOps(ops)), levels);
    }

    void initialLevels() {
        QCOMPARE(initialLevel({ObjectKind::Semaphore, "s", 4}).count, 4);
        QCOMPARE(initialLevel({ObjectKind::Queue, "q", 4}).count, 0);
        QCOMPARE(initialLevel({ObjectKind::Barrier, "b", 4}).count, 0);
        QCOMPARE(initialLevel({ObjectKind::Mutex, "m", 0}), (ObjectLevel{0, -1, 0}));
    }

    // The timeline and the analysis read a semaphore's level off its operations; that is
    // the counted level exactly when the engines record it so.
    void recordedPermitsAreCounted_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("real");
        for (const BundledScenario& b : bundledScenarios()) {
            const std::string id(b.id);
            QTest::newRow(("simulated " + id).c_str()) << QString::fromStdString(id) << false;
        }
        // On real threads, the two scenarios that have a semaphore (the whole catalogue would
        // take minutes for no more cover); the philosophers use theirs with the waiter.
        QTest::newRow("real semaphore-pool") << "semaphore-pool" << true;
        QTest::newRow("real dining-philosophers") << "dining-philosophers" << true;
    }
    void recordedPermitsAreCounted() {
        QFETCH(QString, id);
        QFETCH(bool, real);
        RunOptions options;
        if (real) options.engine = EngineKind::Real;
        const auto t = id == "dining-philosophers"
                           ? test::runScenario(id.toStdString(), {{"strategy", "waiter"}}, options)
                           : test::runScenario(id.toStdString(), {}, options);
        QVERIFY(t->finished());
        const QString disagreement = permitsDisagree(*t);
        QVERIFY2(disagreement.isEmpty(), qPrintable(disagreement));
        if (real) {
            bool sawSemaphore = false;
            for (std::size_t o = 0; o < t->objectCount(); ++o)
                sawSemaphore |=
                    t->object(o).kind == ObjectKind::Semaphore && t->objectEvents(o).size() > 0;
            QVERIFY(sawSemaphore);
        }
    }

    // Every counter the export writes is objectLevels' level after that operation, and the
    // export writes one for exactly the operations that set a level.
    void exportedCountersAreTheLevels_data() {
        QTest::addColumn<QString>("id");
        for (const BundledScenario& b : bundledScenarios())
            QTest::newRow(std::string(b.id).c_str()) << QString::fromStdString(std::string(b.id));
    }
    void exportedCountersAreTheLevels() {
        QFETCH(QString, id);
        const auto t = test::runScenario(id.toStdString(), {});
        const QStringList exported = exportedCounters(*t);
        QVERIFY(!exported.isEmpty());
        QCOMPARE(exported, analysedCounters(*t));
    }
};

QTEST_GUILESS_MAIN(TestLevelRules)
#include "tst_levelrules.moc"
