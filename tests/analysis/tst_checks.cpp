// Each invariant check passes on a correct trace and fails, by name and with a useful
// detail, on a hand-made trace that breaks it.
#include "analysis/checks.h"

#include <QtTest>

using namespace tl;

namespace {

const CheckResult& result(const std::vector<CheckResult>& all, const std::string& name) {
    for (const CheckResult& r : all)
        if (r.name == name) return r;
    qFatal("no check named %s", name.c_str());
}

// Every check but `name` passes; `name` fails with `detail`.
void expectOnlyFailure(const Trace& t, const std::string& name, const QString& detail) {
    const auto all = runChecks(t);
    QCOMPARE(all.size(), std::size_t(8));
    for (const CheckResult& r : all) {
        if (r.name == name) {
            QVERIFY2(!r.passed, name.c_str());
            QCOMPARE(QString::fromStdString(r.detail), detail);
        } else {
            QVERIFY2(r.passed, (r.name + ": " + r.detail).c_str());
        }
    }
    QVERIFY(!allPassed(all));
}

} // namespace

class TestChecks : public QObject {
    Q_OBJECT
private slots:
    void correctTracePasses() {
        Trace t;
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        t.addObject({ObjectKind::Mutex, "m", 0});
        t.operation(0, 0, Op::Lock, 0);
        t.operation(0, 5, Op::Unlock, 0);
        t.operation(0, 5, Op::Lock, 1, 0, OpFlagWaited);
        t.operation(0, 9, Op::Unlock, 1);
        QVERIFY(allPassed(runChecks(t)));
        QCOMPARE(result(runChecks(t), "mutual exclusion").passed, true);
    }
    void mutualExclusion() {
        Trace t;
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        t.addObject({ObjectKind::Mutex, "m", 0});
        t.operation(0, 0, Op::Lock, 0);
        t.operation(0, 3'000'000, Op::Lock, 1);
        expectOnlyFailure(t, "mutual exclusion", "\"m\" locked by b at 3ms while held by a");
    }
    void unlockByNonOwner() {
        Trace t;
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        t.addObject({ObjectKind::Mutex, "m", 0});
        t.operation(0, 0, Op::Lock, 0);
        t.operation(0, 1000, Op::Unlock, 1);
        expectOnlyFailure(t, "mutual exclusion",
                          "\"m\" unlocked by b at 1us, which does not hold it");
    }
    void readersShareWriterAlone() {
        Trace t;
        for (const char* n : {"a", "b", "c"})
            t.addThread({n, n, 1});
        t.addObject({ObjectKind::RwLock, "data", 0});
        t.operation(0, 0, Op::Lock, 0, 1, OpFlagShared);
        t.operation(0, 1, Op::Lock, 1, 2, OpFlagShared);
        t.operation(0, 2, Op::Unlock, 0, 1, OpFlagShared);
        t.operation(0, 3, Op::Unlock, 1, 0, OpFlagShared);
        t.operation(0, 3, Op::Lock, 2, 0, OpFlagWaited);
        t.operation(0, 4, Op::Unlock, 2, 0);
        t.operation(0, 5, Op::Lock, 0, 1, OpFlagShared | OpFlagWaited);
        QVERIFY(allPassed(runChecks(t)));
    }
    void readersWriter_data() {
        QTest::addColumn<QString>("detail");
        QTest::newRow("writer while readers")
            << "\"data\" locked by c at 2ns while 2 readers hold it";
        QTest::newRow("writer while one reader")
            << "\"data\" locked by c at 2ns while 1 reader holds it";
        QTest::newRow("reader while writer") << "\"data\" read-locked by b at 1ns while held by a";
        QTest::newRow("writer while writer") << "\"data\" locked by b at 1ns while held by a";
        QTest::newRow("read unlock by non-reader")
            << "\"data\" read-unlocked by b at 1ns, which does not hold it";
        QTest::newRow("write unlock by a reader")
            << "\"data\" unlocked by a at 1ns, which does not hold it";
    }
    void readersWriter() {
        QFETCH(QString, detail);
        const QByteArray row = QTest::currentDataTag();
        Trace t;
        for (const char* n : {"a", "b", "c"})
            t.addThread({n, n, 1});
        t.addObject({ObjectKind::RwLock, "data", 0});
        if (row == "writer while readers") {
            t.operation(0, 0, Op::Lock, 0, 1, OpFlagShared);
            t.operation(0, 1, Op::Lock, 1, 2, OpFlagShared);
            t.operation(0, 2, Op::Lock, 2, 2);
        } else if (row == "writer while one reader") {
            t.operation(0, 0, Op::Lock, 0, 1, OpFlagShared);
            t.operation(0, 1, Op::Lock, 1, 2, OpFlagShared);
            t.operation(0, 1, Op::Unlock, 1, 1, OpFlagShared);
            t.operation(0, 2, Op::Lock, 2, 1);
        } else if (row == "reader while writer") {
            t.operation(0, 0, Op::Lock, 0, 0);
            t.operation(0, 1, Op::Lock, 1, 1, OpFlagShared);
        } else if (row == "writer while writer") {
            t.operation(0, 0, Op::Lock, 0, 0);
            t.operation(0, 1, Op::Lock, 1, 0);
        } else if (row == "read unlock by non-reader") {
            t.operation(0, 0, Op::Lock, 0, 1, OpFlagShared);
            t.operation(0, 1, Op::Unlock, 1, 0, OpFlagShared);
        } else if (row == "write unlock by a reader") {
            t.operation(0, 0, Op::Lock, 0, 1, OpFlagShared);
            t.operation(0, 1, Op::Unlock, 0, 1);
        }
        expectOnlyFailure(t, "mutual exclusion", detail);
    }
    void gilOneHolder() {
        Trace t;
        t.addThread({"a", "a", 1});
        t.addThread({"b", "b", 1});
        t.addObject({ObjectKind::Gil, "GIL", 0});
        t.operation(0, 0, Op::Lock, 0);
        t.operation(0, 5, Op::Unlock, 0);
        t.operation(0, 5, Op::Lock, 1, 0, OpFlagWaited); // the hand-off
        QVERIFY(allPassed(runChecks(t)));
        t.operation(0, 6, Op::Lock, 0);
        expectOnlyFailure(t, "mutual exclusion", "\"GIL\" locked by a at 6ns while held by b");
    }
    void permits() {
        Trace t;
        for (const char* n : {"a", "b", "c"})
            t.addThread({n, n, 1});
        t.addObject({ObjectKind::Semaphore, "pool", 2});
        t.operation(0, 0, Op::Acquire, 0);
        t.operation(0, 1, Op::Acquire, 1);
        t.operation(0, 2, Op::Release, 0);
        t.operation(0, 3, Op::Acquire, 2);
        QVERIFY(allPassed(runChecks(t)));
        t.operation(0, 4, Op::Acquire, 0);
        expectOnlyFailure(t, "permits",
                          "\"pool\": 3 inside after the acquire by a at 4ns; permits 2");
    }
    void queueDepth() {
        Trace t;
        t.addThread({"p", "p", 1});
        t.addObject({ObjectKind::Queue, "q", 1});
        t.operation(0, 0, Op::Put, 0, 1);
        t.operation(0, 1, Op::Put, 0, 2);
        expectOnlyFailure(t, "queue depth", "\"q\" holds 2 after the put by p at 1ns; capacity 1");
    }
    void itemsGotTwice() {
        Trace t;
        t.addThread({"p", "p", 1});
        t.addThread({"c", "c", 1});
        t.addObject({ObjectKind::Queue, "q", 4});
        t.operation(0, 0, Op::Put, 0, 1);
        t.operation(0, 1, Op::Put, 0, 1); // the same item again
        t.operation(0, 2, Op::Get, 1, 1);
        t.operation(0, 3, Op::Get, 1, 1);
        expectOnlyFailure(t, "items", "\"q\": item 1 put twice (again by p at 1ns)");
    }
    void itemLostInDrainedQueue() {
        Trace t;
        t.addThread({"p", "p", 1});
        t.addThread({"c", "c", 1});
        t.addObject({ObjectKind::Queue, "q", 4});
        t.operation(0, 0, Op::Put, 0, 1);
        t.operation(0, 1, Op::Put, 0, 2);
        t.operation(0, 2, Op::Get, 1, 1);
        t.operation(0, 3, Op::Get, 1, 3); // item 3 was never put, item 2 never got
        t.operation(0, 4, Op::Close, 0);
        t.finish(Outcome::Completed);
        const auto all = runChecks(t);
        QCOMPARE(QString::fromStdString(result(all, "items").detail),
                 QString("\"q\": item 3 got by c at 3ns was never put"));
    }
    void barrierPassedEarly() {
        Trace t;
        for (const char* n : {"a", "b", "c"})
            t.addThread({n, n, 1});
        t.addObject({ObjectKind::Barrier, "gate", 3});
        t.operation(0, 0, Op::Arrive, 0, 0);
        t.operation(0, 1, Op::Arrive, 1, 0);
        t.operation(0, 2, Op::Pass, 0, 0);
        expectOnlyFailure(t, "barrier",
                          "\"gate\": a at 2ns passed generation 0 after 2 of 3 arrivals");
        // a broken barrier lets waiters go early, which is not a failure
        Trace u;
        u.addThread({"a", "a", 1});
        u.addObject({ObjectKind::Barrier, "gate", 3});
        u.operation(0, 0, Op::Arrive, 0, 0);
        u.operation(0, 1, Op::Abort, 0, 0);
        u.operation(0, 1, Op::Pass, 0, 0, OpFlagBroken);
        QVERIFY(allPassed(runChecks(u)));
    }
    void intervalsOutOfOrder() {
        Trace t;
        const int a = t.addThread({"a", "a", 1});
        t.setState(a, 10, ThreadState::Working);
        t.setState(a, 5, ThreadState::Io);
        expectOnlyFailure(t, "intervals", "a: state at 5ns starts before the previous one at 10ns");
        Trace u;
        const int b = u.addThread({"b", "b", 1});
        u.setState(b, 0, ThreadState::Working);
        u.setState(b, 5, ThreadState::Exited);
        u.setState(b, 6, ThreadState::Working);
        expectOnlyFailure(u, "intervals", "b: states recorded after the thread ended");
    }
    // The scenario's own expectation of the end fails the asserts check when it did not hold
    // in a completed run, and says so with the variables' values; a run that did not complete
    // had not done all its work.
    void expectationOfTheEnd() {
        auto trace = [](bool held, Outcome outcome) {
            auto t = std::make_unique<Trace>();
            t->addThread({"a", "a", 1});
            const int x = t->addObject({ObjectKind::Variable, "x", 0});
            const int y = t->addObject({ObjectKind::Variable, "y", 0});
            t->setFinalValue(std::size_t(x), 1);
            t->setFinalValue(std::size_t(y), 0);
            t->setExpectation({"x + y == 2", held});
            t->finish(outcome);
            return t;
        };
        expectOnlyFailure(*trace(false, Outcome::Completed), "asserts",
                          "x + y == 2 does not hold: x = 1, y = 0");
        QVERIFY(allPassed(runChecks(*trace(true, Outcome::Completed))));
        QVERIFY(result(runChecks(*trace(true, Outcome::Completed)), "asserts").applies);
        QVERIFY(allPassed(runChecks(*trace(false, Outcome::Deadlock))));
    }
};

QTEST_GUILESS_MAIN(TestChecks)
#include "tst_checks.moc"
