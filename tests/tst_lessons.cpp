// The classic lessons, each with exact expectations on the simulated engine: the GIL
// convoy, thread-per-task behind a bounded queue vs a worker pool, readers-writers,
// dining philosophers, signalling, try-lock polling, an aborted barrier, and a server.
#include "checks.h"
#include "summary.h"
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

std::unique_ptr<Trace> completed(const char* id, Params params, RunOptions o = {}) {
    auto t = runScenario(id, params, o);
    if (t->outcome() != Outcome::Completed)
        qWarning("%s ended %s: %s", id, std::string(outcomeName(t->outcome())).c_str(),
                 t->message().c_str());
    for (const CheckResult& c : runChecks(*t))
        if (!c.passed) qWarning("%s: check %s failed: %s", id, c.name.c_str(), c.detail.c_str());
    return t;
}

} // namespace

class TestLessons : public QObject {
    Q_OBJECT
private slots:
    void gilCpuBoundDoesNotSpeedUp() {
        const Time t1 = completed("gil-convoy", {{"threads", "1"}})->endTime();
        const Time t2 = completed("gil-convoy", {{"threads", "2"}})->endTime();
        const auto ten = completed("gil-convoy", {{"threads", "10"}});
        QCOMPARE(t1, 2400 * ms); // ten tasks of 240 ms, one after the other
        QVERIFY(t2 >= t1);
        QVERIFY(ten->endTime() >= t2);
        QVERIFY(ten->endTime() > 4000 * ms); // the convoy: over 4 s with ten threads
        QCOMPARE(peakIn(*ten, "thread", ThreadState::Working), 1); // one at a time
        QVERIFY(allPassed(runChecks(*ten)));
        // the switch cost is what makes it slower
        const Time cheap =
            completed("gil-convoy", {{"threads", "10"}, {"switchCost", "0"}})->endTime();
        QCOMPARE(cheap, 2400 * ms);
    }
    void gilIoBoundOverlaps() {
        const Time t1 = completed("gil-convoy", {{"threads", "1"}, {"kind", "io"}})->endTime();
        const Time t10 = completed("gil-convoy", {{"threads", "10"}, {"kind", "io"}})->endTime();
        QCOMPARE(t1, 2400 * ms);
        QCOMPARE(t10, 240 * ms);
    }
    void gilMixedIsFasterOnTwoSlowerOnTen() {
        const Time t1 = completed("gil-convoy", {{"threads", "1"}, {"kind", "mixed"}})->endTime();
        const Time t2 = completed("gil-convoy", {{"threads", "2"}, {"kind", "mixed"}})->endTime();
        const Time t10 = completed("gil-convoy", {{"threads", "10"}, {"kind", "mixed"}})->endTime();
        QVERIFY(t2 < t1);
        QVERIFY(t10 > t1);
    }
    void gilOffUsesTheCores() {
        const auto t = completed("gil-convoy", {{"threads", "4"}, {"gil", "false"}});
        QCOMPARE(t->endTime(), 720 * ms); // 3, 3, 2, 2 tasks of 240 ms on four cores
        QCOMPARE(peakIn(*t, "thread", ThreadState::Working), 4);
    }

    void threadPerTaskOvershootsTheQueue() {
        for (const char* seed : {"1", "2", "3"}) {
            RunOptions o;
            o.seed = std::uint64_t(std::atoi(seed));
            const auto t = completed("bounded-thread-per-task", {{"capacity", "3"}}, o);
            QCOMPARE(t->outcome(), Outcome::Completed);
            QCOMPARE(peakIn(*t, "download", ThreadState::Io), 5); // 3 queued + 1 joined + 1 started
            QVERIFY(allPassed(runChecks(*t)));
        }
        const auto one = completed("bounded-thread-per-task", {{"capacity", "1"}});
        QCOMPARE(peakIn(*one, "download", ThreadState::Io), 3);
    }
    void slowHeadHoldsBackTheRest() {
        // the consumer joins in order: while it waits for the slow download, the producer
        // waits for room in the queue
        const auto t = completed("bounded-thread-per-task", {});
        const Time slowEnd = [&] {
            const int th = t->findThread("download 5");
            return t->interval(std::size_t(th), t->intervalCount(std::size_t(th)) - 1).range.end;
        }();
        QVERIFY(longestWait(*t, "producer") > 100 * ms);
        QVERIFY(longestWait(*t, "consumer") > 100 * ms);
        QVERIFY(slowEnd > 200 * ms);
    }

    void workerPoolKeepsExactlyNBusy() {
        const auto t = completed("worker-pool", {{"workers", "4"}});
        QCOMPARE(t->outcome(), Outcome::Completed);
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
        const Time readersFirst =
            longestWait(*completed("readers-writers", {{"policy", "readers"}}), "writer");
        const Time fair =
            longestWait(*completed("readers-writers", {{"policy", "fair"}}), "writer");
        const Time writersFirst =
            longestWait(*completed("readers-writers", {{"policy", "writers"}}), "writer");
        QVERIFY(readersFirst > 100 * ms);
        QVERIFY(readersFirst > 2 * fair);
        QVERIFY(writersFirst < fair);
        // readers never wait long when they come first
        QVERIFY(longestWait(*completed("readers-writers", {{"policy", "readers"}}), "reader") <
                5 * ms);
    }
    void readersShareWritersAreAlone() {
        const auto t = completed("readers-writers", {{"policy", "fair"}});
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
        QVERIFY(allPassed(runChecks(*t)));
    }

    void naivePhilosophersDeadlock() {
        const auto t = completed("dining-philosophers", {{"strategy", "naive"}});
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
        const auto all = completed("signalling", {{"notify", "all"}});
        QCOMPARE(all->outcome(), Outcome::Completed);
        // the patient waiters wake when the event is set; the pollers, between two tries
        // at that moment, find it set
        QCOMPARE(countOps(*all, "start", Op::Wake), 2);
        QVERIFY(countOps(*all, "start", Op::Timeout) >= 8); // pollers time out every 4 ms
        // notify-all wakes more consumers than there are items: the others go back to sleep
        QVERIFY(countOps(*all, "not-empty", Op::Wake) > 8);
        QCOMPARE(countOps(*all, "buffer", Op::Get), 8);
        const auto one = completed("signalling", {{"notify", "one"}});
        QCOMPARE(one->outcome(), Outcome::Completed);
        QVERIFY(countOps(*one, "not-empty", Op::Wake) <= 8);
        QVERIFY(allPassed(runChecks(*one)));
    }

    void tryLockPollingCountsAttempts() {
        const auto t = completed("try-lock-polling", {});
        QCOMPARE(t->outcome(), Outcome::Completed);
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
        const auto narrow = completed("try-lock-polling", {{"free", "1ms"}});
        int narrowFailures = 0;
        const EventStream& n = narrow->objectEvents(std::size_t(narrow->findObject("resource")));
        for (std::size_t i = 0; i < n.size(); ++i)
            narrowFailures += n[i].op() == Op::TrylockFailed;
        QVERIFY(narrowFailures > failures);
    }

    void abortedBarrierReleasesEveryWaiter() {
        const auto t = completed("barrier-abort", {});
        QCOMPARE(t->outcome(), Outcome::Completed);
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
        QVERIFY(allPassed(runChecks(*t)));
    }

    void serverPoolBoundsThreads() {
        const auto pool = completed("thread-pool-server", {{"mode", "pool"}, {"handlers", "4"}});
        const auto each = completed("thread-pool-server", {{"mode", "per-client"}});
        QCOMPARE(pool->outcome(), Outcome::Completed);
        QCOMPARE(each->outcome(), Outcome::Completed);
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
