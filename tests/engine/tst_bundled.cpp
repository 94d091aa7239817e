// Every bundled scenario on both engines, with its checks. The rows come from the catalogue,
// so a scenario added to it is run here without anyone adding a row. A scenario is expected
// to complete unless kDeadlocks names it: those are meant to deadlock with their defaults.
// On the simulated machine the outcome is exact; on real threads, which differ from run to
// run, a scenario meant to deadlock may also get through, and only invariants are asserted.
#include "analysis/checks.h"
#include "testutil.h"

#include <QtTest>
#include <algorithm>
#include <map>
#include <string_view>

using namespace tl;

namespace {

constexpr Time ms = 1'000'000;

// The scenarios whose default values deadlock, from how many simulated cores on: each
// philosopher takes the left fork first; the two accounts are locked in opposite orders,
// which deadlocks on one core too, because the time slice counts across work steps: the
// work before the first lock uses up the 2 ms slice, so the preemption falls between
// the two locks and the other thread takes the second account.
struct Deadlocks {
    std::string_view id;
    int fromCores;
};
constexpr Deadlocks kDeadlocks[] = {{"dining-philosophers", 1}, {"lock-order", 1}};

bool meantToDeadlock(std::string_view id, int cores = 64) {
    return std::any_of(std::begin(kDeadlocks), std::end(kDeadlocks),
                       [&](const Deadlocks& d) { return d.id == id && cores >= d.fromCores; });
}

// The scenarios whose default values break a check on purpose, on both engines: their
// threads share variables with nothing to order the accesses (the races check fails), and
// some lose updates or overdraw an account on the way (the asserts check may fail too).
// Peterson's algorithm is correct on the simulated machine, yet its plain accesses race.
struct MeantToFail {
    std::string_view id;
    bool assertsToo; // the asserts check may fail as well
};
constexpr MeantToFail kMeantToFail[] = {
    {"lost-update", true}, {"check-then-act", true}, {"peterson", false}};

// Empty when the checks come out as the scenario means them to: every check passes, or only
// races (and, where allowed, asserts) fail for a scenario in kMeantToFail.
QString unexpectedChecks(std::string_view id, const Trace& t) {
    const auto* meant = std::find_if(std::begin(kMeantToFail), std::end(kMeantToFail),
                                     [&](const MeantToFail& m) { return m.id == id; });
    const bool failing = meant != std::end(kMeantToFail);
    QStringList wrong;
    for (const CheckResult& c : runChecks(t)) {
        const bool mayFail =
            failing && (c.name == "races" || (c.name == "asserts" && meant->assertsToo));
        const bool mustFail = failing && c.name == "races";
        if ((mustFail && c.passed) || (!c.passed && !mayFail))
            wrong << QString::fromStdString(c.name + (c.passed ? " passed" : ": " + c.detail));
    }
    return wrong.join("; ");
}

QString outcomeOf(const Trace& t) {
    return QString::fromStdString(std::string(outcomeName(t.outcome())) + " (" + t.message() + ")");
}

// The threads that deadlock report names: "deadlock: A holds X and waits for Y, held by B,
// ... held by A. Nobody can go on." Empty when the message is not of that form.
QString cycleProblem(const Trace& t) {
    const QString m = QString::fromStdString(t.message());
    if (!m.startsWith("deadlock: ") || !m.endsWith(". Nobody can go on."))
        return "not a deadlock report: " + m;
    for (std::size_t th = 0; th < t.threadCount(); ++th) {
        const QString name = QString::fromStdString(t.thread(th).name);
        if (m.startsWith("deadlock: " + name + " holds ")) return {};
    }
    return "the report does not start with a thread of the run: " + m;
}

QByteArray idOf(const BundledScenario& b) {
    return QByteArray(b.id.data(), qsizetype(b.id.size()));
}

// The scenario's default values with every duration divided by 20 (at least the
// parameter's minimum), so that a run on real threads takes a fraction of a second: the
// ratios between the durations, which make each lesson, stay as they are.
ParamValues shrunk(const Scenario& s) {
    ParamValues values = defaultValues(s);
    for (const ParamSpec& p : s.parameters)
        if (p.type == ParamType::Duration)
            values[p.name] = ExprValue::of(std::max(p.min, p.def.number / 20));
    return values;
}

} // namespace

class TestBundled : public QObject {
    Q_OBJECT
private slots:
    void catalogue() {
        // The rows below are the catalogue's; it is not empty and every id names a scenario
        // that loads, and each scenario named in kDeadlocks is one of them.
        QCOMPARE(bundledScenarios().size(), loadBundledScenarios().size());
        QVERIFY(bundledScenarios().size() >= 14);
        for (const MeantToFail& m : kMeantToFail)
            QVERIFY2(std::any_of(bundledScenarios().begin(), bundledScenarios().end(),
                                 [&](const BundledScenario& b) { return b.id == m.id; }),
                     std::string(m.id).c_str());
        for (const Deadlocks& d : kDeadlocks)
            QVERIFY2(std::any_of(bundledScenarios().begin(), bundledScenarios().end(),
                                 [&](const BundledScenario& b) { return b.id == d.id; }),
                     std::string(d.id).c_str());
    }

    void simulated_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("cores");
        for (const BundledScenario& b : bundledScenarios())
            for (int cores : {1, 4, 64})
                QTest::addRow("%s, %d cores", idOf(b).constData(), cores)
                    << QString::fromUtf8(idOf(b)) << cores;
    }
    // Its default values on the simulated machine: the outcome it is meant to have, every
    // check, and the same trace again from the same seed.
    void simulated() {
        QFETCH(QString, id);
        QFETCH(int, cores);
        const Scenario s = resolveScenario(id.toStdString());
        RunOptions o;
        o.cores = cores;
        const Program program = compile(s, defaultValues(s));
        Trace t(runInfo(program, o));
        run(program, t, o);
        if (meantToDeadlock(s.id, cores)) {
            QVERIFY2(t.outcome() == Outcome::Deadlock, qPrintable(outcomeOf(t)));
            const QString cycle = cycleProblem(t);
            QVERIFY2(cycle.isEmpty(), qPrintable(cycle));
        } else {
            QVERIFY2(t.outcome() == Outcome::Completed, qPrintable(outcomeOf(t)));
            QVERIFY(t.message().empty());
        }
        const QString checks = unexpectedChecks(s.id, t);
        QVERIFY2(checks.isEmpty(), qPrintable(checks));
        QVERIFY(t.eventCount() > 0);
        Trace again(runInfo(program, o));
        run(program, again, o);
        QCOMPARE(again.eventCount(), t.eventCount());
        QCOMPARE(again.endTime(), t.endTime());
        QCOMPARE(again.message(), t.message());
    }

    void realThreads_data() {
        QTest::addColumn<QString>("id");
        for (const BundledScenario& b : bundledScenarios())
            QTest::newRow(idOf(b).constData()) << QString::fromUtf8(idOf(b));
    }
    // The same on real threads, its durations shrunk: it ends as it may (completed, or
    // deadlocked where that is the lesson, naming the cycle) and passes every check. The
    // time limit is there so that a hang fails here, with its outcome, rather than at
    // ctest's timeout; shrunk, the slowest scenario takes well under a second.
    void realThreads() {
        QFETCH(QString, id);
        const Scenario s = resolveScenario(id.toStdString());
        RunOptions o;
        o.engine = EngineKind::Real;
        o.timeLimit = 60'000 * ms;
        const Program program = compile(s, shrunk(s));
        Trace t(runInfo(program, o));
        run(program, t, o);
        if (meantToDeadlock(s.id) && t.outcome() == Outcome::Deadlock) {
            const QString cycle = cycleProblem(t);
            QVERIFY2(cycle.isEmpty(), qPrintable(cycle));
        } else {
            QVERIFY2(t.outcome() == Outcome::Completed, qPrintable(outcomeOf(t)));
        }
        const QString checks = unexpectedChecks(s.id, t);
        QVERIFY2(checks.isEmpty(), qPrintable(checks));
        // When it completed, every thread that ran (spawned roles may have threads that
        // never start) has ended.
        QVERIFY(t.eventCount() > 0);
        if (t.outcome() == Outcome::Completed)
            for (std::size_t th = 0; th < t.threadCount(); ++th) {
                const EventStream& events = t.threadEvents(th);
                QVERIFY2(events.empty() || events[events.size() - 1].state() == ThreadState::Exited,
                         t.thread(th).name.c_str());
            }
    }
};

QTEST_GUILESS_MAIN(TestBundled)
#include "tst_bundled.moc"
