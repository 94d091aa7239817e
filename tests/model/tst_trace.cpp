// The trace model: the event stream, intervals and range queries, and a reader that
// reads while a writer appends.
#include "analysis/causality.h"
#include "analysis/stats.h"
#include "model/trace.h"
#include "testutil.h"

// What trace.h brings in is read by nearly every file: the memory-mapping header (and its
// macros) stays in eventstream.cpp.
#if defined(MADV_HUGEPAGE) || defined(PROT_READ) || defined(MAP_FAILED)
#error "<sys/mman.h> reached through trace.h"
#endif

#include <QtTest>
#include <atomic>
#include <chrono>
#include <thread>
#include <type_traits>

using namespace tl;

class TestTrace : public QObject {
    Q_OBJECT
private slots:
    void eventIsSixteenBytes() { QCOMPARE(sizeof(Event), std::size_t(16)); }

    // The run's metadata is given to the constructor and cannot be written afterwards, so a
    // view that holds the trace never reads it half-written.
    void infoIsFixedAtConstruction() {
        static_assert(std::is_same_v<decltype(std::declval<Trace&>().info()), const RunInfo&>);
        const Trace t([] {
            RunInfo i;
            i.scenarioId = std::string("hand");
            i.title = std::string("Hand made");
            i.seed = 9;
            return i;
        }());
        QCOMPARE(t.info().title, std::string("Hand made"));
        QCOMPARE(t.info().seed, std::uint64_t(9));
    }

    // finish() writes the message, then publishes the outcome; once only, since a reader may
    // be reading the message as soon as finished() is true.
    void finishOnce() {
        Trace t;
        QVERIFY(!t.finished());
        t.finish(Outcome::Running, "not an end");
        QVERIFY(!t.finished());
        QVERIFY(t.message().empty());
        t.finish(Outcome::Deadlock, "a holds m and waits for n");
        QVERIFY(t.finished());
        QCOMPARE(t.outcome(), Outcome::Deadlock);
        t.finish(Outcome::Error, "late");
        QCOMPARE(t.outcome(), Outcome::Deadlock);
        QCOMPARE(t.message(), std::string("a holds m and waits for n"));
    }

    // A trace made for another run, or recorded into already, is refused before anything is
    // recorded: its metadata would go into every file made from it.
    void runRefusesAForeignTrace() {
        const Scenario s = resolveScenario("lock-contention");
        const Program program = compile(s, defaultValues(s));
        RunOptions options;
        Trace blank;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run(program, blank, options));
        QCOMPARE(blank.threadCount(), std::size_t(0));
        RunOptions other = options;
        other.seed = 2;
        Trace otherSeed(runInfo(program, other));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run(program, otherSeed, options));
        Trace used(runInfo(program, options));
        run(program, used, options);
        QCOMPARE(used.outcome(), Outcome::Completed);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run(program, used, options));
    }

    void streamGrowsWithoutMoving() {
        EventStream s;
        const Event* first = nullptr;
        for (int i = 0; i < 100'000; ++i) {
            s.append(Event{i * 10, std::uint32_t(i), 0, 0, 0});
            if (i == 0) first = &s[0];
        }
        QCOMPARE(s.size(), std::size_t(100'000));
        QCOMPARE(&s[0], first); // chunks never move
        for (int i = 0; i < 100'000; i += 997)
            QCOMPARE(s[std::size_t(i)].value, std::uint32_t(i));
        QCOMPARE(s.lowerBound(55, s.size()), std::size_t(6));
        QCOMPARE(s.upperBound(50, s.size()), std::size_t(6));
        QCOMPARE(s.lowerBound(1'000'000, s.size()), std::size_t(100'000));
        // memory stays within twice the events
        QVERIFY(s.memoryBytes() <= 2 * 100'000 * sizeof(Event) + 4096 * sizeof(Event));
    }

    void intervals() {
        Trace t;
        const int th = t.addThread({"w 1", "w", 1});
        const int m = t.addObject({ObjectKind::Mutex, "m", 0});
        t.setState(th, 0, ThreadState::Working);
        t.setState(th, 10, ThreadState::Blocked, m, Reason::Lock);
        t.setState(th, 25, ThreadState::Working);
        t.setState(th, 40, ThreadState::Exited);
        QCOMPARE(t.intervalCount(std::size_t(th)), std::size_t(3));
        const Trace::Interval b = t.interval(std::size_t(th), 1);
        QCOMPARE(b.range, (TimeRange{10, 25}));
        QCOMPARE(b.state, ThreadState::Blocked);
        QCOMPARE(b.object, m);
        QCOMPARE(b.reason, Reason::Lock);
        QCOMPARE(t.interval(std::size_t(th), 2).range, (TimeRange{25, 40}));
        QCOMPARE(t.intervalAt(std::size_t(th), 10), 1L);
        QCOMPARE(t.intervalAt(std::size_t(th), 24), 1L);
        QCOMPARE(t.intervalAt(std::size_t(th), 40), -1L);
        QCOMPARE(t.intervalsIn(std::size_t(th), {12, 30}),
                 (std::pair<std::size_t, std::size_t>(1, 3)));
        QCOMPARE(t.intervalsIn(std::size_t(th), {0, 10}),
                 (std::pair<std::size_t, std::size_t>(0, 1)));
        QCOMPARE(t.intervalsIn(std::size_t(th), {30, 100}),
                 (std::pair<std::size_t, std::size_t>(2, 3)));
        QCOMPARE(t.endTime(), Time(40));
    }

    void lastIntervalOfARunningThreadEndsAtTraceEnd() {
        Trace t;
        const int a = t.addThread({"a", "a", 1});
        const int b = t.addThread({"b", "b", 1});
        t.setState(a, 0, ThreadState::Io);
        t.setState(b, 0, ThreadState::Working);
        t.setState(b, 70, ThreadState::Sleeping);
        QCOMPARE(t.interval(std::size_t(a), 0).range, (TimeRange{0, 70}));
        QCOMPARE(t.interval(std::size_t(b), 1).range, (TimeRange{70, 70}));
    }

    void registry() {
        Trace t;
        QCOMPARE(t.addThread({"p 1", "p", 1}), 0);
        QCOMPARE(t.addThread({"p 2", "p", 2}), 1);
        QCOMPARE(t.addObject({ObjectKind::Queue, "jobs", 4}), 0);
        QCOMPARE(t.findThread("p 2"), 1);
        QCOMPARE(t.findObject("jobs"), 0);
        QCOMPARE(t.findObject("nope"), -1);
        QCOMPARE(t.object(0).capacity, std::int64_t(4));
        t.operation(0, 5, Op::Put, 0, 1);
        QCOMPARE(t.eventCount(), std::size_t(1));
        QCOMPARE(objectKindName(ObjectKind::Semaphore), std::string_view("semaphore"));
        QCOMPARE(opName(Op::TrylockFailed), std::string_view("trylock-failed"));
        QCOMPARE(stateName(ThreadState::Runnable), std::string_view("runnable"));
        QCOMPARE(reasonName(Reason::QueueFull), std::string_view("queue full"));
    }

    // A live view reads a growing trace: every event it sees is complete and in order.
    void readerWhileWriterAppends() {
        Trace t;
        const int th = t.addThread({"w", "w", 1});
        constexpr int kEvents = 2'000'000;
        std::atomic<bool> done{false};
        std::thread writer([&] {
            for (int i = 0; i < kEvents; ++i)
                t.setState(th, Time(i), ThreadState(i % 6), -1, Reason::None);
            done = true;
        });
        std::size_t checked = 0;
        while (!done || checked < t.threadEvents(0).size()) {
            const EventStream& s = t.threadEvents(0);
            const std::size_t n = s.size();
            for (std::size_t i = checked; i < n; ++i) {
                const Event& e = s[i];
                if (e.time != Time(i) || e.code != std::uint8_t(i % 6))
                    QFAIL("torn or misplaced event");
            }
            checked = n;
        }
        writer.join();
        QCOMPARE(checked, std::size_t(kEvents));
    }

    // The statistics panel and the object tracks analyse a real-thread run while it records:
    // whatever they read must be as of one moment, never past what they sized for.
    void analysisWhileRecording() {
        const Scenario sc = resolveScenario("lock-contention");
        ParamValues values = defaultValues(sc);
        for (const char* a : {"workers=64", "iterations=100000", "think=20us", "hold=5us"})
            setAssignment(sc, values, a);
        const Program program = compile(sc, values);
        RunOptions options;
        options.engine = EngineKind::Real;
        Trace trace(runInfo(program, options));
        std::atomic<bool> ended{false};
        std::jthread engine([&](std::stop_token stop) {
            run(program, trace, options, stop);
            ended = true;
        });
        int rounds = 0;
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
        while (!ended && std::chrono::steady_clock::now() < until) {
            const Statistics stats = computeStatistics(trace);
            QVERIFY(stats.objects.size() <= trace.objectCount());
            for (std::size_t o = 0; o < trace.objectCount(); ++o) {
                const std::size_t before = trace.objectEvents(o).size();
                const std::vector<std::int64_t> levels = objectLevels(trace, o);
                QVERIFY(levels.size() >= before);
                QVERIFY(levels.size() <= trace.objectEvents(o).size());
                // The one lock is held by one worker at most, as a reader sees it live too.
                for (const std::int64_t level : levels)
                    QVERIFY2(level == 0 || level == 1, qPrintable(QString::number(level)));
            }
            ++rounds;
        }
        engine.request_stop();
        engine.join();
        QVERIFY(rounds > 0);
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
