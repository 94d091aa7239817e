// The explorer: every schedule of small programs counted as by hand, the outcomes of the
// bundled lessons (lost updates, philosophers, Peterson), the bound and the reductions, the
// shortest failing schedule, and its replay as an ordinary trace.
#include "analysis/checks.h"
#include "experiment/explore.h"
#include "experiment/exploretext.h"
#include "exploretest.h"
#include "format/chromejson.h"
#include "scenario/catalog.h"

#include <QtTest>

#include <map>

using namespace tl;
using test::outcomes;
using test::program;

namespace {

Program programText(const std::string& text) {
    const Scenario s = parseScenario(text, "test.json");
    return compile(s, defaultValues(s));
}

ExploreOptions unbounded(bool hashing = true, bool sleepSets = false) {
    ExploreOptions o;
    o.bound = kNoBound;
    o.stateHashing = hashing;
    o.sleepSets = sleepSets;
    return o;
}

// Two threads of k atomic steps each: on a variable of their own (independent) or on one
// they share (every step depends on every step of the other).
std::string twoThreads(int k, bool shared) {
    return R"({"id": "two", "title": "Two threads",
      "objects": [ {"variable": "x", "count": 2} ],
      "roles": [ {"name": "t", "count": 2, "program": [
        {"repeat": )" +
           std::to_string(k) + R"(, "do": [ {"fetch-add": ")" +
           (shared ? std::string("x[1]") : std::string("x[$index]")) + R"("} ]} ]} ]})";
}

std::uint64_t binomial(int n, int k) {
    std::uint64_t r = 1;
    for (int i = 1; i <= k; ++i)
        r = r * std::uint64_t(n - k + i) / std::uint64_t(i);
    return r;
}

// Every interleaving of two workers doing `n` times counter += 1 (a read, then a write of what
// was read plus one), enumerated directly: final value -> interleavings.
std::map<std::int64_t, std::uint64_t> byHand(int n) {
    std::map<std::int64_t, std::uint64_t> out;
    std::function<void(int, int, std::int64_t, std::int64_t, std::int64_t)> go =
        [&](int a, int b, std::int64_t counter, std::int64_t ra, std::int64_t rb) {
            if (a == 2 * n && b == 2 * n) {
                ++out[counter];
                return;
            }
            if (a < 2 * n) // even: read, odd: write
                a % 2 == 0 ? go(a + 1, b, counter, counter, rb) : go(a + 1, b, ra + 1, ra, rb);
            if (b < 2 * n)
                b % 2 == 0 ? go(a, b + 1, counter, ra, counter) : go(a, b + 1, rb + 1, ra, rb);
        };
    go(0, 0, 0, 0, 0);
    return out;
}

const char* const kTimedWait = R"({"id": "timed", "title": "A wait with a timeout",
  "objects": [ {"event": "go"}, {"variable": "late"} ],
  "roles": [
    {"name": "setter", "program": [ {"sleep": "5ms"}, {"set": "go"} ]},
    {"name": "waiter", "program": [
      {"wait": "go", "timeout": "1ms", "then": [], "else": [ {"write": "late", "value": 1} ]} ]} ]})";

} // namespace

class TestExplore : public QObject {
    Q_OBJECT
private slots:
    // Two workers, one increment each, unprotected: 6 schedules of read and write; the 4 that
    // put both reads before a write lose an increment.
    void lostUpdateUnprotected() {
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        QVERIFY(r.exact);
        QVERIFY(!r.boundCut); // two preemptions are enough for all six
        QCOMPARE(r.schedules, 6u);
        QCOMPARE(outcomes(r),
                 (std::map<std::string, std::uint64_t>{{"counter=1", 4}, {"counter=2", 2}}));
        QCOMPARE(r.failingSchedules(), 4u);
        QCOMPARE(r.failures.size(), 2u);
        const ExploreFailure& f = r.failures[0];
        QCOMPARE(f.kind, FailureKind::Expect);
        QCOMPARE(f.what, std::string("counter ends 1, expected 2"));
        QCOMPARE(f.steps, 4u);
        QVERIFY(f.shortest);
        const std::vector<std::string> words = describeSchedule(p, f.schedule);
        QCOMPARE(words, (std::vector<std::string>{"worker 1 reads 0", "worker 2 reads 0",
                                                  "worker 1 writes 1", "worker 2 writes 1"}));
        QCOMPARE(r.failures[1].kind, FailureKind::Race);
        QCOMPARE(r.failures[1].what,
                 std::string("data race on counter: worker 1's write and worker 2's read can "
                             "come in either order"));
        QCOMPARE(r.failures[1].steps, 3u); // worker 1 reads, then its write and 2's read
    }

    // An increment of an atomic variable is still a load, an add and a store: nothing races,
    // and an update is still lost (x.store(x.load() + 1)).
    void atomicVariableIncrement() {
        const Program p = programText(R"({"id": "ai", "title": "t",
          "objects": [{"variable": "x", "atomic": true, "expect": 2}],
          "roles": [{"name": "w", "count": 2, "program": [{"increment": "x"}]}]})");
        const ExploreReport r = explore(p);
        QCOMPARE(outcomes(r), (std::map<std::string, std::uint64_t>{{"x=1", 4}, {"x=2", 2}}));
        QCOMPARE(r.failures.size(), 1u);
        QCOMPARE(r.failures[0].kind, FailureKind::Expect);
    }

    void lostUpdateProtected_data() {
        QTest::addColumn<QString>("protection");
        QTest::newRow("lock") << "lock";
        QTest::newRow("atomic") << "atomic";
    }
    void lostUpdateProtected() {
        QFETCH(QString, protection);
        const std::string value = protection.toStdString();
        const Program p = program(
            "lost-update", {{"workers", "2"}, {"increments", "1"}, {"protection", value.c_str()}});
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        QCOMPARE(outcomes(r).size(), 1u);
        QVERIFY(outcomes(r).count("counter=2"));
        QVERIFY(r.failures.empty());
        QCOMPARE(r.failingSchedules(), 0u);
    }

    // Two workers of two increments: every interleaving, counted the same by hand, with and
    // without state hashing (which explores fewer states but counts every schedule).
    void outcomesCountedExactly() {
        const auto expected = byHand(2);
        QCOMPARE(expected.size(), 3u); // 2, 3 or 4
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "2"}});
        std::map<std::string, std::uint64_t> want;
        for (const auto& [value, n] : expected)
            want["counter=" + std::to_string(value)] = n;
        const ExploreReport hashed = explore(p, unbounded(true));
        const ExploreReport plain = explore(p, unbounded(false));
        QCOMPARE(outcomes(hashed), want);
        QCOMPARE(outcomes(plain), want);
        QCOMPARE(plain.schedules, binomial(8, 4));
        QCOMPARE(plain.runs, binomial(8, 4));
        QVERIFY(hashed.runs < plain.runs);
        QVERIFY(hashed.states < plain.states);
    }

    // k independent atomic steps in each of two threads: C(2k, k) interleavings without
    // reduction, a single one with sleep sets; on a shared variable every step depends on the
    // others' and sleep sets keep them all. A preemption bound keeps those with at most that
    // many switches away from a thread that could go on. For k = 3: the schedules of r runs of
    // one thread switch r - 1 times, the last of them free (the thread before it has ended),
    // so r - 2 preemptions; 2 schedules of 2 runs, 4 of 3, 8 of 4, 4 of 5 and 2 of 6.
    void interleavingsByHand_data() {
        QTest::addColumn<int>("k");
        for (int k = 1; k <= 4; ++k)
            QTest::addRow("k=%d", k) << k;
    }
    void interleavingsByHand() {
        QFETCH(int, k);
        const Program independent = programText(twoThreads(k, false));
        const Program shared = programText(twoThreads(k, true));
        QCOMPARE(explore(independent, unbounded(false)).schedules, binomial(2 * k, k));
        QCOMPARE(explore(independent, unbounded(false)).runs, binomial(2 * k, k));
        const ExploreReport hashed = explore(independent, unbounded(true));
        QCOMPARE(hashed.schedules, binomial(2 * k, k));
        QCOMPARE(hashed.states, std::uint64_t((k + 1) * (k + 1) - 1)); // the last one ends
        const ExploreReport reduced = explore(independent, unbounded(false, true));
        QVERIFY(reduced.sleepSets);
        QCOMPARE(reduced.schedules, 1u);
        QVERIFY(!reduced.exact);
        QCOMPARE(explore(shared, unbounded(false, true)).schedules, binomial(2 * k, k));
        QCOMPARE(explore(shared, unbounded(true, true)).schedules, binomial(2 * k, k));
    }

    void preemptionBound_data() {
        QTest::addColumn<int>("bound");
        QTest::addColumn<int>("schedules");
        QTest::addColumn<bool>("cut");
        QTest::newRow("0") << 0 << 2 << true;
        QTest::newRow("1") << 1 << 6 << true;
        QTest::newRow("2") << 2 << 14 << true;
        QTest::newRow("3") << 3 << 18 << true;
        QTest::newRow("4") << 4 << 20 << false;
        QTest::newRow("none, reduced") << kNoBound << 1 << false;
    }
    void preemptionBound() {
        QFETCH(int, bound);
        QFETCH(int, schedules);
        QFETCH(bool, cut);
        ExploreOptions o;
        o.bound = bound;
        o.sleepSets = true; // used only without a bound: then one schedule is enough
        const ExploreReport r = explore(programText(twoThreads(3, false)), o);
        QCOMPARE(r.schedules, std::uint64_t(schedules));
        QCOMPARE(r.boundCut, cut);
        QCOMPARE(r.sleepSets, bound == kNoBound);
        QVERIFY(r.complete);
    }

    void philosophers_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<bool>("deadlock");
        QTest::newRow("naive") << "naive" << true;
        QTest::newRow("ordered") << "ordered" << false;
        QTest::newRow("waiter") << "waiter" << false;
    }
    void philosophers() {
        QFETCH(QString, strategy);
        QFETCH(bool, deadlock);
        const std::string value = strategy.toStdString();
        const Program p =
            program("dining-philosophers", {{"philosophers", "3"}, {"strategy", value.c_str()}});
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        QCOMPARE(r.failure() != nullptr, deadlock);
        if (!deadlock) {
            QCOMPARE(outcomes(r).size(), 1u);
            QVERIFY(outcomes(r).count("completed"));
            return;
        }
        const ExploreFailure& f = *r.failure();
        QCOMPARE(f.kind, FailureKind::Deadlock);
        QCOMPARE(f.steps, 6u); // three first forks, then three reaches for the second
        QCOMPARE(f.what, std::string("a deadlock: philosopher 1 waits for fork 2, philosopher 2 "
                                     "waits for fork 3, philosopher 3 waits for fork 1"));
        QVERIFY(outcomes(r).count("deadlock"));
    }

    // A condition's wakeup lost: the waiter looks at the flag outside the lock, the signaller
    // sets it and notifies before the waiter waits, and the waiter waits for ever.
    void lostWakeup() {
        const Program p = programText(R"({"id": "lost-wakeup", "title": "A lost wakeup",
          "objects": [ {"variable": "ready"}, {"mutex": "m"}, {"condition": "c", "mutex": "m"} ],
          "roles": [
            {"name": "waiter", "program": [ {"read": "ready", "into": "r"},
              {"if": "r == 0", "then": [ {"lock": "m"}, {"wait": "c"}, {"unlock": "m"} ]} ]},
            {"name": "signaller", "program": [ {"write": "ready", "value": 1}, {"lock": "m"},
              {"notify": "c"}, {"unlock": "m"} ]} ]})");
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        QCOMPARE(outcomes(r),
                 (std::map<std::string, std::uint64_t>{{"ready=1", 8}, {"deadlock, ready=1", 3}}));
        QCOMPARE(r.failure()->kind, FailureKind::Deadlock);
        QCOMPARE(r.failure()->what, std::string("a deadlock: waiter waits on c"));
        QCOMPARE(
            describeSchedule(p, r.failure()->schedule),
            (std::vector<std::string>{"waiter reads 0", "signaller writes 1", "signaller locks m",
                                      "waiter waits for m", "signaller notifies c (wakes 0)",
                                      "signaller unlocks m", "waiter waits on c"}));
        const auto trace = replay(p, r.failure()->schedule);
        QCOMPARE(trace->outcome(), Outcome::Deadlock);
    }

    void peterson_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("bothInside");
        QTest::newRow("broken") << "broken" << true;
        QTest::newRow("correct") << "correct" << false;
        QTest::newRow("fenced") << "fenced" << false;
        QTest::newRow("atomic") << "atomic" << false;
    }
    void peterson() {
        QFETCH(QString, variant);
        QFETCH(bool, bothInside);
        const std::string value = variant.toStdString();
        const Program p = program("peterson", {{"variant", value.c_str()}, {"rounds", "2"}});
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        bool assertFailed = false;
        for (const ExploreFailure& f : r.failures)
            assertFailed = assertFailed || f.kind == FailureKind::Assert;
        QCOMPARE(assertFailed, bothInside);
        for (const ExploreOutcome& o : r.outcomes)
            QCOMPARE(o.assertFailed, bothInside && o.assertFailed);
        if (bothInside) {
            QCOMPARE(r.failure()->kind, FailureKind::Assert);
            QCOMPARE(r.failure()->what, std::string("the assert inside == 1 fails"));
        }
        // Plain reads and writes of flag and turn race in every variant but the atomic one, as
        // the race check says of every run; with atomic flag and turn nothing fails.
        if (variant == "atomic")
            QVERIFY(r.failures.empty());
        else
            QCOMPARE(r.failures.back().kind, FailureKind::Race);
    }

    // The scenario's goals: found by the search for them, the shortest path from anywhere.
    void goals() {
        const Program broken = program("peterson", {{"variant", "broken"}, {"rounds", "1"}});
        QCOMPARE(broken.goals.size(), 1u);
        QCOMPARE(broken.goals[0].name, std::string("both in the critical section"));
        ExploreOptions o;
        o.goal = 0;
        const ExploreReport r = explore(broken, o);
        QCOMPARE(r.failures.size(), 1u);
        QCOMPARE(r.failure()->kind, FailureKind::Goal);
        QCOMPARE(r.failure()->what, std::string("both in the critical section"));
        // Each looks, sees the other's flag down, raises its own, and goes in.
        const auto path = pathToGoal(broken, {}, 0);
        QVERIFY(path);
        QCOMPARE(describeSchedule(broken, *path),
                 (std::vector<std::string>{
                     "thread 1 reads 0 from flag 2", "thread 2 reads 0 from flag 1",
                     "thread 2 writes 1 to flag 2", "thread 2 atomically adds to inside (now 1)",
                     "thread 1 writes 1 to flag 1", "thread 1 atomically adds to inside (now 2)"}));
        QCOMPARE(r.failure()->steps, path->size());
        // Once thread 1 has looked, thread 2 can still look before thread 1 raises its flag;
        // once it has raised it, thread 2 will see it up, and wait.
        const auto later = pathToGoal(broken, {0}, 0);
        QVERIFY(later);
        QCOMPARE(later->size(), 5u);
        QVERIFY(!pathToGoal(broken, {0, 0}, 0));
        QVERIFY(!pathToGoal(program("peterson", {{"variant", "correct"}, {"rounds", "1"}}), {}, 0));

        const Program lost = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        QCOMPARE(lost.goals[0].name, std::string("lose an update"));
        const auto losing = pathToGoal(lost, {}, 0);
        QVERIFY(losing);
        QCOMPARE(losing->size(), 4u);
        const Program naive = program("dining-philosophers", {{"philosophers", "3"}});
        QCOMPARE(pathToGoal(naive, {}, 0)->size(), 6u);

        // Nothing found: because nothing can be (every state seen), or because a limit came
        // first (the hint says which).
        bool exhausted = false;
        QVERIFY(!pathToGoal(lost, {0, 0}, 0, {}, &exhausted)); // worker 1 wrote before 2 read
        QVERIFY(exhausted);
        ExploreOptions few;
        few.maxStates = 3;
        const Program big = program("lost-update", {{"workers", "3"}, {"increments", "2"}});
        QVERIFY(!pathToGoal(big, {}, 0, few, &exhausted));
        QVERIFY(!exhausted);
        QVERIFY(pathToGoal(big, {}, 0, {}, &exhausted));
        QVERIFY(!exhausted);
    }

    // Step as Scheduler: who can go next, and what they would do.
    void point() {
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        ExplorePoint at = explorePoint(p, {});
        QVERIFY(at.steps.empty());
        QCOMPARE(at.choices.size(), 2u);
        QCOMPARE(at.choices[0].words, std::string("worker 1: read counter"));
        QCOMPARE(at.choices[1].words, std::string("worker 2: read counter"));
        at = explorePoint(p, {0});
        QCOMPARE(at.steps, (std::vector<std::string>{"worker 1 reads 0"}));
        QCOMPARE(at.choices[0].words, std::string("worker 1: write counter"));
        at = explorePoint(p, {0, 1, 0, 1});
        QVERIFY(at.choices.empty());
        QCOMPARE(at.end, Outcome::Completed);
        QCOMPARE(at.ending, std::string("counter=1"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explorePoint(p, {0, 0, 0}));
    }

    // A failing schedule replayed with the scenario's durations: an ordinary trace whose
    // checks report the failure, the same bytes twice, its schedule kept through a file.
    void replayIsATrace() {
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        const ExploreReport r = explore(p);
        const std::vector<int>& schedule = r.failure()->schedule;
        const auto first = replay(p, schedule);
        const auto second = replay(p, schedule);
        QCOMPARE(first->outcome(), Outcome::Completed);
        QCOMPARE(first->info().schedule, schedule);
        const std::string json = chromeTraceString(*first);
        QCOMPARE(chromeTraceString(*second), json);
        QVERIFY(json.find("\"schedule\":[1,2,1,2]") != std::string::npos);
        const auto checks = runChecks(*first);
        bool asserts = false, races = false;
        for (const CheckResult& c : checks) {
            if (c.name == "asserts") asserts = !c.passed;
            if (c.name == "races") races = !c.passed;
        }
        QVERIFY(asserts);
        QVERIFY(races);
        const int counter = first->findObject("counter");
        QCOMPARE(first->recordedFinalValue(std::size_t(counter)).value_or(-1), 1);
        const auto back = readChromeTrace(json);
        QCOMPARE(back->info().schedule, schedule);
        QCOMPARE(chromeTraceString(*back), json);
    }

    // Stepping by hand: a prefix replayed with stopAtScheduleEnd stops where it ends, the
    // threads waiting (runnable) for the scheduler, and shows only the steps taken.
    void replayStopsAtScheduleEnd() {
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        RunOptions o;
        o.stopAtScheduleEnd = true;
        const auto start = replay(p, {}, o);
        QCOMPARE(start->outcome(), Outcome::Cancelled);
        QCOMPARE(start->message(), std::string("waiting for the scheduler after step 0 of the "
                                               "schedule"));
        const int counter = start->findObject("counter");
        QCOMPARE(start->objectEvents(std::size_t(counter)).size(), 0u); // nobody read yet
        const auto reads = replay(p, {0, 1}, o);
        QCOMPARE(reads->outcome(), Outcome::Cancelled);
        QCOMPARE(reads->message(), std::string("waiting for the scheduler after step 2 of the "
                                               "schedule"));
        QCOMPARE(reads->info().schedule, (std::vector<int>{0, 1}));
        QCOMPARE(reads->objectEvents(std::size_t(counter)).size(), 2u); // the two reads
        for (const char* name : {"worker 1", "worker 2"}) {
            const EventStream& e = reads->threadEvents(std::size_t(reads->findThread(name)));
            QCOMPARE(e.back().state(), ThreadState::Runnable); // waiting to write
            QCOMPARE(e.back().reason(), Reason::Turn);         // for its turn, not a core
            QVERIFY(e.back().time < reads->endTime());         // and seen so
        }
        // The same bytes twice; each step adds to the one before.
        QCOMPARE(chromeTraceString(*replay(p, {0, 1}, o)), chromeTraceString(*reads));
        QVERIFY(reads->eventCount() > start->eventCount());
        // A schedule that ends the run: completed, as without the stop.
        const auto whole = replay(p, {0, 1, 0, 1}, o);
        QCOMPARE(whole->outcome(), Outcome::Completed);
        QCOMPARE(whole->recordedFinalValue(std::size_t(counter)).value_or(-1), 1);
        // The philosophers deadlocked on the last step: a deadlock, not a wait.
        const Program d = program("dining-philosophers", {{"philosophers", "3"}});
        const auto stuck = replay(d, explore(d).failure()->schedule, o);
        QCOMPARE(stuck->outcome(), Outcome::Deadlock);
    }

    // A deadlock replayed: the cycle named, as any run names it.
    void replayDeadlock() {
        const Program p = program("dining-philosophers", {{"philosophers", "3"}});
        const ExploreReport r = explore(p);
        const auto trace = replay(p, r.failure()->schedule);
        QCOMPARE(trace->outcome(), Outcome::Deadlock);
        QVERIFY2(trace->message().find("philosopher 1 holds fork 1") != std::string::npos,
                 trace->message().c_str());
    }

    // A schedule that cannot be followed ends the run with an error saying where.
    void replayUnfollowable() {
        const Program p = program("lost-update", {{"workers", "2"}, {"increments", "1"}});
        const auto trace = replay(p, {0, 0, 0});
        QCOMPARE(trace->outcome(), Outcome::Error);
        QCOMPARE(trace->message(), std::string("the schedule cannot be followed: its step 3 of 3 "
                                               "is worker 1's, who has finished"));
        QCOMPARE(replay(p, {0, 5})->outcome(), Outcome::Error);
    }

    // A wait with a timeout: timing out is a choice like any other, and a replay makes it
    // happen where the schedule says, with the durations it has.
    void timedWait() {
        const Program p = programText(kTimedWait);
        const ExploreReport r = explore(p, unbounded(false));
        // The set first (then the wait finds it set), or the wait first, woken by the set; or
        // the timeout, with the write before the set or after it.
        QCOMPARE(outcomes(r), (std::map<std::string, std::uint64_t>{{"late=0", 2}, {"late=1", 2}}));
        for (const ExploreOutcome& o : r.outcomes) {
            const auto trace = replay(p, o.example);
            QCOMPARE(trace->outcome(), Outcome::Completed);
            QCOMPARE(trace->recordedFinalValue(std::size_t(trace->findObject("late"))).value(),
                     o.values[0]);
        }
    }

    // Counts of schedules in the report: exact up to a billion, then three digits and a power
    // of ten (five philosophers count past 10^18); the ceiling means the count overflowed.
    void countsInWords() {
        QCOMPARE(scheduleCountText(6), std::string("6"));
        QCOMPARE(scheduleCountText(999'999'999), std::string("999999999"));
        QCOMPARE(scheduleCountText(1'000'000'000), std::string("1.00 \u00d7 10\u2079"));
        QCOMPARE(scheduleCountText(9'959'590'000'000), std::string("9.96 \u00d7 10\u00b9\u00b2"));
        QCOMPARE(scheduleCountText(13317124976552755663ull),
                 std::string("1.33 \u00d7 10\u00b9\u2079"));
        QCOMPARE(scheduleCountText(UINT64_MAX),
                 std::string("more than 1.84 \u00d7 10\u00b9\u2079"));
    }

    // Six naive philosophers deadlock 12 steps from the start, in orders the depth-first
    // search does not come to in its first 100,000 schedules (it goes deep first): once the
    // limit stops it, the failure nearest the start is looked for breadth first, and found.
    void nearestFailureAfterALimit() {
        const Program p = program("dining-philosophers", {{"philosophers", "6"}});
        ExploreOptions o;
        o.maxSchedules = 100'000;
        const ExploreReport r = explore(p, o);
        QCOMPARE(r.stopped, ExploreStop::MaxSchedules);
        QCOMPARE(r.outcomes.size(), std::size_t(1)); // all it counted completed
        QVERIFY(!r.outcomes[0].fails());
        QCOMPARE(r.failures.size(), std::size_t(1));
        const ExploreFailure& f = r.failures[0];
        QCOMPARE(f.kind, FailureKind::Deadlock);
        QVERIFY(f.pastTheSearch && f.shortest);
        QCOMPARE(f.steps, std::size_t(12));
        QCOMPARE(replay(p, f.schedule)->outcome(), Outcome::Deadlock);
        // Eight: 16 steps away, past levels of more than 16,384 states, whose machines the
        // breadth-first search makes again from their paths.
        const Program eight = program("dining-philosophers", {{"philosophers", "8"}});
        const ExploreReport far = explore(eight, o);
        QCOMPARE(far.failures.size(), std::size_t(1));
        QVERIFY(far.failures[0].pastTheSearch);
        QCOMPARE(far.failures[0].steps, std::size_t(16));
        QCOMPARE(replay(eight, far.failures[0].schedule)->outcome(), Outcome::Deadlock);
        // A cancelled search is left as it was: nothing more is looked for.
        std::atomic<bool> cancel{true};
        o.cancel = &cancel;
        QVERIFY(explore(p, o).failures.empty());
    }

    // The limits end the search, said; the progress is reported; a goal out of range is refused.
    void limits() {
        const Program p = program("lost-update", {{"workers", "3"}, {"increments", "2"}});
        ExploreOptions o;
        o.maxSchedules = 10;
        ExploreReport r = explore(p, o);
        QCOMPARE(r.stopped, ExploreStop::MaxSchedules);
        QVERIFY(!r.complete);
        QCOMPARE(r.runs, 10u);

        std::atomic<bool> cancel{true};
        o = ExploreOptions{};
        o.cancel = &cancel;
        QCOMPARE(explore(p, o).stopped, ExploreStop::Cancelled);

        o = ExploreOptions{};
        o.maxDepth = 5;
        r = explore(p, o);
        QCOMPARE(r.stopped, ExploreStop::MaxDepth);
        QVERIFY(!r.complete);

        // A search of seconds (4 philosophers: 3.2 M states) reports its progress, and a
        // cancel set from the report ends it there.
        std::atomic<bool> stop{false};
        std::vector<ExploreProgress> reports;
        o = ExploreOptions{};
        o.cancel = &stop;
        o.progress = [&](const ExploreProgress& pr) {
            reports.push_back(pr);
            stop = true;
        };
        r = explore(
            program("dining-philosophers", {{"philosophers", "4"}, {"strategy", "ordered"}}), o);
        QCOMPARE(r.stopped, ExploreStop::Cancelled);
        QVERIFY(!r.complete);
        QCOMPARE(reports.size(), 1u);
        QVERIFY(reports[0].states > 0 && reports[0].states <= r.states);
        QVERIFY(reports[0].runs > 0 && reports[0].depth > 0);
        QVERIFY(reports[0].statesPerSecond > 0 && reports[0].seconds > 0);
        QVERIFY(r.states < 3'000'000);

        o = ExploreOptions{};
        o.goal = 3;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explore(p, o));
    }
};

QTEST_GUILESS_MAIN(TestExplore)
#include "tst_explore.moc"
