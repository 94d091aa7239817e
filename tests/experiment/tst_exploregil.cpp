// The explorer under CPython's GIL: the GIL forbids no order of the visible operations, so
// the lost update is found as without it, and no data race (the GIL orders the accesses); a
// replay keeps the GIL, and a thread held for its turn gives it back.
#include "analysis/checks.h"
#include "experiment/explore.h"
#include "exploretest.h"
#include "format/chromejson.h"
#include "scenario/catalog.h"

#include <QtTest>

#include <map>

using namespace tl;
using test::outcomes;
using test::program;

namespace {

std::vector<Event> events(const EventStream& s) {
    std::vector<Event> out;
    for (std::size_t i = 0; i < s.size(); ++i)
        out.push_back(s[i]);
    return out;
}

} // namespace

class TestExploreGil : public QObject {
    Q_OBJECT
private slots:
    // Under CPython's GIL one thread runs at a time, but the GIL can change hands between a
    // read and its write: the same six schedules and two outcomes as without it. Nothing
    // races (the GIL orders the accesses), so the one failure is the lost increment.
    void lostUpdateUnderTheGil() {
        const Program p =
            program("lost-update", {{"workers", "2"}, {"increments", "1"}, {"protection", "gil"}});
        const ExploreReport r = explore(p);
        QVERIFY(r.complete);
        QCOMPARE(r.schedules, 6u);
        QCOMPARE(outcomes(r),
                 (std::map<std::string, std::uint64_t>{{"counter=1", 4}, {"counter=2", 2}}));
        QCOMPARE(r.failures.size(), 1u);
        const ExploreFailure& f = r.failures[0];
        QCOMPARE(f.kind, FailureKind::Expect);
        QCOMPARE(f.steps, 4u);
        QCOMPARE(describeSchedule(p, f.schedule),
                 (std::vector<std::string>{"worker 1 reads 0", "worker 2 reads 0",
                                           "worker 1 writes 1", "worker 2 writes 1"}));
    }

    // Its failing schedule replayed with the GIL: a thread held for its turn gives the GIL
    // back, so the others can reach theirs; every access is made holding it; the same bytes
    // twice, and the checks find the lost update but no race.
    void replayUnderTheGil() {
        const Program p =
            program("lost-update", {{"workers", "2"}, {"increments", "1"}, {"protection", "gil"}});
        const std::vector<int> schedule{0, 1, 0, 1};
        const auto trace = replay(p, schedule);
        QCOMPARE(trace->outcome(), Outcome::Completed);
        QCOMPARE(chromeTraceString(*replay(p, schedule)), chromeTraceString(*trace));
        const int counter = trace->findObject("counter");
        QCOMPARE(trace->recordedFinalValue(std::size_t(counter)).value_or(-1), 1);
        const int gil = trace->findObject("GIL");
        QVERIFY(gil >= 0);
        // The GIL's holder through time, and who made each access.
        std::vector<std::pair<Time, int>> held; // (time, holder or -1) in order
        int holder = -1;
        for (const Event& e : events(trace->objectEvents(std::size_t(gil)))) {
            if (e.op() == Op::Lock) {
                QCOMPARE(holder, -1); // one holder at a time
                holder = e.ref;
            } else {
                QCOMPARE(e.op(), Op::Unlock);
                QCOMPARE(holder, int(e.ref));
                holder = -1;
            }
            held.emplace_back(e.time, holder);
        }
        QVERIFY(held.size() >= 8); // each worker took it at least twice: it gave it back
        std::vector<int> accessors;
        for (const Event& e : events(trace->objectEvents(std::size_t(counter)))) {
            accessors.push_back(e.ref);
            int at = -1; // the holder at the access: the last change at or before it
            for (const auto& [time, who] : held)
                if (time <= e.time) at = who;
            QCOMPARE(at, int(e.ref));
        }
        QCOMPARE(accessors, (std::vector<int>{0, 1, 0, 1})); // the schedule's order
        bool turn = false; // somebody waited for its turn, and did so without the GIL
        for (std::size_t t = 0; t < 2; ++t)
            for (const Event& e : events(trace->threadEvents(t)))
                turn = turn || (e.state() == ThreadState::Runnable && e.reason() == Reason::Turn);
        QVERIFY(turn);
        int checked = 0;
        for (const CheckResult& c : runChecks(*trace)) {
            if (c.name == "races") QVERIFY2(c.passed && c.applies && ++checked, c.detail.c_str());
            if (c.name == "asserts") QVERIFY(!c.passed && ++checked); // ends 1, expected 2
        }
        QCOMPARE(checked, 2);
    }

    // Every outcome of 3 workers × 2 increments under the GIL, replayed from its example
    // schedule with the durations and the GIL's hand-offs, ends with the counter the explorer
    // says: the timed machine with the GIL follows any order the abstract one finds.
    void everyOutcomeReplays() {
        const Program p =
            program("lost-update", {{"workers", "3"}, {"increments", "2"}, {"protection", "gil"}});
        ExploreOptions unbounded;
        unbounded.bound = kNoBound;
        const ExploreReport r = explore(p, unbounded);
        QVERIFY(r.complete && !r.boundCut);
        QCOMPARE(r.outcomes.size(), std::size_t(5)); // counter = 2 .. 6
        for (const ExploreOutcome& o : r.outcomes) {
            const auto trace = replay(p, o.example);
            QCOMPARE(trace->outcome(), Outcome::Completed);
            QCOMPARE(trace->info().schedule, o.example);
            const auto counter = std::size_t(trace->findObject("counter"));
            QCOMPARE(trace->recordedFinalValue(counter).value_or(-1), o.values.at(0));
        }
    }
};

QTEST_GUILESS_MAIN(TestExploreGil)
#include "tst_exploregil.moc"
