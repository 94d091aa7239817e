// The lessons of the shared-state scenarios (lost-update, check-then-act, peterson,
// spin-lock) on the simulated machine, where each run is exact: the final values, the
// updates lost, the races and the failed asserts that the seeded schedule gives.
#include "analysis/checks.h"
#include "analysis/races.h"
#include "analysis/variables.h"
#include "testutil.h"

#include <QtTest>
#include <set>

using namespace tl;
using test::runScenario;

namespace {

std::int64_t value(const Trace& t, const std::string& variable) {
    return finalValue(t, std::size_t(t.findObject(variable)));
}

const CheckResult& check(const std::vector<CheckResult>& checks, const std::string& name) {
    for (const CheckResult& c : checks)
        if (c.name == name) return c;
    static const CheckResult none{"missing", false, "no such check", false};
    return none;
}

std::size_t opCount(const Trace& t, const std::string& object, Op op) {
    const int o = t.findObject(object);
    if (o < 0) return 0;
    std::size_t n = 0;
    const EventStream& s = t.objectEvents(std::size_t(o));
    for (std::size_t i = 0; i < s.size(); ++i)
        n += s[i].op() == op && !(s[i].arg & OpFlagMore);
    return n;
}

} // namespace

class TestSharedLessons : public QObject {
    Q_OBJECT
private slots:
    // Unprotected, the final value is what the seeded schedule gives, exactly: every update
    // lost is one increment less, and the race check names the counter.
    void lostUpdateNone() {
        const auto t = runScenario("lost-update", {});
        QCOMPARE(t->outcome(), Outcome::Completed);
        const auto lost = findLostUpdates(*t);
        QCOMPARE(value(*t, "counter"), std::int64_t(38));
        QCOMPARE(lost.size(), std::size_t(2));
        QCOMPARE(value(*t, "counter"), std::int64_t(40 - lost.size()));
        const auto checks = runChecks(*t);
        QVERIFY(!check(checks, "races").passed);
        QVERIFY(check(checks, "races").detail.find("\"counter\"") != std::string::npos);
        QCOMPARE(check(checks, "asserts").detail,
                 std::string("counter = 38, expected 40: 2 increments lost"));
        // The same seed, the same schedule.
        QCOMPARE(value(*runScenario("lost-update", {}), "counter"), std::int64_t(38));
        // More workers, more losses; still exactly what the lost updates account for.
        const auto many = runScenario("lost-update", {{"workers", "16"}, {"increments", "50"}});
        QCOMPARE(value(*many, "counter"), std::int64_t(800 - findLostUpdates(*many).size()));
        QVERIFY(findLostUpdates(*many).size() > lost.size());
    }

    void lostUpdateOneWorker() {
        const auto t = runScenario("lost-update", {{"workers", "1"}});
        QCOMPARE(value(*t, "counter"), std::int64_t(10));
        QVERIFY(findLostUpdates(*t).empty());
        QVERIFY(allPassed(runChecks(*t)));
        QVERIFY(check(runChecks(*t), "races").applies);
    }

    void lostUpdateProtected_data() {
        QTest::addColumn<QString>("protection");
        QTest::newRow("lock") << "lock";
        QTest::newRow("atomic") << "atomic";
    }
    void lostUpdateProtected() {
        QFETCH(QString, protection);
        for (const char* workers : {"2", "8"}) {
            const auto t = runScenario(
                "lost-update", {{"workers", workers}, {"protection", qPrintable(protection)}});
            QCOMPARE(value(*t, "counter"), std::int64_t(10 * std::atoi(workers)));
            QVERIFY(findLostUpdates(*t).empty());
            QCOMPARE(findRaces(*t).total, std::size_t(0));
            QVERIFY(allPassed(runChecks(*t)));
        }
    }

    // Under the GIL nothing races (every step holds the GIL, and its hand-offs order them),
    // yet where a switch falls between a load and its store, an update is lost.
    void lostUpdateGil() {
        const auto t = runScenario("lost-update", {{"protection", "gil"}, {"increments", "10000"}});
        QCOMPARE(t->outcome(), Outcome::Completed);
        const auto lost = findLostUpdates(*t);
        QCOMPARE(lost.size(), std::size_t(2082));
        QCOMPARE(value(*t, "counter"), std::int64_t(40000 - 2082));
        QCOMPARE(findRaces(*t).total, std::size_t(0));
        // Few writes lose them: each wipes out what the others did while it waited.
        std::set<std::size_t> losers;
        for (const LostUpdate& l : lost)
            losers.insert(l.write);
        QCOMPARE(losers.size(), std::size_t(7));
        // Each loss: the GIL changed hands between the stale read and the write.
        const int gil = t->findObject("GIL");
        const EventStream& g = t->objectEvents(std::size_t(gil));
        const EventStream& c = t->objectEvents(std::size_t(t->findObject("counter")));
        for (const LostUpdate& l : lost) {
            const Time from = c[l.staleRead].time, to = c[l.write].time;
            bool handedOver = false;
            for (std::size_t i = 0; i < g.size(); ++i)
                handedOver =
                    handedOver || (g[i].op() == Op::Unlock && g[i].time > from && g[i].time < to);
            QVERIFY(handedOver);
        }
        // With the default ten increments the run is shorter than a switch interval: nothing
        // is lost.
        QCOMPARE(value(*runScenario("lost-update", {{"protection", "gil"}}), "counter"),
                 std::int64_t(40));
    }

    void checkThenAct() {
        const auto t = runScenario("check-then-act", {});
        QCOMPARE(value(*t, "balance"), std::int64_t(-60));
        const auto checks = runChecks(*t);
        QVERIFY(!check(checks, "races").passed);
        // The second clerk's assert: the first clerk's ran before the overdraft.
        QCOMPARE(opCount(*t, "balance >= 0", Op::AssertFailed), std::size_t(1));
        QVERIFY(findLostUpdates(*t).empty()); // nothing lost: each withdrawal read afresh
        QVERIFY(check(checks, "asserts").detail.find("balance >= 0 failed") != std::string::npos);
        const auto locked = runScenario("check-then-act", {{"variant", "locked"}});
        QCOMPARE(value(*locked, "balance"), std::int64_t(20));
        QVERIFY(allPassed(runChecks(*locked)));
    }

    // The simulated machine is sequentially consistent: Peterson's algorithm keeps the
    // critical section to one thread, with or without the fence; without the turn it fails.
    void peterson_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("exclusive");
        QTest::newRow("correct") << "correct" << true;
        QTest::newRow("fenced") << "fenced" << true;
        QTest::newRow("broken") << "broken" << false;
    }
    void peterson() {
        QFETCH(QString, variant);
        QFETCH(bool, exclusive);
        const auto t =
            runScenario("peterson", {{"variant", qPrintable(variant)}, {"rounds", "200"}});
        QCOMPARE(t->outcome(), Outcome::Completed);
        const std::size_t failures = opCount(*t, "inside == 1", Op::AssertFailed);
        QCOMPARE(failures == 0, exclusive);
        // The inside counter never passes 1 when exclusive; it reaches 2 when not.
        const EventStream& in = t->objectEvents(std::size_t(t->findObject("inside")));
        std::int32_t most = 0;
        for (std::size_t i = 0; i < in.size(); ++i)
            most = std::max(most, signedValue(in[i]));
        QCOMPARE(most, exclusive ? 1 : 2);
        // Plain accesses to flag and turn race in every variant.
        QVERIFY(!check(runChecks(*t), "races").passed);
        QCOMPARE(opCount(*t, "fences", Op::Fence), std::size_t(variant == "fenced" ? 400 : 0));
    }

    // Whichever lock, the counter ends right and nothing races; the spinners burn CPU where
    // the mutex's waiters block.
    void spinLock_data() {
        QTest::addColumn<QString>("variant");
        QTest::newRow("cas") << "cas";
        QTest::newRow("ttas") << "ttas";
        QTest::newRow("mutex") << "mutex";
    }
    void spinLock() {
        QFETCH(QString, variant);
        const auto t = runScenario("spin-lock", {{"variant", qPrintable(variant)}});
        QCOMPARE(value(*t, "counter"), std::int64_t(40));
        QVERIFY(allPassed(runChecks(*t)));
        const std::size_t failedTries = opCount(*t, "lock", Op::CasFailed);
        const std::size_t spinReads = opCount(*t, "lock", Op::Read);
        if (variant == "cas") QVERIFY(failedTries > 0 && spinReads == 0);
        if (variant == "ttas") QVERIFY(spinReads > failedTries);
        if (variant == "mutex") QVERIFY(failedTries == 0 && spinReads == 0);
        // Waiting: blocked on the mutex only with the mutex.
        Time blocked = 0;
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            for (std::size_t i = 0; i < t->intervalCount(th); ++i)
                if (t->interval(th, i).state == ThreadState::Blocked)
                    blocked += t->interval(th, i).range.delta();
        QCOMPARE(blocked > 0, variant == "mutex");
    }

    // The cores burnt: a spinner waits working, re-reading the lock word every 10 ns, where
    // the mutex's waiters block and leave their core. The same work to do, exactly these
    // nanoseconds of CPU on the seeded schedule.
    void spinnersBurnTheCores() {
        auto working = [](const char* variant) {
            // Busy: each worker wants the lock twice as long as it thinks.
            const auto t = runScenario("spin-lock",
                                       {{"variant", variant}, {"think", "10us"}, {"hold", "20us"}});
            Time sum = 0;
            for (std::size_t th = 0; th < t->threadCount(); ++th)
                for (std::size_t i = 0; i < t->intervalCount(th); ++i)
                    if (t->interval(th, i).state == ThreadState::Working)
                        sum += t->interval(th, i).range.delta();
            return sum;
        };
        const Time cas = working("cas"), ttas = working("ttas"), mutex = working("mutex");
        QCOMPARE(cas, Time(2'854'087));
        QCOMPARE(ttas, Time(2'855'457));
        QCOMPARE(mutex, Time(1'192'687)); // the 40 x 30 us thought and held, nearly all
        QVERIFY(cas > 2 * mutex && ttas > 2 * mutex);
    }
};

QTEST_GUILESS_MAIN(TestSharedLessons)
#include "tst_sharedlessons.moc"
