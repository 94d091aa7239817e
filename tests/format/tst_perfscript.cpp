// `perf script` text of `perf sched record` recordings: the fixture recorded on a real
// machine (tests/data/mutex4.perf.txt: 4 pthreads contending on a mutex, and the same
// recording with -F +pid), with the exact per-thread state times, switch counts, wakeup
// arrows and migrations of tests/data/mutex4.perf.truth.json; and hand-made lines for what
// the recording does not show (idle wakers, R+, D, old sched_wakeup, lost chunks, lines it
// does not understand).
#include "analysis/stats.h"
#include "format/chromejson.h"
#include "format/convert.h"
#include "format/perfscript.h"
#include "model/slices.h"

#include <QtTest>

#include <fstream>
#include <map>
#include <sstream>

using namespace tl;

namespace {

std::string fixture(const char* name) {
    std::ifstream in(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int threadByTid(const Trace& t, std::int64_t tid) {
    const SliceData& d = t.slices();
    for (std::size_t i = 0; i < d.threads.size(); ++i)
        if (d.threads[i].tid == tid) return int(i);
    return -1;
}

std::array<Time, kStateCount> stateTimes(const Trace& t, int thread) {
    std::array<Time, kStateCount> out{};
    for (std::size_t i = 0, n = t.intervalCount(std::size_t(thread)); i < n; ++i) {
        const Trace::Interval iv = t.interval(std::size_t(thread), i);
        out[std::size_t(iv.state)] += iv.range.delta();
    }
    return out;
}

// Flows into a thread named `name` (wakeup, wakeup_new), by the waker's thread name.
std::map<std::string, int> wakers(const Trace& t, int thread, std::string_view name) {
    std::map<std::string, int> out;
    const SliceData& d = t.slices();
    const auto [a, b] = d.flowsInto(std::size_t(thread));
    for (std::size_t k = a; k < b; ++k) {
        const Flow& f = d.flows[k];
        if (d.name(f.label) != name) continue;
        const std::string who = f.fromThread >= 0
                                    ? t.thread(std::size_t(f.fromThread)).name + " " +
                                          std::to_string(d.threads[std::size_t(f.fromThread)].tid)
                                    : std::string("none");
        ++out[who];
    }
    return out;
}

int flowCount(const Trace& t, int thread, std::string_view name) {
    int n = 0;
    for (const auto& [who, count] : wakers(t, thread, name))
        n += count;
    return n;
}

// The program's threads as perf_truth.py counts them (mutex4.perf.truth.json): on-CPU time,
// switch-ins, and the time switched out, split at the first waking into "until woken"
// (waiting here) and "woken -> on CPU" (runnable here), plus R and new -> first run (runnable).
struct Truth {
    std::int64_t tid;
    const char* name;
    Time working;
    int switchIns;
    Time runnable; // R + S after the waking + new -> first run (+ main: its first waking)
    Time waiting;  // S until the waking
    int wakeups;   // sched_waking arrows
    int migrations;
};
// The main thread's first sign of life is its waking by perf (2948.400721), 8 us before its
// first switch-in: runnable too, which the truth script does not count (it starts at a
// switch-out).
const Truth kTruth[] = {
    {12604, "mutex4", 1'483'000, 4, 251'000 + 8'000, 92'903'000, 4, 0},
    {12606, "worker 0", 13'869'000, 125, 14'194'000 + 35'556'000 + 94'000, 20'791'000, 87, 1},
    {12607, "worker 1", 13'820'000, 126, 2'853'000 + 36'232'000 + 2'687'000, 29'805'000, 96, 1},
    {12608, "worker 2", 13'781'000, 127, 9'998'000 + 35'385'000 + 3'117'000, 30'930'000, 110, 0},
    {12609, "worker 3", 13'818'000, 151, 4'068'000 + 42'158'000 + 3'318'000, 27'412'000, 117, 2},
};

} // namespace

class TestPerfScript : public QObject {
    Q_OBJECT
private slots:
    void fixtureStates_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("process");
        QTest::newRow("default") << "mutex4.perf.txt"
                                 << "";
        QTest::newRow("-F +pid") << "mutex4.perf-pid.txt"
                                 << "";
        QTest::newRow("default, --process mutex4") << "mutex4.perf.txt"
                                                   << "mutex4";
        QTest::newRow("-F +pid, --process 12604") << "mutex4.perf-pid.txt"
                                                  << "12604";
    }
    void fixtureStates() {
        QFETCH(QString, file);
        QFETCH(QString, process);
        const auto t = readPerfScript(fixture(qPrintable(file)), process.toStdString());
        QVERIFY(t->foreign());
        QCOMPARE(t->info().source.kind, SourceKind::Perf);
        QCOMPARE(t->info().engine, std::string()); // no engine, seed or cores invented
        QCOMPARE(t->info().cores, 0);
        QVERIFY(t->info().source.notices.empty());
        const SliceData& d = t->slices();
        int wakeups = 0, created = 0, migrations = 0;
        for (const Truth& truth : kTruth) {
            const int th = threadByTid(*t, truth.tid);
            QVERIFY2(th >= 0, truth.name);
            QCOMPARE(t->thread(std::size_t(th)).name, std::string(truth.name));
            const auto times = stateTimes(*t, th);
            QCOMPARE(times[std::size_t(ThreadState::Working)], truth.working);
            QCOMPARE(times[std::size_t(ThreadState::Runnable)], truth.runnable);
            QCOMPARE(times[std::size_t(ThreadState::Waiting)], truth.waiting);
            QCOMPARE(times[std::size_t(ThreadState::Io)], Time(0));
            int switchIns = 0;
            for (std::size_t i = 0; i < t->intervalCount(std::size_t(th)); ++i)
                switchIns += t->interval(std::size_t(th), i).state == ThreadState::Working;
            QCOMPARE(switchIns, truth.switchIns);
            // Every program thread ended in the recording (X or Z): no unfinished last state.
            const EventStream& s = t->threadEvents(std::size_t(th));
            QCOMPARE(s[s.size() - 1].state(), ThreadState::Exited);
            QCOMPARE(flowCount(*t, th, "wakeup"), truth.wakeups);
            wakeups += truth.wakeups;
            created += flowCount(*t, th, "wakeup_new");
            migrations += int(d.threadTrack(std::size_t(th)).instants().size());
            QCOMPARE(int(d.threadTrack(std::size_t(th)).instants().size()), truth.migrations);
            QCOMPARE(d.processOf(std::size_t(th))->pid, std::int64_t(12604));
        }
        QCOMPARE(wakeups, 414);
        QCOMPARE(created, 4);
        QCOMPARE(migrations, 4);
        // Who woke worker 0, as the truth lists it (flows keep their waker, kept or not).
        const int w0 = threadByTid(*t, 12606);
        if (process.isEmpty()) {
            const auto by = wakers(*t, w0, "wakeup");
            QCOMPARE(by.at("worker 1 12607"), 25);
            QCOMPARE(by.at("worker 3 12609"), 18);
            QCOMPARE(by.at("worker 2 12608"), 11);
            QCOMPARE(by.at("cc1plus 12498"), 15);
            QCOMPARE(by.at("cc1plus 12408"), 11);
            QCOMPARE(by.at("as 12602"), 4);
            int inMutex4 = 0;
            for (std::size_t i = 0; i < t->threadCount(); ++i)
                inMutex4 += t->slices().processOf(i)->pid == 12604;
            QCOMPARE(inMutex4, 5);
        } else {
            // One process: the other programs' wakers are gone, their arrows keep who it was.
            QCOMPARE(t->threadCount(), std::size_t(5));
            QCOMPARE(t->info().title, std::string("mutex4"));
            const auto by = wakers(*t, w0, "wakeup");
            QCOMPARE(by.at("worker 1 12607"), 25);
            QCOMPARE(by.at("none"), 15 + 11 + 4 + 2 + 1);
            const auto [a, b] = d.flowsInto(std::size_t(w0));
            int named = 0;
            for (std::size_t k = a; k < b; ++k)
                named += d.text(d.flows[k].args).find("\"waker\":\"cc1plus\"") != std::string::npos;
            QCOMPARE(named, 15 + 11 + 2 + 1);
        }
        QCOMPARE(t->endTime(), process.isEmpty() ? Time(102'919'000) : Time(94'645'000));
    }

    // Times are rebased to the first event; the origin says where that was.
    void origin() {
        const auto t = readPerfScript(fixture("mutex4.perf.txt"));
        QCOMPARE(t->info().source.origin, Time(2948'392'638'000));
    }

    void processNotFound() {
        try {
            readPerfScript(fixture("mutex4.perf.txt"), "mutex5");
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            const QString what = e.what();
            QVERIFY2(what.startsWith("no process \"mutex5\" in the trace; its processes with the "
                                     "most threads: mutex4 (12604)"),
                     e.what());
        }
    }

    // What the recording does not show: an idle CPU that wakes a thread, R+ and D, the old
    // sched_wakeup, comms with spaces and colons, --ns times, perf's warnings and lines it
    // does not understand.
    void handMade() {
        const std::string text = R"(# a comment from perf script --header
     app main 100 [000] 10.000000000:       sched:sched_switch: prev_comm=app main prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
         swapper     0 [000] 10.000100000:       sched:sched_wakeup: comm=app main pid=100 prio=120 success=1 target_cpu=000
         swapper     0 [000] 10.000150000:       sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=app main pid=100 next_pid=100 next_prio=120
     app main 100 [000] 10.000200000: sched:sched_process_fork: comm=app main pid=100 child_comm=app main child_pid=101
     app main 100 [000] 10.000210000:   sched:sched_wakeup_new: comm=app main pid=101 prio=120 target_cpu=001
  kworker/1:0-mm   7 [001] 10.000300000:       sched:sched_switch: prev_comm=kworker/1:0 prev_pid=7 prev_prio=120 prev_state=I ==> next_comm=app main next_pid=101 next_prio=120
     app main 101 [001] 10.000400000:       sched:sched_switch: prev_comm=io:w prev_pid=101 prev_prio=120 prev_state=D ==> next_comm=kworker/1:0 next_pid=7 next_prio=120
     app main 100 [000] 10.000500000:       sched:sched_switch: prev_comm=app main prev_pid=100 prev_prio=120 prev_state=R+ ==> next_comm=swapper/0 next_pid=0 next_prio=120
this line is not perf's
Warning:
Processed 20 events and lost 3 chunks!
)";
        const auto t = readPerfScript(text);
        QCOMPARE(t->threadCount(), std::size_t(3));
        // The fork makes 101 a thread of 100's process; 7 is a process of its own.
        const int main = threadByTid(*t, 100), io = threadByTid(*t, 101), kw = threadByTid(*t, 7);
        QVERIFY(main >= 0 && io >= 0 && kw >= 0);
        QCOMPARE(t->slices().processOf(std::size_t(io))->pid, std::int64_t(100));
        QCOMPARE(t->slices().processOf(std::size_t(kw))->pid, std::int64_t(7));
        QCOMPARE(t->thread(std::size_t(io)).name, std::string("io:w"));
        // main: working from the start, waiting (sleep) to the idle CPU's wakeup, runnable
        // (woken), working, runnable (preempted in kernel) to the end.
        std::vector<std::tuple<Time, ThreadState, Reason>> got;
        for (std::size_t i = 0; i < t->intervalCount(std::size_t(main)); ++i) {
            const Trace::Interval iv = t->interval(std::size_t(main), i);
            got.emplace_back(iv.range.start, iv.state, iv.reason);
        }
        const std::vector<std::tuple<Time, ThreadState, Reason>> want = {
            {0, ThreadState::Working, Reason::None},
            {0, ThreadState::Waiting, Reason::Sleep},
            {100'000, ThreadState::Runnable, Reason::Woken},
            {150'000, ThreadState::Working, Reason::None},
            {500'000, ThreadState::Runnable, Reason::PreemptedKernel}};
        QCOMPARE(got, want);
        // 101 ends in D at 400 us, until the last line at 500 us.
        QCOMPARE(stateTimes(*t, io)[std::size_t(ThreadState::Io)], Time(100'000));
        QCOMPARE(t->interval(std::size_t(io), t->intervalCount(std::size_t(io)) - 1).reason,
                 Reason::Uninterruptible);
        QCOMPARE(t->interval(std::size_t(kw), 1).reason, Reason::KernelIdle);
        // The wakeup by the idle CPU has no source thread; its args say so.
        const SliceData& d = t->slices();
        const auto [a, b] = d.flowsInto(std::size_t(main));
        QCOMPARE(b - a, std::size_t(1));
        QCOMPARE(d.flows[a].fromThread, -1);
        QCOMPARE(d.text(d.flows[a].args), std::string_view(R"({"waker":"idle","cpu":0})"));
        QCOMPARE(d.flows[a].fromTime, Time(100'000));
        QCOMPARE(d.flows[a].toTime, Time(150'000));
        const auto [c, e] = d.flowsInto(std::size_t(io));
        QCOMPARE(e - c, std::size_t(1));
        QCOMPARE(d.name(d.flows[c].label), std::string_view("wakeup_new"));
        QCOMPARE(d.flows[c].fromThread, main);
        const std::vector<std::string> notices = {
            "1 line it does not understand was skipped (the first: line 10: \"this line is not "
            "perf's\")",
            "perf lost 3 chunks of events while recording: some switches are missing"};
        QCOMPARE(t->info().source.notices, notices);
    }

    // A CPU whose task changes without a sched_switch (lost events): the task before is made
    // runnable there and it is said; a dead task's line (":-1") is taken from its payload.
    void resynchronises() {
        const std::string text =
            R"(     a 10 [000] 1.000000: sched:sched_waking: comm=b pid=11 prio=120 target_cpu=000
     c 12 [000] 1.000010: sched:sched_waking: comm=b pid=11 prio=120 target_cpu=000
   :-1    -1 [000] 1.000020: sched:sched_switch: prev_comm=c prev_pid=12 prev_prio=120 prev_state=X ==> next_comm=b next_pid=11 next_prio=120
)";
        const auto t = readPerfScript(text);
        const int a = threadByTid(*t, 10), c = threadByTid(*t, 12), b = threadByTid(*t, 11);
        QCOMPARE(t->interval(std::size_t(a), 1).state, ThreadState::Runnable);
        QCOMPARE(t->interval(std::size_t(a), 1).range.start, Time(10'000));
        QCOMPARE(t->threadEvents(std::size_t(c)).back().state(), ThreadState::Exited);
        // b was woken by a (the second waking adds nothing) and switched in by the switch.
        const SliceData& d = t->slices();
        const auto [f, g] = d.flowsInto(std::size_t(b));
        QCOMPARE(g - f, std::size_t(1));
        QCOMPARE(d.flows[f].fromThread, a);
        QCOMPARE(t->info().source.notices,
                 std::vector<std::string>{
                     "a CPU's task changed without a sched_switch once (events lost?); the task "
                     "before was made runnable there (the first: line 2)"});
    }

    void sniffing() {
        QVERIFY(looksLikePerfScript(fixture("mutex4.perf.txt").substr(0, 4096)));
        QVERIFY(looksLikePerfScript(fixture("mutex4.perf-pid.txt").substr(0, 4096)));
        QVERIFY(!looksLikePerfScript(fixture("node-workers.json").substr(0, 4096)));
        QVERIFY(!looksLikePerfScript("[{\"ph\":\"X\"}]"));
        QVERIFY(!looksLikePerfScript("hello world\n"));
        // readTrace takes either.
        QCOMPARE(readTrace(fixture("mutex4.perf.txt"), "mutex4")->threadCount(), std::size_t(5));
    }

    void notPerfText() {
        try {
            readPerfScript("# only a comment\n");
            QFAIL("no error");
        } catch (const TraceReadError& e) {
            QCOMPARE(QString(e.what()),
                     QString("no scheduler events: is this `perf script` text?"));
        }
    }
};

QTEST_GUILESS_MAIN(TestPerfScript)
#include "tst_perfscript.moc"
