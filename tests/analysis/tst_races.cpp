// The race check on hand-made traces: it catches an unordered pair of accesses, and stays
// silent when any one kind of synchronisation orders them (each edge alone, with the same
// pair of accesses around it), and on scenarios that synchronise.
#include "analysis/checks.h"
#include "analysis/races.h"
#include "testutil.h"

#include <QtTest>

using namespace tl;

namespace {

// Thread "a" (0) and thread "b" (1), variable "x" (object 0), and one more object.
struct Hand {
    Trace t;
    int x, s;
    Hand(ObjectKind kind = ObjectKind::Mutex, std::int64_t capacity = 0) {
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        x = t.addObject({ObjectKind::Variable, "x", 0});
        s = t.addObject({kind, "s", capacity});
    }
    void on(int object, Time at, Op op, int thread, std::uint32_t value = 0,
            std::uint8_t flags = 0) {
        t.operation(object, at, op, thread, value, flags);
    }
    std::size_t races() const { return findRaces(t).total; }
};

struct Edge {
    ObjectKind kind;
    std::vector<Op> byA; // after a's access, at 20, 21, ...
    std::vector<Op> byB; // before b's access, at 30, 31, ...
    std::uint8_t flagsA = 0, flagsB = 0;
};

} // namespace

Q_DECLARE_METATYPE(Edge)

class TestRaces : public QObject {
    Q_OBJECT
private slots:
    void unorderedPairs_data() {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("second");
        QTest::addColumn<bool>("race");
        auto row = [](const char* name, Op a, Op b, bool race) {
            QTest::newRow(name) << int(a) << int(b) << race;
        };
        row("write, write", Op::Write, Op::Write, true);
        row("write, read", Op::Write, Op::Read, true);
        row("read, write", Op::Read, Op::Write, true);
        row("write, fetch-add", Op::Write, Op::FetchAdd, true);
        row("exchange, write", Op::Exchange, Op::Write, true);
        row("read, read", Op::Read, Op::Read, false);
        row("fetch-add, fetch-add", Op::FetchAdd, Op::FetchAdd, false);
        row("cas-ok, read", Op::CasOk, Op::Read, false);
        row("read, cas-failed", Op::Read, Op::CasFailed, false);
    }
    void unorderedPairs() {
        QFETCH(int, first);
        QFETCH(int, second);
        QFETCH(bool, race);
        Hand h;
        h.on(h.x, 10, Op(first), 0, 1);
        h.on(h.x, 40, Op(second), 1, 1);
        const RaceReport r = findRaces(h.t);
        QVERIFY(r.applies);
        QCOMPARE(r.total, std::size_t(race ? 1 : 0));
        if (!race) return;
        QCOMPARE(r.races.size(), std::size_t(1));
        QCOMPARE(r.races[0].first, std::size_t(0));
        QCOMPARE(r.races[0].second, std::size_t(1));
        QCOMPARE(r.perObject[std::size_t(h.x)], std::size_t(1));
        // A thread never races with itself.
        Hand same;
        same.on(same.x, 10, Op(first), 0, 1);
        same.on(same.x, 40, Op(second), 0, 1);
        QCOMPARE(same.races(), std::size_t(0));
    }

    // a writes x at 10, then does its side of the edge; b does its side, then reads x at 40.
    // With the edge nothing races; without it (the control), the same accesses race.
    void orderingEdges_data() {
        QTest::addColumn<Edge>("edge");
        QTest::newRow("mutex unlock, lock")
            << Edge{ObjectKind::Mutex, {Op::Lock, Op::Unlock}, {Op::Lock}};
        QTest::newRow("gil unlock, lock")
            << Edge{ObjectKind::Gil, {Op::Lock, Op::Unlock}, {Op::Lock}};
        QTest::newRow("rwlock write, read")
            << Edge{ObjectKind::RwLock, {Op::Lock, Op::Unlock}, {Op::Lock}, 0, OpFlagShared};
        QTest::newRow("queue put, get") << Edge{ObjectKind::Queue, {Op::Put}, {Op::Get}};
        QTest::newRow("semaphore release, acquire")
            << Edge{ObjectKind::Semaphore, {Op::Release}, {Op::Acquire}};
        QTest::newRow("barrier arrive, pass")
            << Edge{ObjectKind::Barrier, {Op::Arrive}, {Op::Arrive, Op::Pass}};
        QTest::newRow("condition notify, wake")
            << Edge{ObjectKind::Condition, {Op::Notify}, {Op::Wake}};
        QTest::newRow("event set, wake") << Edge{ObjectKind::Event, {Op::Set}, {Op::Wake}};
        QTest::newRow("event set, wait") << Edge{ObjectKind::Event, {Op::Set}, {Op::Wait}};
        QTest::newRow("fence, fence") << Edge{ObjectKind::Fences, {Op::Fence}, {Op::Fence}};
        QTest::newRow("atomic fetch-add, fetch-add")
            << Edge{ObjectKind::Variable, {Op::FetchAdd}, {Op::FetchAdd}};
        QTest::newRow("atomic exchange, cas-failed")
            << Edge{ObjectKind::Variable, {Op::Exchange}, {Op::CasFailed}};
        QTest::newRow("atomic cas-ok, cas-ok")
            << Edge{ObjectKind::Variable, {Op::CasOk}, {Op::CasOk}};
    }
    void orderingEdges() {
        QFETCH(Edge, edge);
        for (const bool withEdge : {true, false}) {
            Hand h(edge.kind, 2);
            h.on(h.x, 10, Op::Write, 0, 1);
            if (withEdge) {
                Time at = 20;
                for (const Op op : edge.byA)
                    h.on(h.s, at++, op, 0, 1, edge.flagsA);
                at = 30;
                for (const Op op : edge.byB)
                    h.on(h.s, at++, op, 1, 1, edge.flagsB);
            }
            h.on(h.x, 40, Op::Read, 1, 1);
            QCOMPARE(h.races(), std::size_t(withEdge ? 0 : 1));
        }
    }

    // A reader gives back its read lock; a writer that takes the lock after it is ordered
    // after the reader's accesses.
    void rwlockReadThenWrite() {
        for (const bool withEdge : {true, false}) {
            Hand h(ObjectKind::RwLock);
            h.on(h.x, 10, Op::Read, 0, 0);
            if (withEdge) {
                h.on(h.s, 5, Op::Lock, 0, 1, OpFlagShared);
                h.on(h.s, 20, Op::Unlock, 0, 0, OpFlagShared);
                h.on(h.s, 30, Op::Lock, 1, 0);
            }
            h.on(h.x, 40, Op::Write, 1, 1);
            QCOMPARE(h.races(), std::size_t(withEdge ? 0 : 1));
        }
    }

    // Two readers of a readers-writer lock are not ordered by it: their plain writes race.
    void readersAreNotOrderedWithEachOther() {
        Hand h(ObjectKind::RwLock);
        h.on(h.s, 5, Op::Lock, 0, 1, OpFlagShared);
        h.on(h.x, 10, Op::Write, 0, 1);
        h.on(h.s, 20, Op::Unlock, 0, 0, OpFlagShared);
        h.on(h.s, 30, Op::Lock, 1, 1, OpFlagShared);
        h.on(h.x, 40, Op::Write, 1, 2);
        QCOMPARE(h.races(), std::size_t(1));
    }

    void spawnAndJoin() {
        // a spawns b after writing x: b's read is ordered after it.
        Hand spawn(ObjectKind::Threads);
        spawn.on(spawn.x, 10, Op::Write, 0, 1);
        spawn.on(spawn.s, 20, Op::Spawn, 0, 1);
        spawn.on(spawn.x, 40, Op::Read, 1, 1);
        QCOMPARE(spawn.races(), std::size_t(0));
        // b writes, a joins b, then reads.
        Hand join(ObjectKind::Threads);
        join.on(join.x, 10, Op::Write, 1, 1);
        join.on(join.s, 30, Op::Join, 0, 1);
        join.on(join.x, 40, Op::Read, 0, 1);
        QCOMPARE(join.races(), std::size_t(0));
        // Joining some other thread orders nothing.
        Hand other(ObjectKind::Threads);
        other.t.addThread({"c", "c", 1});
        other.on(other.x, 10, Op::Write, 1, 1);
        other.on(other.s, 30, Op::Join, 0, 2);
        other.on(other.x, 40, Op::Read, 0, 1);
        QCOMPARE(other.races(), std::size_t(1));
    }

    // Synchronisation orders only what came before it in the releasing thread: a write
    // after the unlock races with the reader after the lock.
    void onlyWhatCameBefore() {
        Hand h;
        h.on(h.s, 15, Op::Lock, 0);
        h.on(h.s, 20, Op::Unlock, 0);
        h.on(h.x, 25, Op::Write, 0, 1);
        h.on(h.s, 30, Op::Lock, 1);
        h.on(h.x, 40, Op::Read, 1, 1);
        QCOMPARE(h.races(), std::size_t(1));
    }

    // At one instant a thread's lock comes before its access: the lock orders the read even
    // when both carry the same time (the object streams are merged with accesses last).
    void sameInstantLockBeforeAccess() {
        Hand h;
        h.on(h.s, 15, Op::Lock, 0);
        h.on(h.x, 16, Op::Write, 0, 1);
        h.on(h.s, 30, Op::Unlock, 0);
        h.on(h.s, 40, Op::Lock, 1);
        h.on(h.x, 40, Op::Read, 1, 1);
        QCOMPARE(h.races(), std::size_t(0));
    }

    void withoutVariablesNothingApplies() {
        Trace t;
        t.addThread({"a", "a", 1});
        t.addObject({ObjectKind::Mutex, "m", 0});
        t.operation(0, 1, Op::Lock, 0);
        const RaceReport r = findRaces(t);
        QVERIFY(!r.applies);
        for (const CheckResult& c : runChecks(t))
            if (c.name == "races") QVERIFY(!c.applies && c.passed);
    }

    // Clocks have at most 64 entries: the accesses of threads beyond the first 64 that touch
    // variables are not checked, and the check says so.
    void atMost64Threads() {
        Trace t;
        const int x = t.addObject({ObjectKind::Variable, "x", 0});
        for (int i = 0; i < 70; ++i) {
            t.addThread({"w " + std::to_string(i + 1), "w", i + 1});
            t.operation(x, 10 * (i + 1), Op::Write, i, std::uint32_t(i));
        }
        const RaceReport r = findRaces(t);
        QCOMPARE(r.accessors, std::size_t(70));
        QCOMPARE(r.checked, kMaxClockThreads);
        QCOMPARE(r.total, std::size_t(63)); // each checked write races with the one before
        for (const CheckResult& c : runChecks(t))
            if (c.name == "races")
                QVERIFY(c.detail.find("only the first 64 of the 70 threads that access "
                                      "variables checked") != std::string::npos);
    }

    // Scenarios on the simulated machine: a lock, a queue, a barrier, an event between the
    // writer and the reader order them; the same without them races.
    void scenarios_data() {
        QTest::addColumn<QString>("objects");
        QTest::addColumn<QString>("writer");
        QTest::addColumn<QString>("reader");
        QTest::addColumn<int>("races");
        QTest::newRow("nothing") << ""
                                 << R"({"write": "x", "value": 1})"
                                 << R"({"work": "1us"}, {"read": "x", "into": "r"})" << 1;
        QTest::newRow("mutex") << R"(, {"mutex": "m"})"
                               << R"({"lock": "m"}, {"write": "x", "value": 1}, {"unlock": "m"})"
                               << R"({"work": "1us"}, {"lock": "m"}, {"read": "x", "into": "r"},
                                     {"unlock": "m"})"
                               << 0;
        QTest::newRow("queue") << R"(, {"queue": "q", "capacity": 1})"
                               << R"({"write": "x", "value": 1}, {"put": "q"})"
                               << R"({"get": "q"}, {"read": "x", "into": "r"})" << 0;
        QTest::newRow("barrier") << R"(, {"barrier": "b", "parties": 2})"
                                 << R"({"write": "x", "value": 1}, {"wait": "b"})"
                                 << R"({"wait": "b"}, {"read": "x", "into": "r"})" << 0;
        QTest::newRow("event") << R"(, {"event": "e"})"
                               << R"({"write": "x", "value": 1}, {"set": "e"})"
                               << R"({"wait": "e"}, {"read": "x", "into": "r"})" << 0;
        QTest::newRow("semaphore") << R"(, {"semaphore": "s", "permits": 0})"
                                   << R"({"write": "x", "value": 1}, {"release": "s"})"
                                   << R"({"acquire": "s"}, {"read": "x", "into": "r"})" << 0;
        QTest::newRow("atomic flag")
            << R"(, {"variable": "ready"})"
            << R"({"write": "x", "value": 1}, {"exchange": "ready", "value": 1})"
            << R"({"fetch-add": "ready", "value": 0, "into": "r"},
                  {"while": "r == 0", "do": [{"fetch-add": "ready", "value": 0, "into": "r"}]},
                  {"read": "x", "into": "v"})"
            << 0;
        // A flag declared atomic: its plain-looking reads and writes are seq_cst, so they do
        // not race and they order x; the same flag not atomic races, and so does x.
        QTest::newRow("atomic variable")
            << R"(, {"variable": "ready", "atomic": true})"
            << R"({"write": "x", "value": 1}, {"write": "ready", "value": 1})"
            << R"({"read": "ready", "into": "r"},
                  {"while": "r == 0", "do": [{"read": "ready", "into": "r"}]},
                  {"read": "x", "into": "v"})"
            << 0;
        QTest::newRow("plain variable")
            << R"(, {"variable": "ready", "atomic": false})"
            << R"({"write": "x", "value": 1}, {"write": "ready", "value": 1})"
            << R"({"read": "ready", "into": "r"},
                  {"while": "r == 0", "do": [{"read": "ready", "into": "r"}]},
                  {"read": "x", "into": "v"})"
            << 3; // ready races, and so does x
        QTest::newRow("gil") << R"(, {"gil": "g", "interval": "1us"})"
                             << R"({"write": "x", "value": 1}, {"work": "5us"})"
                             << R"({"read": "x", "into": "r"})" << 0;
    }
    void scenarios() {
        QFETCH(QString, objects);
        QFETCH(QString, writer);
        QFETCH(QString, reader);
        QFETCH(int, races);
        const std::string json =
            R"({"id": "t", "title": "t", "objects": [{"variable": "x"})" + objects.toStdString() +
            R"(], "roles": [{"name": "writer", "program": [)" + writer.toStdString() +
            R"(]}, {"name": "reader", "program": [)" + reader.toStdString() + "]}]}";
        const auto t = test::runText(json);
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(findRaces(*t).total, std::size_t(races));
    }
};

QTEST_GUILESS_MAIN(TestRaces)
#include "tst_races.moc"
