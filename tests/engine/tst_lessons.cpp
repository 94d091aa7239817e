// The classic lessons, each with exact expectations on the simulated engine: the GIL
// convoy, thread-per-task behind a bounded queue vs a worker pool, readers-writers,
// dining philosophers, signalling, try-lock polling, an aborted barrier, and a server.
#include "analysis/checks.h"
#include "analysis/summary.h"
#include "testutil.h"

#include <QtTest>
#include <algorithm>
#include <map>

using namespace tl;
using test::runScenario;

namespace {

constexpr Time ms = 1'000'000;
using Params = std::initializer_list<std::pair<const char*, const char*>>;

// The most threads of a role that are in `state` at the same instant.
int peakIn(const Trace& t, const std::string& role, ThreadState state) {
    std::map<Time, int> delta; // +1 at the start of such an interval, -1 at its end
    for (std::size_t th = 0; th < t.threadCount(); ++th) {
        if (t.thread(th).role != role) continue;
        for (std::size_t i = 0; i < t.intervalCount(th); ++i) {
            const auto iv = t.interval(th, i);
            if (iv.state == state && iv.range.delta() > 0) {
                ++delta[iv.range.start];
                --delta[iv.range.end];
            }
        }
    }
    int level = 0, peak = 0;
    for (const auto& [time, d] : delta)
        peak = std::max(peak, level += d);
    return peak;
}

// The most threads of a role alive (started, not ended) at the same instant.
int peakAlive(const Trace& t, const std::string& role) {
    std::map<Time, int> delta;
    for (std::size_t th = 0; th < t.threadCount(); ++th)
        if (t.thread(th).role == role && t.intervalCount(th) > 0) {
            ++delta[t.interval(th, 0).range.start];
            --delta[t.interval(th, t.intervalCount(th) - 1).range.end];
        }
    int level = 0, peak = 0;
    for (const auto& [time, d] : delta)
        peak = std::max(peak, level += d);
    return peak;
}

// How many threads of a role are in `state` at time `at`.
int countAt(const Trace& t, const std::string& role, ThreadState state, Time at) {
    int n = 0;
    for (std::size_t th = 0; th < t.threadCount(); ++th) {
        if (t.thread(th).role != role) continue;
        const long i = t.intervalAt(th, at);
        n += i >= 0 && t.interval(th, std::size_t(i)).state == state;
    }
    return n;
}

Time longestWait(const Trace& t, const std::string& role) {
    Time longest = 0;
    for (std::size_t th = 0; th < t.threadCount(); ++th)
        if (t.thread(th).role == role)
            for (std::size_t i = 0; i < t.intervalCount(th); ++i) {
                const auto iv = t.interval(th, i);
                if (iv.state == ThreadState::Blocked || iv.state == ThreadState::Waiting)
                    longest = std::max(longest, iv.range.delta());
            }
    return longest;
}

int countOps(const Trace& t, const std::string& object, Op op, std::uint8_t flags = 0) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        n += s[i].op() == op && (s[i].arg & flags) == flags;
    return n;
}

// What keeps a run from being a completed one with every check passing; empty if nothing.
QString notCompleted(const Trace& t) {
    QStringList problems;
    if (t.outcome() != Outcome::Completed)
        problems << QString::fromStdString(t.info().scenarioId + " ended " +
                                           std::string(outcomeName(t.outcome())) + ": " +
                                           t.message());
    for (const CheckResult& c : runChecks(t))
        if (!c.passed)
            problems << QString::fromStdString(t.info().scenarioId + ": check " + c.name +
                                               " failed: " + c.detail);
    return problems.join("; ");
}

// Runs a bundled scenario into `name` and fails the test unless the run completed with
// every check passing: each lesson below is about a run that went the whole way.
#define COMPLETED(name, ...)                                                                       \
    const std::unique_ptr<Trace> name = runScenario(__VA_ARGS__);                                  \
    QVERIFY2(notCompleted(*name).isEmpty(), qPrintable(notCompleted(*name)))

} // namespace

class TestLessons : public QObject {
    Q_OBJECT
private slots:
    void gilCpuBoundDoesNotSpeedUp() {
        COMPLETED(one, "gil-convoy", {{"threads", "1"}});
        COMPLETED(two, "gil-convoy", {{"threads", "2"}});
        COMPLETED(ten, "gil-convoy", {{"threads", "10"}});
        QCOMPARE(one->endTime(), 2400 * ms); // ten tasks of 240 ms, one after the other
        QVERIFY(two->endTime() >= one->endTime());
        QVERIFY(ten->endTime() >= two->endTime());
        QVERIFY(ten->endTime() > 4000 * ms); // the convoy: over 4 s with ten threads
        QCOMPARE(peakIn(*ten, "thread", ThreadState::Working), 1); // one at a time
        // the switch cost is what makes it slower
        COMPLETED(cheap, "gil-convoy", {{"threads", "10"}, {"switchCost", "0"}});
        QCOMPARE(cheap->endTime(), 2400 * ms);
    }
    void gilIoBoundOverlaps() {
        COMPLETED(one, "gil-convoy", {{"threads", "1"}, {"kind", "io"}});
        COMPLETED(ten, "gil-convoy", {{"threads", "10"}, {"kind", "io"}});
        QCOMPARE(one->endTime(), 2400 * ms);
        QCOMPARE(ten->endTime(), 240 * ms);
    }
    void gilMixedIsFasterOnTwoSlowerOnTen() {
        COMPLETED(one, "gil-convoy", {{"threads", "1"}, {"kind", "mixed"}});
        COMPLETED(two, "gil-convoy", {{"threads", "2"}, {"kind", "mixed"}});
        COMPLETED(ten, "gil-convoy", {{"threads", "10"}, {"kind", "mixed"}});
        QVERIFY(two->endTime() < one->endTime());
        QVERIFY(ten->endTime() > one->endTime());
    }
    void gilOffUsesTheCores() {
        COMPLETED(t, "gil-convoy", {{"threads", "4"}, {"gil", "false"}});
        QCOMPARE(t->endTime(), 720 * ms); // 3, 3, 2, 2 tasks of 240 ms on four cores
        QCOMPARE(peakIn(*t, "thread", ThreadState::Working), 4);
    }

    void threadPerTaskOvershootsTheQueue() {
        for (const char* seed : {"1", "2", "3"}) {
            RunOptions o;
            o.seed = std::uint64_t(std::atoi(seed));
            COMPLETED(t, "bounded-thread-per-task", {{"capacity", "3"}}, o);
            QCOMPARE(peakIn(*t, "download", ThreadState::Io), 5); // 3 queued + 1 joined + 1 started
        }
        COMPLETED(one, "bounded-thread-per-task", {{"capacity", "1"}});
        QCOMPARE(peakIn(*one, "download", ThreadState::Io), 3);
    }
    void slowHeadHoldsBackTheRest() {
        // the consumer joins in order: while it waits for the slow download, the producer
        // waits for room in the queue
        COMPLETED(t, "bounded-thread-per-task", {});
        const Time slowEnd = [&] {
            const int th = t->findThread("download 5");
            return t->interval(std::size_t(th), t->intervalCount(std::size_t(th)) - 1).range.end;
        }();
        QVERIFY(longestWait(*t, "producer") > 100 * ms);
        QVERIFY(longestWait(*t, "consumer") > 100 * ms);
        QVERIFY(slowEnd > 200 * ms);
    }

    void workerPoolKeepsExactlyNBusy() {
        COMPLETED(t, "worker-pool", {{"workers", "4"}});
        QCOMPARE(peakIn(*t, "worker", ThreadState::Io), 4);
        // until the last URL is taken, all four workers are downloading
        const EventStream& urls = t->objectEvents(std::size_t(t->findObject("urls")));
        Time lastGet = 0;
        for (std::size_t i = 0; i < urls.size(); ++i)
            if (urls[i].op() == Op::Get) lastGet = urls[i].time;
        for (Time at = 1; at < lastGet; at += ms / 4)
            QCOMPARE(countAt(*t, "worker", ThreadState::Io, at), 4);
        QCOMPARE(countOps(*t, "results", Op::Get), 16);
    }

    void readersFirstStarvesWriters() {
        COMPLETED(readers, "readers-writers", {{"policy", "readers"}});
        COMPLETED(fair, "readers-writers", {{"policy", "fair"}});
        COMPLETED(writers, "readers-writers", {{"policy", "writers"}});
        const Time readersFirst = longestWait(*readers, "writer");
        QVERIFY(readersFirst > 100 * ms);
        QVERIFY(readersFirst > 2 * longestWait(*fair, "writer"));
        QVERIFY(longestWait(*writers, "writer") < longestWait(*fair, "writer"));
        // readers never wait long when they come first
        QVERIFY(longestWait(*readers, "reader") < 5 * ms);
    }
    void readersShareWritersAreAlone() {
        COMPLETED(t, "readers-writers", {{"policy", "fair"}});
        QVERIFY(peakIn(*t, "reader", ThreadState::Io) > 1);
        // while a writer works, no reader reads
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            if (t->thread(th).role == "writer")
                for (std::size_t i = 0; i < t->intervalCount(th); ++i) {
                    const auto iv = t->interval(th, i);
                    if (iv.state == ThreadState::Working)
                        QCOMPARE(countAt(*t, "reader", ThreadState::Io,
                                         iv.range.start + iv.range.delta() / 2),
                                 0);
                }
    }

    void naivePhilosophersDeadlock() {
        const auto t = runScenario("dining-philosophers", {{"strategy", "naive"}});
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        QCOMPARE(
            QString::fromStdString(t->message()),
            QString("deadlock: philosopher 1 holds fork 1 and waits for fork 2, held by "
                    "philosopher 2, who waits for fork 3, held by philosopher 3, who waits for "
                    "fork 4, held by philosopher 4, who waits for fork 5, held by philosopher 5, "
                    "who waits for fork 1, held by philosopher 1. Nobody can go on."));
        QVERIFY(allPassed(runChecks(*t)));
    }
    void fixedPhilosophersNeverDeadlock() {
        for (const char* strategy : {"ordered", "waiter"})
            for (std::uint64_t seed = 1; seed <= 30; ++seed) {
                RunOptions o;
                o.seed = seed;
                const auto t = runScenario("dining-philosophers", {{"strategy", strategy}}, o);
                QVERIFY2(t->outcome() == Outcome::Completed,
                         (std::string(strategy) + " seed " + std::to_string(seed)).c_str());
                QVERIFY(allPassed(runChecks(*t)));
            }
    }

    void signallingEventAndCondition() {
        COMPLETED(all, "signalling", {{"notify", "all"}});
        // the patient waiters wake when the event is set; the pollers, between two tries
        // at that moment, find it set
        QCOMPARE(countOps(*all, "start", Op::Wake), 2);
        QCOMPARE(countOps(*all, "start", Op::Timeout), 8); // pollers time out every 4 ms
        // notify-all wakes more consumers than there are items: the others go back to sleep
        QCOMPARE(countOps(*all, "not-empty", Op::Wake), 26);
        QCOMPARE(countOps(*all, "buffer", Op::Get), 8);
        COMPLETED(one, "signalling", {{"notify", "one"}});
        // notify-one: each of the eight notifies wakes one waiting consumer, no more
        QCOMPARE(countOps(*one, "not-empty", Op::Notify), 8);
        QCOMPARE(countOps(*one, "not-empty", Op::Wake), 8);
    }

    void tryLockPollingCountsAttempts() {
        COMPLETED(t, "try-lock-polling", {});
        const int worker = t->findThread("worker");
        const EventStream& s = t->objectEvents(std::size_t(t->findObject("resource")));
        int successes = 0, failures = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (s[i].ref == worker) {
                successes += s[i].op() == Op::Lock;
                failures += s[i].op() == Op::TrylockFailed;
            }
        QCOMPARE(successes, 5);
        QVERIFY(failures > 5);
        // the worker never blocks on the lock
        QCOMPARE(summariseRoles(*t)[1].time[std::size_t(ThreadState::Blocked)], Time(0));
        // shorter free windows cost more attempts per success
        COMPLETED(narrow, "try-lock-polling", {{"free", "1ms"}});
        int narrowFailures = 0;
        const EventStream& n = narrow->objectEvents(std::size_t(narrow->findObject("resource")));
        for (std::size_t i = 0; i < n.size(); ++i)
            narrowFailures += n[i].op() == Op::TrylockFailed;
        QVERIFY(narrowFailures > failures);
    }

    void abortedBarrierReleasesEveryWaiter() {
        COMPLETED(t, "barrier-abort", {});
        QCOMPARE(countOps(*t, "meeting", Op::Abort), 1);
        QCOMPARE(countOps(*t, "meeting", Op::Pass), 5);
        QCOMPARE(countOps(*t, "meeting", Op::Pass, OpFlagBroken), 5);
        // the four early parties leave together at the abort; the late party arrives after
        // it and leaves at once
        const EventStream& s = t->objectEvents(std::size_t(t->findObject("meeting")));
        Time abortAt = -1, lateArrive = -1, latePass = -1;
        const int late = t->findThread("late party");
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i].op() == Op::Abort)
                abortAt = s[i].time;
            else if (s[i].op() == Op::Pass && s[i].ref != late)
                QCOMPARE(s[i].time, abortAt);
            else if (s[i].op() == Op::Arrive && s[i].ref == late)
                lateArrive = s[i].time;
            else if (s[i].op() == Op::Pass)
                latePass = s[i].time;
        }
        QVERIFY(abortAt >= 12 * ms);
        QVERIFY(lateArrive > abortAt);
        QCOMPARE(latePass, lateArrive);
    }

    void serverPoolBoundsThreads() {
        COMPLETED(pool, "thread-pool-server", {{"mode", "pool"}, {"handlers", "4"}});
        COMPLETED(each, "thread-pool-server", {{"mode", "per-client"}});
        QCOMPARE(peakIn(*pool, "handler", ThreadState::Working), 4);
        QCOMPARE(countOps(*pool, "requests", Op::Get), 24);
        // one thread per client: more alive at once than the pool has, competing for cores
        QVERIFY(peakAlive(*each, "client thread") > 4);
        // By name: a role without threads (the pool's handlers here) has no summary row.
        const auto roles = summariseRoles(*each);
        const auto client = std::find_if(roles.begin(), roles.end(),
                                         [](const auto& r) { return r.role == "client thread"; });
        QVERIFY(client != roles.end());
        QVERIFY(client->time[std::size_t(ThreadState::Runnable)] > 0);
        QCOMPARE(countOps(*each, "threads", Op::Spawn), 24);
    }
};

QTEST_GUILESS_MAIN(TestLessons)
#include "tst_lessons.moc"
