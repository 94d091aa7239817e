// The real-thread engine: every bundled scenario runs to completion on real threads, and
// its recording keeps the invariants a real run must keep (mutual exclusion, permits,
// queue depth, barrier generations, state streams ending in `exited`). The tests assert
// invariants, never timings, except loose upper bounds on how fast a run can be ended.
#include "analysis/checks.h"
#include "testutil.h"

#include <QtTest>

#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <tuple>

using namespace tl;

namespace {

RunOptions realOptions() {
    RunOptions o;
    o.engine = EngineKind::Real;
    o.seed = 7;
    return o;
}

Program compileWith(const Scenario& s, const QStringList& assignments) {
    ParamValues values = defaultValues(s);
    for (const QString& a : assignments)
        setAssignment(s, values, a.toStdString());
    return compile(s, values);
}

std::unique_ptr<Trace> runProgram(const Program& p, const RunOptions& o,
                                  std::stop_token stop = {}) {
    auto trace = std::make_unique<Trace>(runInfo(p, o));
    run(p, *trace, o, std::move(stop));
    return trace;
}

QString where(const Trace& t, std::size_t object, std::size_t i) {
    return QString::fromStdString(t.object(object).name) + " event " + QString::number(i) + " (" +
           QString::fromUtf8(opName(t.objectEvents(object)[i].op())) + ")";
}

// Each thread's states are in time order, never `runnable` (the OS scheduler is invisible),
// never repeat the previous state, and end with exactly one `exited`.
QString checkThreads(const Trace& t) {
    for (std::size_t k = 0; k < t.threadCount(); ++k) {
        const EventStream& s = t.threadEvents(k);
        const QString name = QString::fromStdString(t.thread(k).name);
        if (s.empty()) return name + ": no events";
        for (std::size_t i = 0; i < s.size(); ++i) {
            const Event& e = s[i];
            if (i > 0 && e.time < s[i - 1].time) return name + ": time goes back";
            if (e.state() == ThreadState::Runnable) return name + ": runnable on real threads";
            if (e.state() == ThreadState::Exited && i + 1 != s.size())
                return name + ": events after exited";
            if (i > 0 && e.code == s[i - 1].code && e.ref == s[i - 1].ref && e.arg == s[i - 1].arg)
                return name + ": a state repeats";
            if (e.time > t.endTime()) return name + ": an event after the end time";
        }
        if (s.back().state() != ThreadState::Exited) return name + ": does not end with exited";
    }
    for (std::size_t k = 0; k < t.objectCount(); ++k) {
        const EventStream& s = t.objectEvents(k);
        for (std::size_t i = 1; i < s.size(); ++i)
            if (s[i].time < s[i - 1].time) return where(t, k, i) + ": time goes back";
        if (!s.empty() && s.back().time > t.endTime()) return where(t, k, 0) + ": after the end";
    }
    return {};
}

// Replaying the stream: lock only when free, unlock only by the holder, and a failed
// try-lock only while someone holds it.
QString checkMutex(const Trace& t, std::size_t obj) {
    const EventStream& s = t.objectEvents(obj);
    int holder = -1;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Event& e = s[i];
        switch (e.op()) {
        case Op::Lock:
            if (holder >= 0) return where(t, obj, i) + ": locked while held";
            holder = e.ref;
            break;
        case Op::Unlock:
            if (holder != e.ref) return where(t, obj, i) + ": unlocked by a non-holder";
            holder = -1;
            break;
        case Op::TrylockFailed:
            if (holder < 0) return where(t, obj, i) + ": try-lock failed on a free lock";
            break;
        default:
            return where(t, obj, i) + ": unexpected operation on a mutex";
        }
    }
    return {};
}

QString checkSemaphore(const Trace& t, std::size_t obj) {
    const std::int64_t permits = t.object(obj).capacity;
    const EventStream& s = t.objectEvents(obj);
    std::int64_t inUse = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Event& e = s[i];
        if (e.op() == Op::Acquire)
            ++inUse;
        else if (e.op() == Op::Release)
            --inUse;
        if (inUse > permits) return where(t, obj, i) + ": more holders than permits";
        if (inUse < 0) return where(t, obj, i) + ": more releases than acquires";
        if (std::int64_t(e.value) != permits - inUse)
            return where(t, obj, i) + ": the available count disagrees with the replay";
    }
    return {};
}

// Depth within [0, capacity]; each item put once and got exactly once, after its put.
QString checkQueue(const Trace& t, std::size_t obj, std::size_t expectedItems) {
    const std::int64_t capacity = t.object(obj).capacity;
    const EventStream& s = t.objectEvents(obj);
    std::set<std::uint32_t> inQueue, got;
    std::size_t puts = 0;
    bool closed = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Event& e = s[i];
        if (e.op() == Op::Put) {
            if (closed) return where(t, obj, i) + ": put after close";
            if (got.count(e.value) || !inQueue.insert(e.value).second)
                return where(t, obj, i) + ": an item put twice";
            ++puts;
        } else if (e.op() == Op::Get) {
            if (!inQueue.erase(e.value)) return where(t, obj, i) + ": got an item not in queue";
            got.insert(e.value);
        } else if (e.op() == Op::Close) {
            closed = true;
        }
        if (std::int64_t(inQueue.size()) > capacity) return where(t, obj, i) + ": over capacity";
    }
    if (!inQueue.empty()) return "items left in the queue at the end";
    if (expectedItems && puts != expectedItems)
        return QString("%1 items put, expected %2").arg(puts).arg(expectedItems);
    return {};
}

// Passes of a generation come only after all its parties arrived; each generation lets
// every party through once.
QString checkBarrier(const Trace& t, std::size_t obj, std::size_t expectedGenerations) {
    const auto parties = std::size_t(t.object(obj).capacity);
    const EventStream& s = t.objectEvents(obj);
    std::map<std::uint32_t, std::set<int>> arrived, passed;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Event& e = s[i];
        if (e.op() == Op::Arrive && !arrived[e.value].insert(e.ref).second)
            return where(t, obj, i) + ": arrived twice in a generation";
        if (e.op() == Op::Pass) {
            if (arrived[e.value].size() != parties)
                return where(t, obj, i) + ": passed before every party arrived";
            if (!arrived[e.value].count(e.ref))
                return where(t, obj, i) + ": passed without arriving";
            if (!passed[e.value].insert(e.ref).second) return where(t, obj, i) + ": passed twice";
        }
    }
    for (const auto& [generation, who] : passed)
        if (who.size() != parties) return QString("generation %1 incomplete").arg(generation);
    if (passed.size() != expectedGenerations)
        return QString("%1 generations, expected %2").arg(passed.size()).arg(expectedGenerations);
    return {};
}

QString checkObjects(const Trace& t, std::size_t items, std::size_t generations) {
    for (std::size_t k = 0; k < t.objectCount(); ++k) {
        QString err;
        switch (t.object(k).kind) {
        case ObjectKind::Mutex:
            err = checkMutex(t, k);
            break;
        case ObjectKind::Semaphore:
            err = checkSemaphore(t, k);
            break;
        case ObjectKind::Queue:
            err = checkQueue(t, k, items);
            break;
        case ObjectKind::Barrier:
            err = checkBarrier(t, k, generations);
            break;
        default:
            break;
        }
        if (!err.isEmpty()) return err;
    }
    return {};
}

// The core checks library (the same verdicts the app shows), first failure named.
QString checksFailure(const Trace& t) {
    const std::vector<CheckResult> results = runChecks(t);
    if (allPassed(results)) return {};
    for (const CheckResult& r : results)
        if (!r.passed) return QString::fromStdString(r.name + ": " + r.detail);
    return "a check failed";
}

// Operations per object as (object, op, thread, value), order and wait flags aside: for
// scenarios whose operations do not depend on timing, both engines record the same ones.
std::multiset<std::tuple<std::string, int, int, std::uint32_t>> operations(const Trace& t) {
    std::multiset<std::tuple<std::string, int, int, std::uint32_t>> out;
    for (std::size_t k = 0; k < t.objectCount(); ++k)
        for (std::size_t i = 0; i < t.objectEvents(k).size(); ++i) {
            const Event& e = t.objectEvents(k)[i];
            out.emplace(t.object(k).name, int(e.code), int(e.ref), e.value);
        }
    return out;
}

// Two threads take two locks in opposite order with a pause between: always a deadlock.
const char* kOppositeOrder = R"({
  "id": "opposite-order", "title": "Two locks in opposite order",
  "objects": [{"mutex": "a"}, {"mutex": "b"}],
  "roles": [
    {"name": "left", "program": [{"lock": "a"}, {"sleep": "20ms"}, {"lock": "b"},
                                 {"unlock": "b"}, {"unlock": "a"}]},
    {"name": "right", "program": [{"lock": "b"}, {"sleep": "20ms"}, {"lock": "a"},
                                  {"unlock": "a"}, {"unlock": "b"}]}
  ]})";

// The same, with a thread that sleeps a millisecond at a time for as long as it runs.
const char* kOppositeOrderTicking = R"({
  "id": "opposite-order", "title": "Two locks in opposite order, and a ticker",
  "objects": [{"mutex": "a"}, {"mutex": "b"}],
  "roles": [
    {"name": "left", "program": [{"lock": "a"}, {"sleep": "20ms"}, {"lock": "b"},
                                 {"unlock": "b"}, {"unlock": "a"}]},
    {"name": "right", "program": [{"lock": "b"}, {"sleep": "20ms"}, {"lock": "a"},
                                  {"unlock": "a"}, {"unlock": "b"}]},
    {"name": "ticker", "program": [{"repeat": 100000000, "do": [{"sleep": "1ms"}]}]}
  ]})";

} // namespace

class TestRealEngine : public QObject {
    Q_OBJECT
private slots:
    void bundled_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("params");
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("generations");
        QTest::newRow("producer-consumer")
            << "producer-consumer"
            << QStringList{"producers=2", "consumers=3",       "capacity=2",
                           "items=40",    "produceTime=150us", "consumeTime=300us"}
            << 40 << 0;
        QTest::newRow("lock-contention")
            << "lock-contention"
            << QStringList{"workers=4", "iterations=25", "think=200us", "hold=100us"} << 0 << 0;
        QTest::newRow("barrier-phases")
            << "barrier-phases" << QStringList{"workers=4", "phases=12", "work=200us"} << 0 << 12;
        QTest::newRow("semaphore-pool")
            << "semaphore-pool"
            << QStringList{"workers=6", "permits=2", "requests=8", "useTime=300us", "ownWork=100us"}
            << 0 << 0;
    }
    void bundled() {
        QFETCH(QString, id);
        QFETCH(QStringList, params);
        QFETCH(int, items);
        QFETCH(int, generations);
        const Program p = compileWith(resolveScenario(id.toStdString()), params);
        const auto t = runProgram(p, realOptions());
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(t->info().engine, std::string("real"));
        QCOMPARE(t->threadCount(), p.threads.size());
        const QString threads = checkThreads(*t);
        QVERIFY2(threads.isEmpty(), qPrintable(threads));
        const QString objects = checkObjects(*t, std::size_t(items), std::size_t(generations));
        QVERIFY2(objects.isEmpty(), qPrintable(objects));
        const QString checks = checksFailure(*t);
        QVERIFY2(checks.isEmpty(), qPrintable(checks));
        // Every thread did something besides start and end.
        for (std::size_t k = 0; k < t->threadCount(); ++k)
            QVERIFY(t->threadEvents(k).size() > 2);
    }

    // Spawn and join, a condition, an event and try-lock. Nothing here depends on timing,
    // so the real run records the same operations as the simulated one.
    void sameOperationsAsSimulator() {
        const Scenario s = parseScenario(R"({
          "id": "handoff", "title": "Hand-offs",
          "objects": [{"mutex": "m"}, {"condition": "c", "mutex": "m"}, {"event": "ready"},
                      {"queue": "handles", "capacity": 4}, {"mutex": "n"}],
          "roles": [
            {"name": "boss", "program": [
              {"repeat": 3, "do": [{"spawn": "helper"}, {"put": "handles", "item": "spawned"}]},
              {"lock": "m"}, {"set": "ready"}, {"wait": "c"}, {"unlock": "m"},
              {"repeat": 3, "do": [{"get": "handles"}, {"join": "item"}]}]},
            {"name": "helper", "count": 3, "spawned": true, "program": [{"work": "100us"}]},
            {"name": "waker", "program": [
              {"wait": "ready"}, {"lock": "m"}, {"notifyAll": "c"}, {"unlock": "m"}]},
            {"name": "solo", "program": [
              {"lock": "n"}, {"trylock": "n", "then": [{"unlock": "n"}]}, {"unlock": "n"},
              {"trylock": "n", "then": [{"unlock": "n"}]}]}
          ]})",
                                         "handoff.json");
        const Program p = compile(s, defaultValues(s));
        const auto real = runProgram(p, realOptions());
        QCOMPARE(real->outcome(), Outcome::Completed);
        const QString threads = checkThreads(*real);
        QVERIFY2(threads.isEmpty(), qPrintable(threads));
        const QString objects = checkObjects(*real, 3, 0);
        QVERIFY2(objects.isEmpty(), qPrintable(objects));
        QVERIFY2(checksFailure(*real).isEmpty(), qPrintable(checksFailure(*real)));

        const auto sim = runProgram(p, RunOptions{});
        QCOMPARE(sim->outcome(), Outcome::Completed);
        auto a = operations(*real), b = operations(*sim);
        // Whether the waker's wait on "ready" came before or after the set is timing.
        std::erase_if(a, [](const auto& op) { return std::get<0>(op) == "ready"; });
        std::erase_if(b, [](const auto& op) { return std::get<0>(op) == "ready"; });
        QVERIFY(a == b);
        QVERIFY(real->findObject("threads") >= 0);
    }

    void brokenBarrier() {
        const auto t = test::runText(R"({
          "id": "abort", "title": "Abort",
          "objects": [{"barrier": "gate", "parties": 3}],
          "roles": [
            {"name": "worker", "count": 2, "program": [{"wait": "gate"}]},
            {"name": "breaker", "program": [{"sleep": "5ms"}, {"abort": "gate"}]}]})",
                                     {}, realOptions());
        QCOMPARE(t->outcome(), Outcome::Completed);
        const EventStream& s = t->objectEvents(0);
        int arrives = 0, aborts = 0, broken = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            arrives += s[i].op() == Op::Arrive;
            aborts += s[i].op() == Op::Abort;
            broken += s[i].op() == Op::Pass && (s[i].arg & OpFlagBroken);
        }
        QCOMPARE(arrives, 2);
        QCOMPARE(aborts, 1);
        QCOMPARE(broken, 2);
    }

    void deadlockFoundByWatchdog() {
        const Scenario s = parseScenario(kOppositeOrder, "deadlock.json");
        const Program p = compile(s, defaultValues(s));
        QElapsedTimer clock;
        clock.start();
        const auto t = runProgram(p, realOptions());
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        // The same words as the simulator's.
        const auto sim = runProgram(p, RunOptions{});
        QCOMPARE(sim->outcome(), Outcome::Deadlock);
        QCOMPARE(t->message(), sim->message());
        QVERIFY(t->message().find("held by") != std::string::npos);
        const QString threads = checkThreads(*t);
        QVERIFY2(threads.isEmpty(), qPrintable(threads));
        QVERIFY2(checkObjects(*t, 0, 0).isEmpty(), qPrintable(checkObjects(*t, 0, 0)));
        QVERIFY2(checksFailure(*t).isEmpty(), qPrintable(checksFailure(*t)));
    }

    // Stopped while two threads are deadlocked: the run ends as cancelled. A third thread
    // that sleeps and wakes every millisecond keeps the watchdog, which waits for a quiet
    // spell, from calling the deadlock first: the stop is what ends the run, on any machine.
    void cancelWhileDeadlocked() {
        const Scenario s = parseScenario(kOppositeOrderTicking, "deadlock.json");
        const Program p = compile(s, defaultValues(s));
        std::stop_source stop;
        Trace t(runInfo(p, realOptions()));
        std::jthread engine([&] { run(p, t, realOptions(), stop.get_token()); });
        const auto blocked = [&t](const char* name) {
            const int th = t.findThread(name);
            if (th < 0) return false;
            const EventStream& e = t.threadEvents(std::size_t(th));
            return !e.empty() && e[e.size() - 1].state() == ThreadState::Blocked;
        };
        QTRY_VERIFY_WITH_TIMEOUT(blocked("left") && blocked("right"), 10'000);
        QVERIFY(!t.finished());
        stop.request_stop();
        engine.join();
        QCOMPARE(t.outcome(), Outcome::Cancelled);
        const QString threads = checkThreads(t);
        QVERIFY2(threads.isEmpty(), qPrintable(threads));
        QVERIFY2(checksFailure(t).isEmpty(), qPrintable(checksFailure(t)));
        // Each held its first lock to the end, blocked on the other's.
        const EventStream& a = t.objectEvents(std::size_t(t.findObject("a")));
        QCOMPARE(a.size(), std::size_t(1));
        QCOMPARE(a[0].op(), Op::Lock);
        QCOMPARE(a[0].ref, std::uint16_t(t.findThread("left")));
    }

    void alreadyCancelled() {
        std::stop_source stop;
        stop.request_stop();
        const Scenario s = resolveScenario("lock-contention");
        const auto t = runProgram(compile(s, defaultValues(s)), realOptions(), stop.get_token());
        QCOMPARE(t->outcome(), Outcome::Cancelled);
        // A stop before the start starts no thread (each would only stop again, and under
        // ThreadSanitizer starting one takes about a millisecond): nothing is recorded.
        for (std::size_t k = 0; k < t->threadCount(); ++k)
            QVERIFY2(t->threadEvents(k).empty(), t->thread(k).name.c_str());
        QVERIFY2(checksFailure(*t).isEmpty(), qPrintable(checksFailure(*t)));
    }

    // A wait with a timeout far away is not a deadlock: only the time limit ends it.
    void timeLimit() {
        RunOptions o = realOptions();
        o.timeLimit = 300'000'000;
        QElapsedTimer clock;
        clock.start();
        const auto t = test::runText(R"({
          "id": "forever", "title": "Waits for nobody",
          "objects": [{"event": "go"}],
          "roles": [{"name": "waiter", "program": [{"wait": "go", "timeout": "60s"}]},
                    {"name": "sleeper", "program": [{"repeat": 1000, "do": [{"sleep": "1ms"}]}]}]
        })",
                                     {}, o);
        QVERIFY(clock.elapsed() < 10'000); // the waiter alone would wait 60 s
        QCOMPARE(t->outcome(), Outcome::TimeLimit);
        QCOMPARE(t->message(),
                 std::string("the run reached its time limit of 300ms and was ended"));
        QVERIFY2(checkThreads(*t).isEmpty(), qPrintable(checkThreads(*t)));
    }

    // Without a timeout and with nobody to set it, the same wait is a deadlock.
    void untimedWaitIsDeadlock() {
        const char* json = R"({
          "id": "stuck", "title": "Waits for nobody",
          "objects": [{"event": "go"}],
          "roles": [{"name": "waiter", "program": [{"wait": "go"}]}]})";
        const auto t = test::runText(json, {}, realOptions());
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        const auto sim = test::runText(json);
        QCOMPARE(t->message(), sim->message());
    }

    void eventLimit() {
        RunOptions o = realOptions();
        o.maxEvents = 300;
        const auto t = test::runScenario(
            "lock-contention", {{"workers", "3"}, {"iterations", "100000"}, {"think", "0"}}, o);
        QCOMPARE(t->outcome(), Outcome::EventLimit);
        QCOMPARE(t->message(),
                 std::string("the run reached the limit of 300 events and was ended there"));
        // The event that went over, and each thread's last few (its exit), may pass the cap.
        QVERIFY2(t->eventCount() <= 300 + 4 * t->threadCount(),
                 qPrintable(QString::number(t->eventCount())));
        QVERIFY2(checkThreads(*t).isEmpty(), qPrintable(checkThreads(*t)));
        QVERIFY2(checkObjects(*t, 0, 0).isEmpty(), qPrintable(checkObjects(*t, 0, 0)));
        QVERIFY2(checksFailure(*t).isEmpty(), qPrintable(checksFailure(*t)));
    }

    void errors_data() {
        QTest::addColumn<QString>("json");
        QTest::newRow("unlock not held") << R"({"id": "e", "title": "e",
            "objects": [{"mutex": "m"}],
            "roles": [{"name": "worker", "program": [{"unlock": "m"}]}]})";
        QTest::newRow("lock twice") << R"({"id": "e", "title": "e",
            "objects": [{"mutex": "m"}],
            "roles": [{"name": "worker", "program": [{"lock": "m"}, {"lock": "m"}]}]})";
        QTest::newRow("get from closed") << R"({"id": "e", "title": "e",
            "objects": [{"queue": "q", "capacity": 1}],
            "roles": [{"name": "worker", "program": [{"close": "q"}, {"get": "q"}]}]})";
        QTest::newRow("condition without mutex") << R"({"id": "e", "title": "e",
            "objects": [{"mutex": "m"}, {"condition": "c", "mutex": "m"}],
            "roles": [{"name": "worker", "program": [{"wait": "c"}]}]})";
        QTest::newRow("read unlock without readers") << R"({"id": "e", "title": "e",
            "objects": [{"rwlock": "rw"}],
            "roles": [{"name": "worker", "program": [{"readUnlock": "rw"}]}]})";
        QTest::newRow("write unlock by a reader") << R"({"id": "e", "title": "e",
            "objects": [{"rwlock": "rw"}],
            "roles": [{"name": "worker", "program": [{"readLock": "rw"}, {"unlock": "rw"}]}]})";
        QTest::newRow("read lock while writing") << R"({"id": "e", "title": "e",
            "objects": [{"rwlock": "rw"}],
            "roles": [{"name": "worker", "program": [{"lock": "rw"}, {"readLock": "rw"}]}]})";
    }

    // One thread alone: nothing depends on timing, so both engines record the same
    // operations on the readers-writer lock and the GIL, flags and values included.
    void locksSameAsSimulator() {
        const char* json = R"({
          "id": "alone", "title": "Alone",
          "objects": [{"rwlock": "rw"}, {"gil": "GIL", "interval": "1ms"}],
          "roles": [{"name": "solo", "program": [
            {"readLock": "rw"}, {"readLock": "rw"}, {"work": "100us"}, {"readUnlock": "rw"},
            {"readUnlock": "rw"}, {"io": "100us"}, {"lock": "rw"}, {"work": "0"},
            {"unlock": "rw"}, {"sleep": "100us"}, {"work": "100us"}]}]})";
        const auto real = test::runText(json, {}, realOptions());
        const auto sim = test::runText(json);
        QCOMPARE(real->outcome(), Outcome::Completed);
        QCOMPARE(sim->outcome(), Outcome::Completed);
        QVERIFY2(checkThreads(*real).isEmpty(), qPrintable(checkThreads(*real)));
        QVERIFY2(checksFailure(*real).isEmpty(), qPrintable(checksFailure(*real)));
        for (const char* name : {"rw", "GIL"}) {
            const EventStream& r = real->objectEvents(std::size_t(real->findObject(name)));
            const EventStream& s = sim->objectEvents(std::size_t(sim->findObject(name)));
            QCOMPARE(r.size(), s.size());
            for (std::size_t i = 0; i < r.size(); ++i) {
                QCOMPARE(r[i].code, s[i].code);
                QCOMPARE(r[i].ref, s[i].ref);
                QCOMPARE(r[i].value, s[i].value);
                QCOMPARE(r[i].arg, s[i].arg);
            }
        }
        // lock, unlock at the io, lock, unlock at the sleep, lock, unlock at the end
        QCOMPARE(real->objectEvents(std::size_t(real->findObject("GIL"))).size(), std::size_t(6));
    }

    // A GIL holder that blocks on a mutex gives the GIL back, or the mutex's holder could
    // never work to release it: the run completes on both engines.
    void gilReleasedWhileBlocked() {
        const char* json = R"({
          "id": "gil-block", "title": "GIL and a mutex",
          "objects": [{"mutex": "m"}, {"gil": "GIL", "interval": "1ms"}],
          "roles": [
            {"name": "holder", "program": [{"sleep": "200us"}, {"lock": "m"}, {"work": "2ms"},
                                           {"unlock": "m"}]},
            {"name": "worker", "program": [{"work": "1ms"}, {"lock": "m"}, {"unlock": "m"}]}]})";
        const auto t = test::runText(json, {}, realOptions());
        QCOMPARE(t->outcome(), Outcome::Completed);
        QVERIFY2(checkThreads(*t).isEmpty(), qPrintable(checkThreads(*t)));
        QVERIFY2(checksFailure(*t).isEmpty(), qPrintable(checksFailure(*t)));
        QCOMPARE(test::runText(json)->outcome(), Outcome::Completed);
    }

    // Waits on readers-writer locks count for the watchdog like any other lock.
    void rwDeadlockFoundByWatchdog() {
        const char* json = R"({
          "id": "rw-deadlock", "title": "Two rwlocks in opposite order",
          "objects": [{"rwlock": "a"}, {"rwlock": "b"}],
          "roles": [
            {"name": "left", "program": [{"lock": "a"}, {"sleep": "20ms"}, {"readLock": "b"}]},
            {"name": "right", "program": [{"lock": "b"}, {"sleep": "20ms"}, {"readLock": "a"}]}
          ]})";
        QElapsedTimer clock;
        clock.start();
        const auto t = test::runText(json, {}, realOptions());
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        QCOMPARE(t->message(), test::runText(json)->message());
        QVERIFY2(checkThreads(*t).isEmpty(), qPrintable(checkThreads(*t)));
        QVERIFY2(checksFailure(*t).isEmpty(), qPrintable(checksFailure(*t)));
    }

    void errors() {
        QFETCH(QString, json);
        const auto t = test::runText(json.toStdString(), {}, realOptions());
        QCOMPARE(t->outcome(), Outcome::Error);
        const auto sim = test::runText(json.toStdString());
        QCOMPARE(sim->outcome(), Outcome::Error);
        QCOMPARE(t->message(), sim->message());
        QVERIFY2(checkThreads(*t).isEmpty(), qPrintable(checkThreads(*t)));
    }
};

QTEST_GUILESS_MAIN(TestRealEngine)
#include "tst_realengine.moc"
