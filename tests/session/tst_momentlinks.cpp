// The "what to look for" links with a Session and no window (MomentLinks): which bullets of the
// current scenario are links in the run on show, and what following one asks the window to
// show (ShowRequest, exact on the deterministic simulated machine); the view of a moment and
// of a deadlock (showrequest.h).
#include "analysis/causality.h"
#include "session/momentlinks.h"
#include "session/runcontroller.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "session/showrequest.h"
#include "testutil.h"
#include "uitest.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(tl::ui::ShowRequest)

namespace {

constexpr Time ms = 1'000'000;

std::shared_ptr<const Trace> run(const Scenario& s) {
    const Program program = compile(s, defaultValues(s));
    auto trace = std::make_shared<Trace>(runInfo(program, RunOptions{}));
    tl::run(program, *trace, RunOptions{});
    return trace;
}

} // namespace

class TestMomentLinks : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void linksForTheRunOnShow();
    void followingALinkAsksTheWindow();
    void theEndOfADeadlockIsItsCycle();
    void momentViews();
    void linksWhenARunOfTheSessionFinishes();

private:
    QTemporaryDir m_settings;
};

void TestMomentLinks::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_momentlinks"));
    QSettings().clear();
    qRegisterMetaType<ShowRequest>();
}

void TestMomentLinks::linksForTheRunOnShow() {
    Session session(std::vector<Scenario>{parseScenario(kTwoWorkersLookFor, "two.json"),
                                          resolveScenario("producer-consumer")});
    MomentLinks links(&session);
    QSignalSpy changed(&links, &MomentLinks::linksChanged);
    QVERIFY(session.setCurrentIndex(0));
    // No run on show: no links.
    QVERIFY(links.links().empty());
    const auto trace = run(*session.currentScenario());
    session.setTrace(trace);
    using L = MomentLink;
    QCOMPARE(links.links(), (std::vector<L>{L::Found, L::Missing, L::None}));
    QCOMPARE(changed.last().first().value<std::vector<L>>(), links.links());
    QCOMPARE(links.moments().size(), std::size_t(3));
    QCOMPARE(links.moments()[0]->thread, 1);
    QCOMPARE(links.moments()[0]->span, (TimeRange{3 * ms, 4 * ms}));

    // Another scenario: this run is not its run.
    QVERIFY(session.setCurrentIndex(1));
    QVERIFY(links.links().empty());
    QVERIFY(session.setCurrentIndex(0));
    QCOMPARE(links.links().size(), std::size_t(3));
    // A run still going has none yet.
    auto going = std::make_shared<Trace>(trace->info());
    session.setTrace(going);
    QVERIFY(links.links().empty());
    session.setTrace(nullptr);
    QVERIFY(links.links().empty());
}

void TestMomentLinks::followingALinkAsksTheWindow() {
    Session session(std::vector<Scenario>{parseScenario(kTwoWorkersLookFor, "two.json")});
    MomentLinks links(&session);
    QVERIFY(session.setCurrentIndex(0));
    session.setTrace(run(*session.currentScenario()));
    QSignalSpy asked(&session, &Session::showRequested);
    QSignalSpy shown(&links, &MomentLinks::momentShown);
    links.activate(0);
    QCOMPARE(asked.count(), 1);
    QCOMPARE(shown.count(), 1);
    const ShowRequest r = asked.first().first().value<ShowRequest>();
    // Worker 2's wait, selected; the run lasts 9 ms, so a third of the wait (333,333 ns) either
    // side; the cursor at its start.
    QCOMPARE(r.thread, 1);
    QCOMPARE(r.interval, long(session.trace()->intervalAt(1, 3 * ms)));
    QCOMPARE(r.object, -1);
    QCOMPARE(r.range, (std::optional<TimeRange>(TimeRange{3 * ms - 333'333, 4 * ms + 333'333})));
    QCOMPARE(r.cursor, std::optional<Time>(3 * ms));
    // A bullet that does not happen, or has no moment, or is not there: nothing is asked.
    links.activate(1);
    links.activate(2);
    links.activate(7);
    links.activate(-1);
    QCOMPARE(asked.count(), 1);
}

void TestMomentLinks::theEndOfADeadlockIsItsCycle() {
    Session session;
    MomentLinks links(&session);
    QVERIFY(session.selectScenario(QStringLiteral("lock-order")));
    const auto trace = run(*session.currentScenario());
    QCOMPARE(trace->outcome(), Outcome::Deadlock);
    session.setTrace(trace);
    QCOMPARE(links.links().front(), MomentLink::Found); // "the run stops with a deadlock"
    QSignalSpy asked(&session, &Session::showRequested);
    links.activate(0);
    QCOMPARE(asked.count(), 1);
    const DeadlockReport report = analyseDeadlock(*trace);
    QCOMPARE(asked.first().first().value<ShowRequest>(), deadlockView(*trace, report));
}

void TestMomentLinks::momentViews() {
    // The deadlock of lock-order: both threads' last waits, the first thread's selected.
    const auto trace = run(resolveScenario("lock-order"));
    const DeadlockReport report = analyseDeadlock(*trace);
    QCOMPARE(report.threads.size(), std::size_t(2));
    const ShowRequest r = deadlockView(*trace, report);
    Time first = trace->endTime(), closed = 0;
    for (const int t : report.threads) {
        const Time start =
            trace->interval(std::size_t(t), trace->intervalCount(std::size_t(t)) - 1).range.start;
        first = std::min(first, start);
        closed = std::max(closed, start);
    }
    QCOMPARE(r.thread, report.threads.front());
    QCOMPARE(r.interval, long(trace->intervalCount(std::size_t(report.threads.front()))) - 1);
    QCOMPARE(r.cursor, std::optional<Time>(closed));
    QVERIFY(r.range->start < first && r.range->end > trace->endTime());
    QVERIFY(r.range->delta() < 2 * trace->endTime());
    // No thread named: nothing to show.
    QCOMPARE(deadlockView(*trace, DeadlockReport{}), ShowRequest{});

    // An instant: a fiftieth of the run (at least 1 us) either side, selected as an operation.
    const auto two = test::twoWorkers(); // 9 ms
    Moment op;
    op.span = {4 * ms, 4 * ms};
    op.object = 0;
    op.index = 3;
    const ShowRequest at = momentView(*two, op);
    QCOMPARE(at.object, 0);
    QCOMPARE(at.operation, 3L);
    QCOMPARE(at.thread, -1);
    QCOMPARE(at.range, (std::optional<TimeRange>(TimeRange{4 * ms - 180'000, 4 * ms + 180'000})));
    // A failed assert or other shared-state instant: 100 ns either side, where the accesses
    // that led to it are; a lost update's span (stale read to write) three times as wide.
    QCOMPARE(momentView(*two, op, true).range,
             (std::optional<TimeRange>(TimeRange{4 * ms - 100, 4 * ms + 100})));
    Moment lost = op;
    lost.span = {4 * ms, 4 * ms + 1'000};
    QCOMPARE(momentView(*two, lost, true).range,
             (std::optional<TimeRange>(TimeRange{4 * ms - 1'000, 4 * ms + 2'000})));
    // The end of the run: from a sixth of it before, a sixtieth after.
    Moment end;
    end.span = {9 * ms, 9 * ms};
    const ShowRequest atEnd = momentView(*two, end);
    QCOMPARE(atEnd.range,
             (std::optional<TimeRange>(TimeRange{9 * ms - 1'500'000, 9 * ms + 150'000})));
    QCOMPARE(atEnd.cursor, std::optional<Time>(9 * ms));
    QCOMPARE(atEnd.thread, -1);
}

// A run the session's controller makes: the links come when it finishes.
void TestMomentLinks::linksWhenARunOfTheSessionFinishes() {
    Session session(std::vector<Scenario>{parseScenario(kTwoWorkersLookFor, "two.json")});
    MomentLinks links(&session);
    QVERIFY(session.setCurrentIndex(0));
    connect(session.runs(), &RunController::started, &session,
            [&session](std::shared_ptr<const Trace> t) { session.setTrace(t); });
    QSignalSpy finished(session.runs(), &RunController::finished);
    QVERIFY(session.runs()->start(*session.currentScenario(), session.values(), RunOptions{}));
    QVERIFY(finished.wait(10'000));
    QCOMPARE(links.links().front(), MomentLink::Found);
}

QTEST_MAIN(TestMomentLinks)
#include "tst_momentlinks.moc"
