// The simulated machine one visible operation at a time (SimStepper): who is enabled, what a
// step does, FIFO hand-offs, timeouts as choices, state hashes and checkpoints; and the timed
// machine following a schedule (RunOptions::schedule), exact to the nanosecond.
#include "analysis/checks.h"
#include "analysis/summary.h"
#include "engine/simstep.h"
#include "model/timefmt.h"
#include "testutil.h"

#include <QtTest>

using namespace tl;

namespace {

Program programText(const std::string& text) {
    const Scenario s = parseScenario(text, "test.json");
    return compile(s, defaultValues(s));
}

std::vector<int> enabled(const SimStepper& s) {
    std::vector<int> out;
    s.enabledThreads(out);
    return out;
}

// Each operation of the last step: "lock m by b (waited)".
QStringList ops(const SimStepper& s) {
    QStringList out;
    for (const StepOp& op : s.lastOps())
        out << QString("%1 %2 by %3%4")
                   .arg(QString::fromStdString(std::string(opName(op.event.op()))))
                   .arg(QString::fromStdString(
                       s.program().objects[std::size_t(op.object)].info.name))
                   .arg(QString::fromStdString(s.program().threads[op.event.ref].info.name))
                   .arg(op.event.arg & OpFlagWaited ? " (waited)" : "");
    return out;
}

const char* const kThreeLockers = R"({"id": "lockers", "title": "Three lockers",
  "objects": [ {"mutex": "m"}, {"variable": "x"} ],
  "roles": [ {"name": "t", "count": 3, "program": [
    {"work": "1ms"}, {"lock": "m"}, {"write": "x", "value": "$index"}, {"unlock": "m"} ]} ]})";

// a works 3 ms and b 1 ms before each writes x.
const char* const kTwoWriters = R"({"id": "writers", "title": "Two writers",
  "objects": [ {"variable": "x"} ],
  "roles": [
    {"name": "a", "program": [ {"work": "3ms"}, {"write": "x", "value": 1} ]},
    {"name": "b", "program": [ {"work": "1ms"}, {"write": "x", "value": 2} ]} ]})";

// The same under a GIL that a waiter asks for after 1 ms, handed over at no cost.
const char* const kTwoWritersGil = R"({"id": "writers", "title": "Two writers",
  "objects": [ {"variable": "x"}, {"gil": "G", "interval": "1ms", "switchCost": "0"} ],
  "roles": [
    {"name": "a", "program": [ {"work": "3ms"}, {"write": "x", "value": 1} ]},
    {"name": "b", "program": [ {"work": "1ms"}, {"write": "x", "value": 2} ]} ]})";

QString lane(const Trace& t, const std::string& thread) {
    const int id = t.findThread(thread);
    QStringList parts;
    for (std::size_t i = 0, n = t.intervalCount(std::size_t(id)); i < n; ++i) {
        const Trace::Interval iv = t.interval(std::size_t(id), i);
        parts << QString("%1 %2-%3")
                     .arg(QString::fromStdString(std::string(stateName(iv.state))))
                     .arg(QString::fromStdString(exactTime(iv.range.start)))
                     .arg(QString::fromStdString(exactTime(iv.range.end)));
    }
    return parts.join(", ");
}

} // namespace

class TestSimStep : public QObject {
    Q_OBJECT
private slots:
    // Every thread stops before its first visible operation; the work before it takes no time.
    void stepsAndHandOffs() {
        const Program p = programText(kThreeLockers);
        SimStepper s(p);
        QCOMPARE(enabled(s), (std::vector<int>{0, 1, 2}));
        QCOMPARE(s.next(0).code, Code::Lock);
        QVERIFY(!s.finished());
        QCOMPARE(s.outcome(), Outcome::Running);
        s.step(0);
        QCOMPARE(ops(s), QStringList{"lock m by t 1"});
        QCOMPARE(s.next(0).code, Code::Write);
        s.step(1); // blocks: it waits first
        QVERIFY(ops(s).isEmpty());
        QCOMPARE(s.status(1), SimStepper::ThreadStatus::Blocked);
        s.step(2);
        QCOMPARE(enabled(s), (std::vector<int>{0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.step(1));
        s.step(0);
        QCOMPARE(s.value(1), 1);
        s.step(0); // the unlock hands m to the first waiter, t 2, who goes on to its write
        QCOMPARE(ops(s), (QStringList{"unlock m by t 1", "lock m by t 2 (waited)"}));
        QCOMPARE(s.status(0), SimStepper::ThreadStatus::Done);
        QCOMPARE(enabled(s), (std::vector<int>{1}));
        QCOMPARE(s.next(1).code, Code::Write);
        for (const int t : {1, 1, 2, 2})
            s.step(t);
        QVERIFY(s.finished());
        QCOMPARE(s.outcome(), Outcome::Completed);
        QCOMPARE(s.value(1), 3);
    }

    // A hash says what the future depends on: two orders of two reads meet in one state; a
    // copy is a checkpoint that its original's steps do not touch.
    void hashesAndCheckpoints() {
        const Scenario sc = resolveScenario("lost-update");
        ParamValues v = defaultValues(sc);
        setParameter(sc, v, "workers", "2");
        setParameter(sc, v, "increments", "1");
        const Program p = compile(sc, v);
        SimStepper a(p), b(p);
        QCOMPARE(a.hash(), b.hash());
        a.step(0);
        QVERIFY(a.hash() != b.hash());
        const SimStepper checkpoint = a;
        a.step(1);
        b.step(1);
        b.step(0);
        QCOMPARE(a.hash(), b.hash()); // both read 0, both at their write
        a.step(0);
        QVERIFY(a.hash() != b.hash());
        QCOMPARE(checkpoint.next(0).code, Code::Write);
        QCOMPARE(enabled(checkpoint), (std::vector<int>{0, 1}));
        SimStepper assigned = b;
        assigned = checkpoint;
        QCOMPARE(assigned.hash(), checkpoint.hash());
    }

    // A wait with a timeout can time out whenever the waiting thread is chosen.
    void timeoutIsAChoice() {
        const Program p = programText(R"({"id": "t", "title": "t",
          "objects": [ {"event": "e"} ],
          "roles": [ {"name": "w", "program": [
            {"wait": "e", "timeout": "1s", "then": [], "else": []} ]} ]})");
        SimStepper s(p);
        s.step(0); // waits: nobody sets e
        QCOMPARE(s.status(0), SimStepper::ThreadStatus::Blocked);
        QVERIFY(s.timingOut(0));
        QCOMPARE(enabled(s), (std::vector<int>{0}));
        s.step(0);
        QCOMPARE(opName(s.lastOps().at(0).event.op()), std::string_view("timeout"));
        QCOMPARE(s.outcome(), Outcome::Completed);
    }

    // The abstract machine leaves the GIL out: it changes hands in time, between any two
    // operations, so it forbids no order of them. The same choices as without it, and no step
    // takes or gives it.
    void gilLeftOut() {
        const Program p = programText(kTwoWritersGil);
        SimStepper s(p);
        QVERIFY(s.gilOn());
        QCOMPARE(enabled(s), (std::vector<int>{0, 1}));
        s.step(1);
        QCOMPARE(ops(s), QStringList{"write x by b"});
        s.step(0);
        QCOMPARE(ops(s), QStringList{"write x by a"});
        QCOMPARE(s.outcome(), Outcome::Completed);
        QCOMPARE(s.value(0), 1);
    }

    // Followed with the durations under a GIL that changes hands every 1 ms: a and b take
    // turns with it until b, holding it at 3 ms, comes to its write before its turn. b waits
    // for its turn (runnable) and gives the GIL back, as a thread does that waits in a C call;
    // a finishes its work and writes at 4 ms; b then asks for the GIL, gets it at once (a has
    // had it for an interval) and writes.
    void scheduleUnderTheGil() {
        RunOptions o;
        o.schedule = {0, 1};
        const auto t = test::runText(kTwoWritersGil, {}, o);
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(lane(*t, "a"), QString("working 0-1ms, blocked 1ms-2ms, working 2ms-4ms, blocked "
                                        "4ms-4000.01us, working 4000.01us-4000.02us"));
        QCOMPARE(lane(*t, "b"), QString("blocked 0-1ms, working 1ms-2ms, blocked 2ms-3ms, "
                                        "runnable 3ms-4ms, working 4ms-4000.01us"));
        QCOMPARE(t->recordedFinalValue(0), std::optional<std::int64_t>(2));
    }

    // Followed with the durations: b comes to its write at 1 ms and waits, runnable, until a
    // has written at 3 ms; without a schedule b writes first.
    void scheduleWithDurations() {
        RunOptions o;
        o.schedule = {0, 1};
        const auto followed = test::runText(kTwoWriters, {}, o);
        QCOMPARE(followed->outcome(), Outcome::Completed);
        QCOMPARE(lane(*followed, "b"), QString("working 0-1ms, runnable 1ms-3ms, working "
                                               "3ms-3000.01us"));
        QCOMPARE(lane(*followed, "a"), QString("working 0-3000.01us"));
        QCOMPARE(followed->recordedFinalValue(0), std::optional<std::int64_t>(2));
        QCOMPARE(followed->info().schedule, o.schedule);

        const auto own = test::runText(kTwoWriters);
        QCOMPARE(lane(*own, "b"), QString("working 0-1000.01us"));
        QCOMPARE(own->recordedFinalValue(0), std::optional<std::int64_t>(1));
        o.schedule = {1, 0}; // the machine's own order: nobody waits
        QCOMPARE(lane(*test::runText(kTwoWriters, {}, o), "b"), QString("working 0-1000.01us"));
        // A schedule cut short: the rest in the machine's own order.
        o.schedule = {0};
        const auto prefix = test::runText(kTwoWriters, {}, o);
        QCOMPARE(prefix->outcome(), Outcome::Completed);
        QCOMPARE(prefix->recordedFinalValue(0), std::optional<std::int64_t>(2));
        // Real threads cannot follow one.
        o.engine = EngineKind::Real;
        const auto real = test::runText(kTwoWriters, {}, o);
        QCOMPARE(real->outcome(), Outcome::Error);
        QCOMPARE(real->message(), std::string("a schedule can be followed on the simulated "
                                              "machine only"));
    }

    // The scenario's expectation of the end, evaluated by either engine and recorded.
    void expectationRecorded_data() {
        QTest::addColumn<int>("engine");
        QTest::newRow("simulated") << int(EngineKind::Simulated);
        QTest::newRow("real") << int(EngineKind::Real);
    }
    void expectationRecorded() {
        QFETCH(int, engine);
        RunOptions o;
        o.engine = EngineKind(engine);
        const std::string text = R"({"id": "e", "title": "e",
          "objects": [ {"variable": "x"} ],
          "roles": [ {"name": "w", "program": [ {"write": "x", "value": 3} ]} ],
          "expect": "x == 4"})";
        const auto trace = test::runText(text, {}, o);
        QVERIFY(trace->expectation());
        QCOMPARE(trace->expectation()->text, std::string("x == 4"));
        QVERIFY(!trace->expectation()->held);
        const auto checks = runChecks(*trace);
        QVERIFY(!allPassed(checks));
        QVERIFY(formatRunResult(*trace, checks).find("  expected: x == 4 does not hold: x = 3\n") !=
                std::string::npos);
        const auto holds =
            test::runText(std::string(text).replace(text.find("x == 4"), 6, "x == 3"), {}, o);
        QVERIFY(holds->expectation()->held);
        QVERIFY(allPassed(runChecks(*holds)));
    }
};

QTEST_GUILESS_MAIN(TestSimStep)
#include "tst_simstep.moc"
