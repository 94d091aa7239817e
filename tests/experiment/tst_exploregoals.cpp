// The goals of the bundled scenarios: every scenario that can go wrong offers the goal that
// shows it, reachable from the start; the others cannot go wrong, so they need none.
#include "experiment/explore.h"
#include "scenario/catalog.h"

#include <QtTest>

#include <set>

using namespace tl;

class TestExploreGoals : public QObject {
    Q_OBJECT
private slots:
    // Every bundled scenario that can go wrong offers the goal that shows it, and the goal
    // is reachable; the others cannot go wrong (small sizes, every schedule where that is
    // quick, else within the bound of 2), so they need none.
    void bundledGoals_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<bool>("unbounded");
        QTest::addColumn<QString>("goal"); // empty: the scenario cannot fail
        auto row = [](const char* tag, const char* id, QStringList sets, bool unbounded,
                      const char* goal) {
            QTest::newRow(tag) << QString::fromLatin1(id) << sets << unbounded
                               << QString::fromUtf8(goal);
        };
        row("lost-update", "lost-update", {"workers=2", "increments=1", "protection=none"}, true,
            "lose an update");
        row("check-then-act", "check-then-act", {"variant=unprotected"}, true,
            "overdraw the account");
        row("peterson", "peterson", {"variant=broken", "rounds=1"}, true,
            "both in the critical section");
        row("peterson atomic", "peterson", {"variant=atomic", "rounds=1"}, true, "");
        row("dining-philosophers", "dining-philosophers",
            {"philosophers=3", "strategy=naive", "meals=1"}, true, "deadlock");
        row("lock-order", "lock-order", {"order=opposite", "transfers=1"}, true, "deadlock");
        row("barrier-abort", "barrier-abort", {"parties=3"}, true, "");
        row("barrier-phases", "barrier-phases", {"workers=2", "phases=2"}, true, "");
        row("bounded-thread-per-task", "bounded-thread-per-task", {"files=3", "capacity=2"}, true,
            "");
        row("gil-convoy", "gil-convoy", {"threads=3", "tasks=3", "kind=mixed"}, true, "");
        row("lost-update gil", "lost-update", {"workers=2", "increments=1", "protection=gil"}, true,
            "lose an update");
        row("lock-contention", "lock-contention", {"workers=2", "iterations=2"}, true, "");
        row("producer-consumer", "producer-consumer",
            {"producers=1", "consumers=2", "items=3", "capacity=1"}, true, "");
        row("readers-writers", "readers-writers",
            {"readers=2", "writers=1", "rounds=1", "policy=writers"}, true, "");
        row("semaphore-pool", "semaphore-pool", {"workers=3", "permits=1", "requests=1"}, true, "");
        row("signalling", "signalling", {"waiters=1", "pollers=1", "consumers=2", "items=2"}, false,
            "");
        row("spin-lock", "spin-lock", {"workers=2", "iterations=1", "variant=ttas"}, true, "");
        row("thread-pool-server", "thread-pool-server", {"handlers=2", "requests=3"}, false, "");
        row("try-lock-polling", "try-lock-polling", {"successes=2"}, true, "");
        row("worker-pool", "worker-pool", {"workers=2", "files=3"}, false, "");
    }
    // The rows above are every bundled scenario.
    void bundledGoalsCoverAll() {
        std::set<std::string> ids;
        for (const Scenario& s : loadBundledScenarios())
            ids.insert(s.id);
        QCOMPARE(ids, (std::set<std::string>{
                          "barrier-abort", "barrier-phases", "bounded-thread-per-task",
                          "check-then-act", "dining-philosophers", "gil-convoy", "lock-contention",
                          "lock-order", "lost-update", "peterson", "producer-consumer",
                          "readers-writers", "semaphore-pool", "signalling", "spin-lock",
                          "thread-pool-server", "try-lock-polling", "worker-pool"}));
    }
    void bundledGoals() {
        QFETCH(QString, id);
        QFETCH(QStringList, sets);
        QFETCH(bool, unbounded);
        QFETCH(QString, goal);
        const Scenario s = resolveScenario(id.toStdString());
        ParamValues values = defaultValues(s);
        for (const QString& set : sets)
            setParameter(s, values, set.section(QLatin1Char('='), 0, 0).toStdString(),
                         set.section(QLatin1Char('='), 1).toStdString());
        const Program p = compile(s, values);
        ExploreOptions o;
        if (unbounded) o.bound = kNoBound;
        const ExploreReport r = explore(p, o);
        QVERIFY(r.complete);
        if (goal.isEmpty()) {
            QVERIFY2(!r.failure(), r.failure() ? r.failure()->what.c_str() : "");
            return;
        }
        QVERIFY(r.failure());
        QCOMPARE(p.goals.size(), 1u);
        QCOMPARE(QString::fromStdString(p.goals[0].name), goal);
        const auto path = pathToGoal(p, {}, 0);
        QVERIFY(path && !path->empty());
    }
};

QTEST_GUILESS_MAIN(TestExploreGoals)
#include "tst_exploregoals.moc"
