// The nine lesson scenarios on real threads, shrunk by their parameters so the whole file
// runs in a few seconds. A real run differs from run to run, so these tests assert only
// what holds on any machine: the run completes (or, for the naive philosophers, ends in a
// named deadlock), every core check passes, and each lesson's own invariant holds — never
// a timing.
#include "analysis/checks.h"
#include "model/timefmt.h"
#include "testutil.h"

#include <QtTest>
#include <algorithm>
#include <map>
#include <vector>

using namespace tl;

namespace {

using Params = std::initializer_list<std::pair<const char*, const char*>>;

RunOptions realOptions(std::uint64_t seed = 1) {
    RunOptions o;
    o.engine = EngineKind::Real;
    o.seed = seed;
    return o;
}

QString failedChecks(const Trace& t) {
    for (const CheckResult& c : runChecks(t))
        if (!c.passed) return QString::fromStdString(c.name + ": " + c.detail);
    return {};
}

// Runs on real threads; the outcome is Completed and every check passes.
std::unique_ptr<Trace> completed(const char* id, Params params) {
    auto t = test::runScenario(id, params, realOptions());
    if (t->outcome() != Outcome::Completed)
        qWarning("%s ended %s: %s", id, std::string(outcomeName(t->outcome())).c_str(),
                 t->message().c_str());
    return t;
}
#define VERIFY_COMPLETED(t)                                                                        \
    do {                                                                                           \
        QCOMPARE((t)->outcome(), Outcome::Completed);                                              \
        QVERIFY2(allPassed(runChecks(*(t))), qPrintable(failedChecks(*(t))));                      \
    } while (false)

std::vector<Trace::Interval> intervalsOf(const Trace& t, std::size_t thread) {
    std::vector<Trace::Interval> out;
    for (std::size_t i = 0; i < t.intervalCount(thread); ++i)
        if (t.interval(thread, i).range.delta() > 0) out.push_back(t.interval(thread, i));
    return out;
}

// The most threads of a role (all roles when empty) in `state` at the same instant.
int peakIn(const Trace& t, const std::string& role, ThreadState state) {
    std::map<Time, int> delta; // +1 where such an interval starts, -1 where it ends
    for (std::size_t th = 0; th < t.threadCount(); ++th) {
        if (!role.empty() && t.thread(th).role != role) continue;
        for (const auto& iv : intervalsOf(t, th))
            if (iv.state == state) {
                ++delta[iv.range.start];
                --delta[iv.range.end];
            }
    }
    int level = 0, peak = 0;
    for (const auto& [time, d] : delta)
        peak = std::max(peak, level += d);
    return peak;
}

int countOps(const Trace& t, const char* object, Op op, std::uint8_t flags = 0, int thread = -1) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        n += s[i].op() == op && (s[i].arg & flags) == flags && (thread < 0 || s[i].ref == thread);
    return n;
}

// The times of one thread's operations of a kind on an object, in order.
std::vector<Time> opTimes(const Trace& t, const char* object, Op op, int thread) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    std::vector<Time> out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i].op() == op && s[i].ref == thread) out.push_back(s[i].time);
    return out;
}

// Per thread, the spans between its lock and its unlock of an exclusive lock (the GIL).
std::map<int, std::vector<TimeRange>> holds(const Trace& t, const char* object) {
    std::map<int, std::vector<TimeRange>> out;
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i].op() == Op::Lock)
            out[s[i].ref].push_back(TimeRange{s[i].time, t.endTime()});
        else if (s[i].op() == Op::Unlock && !out[s[i].ref].empty())
            out[s[i].ref].back().end = s[i].time;
    return out;
}

// Every working span of every thread lies inside one of its own holds of the GIL.
QString workOnlyWithGil(const Trace& t) {
    const auto held = holds(t, "GIL");
    for (std::size_t th = 0; th < t.threadCount(); ++th)
        for (const auto& iv : intervalsOf(t, th)) {
            if (iv.state != ThreadState::Working) continue;
            const auto it = held.find(int(th));
            const bool inside =
                it != held.end() && std::any_of(it->second.begin(), it->second.end(), [&](auto r) {
                    return r.start <= iv.range.start && iv.range.end <= r.end;
                });
            if (!inside)
                return QString::fromStdString(t.thread(th).name + " works at " +
                                              exactTime(iv.range.start) + " without the GIL");
        }
    return {};
}

// The readers inside, replayed, agree with the count each lock and unlock recorded.
QString readersRecorded(const Trace& t, const char* object) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    std::int64_t inside = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i].arg & OpFlagShared) inside += s[i].op() == Op::Lock ? 1 : -1;
        if (std::int64_t(s[i].value) != inside)
            return QString("%1 event %2: value %3, %4 readers inside")
                .arg(object)
                .arg(i)
                .arg(s[i].value)
                .arg(inside);
    }
    return {};
}

// A thread's wait for a readers-writer lock: from its blocked state until the unlocker
// admitted it (its waited lock), when the lock's own queue stopped holding it.
struct RwWait {
    int thread;
    bool write;
    TimeRange range;
};
std::vector<RwWait> rwWaits(const Trace& t, const char* object) {
    const int obj = t.findObject(object);
    const EventStream& s = t.objectEvents(std::size_t(obj));
    std::vector<RwWait> out;
    for (std::size_t th = 0; th < t.threadCount(); ++th)
        for (const auto& iv : intervalsOf(t, th)) {
            if (iv.state != ThreadState::Blocked || iv.object != obj) continue;
            RwWait w{int(th), iv.reason == Reason::WriteLock, {iv.range.start, iv.range.end}};
            for (std::size_t i = 0; i < s.size(); ++i)
                if (s[i].op() == Op::Lock && s[i].ref == th && (s[i].arg & OpFlagWaited) &&
                    s[i].time >= iv.range.start) {
                    w.range.end = s[i].time;
                    break;
                }
            out.push_back(w);
        }
    return out;
}

// The first lock by a newcomer (one that did not wait) while a waiter of the given kind
// was queued, described; empty when there is none.
QString newcomerPassed(const Trace& t, const char* object, bool newcomersReaders,
                       bool waitersWriters, bool anyNewcomer, bool anyWaiter) {
    const EventStream& s = t.objectEvents(std::size_t(t.findObject(object)));
    const auto waits = rwWaits(t, object);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const Event& e = s[i];
        if (e.op() != Op::Lock || (e.arg & OpFlagWaited)) continue;
        if (!anyNewcomer && bool(e.arg & OpFlagShared) != newcomersReaders) continue;
        for (const RwWait& w : waits)
            if ((anyWaiter || w.write == waitersWriters) && w.thread != e.ref &&
                w.range.start < e.time && e.time < w.range.end)
                return QString::fromStdString(t.thread(e.ref).name + " got in at " +
                                              exactTime(e.time) + " past the waiting " +
                                              t.thread(std::size_t(w.thread)).name);
    }
    return {};
}

} // namespace

class TestLessonsReal : public QObject {
    Q_OBJECT
private slots:
    void gilCpuOneAtATime_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("cpu") << "cpu";
        QTest::newRow("mixed") << "mixed";
    }
    void gilCpuOneAtATime() {
        QFETCH(QString, kind);
        const QByteArray k = kind.toUtf8();
        const auto t = completed("gil-convoy", {{"threads", "4"},
                                                {"tasks", "8"},
                                                {"taskSize", "2ms"},
                                                {"switchInterval", "500us"},
                                                {"switchCost", "50us"},
                                                {"kind", k.constData()}});
        VERIFY_COMPLETED(t);
        QCOMPARE(peakIn(*t, "thread", ThreadState::Working), 1);
        const QString without = workOnlyWithGil(*t);
        QVERIFY2(without.isEmpty(), qPrintable(without));
        // Whoever waits for the GIL is blocked on it, for that reason.
        const int gil = t->findObject("GIL");
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            for (const auto& iv : intervalsOf(*t, th))
                if (iv.object == gil) {
                    QCOMPARE(iv.state, ThreadState::Blocked);
                    QCOMPARE(iv.reason, Reason::Gil);
                }
        // Every task was done, and every thread gave the GIL back by its end.
        QCOMPARE(countOps(*t, "GIL", Op::Lock), countOps(*t, "GIL", Op::Unlock));
    }
    void gilIoAndOffNeverTakeIt() {
        const auto io = completed(
            "gil-convoy", {{"threads", "4"}, {"tasks", "8"}, {"taskSize", "1ms"}, {"kind", "io"}});
        VERIFY_COMPLETED(io);
        QCOMPARE(peakIn(*io, "thread", ThreadState::Working), 0);
        QCOMPARE(io->objectEvents(std::size_t(io->findObject("GIL"))).size(), std::size_t(0));
        const auto off =
            completed("gil-convoy",
                      {{"threads", "2"}, {"tasks", "4"}, {"taskSize", "1ms"}, {"gil", "false"}});
        VERIFY_COMPLETED(off);
        QCOMPARE(off->objectEvents(std::size_t(off->findObject("GIL"))).size(), std::size_t(0));
    }

    void threadPerTaskStaysWithinCapacityPlusTwo() {
        for (const char* capacity : {"3", "1"}) {
            const auto t = completed("bounded-thread-per-task", {{"files", "12"},
                                                                 {"capacity", capacity},
                                                                 {"downloadTime", "2ms"},
                                                                 {"slowFile", "3"},
                                                                 {"slowFactor", "4"}});
            VERIFY_COMPLETED(t);
            QVERIFY(peakIn(*t, "download", ThreadState::Io) <= std::atoi(capacity) + 2);
            QCOMPARE(countOps(*t, "threads", Op::Spawn), 12);
            QCOMPARE(countOps(*t, "threads", Op::Join), 12);
        }
    }

    void workerPoolNeverMoreThanN() {
        const auto t = completed("worker-pool", {{"workers", "3"},
                                                 {"files", "12"},
                                                 {"downloadTime", "2ms"},
                                                 {"slowEvery", "2"},
                                                 {"slowFactor", "3"}});
        VERIFY_COMPLETED(t);
        // How many workers download at once depends on the machine, and three threads can
        // never be more than three: what each worker did is exact. Every file is downloaded
        // once, by the worker that took its URL, between that get and its put of the result;
        // worker 2 (slowEvery) takes 3 x 2 ms for each, the others 1 to 3 ms.
        QCOMPARE(countOps(*t, "urls", Op::Get), 12);
        QCOMPARE(countOps(*t, "results", Op::Put), 12);
        QCOMPARE(countOps(*t, "results", Op::Get), 12);
        int downloads = 0;
        for (int k = 1; k <= 3; ++k) {
            const int w = t->findThread("worker " + std::to_string(k));
            const auto gets = opTimes(*t, "urls", Op::Get, w);
            const auto puts = opTimes(*t, "results", Op::Put, w);
            std::vector<TimeRange> io;
            for (const auto& iv : intervalsOf(*t, std::size_t(w)))
                if (iv.state == ThreadState::Io) io.push_back(iv.range);
            QCOMPARE(io.size(), gets.size());
            QCOMPARE(puts.size(), gets.size());
            for (std::size_t i = 0; i < io.size(); ++i) {
                QVERIFY(gets[i] <= io[i].start && io[i].end <= puts[i]);
                QVERIFY2(io[i].delta() >= (k == 2 ? 6'000'000 : 1'000'000),
                         qPrintable(QString::fromStdString(exactTime(io[i].delta()))));
            }
            downloads += int(io.size());
        }
        QCOMPARE(downloads, 12);
    }

    void readersWriters_data() {
        QTest::addColumn<QString>("policy");
        QTest::newRow("readers") << "readers";
        QTest::newRow("writers") << "writers";
        QTest::newRow("fair") << "fair";
    }
    void readersWriters() {
        QFETCH(QString, policy);
        const QByteArray p = policy.toUtf8();
        const auto t = completed("readers-writers", {{"readers", "4"},
                                                     {"writers", "2"},
                                                     {"rounds", "6"},
                                                     {"readTime", "1ms"},
                                                     {"writeTime", "500us"},
                                                     {"pause", "300us"},
                                                     {"policy", p.constData()}});
        VERIFY_COMPLETED(t);
        QCOMPARE(countOps(*t, "data", Op::Lock, OpFlagShared), 4 * 6);
        QCOMPARE(countOps(*t, "data", Op::Lock), 4 * 6 + 2 * 6);
        const QString values = readersRecorded(*t, "data");
        QVERIFY2(values.isEmpty(), qPrintable(values));
        // No reader reads while a writer writes.
        for (std::size_t w = 0; w < t->threadCount(); ++w) {
            if (t->thread(w).role != "writer") continue;
            for (const auto& write : intervalsOf(*t, w)) {
                if (write.state != ThreadState::Working) continue;
                for (std::size_t r = 0; r < t->threadCount(); ++r)
                    if (t->thread(r).role == "reader")
                        for (const auto& read : intervalsOf(*t, r))
                            QVERIFY2(read.state != ThreadState::Io ||
                                         !read.range.overlaps(write.range),
                                     qPrintable(QString::fromStdString(
                                         t->thread(r).name + " reads while " + t->thread(w).name +
                                         " writes at " + exactTime(write.range.start))));
            }
        }
        // The policy, as far as the stream shows it on any machine.
        QString passed;
        if (policy == "readers") {
            // A reader waits only while a writer holds the lock.
            const auto held = holds(*t, "data");
            for (const RwWait& w : rwWaits(*t, "data")) {
                if (w.write) continue;
                bool writing = false;
                for (const auto& [thread, ranges] : held)
                    for (const TimeRange& r : ranges)
                        writing = writing || (t->thread(std::size_t(thread)).role == "writer" &&
                                              r.start <= w.range.start && w.range.start <= r.end);
                QVERIFY2(writing, qPrintable(QString::fromStdString(
                                      t->thread(std::size_t(w.thread)).name + " waits at " +
                                      exactTime(w.range.start) + " with no writer inside")));
            }
        } else if (policy == "writers") {
            passed = newcomerPassed(*t, "data", true, true, false, false); // reader past writer
        } else {
            passed = newcomerPassed(*t, "data", true, true, true, true); // anyone past anyone
        }
        QVERIFY2(passed.isEmpty(), qPrintable(passed));
    }

    void fixedPhilosophersComplete_data() {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("ordered") << "ordered";
        QTest::newRow("waiter") << "waiter";
    }
    void fixedPhilosophersComplete() {
        QFETCH(QString, strategy);
        const QByteArray s = strategy.toUtf8();
        const auto t = completed("dining-philosophers", {{"philosophers", "5"},
                                                         {"meals", "6"},
                                                         {"think", "300us"},
                                                         {"eat", "300us"},
                                                         {"reach", "300us"},
                                                         {"strategy", s.constData()}});
        VERIFY_COMPLETED(t);
        int forkLocks = 0;
        for (int k = 1; k <= 5; ++k)
            forkLocks += countOps(*t, ("fork " + std::to_string(k)).c_str(), Op::Lock);
        QCOMPARE(forkLocks, 5 * 6 * 2);
        if (strategy == "waiter") QCOMPARE(countOps(*t, "waiter", Op::Acquire), 5 * 6);
    }
    void naivePhilosophersEndEitherWay() {
        QElapsedTimer clock;
        clock.start();
        const auto t = test::runScenario("dining-philosophers",
                                         {{"philosophers", "5"},
                                          {"meals", "10"},
                                          {"think", "200us"},
                                          {"eat", "200us"},
                                          {"reach", "2ms"},
                                          {"strategy", "naive"}},
                                         realOptions());
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(allPassed(runChecks(*t)), qPrintable(failedChecks(*t)));
        if (t->outcome() == Outcome::Completed) return;
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        const QString message = QString::fromStdString(t->message());
        QVERIFY2(message.contains("philosopher ") && message.contains("fork "),
                 qPrintable(message));
    }

    void signalling_data() {
        QTest::addColumn<QString>("notify");
        QTest::newRow("all") << "all";
        QTest::newRow("one") << "one";
    }
    void signalling() {
        QFETCH(QString, notify);
        const QByteArray n = notify.toUtf8();
        const auto t = completed("signalling", {{"waiters", "2"},
                                                {"pollers", "2"},
                                                {"delay", "5ms"},
                                                {"timeout", "1ms"},
                                                {"consumers", "3"},
                                                {"items", "6"},
                                                {"gap", "500us"},
                                                {"notify", n.constData()}});
        VERIFY_COMPLETED(t);
        QCOMPARE(countOps(*t, "buffer", Op::Get), 6);
        QCOMPARE(countOps(*t, "start", Op::Set), 1);
        // Every wait for the start ends once: woken, timed out (pollers) or finding it set.
        // Each of the two waiters and two pollers gets through exactly once.
        QCOMPARE(countOps(*t, "start", Op::Wait) - countOps(*t, "start", Op::Timeout), 4);
        QVERIFY(countOps(*t, "start", Op::Wake) <= countOps(*t, "start", Op::Wait));
        for (const char* waiter : {"waiter 1", "waiter 2"})
            QCOMPARE(countOps(*t, "start", Op::Wait, 0, t->findThread(waiter)), 1);
        // One notify per item; each wakes the waiters it names in its count, and notify-one
        // never more than one of them.
        const Op op = notify == "one" ? Op::Notify : Op::NotifyAll;
        const EventStream& cv = t->objectEvents(std::size_t(t->findObject("not-empty")));
        int notifies = 0, named = 0;
        for (std::size_t i = 0; i < cv.size(); ++i)
            if (cv[i].op() == op) {
                ++notifies;
                named += int(cv[i].value);
                if (op == Op::Notify) QVERIFY(cv[i].value <= 1);
            }
        QCOMPARE(notifies, 6);
        QCOMPARE(countOps(*t, "not-empty", Op::Wake), named);
        QCOMPARE(countOps(*t, "not-empty", op == Op::Notify ? Op::NotifyAll : Op::Notify), 0);
    }

    void tryLockPollingSucceedsExactly() {
        const auto t = completed("try-lock-polling", {{"successes", "3"},
                                                      {"interval", "500us"},
                                                      {"held", "1ms"},
                                                      {"free", "500us"},
                                                      {"use", "200us"}});
        VERIFY_COMPLETED(t);
        const int worker = t->findThread("worker");
        QCOMPARE(countOps(*t, "resource", Op::Lock, 0, worker), 3);
        // Polling never blocks.
        for (const auto& iv : intervalsOf(*t, std::size_t(worker)))
            QVERIFY(iv.state != ThreadState::Blocked);
    }

    void abortedBarrierOnlyBrokenPasses() {
        const auto t = completed(
            "barrier-abort",
            {{"parties", "4"}, {"abortAfter", "2ms"}, {"work", "200us"}, {"late", "50ms"}});
        VERIFY_COMPLETED(t);
        QCOMPARE(countOps(*t, "meeting", Op::Abort), 1);
        QCOMPARE(countOps(*t, "meeting", Op::Arrive), 4);
        QCOMPARE(countOps(*t, "meeting", Op::Pass), 4);
        QCOMPARE(countOps(*t, "meeting", Op::Pass, OpFlagBroken), 4);
    }

    void serverBothModes() {
        const auto pool = completed("thread-pool-server", {{"mode", "pool"},
                                                           {"handlers", "3"},
                                                           {"requests", "10"},
                                                           {"arrival", "200us"},
                                                           {"service", "500us"}});
        VERIFY_COMPLETED(pool);
        // Each request is served once, by the handler that took it, for at least its
        // service time (CPU time, so at least as much wall time).
        QCOMPARE(countOps(*pool, "requests", Op::Get), 10);
        int served = 0;
        for (int k = 1; k <= 3; ++k) {
            const int h = pool->findThread("handler " + std::to_string(k));
            const auto gets = opTimes(*pool, "requests", Op::Get, h);
            std::vector<TimeRange> work;
            for (const auto& iv : intervalsOf(*pool, std::size_t(h)))
                if (iv.state == ThreadState::Working) work.push_back(iv.range);
            QCOMPARE(work.size(), gets.size());
            for (std::size_t i = 0; i < work.size(); ++i) {
                QVERIFY(gets[i] <= work[i].start);
                QVERIFY(work[i].delta() >= 500'000);
            }
            served += int(work.size());
        }
        QCOMPARE(served, 10);
        const auto each = completed("thread-pool-server", {{"mode", "per-client"},
                                                           {"requests", "10"},
                                                           {"arrival", "200us"},
                                                           {"service", "500us"},
                                                           {"startCost", "100us"}});
        VERIFY_COMPLETED(each);
        QCOMPARE(countOps(*each, "threads", Op::Spawn), 10);
    }
};

QTEST_GUILESS_MAIN(TestLessonsReal)
#include "tst_lessons_real.moc"
