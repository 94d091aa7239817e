// The simulated engine: exact traces and figures for hand-computable scenarios, the
// invariants of some bundled ones (tst_bundled runs them all), determinism, limits, deadlocks
// and errors.
#include "analysis/causality.h"
#include "analysis/checks.h"
#include "analysis/summary.h"
#include "model/timefmt.h"
#include "testutil.h"

#include <QtTest>
#include <map>

using namespace tl;
using test::runScenario;
using test::runText;

namespace {

constexpr Time ms = 1'000'000;

// "working 0-3ms, blocked 3-4ms (counter-lock), ..." for one thread: exact and readable.
QString lane(const Trace& t, const std::string& thread) {
    const int id = t.findThread(thread);
    QStringList parts;
    for (std::size_t i = 0, n = t.intervalCount(std::size_t(id)); i < n; ++i) {
        const Trace::Interval iv = t.interval(std::size_t(id), i);
        QString p = QString("%1 %2-%3")
                        .arg(QString::fromStdString(std::string(stateName(iv.state))))
                        .arg(QString::fromStdString(exactTime(iv.range.start)))
                        .arg(QString::fromStdString(exactTime(iv.range.end)));
        if (iv.object >= 0)
            p += " (" + QString::fromStdString(t.object(std::size_t(iv.object)).name) + ")";
        parts << p;
    }
    return parts.join(", ");
}

QStringList ops(const Trace& t, const std::string& object) {
    const int id = t.findObject(object);
    QStringList out;
    const EventStream& s = t.objectEvents(std::size_t(id));
    for (std::size_t i = 0; i < s.size(); ++i)
        out << QString("%1 %2 %3")
                   .arg(QString::fromStdString(exactTime(s[i].time)))
                   .arg(QString::fromStdString(t.thread(s[i].ref).name))
                   .arg(QString::fromStdString(std::string(opName(s[i].op()))));
    return out;
}

bool sameTrace(const Trace& a, const Trace& b) {
    if (a.threadCount() != b.threadCount() || a.objectCount() != b.objectCount() ||
        a.endTime() != b.endTime())
        return false;
    auto same = [](const EventStream& x, const EventStream& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!(x[i] == y[i])) return false;
        return true;
    };
    for (std::size_t i = 0; i < a.threadCount(); ++i)
        if (!same(a.threadEvents(i), b.threadEvents(i))) return false;
    for (std::size_t i = 0; i < a.objectCount(); ++i)
        if (!same(a.objectEvents(i), b.objectEvents(i))) return false;
    return true;
}

const char* kTwoWorkers = R"({
  "id": "two", "title": "Two workers, one lock",
  "parameters": [ {"name": "workers", "type": "int", "min": 1, "max": 64, "default": 2} ],
  "objects": [ {"mutex": "lock"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
    {"repeat": 2, "do": [ {"work": "3ms"}, {"lock": "lock"}, {"work": "1ms"}, {"unlock": "lock"} ]}
  ]} ]
})";

} // namespace

class TestSimEngine : public QObject {
    Q_OBJECT
private slots:
    void twoWorkersOneLockExactly() {
        const auto t = runText(kTwoWorkers);
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(t->endTime(), 9 * ms);
        // Both think 3 ms; worker 1 takes the lock first, worker 2 blocks 1 ms behind it.
        // In round 2 worker 2 asks at 8 ms, exactly when worker 1 hands it over: no wait.
        QCOMPARE(lane(*t, "worker 1"), QString("working 0-8ms"));
        QCOMPARE(lane(*t, "worker 2"),
                 QString("working 0-3ms, blocked 3ms-4ms (lock), working 4ms-9ms"));
        QCOMPARE(ops(*t, "lock"),
                 QStringList({"3ms worker 1 lock", "4ms worker 1 unlock", "4ms worker 2 lock",
                              "5ms worker 2 unlock", "7ms worker 1 lock", "8ms worker 1 unlock",
                              "8ms worker 2 lock", "9ms worker 2 unlock"}));
        const auto roles = summariseRoles(*t);
        QCOMPARE(roles.size(), std::size_t(1));
        QCOMPARE(roles[0].time[std::size_t(ThreadState::Blocked)], 1 * ms);
        QCOMPARE(roles[0].time[std::size_t(ThreadState::Working)], 16 * ms);
        QVERIFY(allPassed(runChecks(*t)));
    }

    void oneCoreTimeSlices() {
        // Two threads of 5 ms CPU work on one core with a 2 ms quantum: they alternate.
        const auto t = runText(R"({"id": "slices", "title": "Slices",
            "roles": [ {"name": "w", "count": 2, "program": [ {"work": "5ms"} ]} ]})",
                               {}, RunOptions{EngineKind::Simulated, 1, 1, 2 * ms});
        QCOMPARE(lane(*t, "w 1"), QString("working 0-2ms, runnable 2ms-4ms, working 4ms-6ms, "
                                          "runnable 6ms-8ms, working 8ms-9ms"));
        QCOMPARE(lane(*t, "w 2"), QString("runnable 0-2ms, working 2ms-4ms, runnable 4ms-6ms, "
                                          "working 6ms-8ms, runnable 8ms-9ms, working 9ms-10ms"));
        QCOMPARE(t->endTime(), 10 * ms);
    }

    void shortStepsShareTheSlice() {
        // Three threads of three 1 ms steps on one core, 2 ms quantum: the slice counts the
        // CPU time since the thread got the core, across steps, so w 1 is preempted after
        // its second step. Counted per step, w 1 ran 0-3 ms, w 2 3-6 ms, w 3 6-9 ms.
        const auto t = runText(R"({"id": "steps", "title": "Steps",
            "roles": [ {"name": "w", "count": 3, "program": [
              {"repeat": 3, "do": [ {"work": "1ms"} ]} ]} ]})",
                               {}, RunOptions{EngineKind::Simulated, 1, 1, 2 * ms});
        QCOMPARE(lane(*t, "w 1"), QString("working 0-2ms, runnable 2ms-6ms, working 6ms-7ms"));
        QCOMPARE(lane(*t, "w 2"), QString("runnable 0-2ms, working 2ms-4ms, runnable 4ms-7ms, "
                                          "working 7ms-8ms"));
        QCOMPARE(lane(*t, "w 3"), QString("runnable 0-4ms, working 4ms-6ms, runnable 6ms-8ms, "
                                          "working 8ms-9ms"));
        QCOMPARE(t->endTime(), 9 * ms);

        // A step that crosses the end of the slice is cut there and finished later; a thread
        // back from I/O gets a whole slice again.
        const auto u = runText(R"({"id": "cut", "title": "Cut",
            "roles": [ {"name": "w", "count": 2, "program": [
              {"work": "1500us"}, {"work": "1500us"}, {"io": "5ms"}, {"work": "2ms"} ]} ]})",
                               {}, RunOptions{EngineKind::Simulated, 1, 1, 2 * ms});
        QCOMPARE(lane(*u, "w 1"), QString("working 0-2ms, runnable 2ms-4ms, working 4ms-5ms, "
                                          "io 5ms-10ms, working 10ms-12ms"));
        QCOMPARE(lane(*u, "w 2"), QString("runnable 0-2ms, working 2ms-4ms, runnable 4ms-5ms, "
                                          "working 5ms-6ms, io 6ms-11ms, runnable 11ms-12ms, "
                                          "working 12ms-14ms"));
        QCOMPARE(u->endTime(), 14 * ms);
    }

    void shortStepsRoundRobin() {
        // 64 threads x 100 steps of 1 ms on 4 cores, 2 ms quantum: 6.4 s of CPU on 4 cores
        // is 1.6 s, no core ever idle. Each thread runs 2 ms at a time and waits behind the
        // 60 others: 60 / 4 x 2 ms = 30 ms, never longer (ceil(64 / 4) - 1 = 15 slices).
        // With the slice counted per step, threads ran 100 ms straight in batches of four and
        // the last batch waited 1.5 s.
        const auto t = runText(R"({"id": "steps", "title": "Steps",
            "roles": [ {"name": "w", "count": 64, "program": [
              {"repeat": 100, "do": [ {"work": "1ms"} ]} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(t->endTime(), 1600 * ms);
        Time longestRunnable = 0, longestWorking = 0;
        for (std::size_t th = 0; th < t->threadCount(); ++th) {
            QCOMPARE(threadStateTimes(*t, th)[std::size_t(ThreadState::Working)], 100 * ms);
            for (std::size_t i = 0; i < t->intervalCount(th); ++i) {
                const Trace::Interval iv = t->interval(th, i);
                if (iv.state == ThreadState::Runnable)
                    longestRunnable = std::max(longestRunnable, iv.range.delta());
                else if (iv.state == ThreadState::Working)
                    longestWorking = std::max(longestWorking, iv.range.delta());
            }
        }
        QCOMPARE(longestRunnable, 30 * ms);
        QCOMPARE(longestWorking, 2 * ms);
        // Everyone finishes in the last slices: thread 1 at 1570 ms, thread 64 at 1600 ms.
        QCOMPARE(t->interval(0, t->intervalCount(0) - 1).range.end, 1570 * ms);
        QCOMPARE(t->interval(63, t->intervalCount(63) - 1).range.end, 1600 * ms);
    }

    void oversubscribedMachine() {
        // 8 threads of 10 ms on 2 cores: 40 ms, each thread 10 ms working and 30 ms runnable.
        RunOptions o;
        o.cores = 2;
        const auto t = runText(R"({"id": "busy", "title": "Busy",
            "roles": [ {"name": "w", "count": 8, "program": [ {"work": "10ms"} ]} ]})",
                               {}, o);
        QCOMPARE(t->endTime(), 40 * ms);
        Time working = 0;
        for (std::size_t i = 0; i < t->threadCount(); ++i) {
            const auto times = threadStateTimes(*t, i);
            working += times[std::size_t(ThreadState::Working)];
            // a thread is working or waiting for a core, nothing else
            const Trace::Interval last = t->interval(i, t->intervalCount(i) - 1);
            QCOMPARE(times[std::size_t(ThreadState::Working)] +
                         times[std::size_t(ThreadState::Runnable)],
                     last.range.end);
        }
        QCOMPARE(working, 80 * ms);
        // never more than two threads on the two cores
        for (Time at = 0; at < 40 * ms; at += ms / 2) {
            int onCore = 0;
            for (std::size_t i = 0; i < t->threadCount(); ++i) {
                const long k = t->intervalAt(i, at);
                onCore += k >= 0 && t->interval(i, std::size_t(k)).state == ThreadState::Working;
            }
            QCOMPARE(onCore, 2);
        }
    }

    void barrierExactly() {
        const auto t = runText(R"({"id": "b", "title": "B",
            "objects": [ {"barrier": "gate", "parties": 3} ],
            "roles": [ {"name": "w", "count": 3, "program": [
              {"repeat": 2, "do": [ {"work": "$index * 1ms"}, {"wait": "gate"} ]} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(t->endTime(), 6 * ms);
        QCOMPARE(lane(*t, "w 1"), QString("working 0-1ms, waiting 1ms-3ms (gate), working 3ms-4ms, "
                                          "waiting 4ms-6ms (gate)"));
        QCOMPARE(lane(*t, "w 3"), QString("working 0-6ms"));
        const QStringList o = ops(*t, "gate");
        QCOMPARE(o.mid(0, 6), QStringList({"1ms w 1 arrive", "2ms w 2 arrive", "3ms w 3 arrive",
                                           "3ms w 1 pass", "3ms w 2 pass", "3ms w 3 pass"}));
        QVERIFY(allPassed(runChecks(*t)));
    }

    void lockContentionWaitsGrowWithWorkers() {
        Time previous = -1;
        for (const char* w : {"1", "2", "4", "8"}) {
            const auto t = runScenario("lock-contention", {{"workers", w}, {"iterations", "10"}});
            QVERIFY(allPassed(runChecks(*t)));
            const Time blocked = summariseRoles(*t)[0].time[std::size_t(ThreadState::Blocked)];
            if (previous < 0)
                QCOMPARE(blocked, Time(0)); // one worker never waits
            else
                QVERIFY2(blocked > previous, w);
            previous = blocked;
        }
    }

    void semaphorePoolNeverAboveAndAlwaysFull() {
        const auto t = runScenario("semaphore-pool", {{"workers", "6"}, {"permits", "2"}});
        QCOMPARE(t->outcome(), Outcome::Completed);
        QVERIFY(allPassed(runChecks(*t)));
        const int sem = t->findObject("connections");
        // inUse after all operations at each instant
        std::map<Time, int> inUse;
        int level = 0;
        const EventStream& s = t->objectEvents(std::size_t(sem));
        for (std::size_t i = 0; i < s.size(); ++i) {
            level += s[i].op() == Op::Acquire ? 1 : s[i].op() == Op::Release ? -1 : 0;
            QVERIFY(level <= 2);
            inUse[s[i].time] = level;
        }
        // Whenever a worker waits for a permit, both permits are in use.
        int waits = 0;
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            for (std::size_t i = 0; i < t->intervalCount(th); ++i) {
                const Trace::Interval iv = t->interval(th, i);
                if (iv.state != ThreadState::Waiting || iv.range.delta() == 0) continue;
                ++waits;
                auto it = std::prev(inUse.upper_bound(iv.range.start));
                for (; it != inUse.end() && it->first < iv.range.end; ++it)
                    QCOMPARE(it->second, 2);
            }
        QVERIFY(waits > 10);
    }

    void producerConsumerEveryItemOnce() {
        const auto t = runScenario(
            "producer-consumer",
            {{"producers", "3"}, {"consumers", "2"}, {"items", "61"}, {"capacity", "2"}});
        QCOMPARE(t->outcome(), Outcome::Completed);
        QVERIFY(allPassed(runChecks(*t)));
        const EventStream& s = t->objectEvents(std::size_t(t->findObject("jobs")));
        int puts = 0, gets = 0, closes = 0, depth = 0, maxDepth = 0;
        int putsBeforeClose = -1, getsAfterClose = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            puts += s[i].op() == Op::Put;
            gets += s[i].op() == Op::Get;
            getsAfterClose += closes > 0 && s[i].op() == Op::Get;
            if (s[i].op() == Op::Close) {
                ++closes;
                putsBeforeClose = puts;
            }
            depth += s[i].op() == Op::Put ? 1 : s[i].op() == Op::Get ? -1 : 0;
            maxDepth = std::max(maxDepth, depth);
        }
        QCOMPARE(puts, 61);
        QCOMPARE(gets, 61);
        QCOMPARE(closes, 1);
        QCOMPARE(maxDepth, 2);
        // The close comes after the last put; what was still queued is taken after it.
        QCOMPARE(putsBeforeClose, 61);
        QCOMPARE(getsAfterClose, 2);
        QCOMPARE(s[s.size() - 1].op(), Op::Get);
    }

    void producersBlockWhenFull() {
        // fast producers, slow consumers: producers wait on a full queue
        const auto t =
            runScenario("producer-consumer",
                        {{"produceTime", "100us"}, {"consumeTime", "10ms"}, {"items", "20"}});
        Time full = 0;
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            for (std::size_t i = 0; i < t->intervalCount(th); ++i) {
                const auto iv = t->interval(th, i);
                if (iv.reason == Reason::QueueFull) {
                    QCOMPARE(t->thread(th).role, std::string("producer"));
                    full += iv.range.delta();
                }
            }
        QVERIFY(full > 10 * ms);
    }

    void determinism() {
        RunOptions o;
        o.seed = 42;
        const auto a = runScenario("producer-consumer", {}, o);
        const auto b = runScenario("producer-consumer", {}, o);
        QVERIFY(sameTrace(*a, *b));
        o.seed = 43;
        const auto c = runScenario("producer-consumer", {}, o);
        QVERIFY(!sameTrace(*a, *c));
    }

    void timeLimitEndsRun() {
        RunOptions o;
        o.timeLimit = 10 * ms;
        const auto t = runText(R"({"id": "forever", "title": "Forever",
            "roles": [ {"name": "w", "program": [ {"repeat": 1000000, "do": [ {"work": "1ms"} ]} ]} ]})",
                               {}, o);
        QCOMPARE(t->outcome(), Outcome::TimeLimit);
        QCOMPARE(t->endTime(), 10 * ms);
        QCOMPARE(QString::fromStdString(t->message()),
                 QString("the run reached its time limit of 10ms and was ended"));
    }

    void eventLimitEndsRun() {
        RunOptions o;
        o.maxEvents = 1000;
        const auto t =
            runScenario("lock-contention", {{"workers", "8"}, {"iterations", "1000"}}, o);
        QCOMPARE(t->outcome(), Outcome::EventLimit);
        QVERIFY(t->eventCount() <= 1100);
        QVERIFY(allPassed(runChecks(*t)));
    }

    void deadlockIsDetected() {
        const auto t = runText(R"({"id": "dl", "title": "Opposite order",
            "objects": [ {"mutex": "a"}, {"mutex": "b"} ],
            "roles": [ {"name": "left", "program": [ {"lock": "a"}, {"work": "1ms"}, {"lock": "b"} ]},
                       {"name": "right", "program": [ {"lock": "b"}, {"work": "1ms"}, {"lock": "a"} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        // it happened at 1 ms; the recording goes on 1 ms more to show the blocked spans
        QCOMPARE(t->endTime(), 2 * ms);
        QCOMPARE(lane(*t, "left"), QString("working 0-1ms, blocked 1ms-2ms (b)"));
        QCOMPARE(QString::fromStdString(t->message()),
                 QString("deadlock: left holds a and waits for b, held by right, who waits for a, "
                         "held by left. Nobody can go on."));
    }

    // The engine finds the deadlock but has no words for its cycle: those are the analysis
    // layer's, handed down in the options (run() in experiment/run.h does). Without them the
    // engine says only that nobody can go on; with words of its own a caller gets those.
    void deadlockWordsComeFromTheCaller() {
        const Scenario s = parseScenario(R"({"id": "dl", "title": "Opposite order",
            "objects": [ {"mutex": "a"}, {"mutex": "b"} ],
            "roles": [ {"name": "left", "program": [ {"lock": "a"}, {"work": "1ms"}, {"lock": "b"} ]},
                       {"name": "right", "program": [ {"lock": "b"}, {"work": "1ms"}, {"lock": "a"} ]} ]})");
        const Program program = compile(s, defaultValues(s));
        Trace bare(runInfo(program, RunOptions{}));
        runSimulated(program, bare, RunOptions{});
        QCOMPARE(bare.outcome(), Outcome::Deadlock);
        QCOMPARE(bare.message(), std::string("deadlock: no thread can go on."));

        RunOptions own;
        own.deadlockWords = [](const Trace& t) {
            return std::to_string(t.threadCount()) + " threads stuck";
        };
        Trace worded(runInfo(program, own));
        runSimulated(program, worded, own);
        QCOMPARE(worded.message(), std::string("2 threads stuck"));
        QCOMPARE(worded.endTime(), bare.endTime());

        Trace analysed(runInfo(program, RunOptions{}));
        run(program, analysed, RunOptions{});
        QCOMPARE(analysed.message(), analyseDeadlock(analysed).text);
        QVERIFY(analysed.message().find("held by right") != std::string::npos);
    }

    void stopRequestCancels() {
        std::stop_source stop;
        stop.request_stop();
        const Scenario s = resolveScenario("lock-contention");
        ParamValues v = defaultValues(s);
        setParameter(s, v, "iterations", "100000");
        const Program program = compile(s, v);
        Trace t(runInfo(program, {}));
        runSimulated(program, t, {}, stop.get_token());
        QCOMPARE(t.outcome(), Outcome::Cancelled);
    }

    void impossibleStepsAreErrors() {
        const auto t = runText(R"({"id": "e", "title": "E", "objects": [ {"mutex": "m"} ],
            "roles": [ {"name": "w", "program": [ {"unlock": "m"} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Error);
        QCOMPARE(QString::fromStdString(t->message()),
                 QString("w unlocks a lock it does not hold: \"m\""));
    }

    void tryLockFailsWhileHeld() {
        const auto t = runText(R"({"id": "try", "title": "Try",
            "objects": [ {"mutex": "m"} ],
            "roles": [ {"name": "holder", "program": [ {"lock": "m"}, {"sleep": "3500us"}, {"unlock": "m"} ]},
                       {"name": "poller", "program": [ {"repeat": 6, "do": [
                          {"trylock": "m", "then": [ {"unlock": "m"} ], "else": [ ]}, {"sleep": "1ms"} ]} ]} ]})");
        QCOMPARE(ops(*t, "m"),
                 QStringList({"0 holder lock", "0 poller trylock-failed",
                              "1ms poller trylock-failed", "2ms poller trylock-failed",
                              "3ms poller trylock-failed", "3.5ms holder unlock", "4ms poller lock",
                              "4ms poller unlock", "5ms poller lock", "5ms poller unlock"}));
    }

    void eventWithAndWithoutTimeout() {
        const auto t = runText(R"({"id": "ev", "title": "Ev",
            "objects": [ {"event": "ready"} ],
            "roles": [ {"name": "setter", "program": [ {"sleep": "5ms"}, {"set": "ready"} ]},
                       {"name": "patient", "program": [ {"wait": "ready"}, {"work": "1ms"} ]},
                       {"name": "poller", "program": [ {"repeat": 3, "do": [
                          {"wait": "ready", "timeout": "2ms", "then": [ {"work": "100us"} ], "else": [ {"work": "500us"} ]} ]} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(lane(*t, "patient"), QString("waiting 0-5ms (ready), working 5ms-6ms"));
        // poller: times out at 2ms, works 0.5ms, times out at 4.5ms, works 0.5ms, and at 5ms
        // finds the event set (the setter's timer came first) and goes straight on
        QCOMPARE(lane(*t, "poller"), QString("waiting 0-2ms (ready), working 2ms-2.5ms, "
                                             "waiting 2.5ms-4.5ms (ready), working 4.5ms-5.1ms"));
        const QStringList o = ops(*t, "ready");
        QVERIFY(o.contains("2ms poller timeout"));
        QVERIFY(o.contains("5ms patient wake"));
    }

    void conditionNotifyOneVersusAll() {
        const char* text = R"({"id": "cv", "title": "Cv",
            "parameters": [ {"name": "all", "type": "bool", "default": false} ],
            "objects": [ {"mutex": "m"}, {"condition": "c", "mutex": "m"} ],
            "roles": [ {"name": "waiter", "count": 3, "program": [ {"lock": "m"}, {"wait": "c"}, {"unlock": "m"} ]},
                       {"name": "notifier", "program": [ {"sleep": "1ms"}, {"lock": "m"},
                          {"if": "$all", "then": [ {"notifyAll": "c"} ], "else": [ {"notify": "c"} ]},
                          {"unlock": "m"} ]} ]})";
        const auto one = runText(text);
        // notify-one wakes one waiter; the other two are never woken: the run deadlocks.
        QCOMPARE(one->outcome(), Outcome::Deadlock);
        QCOMPARE(ops(*one, "c").filter("wake").size(), 1);
        const auto all = runText(text, {{"all", "true"}});
        QCOMPARE(all->outcome(), Outcome::Completed);
        QCOMPARE(ops(*all, "c").filter("wake").size(), 3);
        QVERIFY(allPassed(runChecks(*all)));
        // the woken waiters take the mutex back one after another
        // 3 first locks, the notifier's, and 3 re-locks after the wake; as many unlocks
        QCOMPARE(ops(*all, "m").filter(QRegularExpression(" lock$")).size(), 7);
        QCOMPARE(ops(*all, "m").filter(QRegularExpression(" unlock$")).size(), 7);
    }

    void spawnAndJoin() {
        const auto t = runText(R"({"id": "sp", "title": "Sp",
            "objects": [ {"queue": "handles", "capacity": 2} ],
            "roles": [ {"name": "main", "program": [ {"repeat": 3, "do": [ {"spawn": "child"}, {"put": "handles", "item": "spawned"} ]},
                                                     {"close": "handles"} ]},
                       {"name": "joiner", "program": [ {"drain": "handles", "do": [ {"join": "item"} ]} ]},
                       {"name": "child", "count": 3, "spawned": true, "program": [ {"io": "$index * 2ms"} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(t->endTime(), 6 * ms);
        QCOMPARE(ops(*t, "threads").filter("spawn").size(), 3);
        QCOMPARE(ops(*t, "threads").filter("join").size(), 3);
        QVERIFY(ops(*t, "threads").contains("6ms joiner join"));
        QVERIFY(allPassed(runChecks(*t)));
    }
};

QTEST_GUILESS_MAIN(TestSimEngine)
#include "tst_simengine.moc"
