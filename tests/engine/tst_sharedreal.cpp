// The shared-state scenarios on real threads, where each run differs: only invariants. A
// lock or an atomic counts every increment; without protection nothing is ever counted
// twice; the values the trace ends with are the ones in memory; the logs of the threads
// merge into streams in time order, with each variable's atomic operations in the order
// they really happened, so a lock made of atomics never shows a race.
#include "analysis/checks.h"
#include "analysis/races.h"
#include "analysis/variables.h"
#include "engine/realshared.h"
#include "format/chromejson.h"
#include "testutil.h"

#include <QtTest>

using namespace tl;
using test::runScenario;

namespace {

RunOptions realThreads() {
    RunOptions o;
    o.engine = EngineKind::Real;
    o.timeLimit = 60'000'000'000;
    return o;
}

std::int64_t value(const Trace& t, const std::string& variable) {
    return finalValue(t, std::size_t(t.findObject(variable)));
}

// The last value stored in the stream, or the initial value.
std::int64_t lastStored(const Trace& t, const std::string& variable) {
    const auto o = std::size_t(t.findObject(variable));
    return valueBefore(t, o, t.objectEvents(o).size());
}

bool inTimeOrder(const Trace& t, const std::string& object) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    for (std::size_t i = 1; i < s.size(); ++i)
        if (s[i].time < s[i - 1].time) return false;
    return true;
}

std::size_t races(const Trace& t) {
    return findRaces(t).total;
}

} // namespace

class TestSharedReal : public QObject {
    Q_OBJECT
private slots:
    void lostUpdateProtected_data() {
        QTest::addColumn<QString>("protection");
        QTest::newRow("lock") << "lock";
        QTest::newRow("atomic") << "atomic";
    }
    void lostUpdateProtected() {
        QFETCH(QString, protection);
        const auto t = runScenario("lost-update",
                                   {{"workers", "4"},
                                    {"increments", "2000"},
                                    {"think", "0"},
                                    {"protection", qPrintable(protection)}},
                                   realThreads());
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(value(*t, "counter"), std::int64_t(8000));
        QVERIFY(allPassed(runChecks(*t)));
        QVERIFY(inTimeOrder(*t, "counter"));
        // Every increment is in the stream: 8000 fetch-adds, or 8000 reads and writes.
        const std::size_t ops = t->objectEvents(std::size_t(t->findObject("counter"))).size();
        QCOMPARE(ops, std::size_t(protection == "atomic" ? 8000 : 16000));
    }

    // Unprotected, updates may be lost but never made up: the counter ends at most at the
    // number of increments, and the trace says what memory held.
    void lostUpdateNone() {
        const auto t =
            runScenario("lost-update", {{"workers", "4"}, {"increments", "5000"}, {"think", "0"}},
                        realThreads());
        QCOMPARE(t->outcome(), Outcome::Completed);
        const std::int64_t v = value(*t, "counter");
        QVERIFY(v >= 1 && v <= 20000);
        QVERIFY(t->recordedFinalValue(std::size_t(t->findObject("counter"))).has_value());
        QVERIFY(inTimeOrder(*t, "counter"));
        // Four threads with nothing between them: the race check names the counter.
        for (const CheckResult& c : runChecks(*t))
            if (c.name == "races")
                QVERIFY(!c.passed && c.detail.find("\"counter\"") != std::string::npos);
    }

    void checkThenAct() {
        const auto locked = runScenario("check-then-act", {{"variant", "locked"}}, realThreads());
        QCOMPARE(value(*locked, "balance"), std::int64_t(20));
        QVERIFY(allPassed(runChecks(*locked)));
        const auto open = runScenario("check-then-act", {}, realThreads());
        const std::int64_t b = value(*open, "balance");
        QVERIFY2(b == 20 || b == -60, qPrintable(QString::number(b)));
        QCOMPARE(lastStored(*open, "balance"), b);
    }

    // Whatever the processor reorders, the occupancy counter is atomic: it never reads more
    // than the two threads, and an assert fails exactly when it saw two inside.
    void peterson_data() {
        QTest::addColumn<QString>("variant");
        QTest::newRow("correct") << "correct";
        QTest::newRow("broken") << "broken";
        QTest::newRow("fenced") << "fenced";
        QTest::newRow("atomic") << "atomic";
    }
    void peterson() {
        QFETCH(QString, variant);
        const auto t = runScenario("peterson",
                                   {{"variant", qPrintable(variant)},
                                    {"rounds", "2000"},
                                    {"think", "0"},
                                    {"critical", "0"}},
                                   realThreads());
        // A waiting thread spins, and every look at flag and turn is an event: when the
        // system leaves the other thread off its core for a long while (a loaded machine),
        // the spinner can fill the event limit first. That is timing; what follows holds
        // for whatever was recorded.
        QVERIFY2(t->outcome() == Outcome::Completed || t->outcome() == Outcome::EventLimit,
                 t->message().c_str());
        const EventStream& in = t->objectEvents(std::size_t(t->findObject("inside")));
        if (t->outcome() == Outcome::Completed) {
            QCOMPARE(value(*t, "inside"), std::int64_t(0));
            QCOMPARE(in.size(), std::size_t(8000));
        }
        for (std::size_t i = 0; i < in.size(); ++i)
            QVERIFY(signedValue(in[i]) >= 0 && signedValue(in[i]) <= 2);
        const int assertion = t->findObject("inside == 1");
        const EventStream& failed = t->objectEvents(std::size_t(assertion));
        for (std::size_t i = 0; i < failed.size(); ++i)
            QCOMPARE(signedValue(failed[i]), 2);
#if defined(__x86_64__) || defined(__i386__)
        // With the fence between the writes and the reads the one reordering x86 makes (a
        // load overtaking the thread's own store still in the store buffer) is gone, and its
        // stores leave in program order: the fenced variant keeps the section to one thread,
        // whatever the timing. (Weaker processors also reorder the exit's store, so there this
        // stays an invariant of x86 only.)
        if (variant == "fenced") QCOMPARE(failed.size(), std::size_t(0));
#endif
        // With flag and turn atomic (seq_cst loads and stores) the algorithm holds on any
        // processor, and nothing races; the file says the variables are atomic.
        if (variant == "atomic") {
            QCOMPARE(failed.size(), std::size_t(0));
            QCOMPARE(races(*t), std::size_t(0));
            const std::string json = chromeTraceString(*t);
            QVERIFY(json.find("{\"name\":\"turn\",\"kind\":\"variable\",\"initial\":1,"
                              "\"atomic\":true}") != std::string::npos);
            const auto back = readChromeTrace(json);
            QVERIFY(back->object(std::size_t(back->findObject("flag 2"))).atomic);
            QVERIFY(!back->object(std::size_t(back->findObject("inside"))).atomic);
            QCOMPARE(races(*back), std::size_t(0));
        }
    }

    void spinLock_data() {
        QTest::addColumn<QString>("variant");
        QTest::newRow("cas") << "cas";
        QTest::newRow("ttas") << "ttas";
        QTest::newRow("mutex") << "mutex";
    }
    void spinLock() {
        QFETCH(QString, variant);
        const auto t = runScenario("spin-lock",
                                   {{"variant", qPrintable(variant)},
                                    {"workers", "4"},
                                    {"iterations", "200"},
                                    {"think", "0"},
                                    {"hold", "1us"}},
                                   realThreads());
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(value(*t, "counter"), std::int64_t(800));
        QCOMPARE(value(*t, "lock"), std::int64_t(0));
        for (const CheckResult& c : runChecks(*t))
            QVERIFY2(c.passed || !c.applies, (c.name + ": " + c.detail).c_str());
    }

    // A thread preempted between the exchange that gives a spin lock back and the clock is
    // stamped after the compare-exchange that took the lock from it. Thread a: takes the lock
    // at 10, reads and writes the counter at 20 and 30, gives the lock back (version 2) but
    // is stamped at 100; b sees the lock held at 49, takes it (version 3) at 50, reads a's 1
    // at 60. By the stamps
    // b's compare-exchange comes before a's exchange and a's write and b's read are
    // unordered; by the versions they are not, and a's exchange moves to 49.
    void mergeSharedFollowsVersions() {
        auto make = [] {
            auto t = std::make_unique<Trace>();
            t->addThread({"a", "a", 1});
            t->addThread({"b", "b", 1});
            t->addObject({ObjectKind::Variable, "lock", 0});
            t->addObject({ObjectKind::Variable, "counter", 0});
            return t;
        };
        auto at = [](Time time, int object, Op op, std::uint32_t value, std::uint32_t version,
                     Time floor) {
            return real::Logged{Event{time, value, std::uint16_t(object), std::uint8_t(op), 0},
                                version, std::uint32_t(time - floor)};
        };
        const std::vector<real::Logged> a = {
            at(10, 0, Op::CasOk, 1, 1, 0), at(20, 1, Op::Read, 0, 0, 10),
            at(30, 1, Op::Write, 1, 1, 20), at(100, 0, Op::Exchange, 0, 2, 30)};
        const std::vector<real::Logged> b = {
            at(49, 0, Op::Read, 1, 1, 0), at(50, 0, Op::CasOk, 1, 3, 49),
            at(60, 1, Op::Read, 1, 1, 50), at(70, 1, Op::Write, 2, 2, 60),
            at(80, 0, Op::Exchange, 0, 4, 70)};
        // Trusting the stamps: a false race.
        std::vector<std::pair<int, real::Logged>> all;
        for (int thread = 0; thread < 2; ++thread)
            for (const real::Logged& l : thread ? b : a)
                all.emplace_back(thread, l);
        std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
            return x.second.event.time < y.second.event.time;
        });
        const auto stamped = make();
        for (const auto& [thread, l] : all)
            stamped->operation(l.event.ref, l.event.time, l.event.op(), thread, l.event.value);
        QCOMPARE(races(*stamped), std::size_t(2)); // b's read and b's write
        const auto merged = make();
        auto a1 = a, b1 = b; // mergeShared moves the stamps in the logs
        real::mergeShared(*merged, {&a1, &b1});
        const EventStream& lock = merged->objectEvents(0);
        // b's look at the lock, which saw it held (version 1), goes before a's exchange too.
        QCOMPARE(lock.size(), std::size_t(5));
        const std::vector<std::pair<Time, int>> expected = {
            {10, 0}, {48, 1}, {49, 0}, {50, 1}, {80, 1}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(lock[i].time, expected[i].first);
            QCOMPARE(int(lock[i].ref), expected[i].second);
        }
        QCOMPARE(races(*merged), std::size_t(0));
        // A stamp moves no further back than just after the thread's event before it.
        std::vector<real::Logged> late = a;
        late[3].sinceFloor = 100 - 55;
        const auto clamped = make();
        auto b2 = b;
        real::mergeShared(*clamped, {&late, &b2});
        QCOMPARE(clamped->objectEvents(0)[1].time, Time(49));
        QCOMPARE(clamped->objectEvents(0)[2].time, Time(50));
        QCOMPARE(int(clamped->objectEvents(0)[3].ref), 0);
        QCOMPARE(clamped->objectEvents(0)[3].time, Time(56));
    }

    // Locks made of atomics and mutexes, run many times: the race check never fires. Before
    // the versions about one spin-lock run in fifteen here showed a false race on the counter.
    void locksNeverRace_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("variant");
        QTest::newRow("spin-lock cas") << "spin-lock"
                                       << "variant"
                                       << "cas";
        QTest::newRow("spin-lock ttas") << "spin-lock"
                                        << "variant"
                                        << "ttas";
        QTest::newRow("spin-lock mutex") << "spin-lock"
                                         << "variant"
                                         << "mutex";
        QTest::newRow("lost-update lock") << "lost-update"
                                          << "protection"
                                          << "lock";
        QTest::newRow("lost-update atomic") << "lost-update"
                                            << "protection"
                                            << "atomic";
    }
    void locksNeverRace() {
        QFETCH(QString, scenario);
        QFETCH(QString, parameter);
        QFETCH(QString, variant);
        const bool spin = scenario == "spin-lock";
        for (int run = 0; run < 50; ++run) {
            const auto t = runScenario(qPrintable(scenario),
                                       {{qPrintable(parameter), qPrintable(variant)},
                                        {"workers", "4"},
                                        {spin ? "iterations" : "increments", "200"},
                                        {"think", "0"}},
                                       realThreads());
            QCOMPARE(t->outcome(), Outcome::Completed);
            QCOMPARE(value(*t, "counter"), std::int64_t(800));
            QVERIFY(inTimeOrder(*t, "counter"));
            if (spin) QVERIFY(inTimeOrder(*t, "lock"));
            const RaceReport r = findRaces(*t);
            if (r.total > 0)
                QFAIL((std::to_string(r.total) + " races in run " + std::to_string(run) +
                       ", first " + describeRace(*t, r.races.front()))
                          .c_str());
        }
    }

    // A real run's trace, written and read back: the variables' final values travel in
    // otherData.variables and the same file comes out again.
    void exportRoundTrip() {
        const auto t = runScenario("lost-update", {{"think", "0"}}, realThreads());
        const std::string json = chromeTraceString(*t);
        QVERIFY(json.find("\"variables\":{\"counter\":") != std::string::npos);
        const auto back = readChromeTrace(json);
        QCOMPARE(value(*back, "counter"), value(*t, "counter"));
        QCOMPARE(chromeTraceString(*back), json);
    }
};

QTEST_GUILESS_MAIN(TestSharedReal)
#include "tst_sharedreal.moc"
