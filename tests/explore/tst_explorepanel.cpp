// Run ▸ Explore… driven as a user would: the search off the GUI thread, its report, the
// outcomes' bars and list, a bar clicked and the shortest failing schedule shown on the
// timeline (run again on the simulated machine, following the schedule), Cancel, and values
// the explorer refuses. The counts are the command line's (tst_cliexplore) and the
// explorer's (tst_explore): lost-update with 2 workers × 1 increment has 6 schedules, 4 of
// which lose an increment.
#include "experiment/explore.h"
#include "explore/explorechart.h"
#include "explore/exploredialog.h"
#include "panels/parameterform.h"
#include "panels/runstatus.h"
#include "scenario/catalog.h"
#include "session/session.h"
#include "uitest.h"
#include "window/windowtest.h"

#include <QBarSet>
#include <QChartView>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

namespace {

// A complete search of the small cases takes milliseconds; this is for a loaded machine.
constexpr int kSearchTimeoutMs = 30'000;

bool choose(MainWindow& w, const char* scenario,
            const std::vector<std::pair<const char*, const char*>>& values) {
    if (!w.selectScenario(QString::fromLatin1(scenario))) return false;
    for (const auto& [name, value] : values)
        if (!w.parameterForm()->setValueText(QString::fromLatin1(name), QString::fromLatin1(value)))
            return false;
    return true;
}

bool explore(ExploreDialog* d) {
    QSignalSpy finished(d, &ExploreDialog::searchFinished);
    QTest::mouseClick(d->startButton(), Qt::LeftButton);
    return finished.count() > 0 || finished.wait(kSearchTimeoutMs);
}

// The window on `scenario` with `values`, its Explore window open (and shown on screen, when
// `exposed`) and the search done: the Explore window, or null when any of that failed.
ExploreDialog* searched(MainWindow& w, const char* scenario,
                        const std::vector<std::pair<const char*, const char*>>& values,
                        bool exposed = false) {
    if (!choose(w, scenario, values)) return nullptr;
    ExploreDialog* d = w.exploreDialog();
    d->showDialog();
    if (exposed && !QTest::qWaitForWindowExposed(d)) return nullptr;
    return explore(d) ? d : nullptr;
}

// Lost updates, 2 workers × 1 increment each: 6 schedules, 4 of which lose one.
const std::vector<std::pair<const char*, const char*>> kTwoByOne{
    {"workers", "2"}, {"increments", "1"}, {"protection", "none"}};

int outcomeIndex(const ExploreReport& r, const std::string& text) {
    for (std::size_t i = 0; i < r.outcomes.size(); ++i)
        if (r.outcomes[i].text == text) return int(i);
    return -1;
}

// The program the dialog explored, compiled again from the window's scenario and values.
Program shownProgram(const MainWindow& w) {
    return compile(*w.session()->currentScenario(), w.session()->values());
}

// The operations on `object` in the shown trace, in the order they happened.
std::vector<Op> opsOn(const Trace& t, const char* object) {
    std::vector<Op> ops;
    const int o = t.findObject(object);
    if (o < 0) return ops;
    const EventStream& s = t.objectEvents(std::size_t(o));
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(s[i].arg & OpFlagMore)) ops.push_back(s[i].op());
    return ops;
}

} // namespace

class TestExplorePanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { useTestSettings(m_settings.path(), QStringLiteral("tst_explorepanel")); }
    void init() { freshSettings(); }

    // Run ▸ Explore… opens the window for the current scenario; the search ends with the
    // command line's report and exactly two bars: counter=1 ×4 (fails) and counter=2 ×2.
    void lostUpdateOutcomes() {
        auto w = makeWindow();
        QVERIFY(choose(*w, "lost-update",
                       {{"workers", "2"}, {"increments", "1"}, {"protection", "none"}}));
        action(*w, "explore")->trigger();
        ExploreDialog* d = w->exploreDialog();
        QVERIFY(d->isVisible());
        QCOMPARE(d->boundField()->value(), 2);
        QVERIFY(d->caption().contains(QStringLiteral("Workers 2")));
        QVERIFY(explore(d));
        const auto r = d->report();
        QVERIFY(r);
        QVERIFY(r->complete);
        QCOMPARE(r->outcomes.size(), std::size_t(2));
        const int lost = outcomeIndex(*r, "counter=1"), kept = outcomeIndex(*r, "counter=2");
        QVERIFY(lost >= 0 && kept >= 0);
        QCOMPARE(r->outcomes[std::size_t(lost)].schedules, std::uint64_t(4));
        QCOMPARE(r->outcomes[std::size_t(kept)].schedules, std::uint64_t(2));
        QVERIFY2(d->summaryText().contains(QStringLiteral("explored 6 schedules (complete)")),
                 qPrintable(d->summaryText()));
        QVERIFY(d->summaryText().contains(QStringLiteral("4 of 6 fail")));
        // The bars: one per outcome, as long as its count, the failing one in the error
        // colour (a selected bar); the list beside says the same.
        QBarSet* bars = d->chart()->bars();
        QVERIFY(bars);
        QCOMPARE(bars->count(), 2);
        for (int bar = 0; bar < 2; ++bar) {
            const ExploreOutcome& o = r->outcomes[std::size_t(d->chart()->outcomeOfBar(bar))];
            QCOMPARE(bars->at(bar), double(o.schedules));
            QCOMPARE(bars->isBarSelected(bar), o.fails());
        }
        QVERIFY(r->outcomes[std::size_t(lost)].fails());
        QVERIFY(!r->outcomes[std::size_t(kept)].fails());
        QCOMPARE(d->outcomeList()->count(), 2);
        QCOMPARE(d->outcomeList()->item(lost)->text(),
                 QStringLiteral("counter=1 — 4 schedules, fails"));
        QCOMPARE(d->outcomeList()->item(kept)->text(),
                 QStringLiteral("counter=2 — 2 schedules, as expected"));
        // The failure in the command line's words.
        QCOMPARE(d->failureTitle(), QStringLiteral("Shortest failing schedule (4 steps)"));
        QVERIFY2(d->failureText().startsWith(
                     QStringLiteral("worker 1 reads 0, worker 2 reads 0, worker 1 writes 1, "
                                    "worker 2 writes 1 — counter = 1, expected 2")),
                 qPrintable(d->failureText()));
        QVERIFY(d->shortestButton()->isEnabled());
        QVERIFY(d->shortestButton()->isDefault());
    }

    // Clicking the counter=1 bar runs that outcome's example schedule on the timeline: the
    // trace replay() records, and the status says it is a schedule the explorer found.
    void clickingABarShowsItsSchedule() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "lost-update", kTwoByOne, true);
        QVERIFY(d);
        const auto r = d->report();
        const int lost = outcomeIndex(*r, "counter=1");
        QVERIFY(lost >= 0);
        QSignalSpy ran(w.get(), &MainWindow::runFinished);
        QSignalSpy played(w.get(), &MainWindow::playbackFinished);
        const QPoint at = d->chart()->barPosition(lost);
        QVERIFY(d->chart()->view()->viewport()->rect().contains(at));
        QTest::mouseClick(d->chart()->view()->viewport(), Qt::LeftButton, {}, at);
        QVERIFY(ran.wait(kRunTimeoutMs));
        const auto trace = w->session()->trace();
        QVERIFY(trace);
        const std::vector<int>& example = r->outcomes[std::size_t(lost)].example;
        QCOMPARE(trace->info().schedule, example);
        const auto replayed = replay(shownProgram(*w), example);
        QCOMPARE(trace->eventCount(), replayed->eventCount());
        QCOMPARE(trace->endTime(), replayed->endTime());
        action(*w, "stop")->trigger(); // the playback to its end
        QVERIFY(played.count() > 0 || played.wait(kRunTimeoutMs));
        QVERIFY2(w->runStatus()->stateText().startsWith(
                     QStringLiteral("A schedule found by the explorer")),
                 qPrintable(w->runStatus()->stateText()));
    }

    // The keyboard way: an outcome picked in the list and Return shows it, and only it (the
    // dialog's default button, the shortest failure, is not pressed as well).
    void returnInTheListShowsAnOutcome() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "lost-update", kTwoByOne, true);
        QVERIFY(d);
        const int kept = outcomeIndex(*d->report(), "counter=2");
        QSignalSpy shown(d, &ExploreDialog::scheduleShown);
        QSignalSpy ran(w.get(), &MainWindow::runFinished);
        d->outcomeList()->setFocus();
        d->outcomeList()->setCurrentRow(kept);
        QTest::keyClick(d->outcomeList(), Qt::Key_Return);
        QVERIFY(ran.wait(kRunTimeoutMs));
        QCOMPARE(shown.count(), 1);
        QCOMPARE(w->session()->trace()->info().schedule,
                 d->report()->outcomes[std::size_t(kept)].example);
    }

    // "Show the Shortest Failing Schedule": both reads come before either write.
    void shortestFailingSchedule() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "lost-update", kTwoByOne);
        QVERIFY(d);
        QSignalSpy ran(w.get(), &MainWindow::runFinished);
        QTest::mouseClick(d->shortestButton(), Qt::LeftButton);
        QVERIFY(ran.wait(kRunTimeoutMs));
        const auto trace = w->session()->trace();
        QCOMPARE(trace->info().schedule, d->report()->failure()->schedule);
        QCOMPARE(opsOn(*trace, "counter"),
                 (std::vector<Op>{Op::Read, Op::Read, Op::Write, Op::Write}));
        QCOMPARE(trace->outcome(), Outcome::Completed);
    }

    // With a lock nothing fails: one outcome, and the button says why it cannot be pressed.
    void withALockNothingFails() {
        auto w = makeWindow();
        ExploreDialog* d = searched(
            *w, "lost-update", {{"workers", "2"}, {"increments", "1"}, {"protection", "lock"}});
        QVERIFY(d);
        QCOMPARE(d->report()->outcomes.size(), std::size_t(1));
        QCOMPARE(d->report()->outcomes[0].text, std::string("counter=2"));
        QCOMPARE(d->chart()->bars()->count(), 1);
        QVERIFY(!d->chart()->bars()->isBarSelected(0));
        QVERIFY(!d->shortestButton()->isEnabled());
        QVERIFY(d->shortestButton()->toolTip().startsWith(QStringLiteral("No schedule fails")));
        QVERIFY(d->summaryText().contains(QStringLiteral("No schedule fails.")));
    }

    // The count axis's labels: prefixes up to giga, then a power of ten (a search of five
    // philosophers counts schedules past 10^18, which "2.57e+18" or 19 digits wrote badly).
    void shortCounts() {
        QCOMPARE(shortCount(950), QStringLiteral("950"));
        QCOMPARE(shortCount(200000), QStringLiteral("200 k"));
        QCOMPARE(shortCount(1.5e6), QStringLiteral("1.5 M"));
        QCOMPARE(shortCount(2e9), QStringLiteral("2 G"));
        QCOMPARE(shortCount(2.5e18), QString::fromUtf8("2.5 \u00d7 10\u00b9\u2078"));
        QCOMPARE(shortCount(3e12), QString::fromUtf8("3 \u00d7 10\u00b9\u00b2"));
    }

    // 3 workers × 6 increments end in 13 ways: the 12 most common are charted, the list has
    // all 13 and the legend says so; the last bar is still the 12th outcome's.
    void manyOutcomes() {
        auto w = makeWindow();
        ExploreDialog* d = searched(
            *w, "lost-update", {{"workers", "3"}, {"increments", "6"}, {"protection", "none"}});
        QVERIFY(d);
        QCOMPARE(d->report()->outcomes.size(), std::size_t(13));
        QCOMPARE(d->chart()->barCount(), ExploreChart::kMostBars);
        QCOMPARE(d->chart()->bars()->count(), ExploreChart::kMostBars);
        QCOMPARE(d->outcomeList()->count(), 13);
        QCOMPARE(d->chart()->outcomeOfBar(0), ExploreChart::kMostBars - 1);
        QCOMPARE(d->chart()->bars()->at(0),
                 double(d->report()->outcomes[ExploreChart::kMostBars - 1].schedules));
        QVERIFY(d->legendText().contains(QStringLiteral("The 12 most common of 13 outcomes")));
    }

    // A big search (8 philosophers, no bound, no limits) reports progress and ends when
    // cancelled, saying so, with what it found so far.
    void cancelABigSearch() {
        auto w = makeWindow();
        QVERIFY(choose(*w, "dining-philosophers", {{"philosophers", "8"}, {"strategy", "naive"}}));
        ExploreDialog* d = w->exploreDialog();
        d->showDialog();
        d->boundField()->setValue(kNoBound);
        QCOMPARE(d->boundField()->text(), QStringLiteral("no bound"));
        d->timeLimitField()->setValue(0);
        d->maxSchedulesField()->setValue(0);
        QSignalSpy progressed(d, &ExploreDialog::progressed);
        QSignalSpy finished(d, &ExploreDialog::searchFinished);
        QTest::mouseClick(d->startButton(), Qt::LeftButton);
        QVERIFY(d->isRunning());
        QVERIFY(!d->startButton()->isEnabled());
        QVERIFY(!d->boundField()->isEnabled());
        QVERIFY(progressed.wait(kSearchTimeoutMs));
        const auto p = progressed.last().at(0).value<ExploreProgress>();
        QVERIFY(p.runs > 0 && p.states > 0);
        QVERIFY2(d->progressText().contains(QStringLiteral("schedules/s")) &&
                     d->progressText().contains(QStringLiteral("states/s")) &&
                     d->progressText().contains(QStringLiteral("depth")),
                 qPrintable(d->progressText()));
        QVERIFY(finished.isEmpty());
        QTest::mouseClick(d->cancelButton(), Qt::LeftButton);
        QVERIFY(finished.wait(kSearchTimeoutMs));
        QVERIFY(!d->isRunning());
        QCOMPARE(d->report()->stopped, ExploreStop::Cancelled);
        QVERIFY2(d->message().contains(QStringLiteral("cancelled")), qPrintable(d->message()));
        QVERIFY2(d->summaryText().contains(QStringLiteral("not complete: cancelled")),
                 qPrintable(d->summaryText()));
        QVERIFY(d->startButton()->isEnabled());
    }

    // Under the GIL: the same two outcomes, and the shortest failing schedule on the
    // timeline with the GIL's hand-offs in it.
    void underTheGil() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "lost-update",
                                    {{"workers", "2"}, {"increments", "1"}, {"protection", "gil"}});
        QVERIFY(d);
        QVERIFY(d->report() && d->report()->complete);
        QCOMPARE(d->outcomeList()->count(), 2);
        QVERIFY2(d->summaryText().contains(QStringLiteral("4 of 6 fail")),
                 qPrintable(d->summaryText()));
        QVERIFY(!d->summaryText().contains(QStringLiteral("data race")));
        QSignalSpy ran(w.get(), &MainWindow::runFinished);
        QTest::mouseClick(d->shortestButton(), Qt::LeftButton);
        QVERIFY(ran.wait(kRunTimeoutMs));
        const auto trace = w->session()->trace();
        QCOMPARE(opsOn(*trace, "counter"),
                 (std::vector<Op>{Op::Read, Op::Read, Op::Write, Op::Write}));
        const std::vector<Op> gil = opsOn(*trace, "GIL");
        QVERIFY(gil.size() >= 8);
        for (std::size_t i = 0; i < gil.size(); ++i) // taken and given back, in turn
            QCOMPARE(gil[i], i % 2 ? Op::Unlock : Op::Lock);
    }

    // Peterson's atomic variant: nothing fails; its two outcomes differ only in the turn, and
    // the bars are named by what tells them apart (their whole names were cut to the same).
    void barsAreToldApart() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "peterson", {{"variant", "atomic"}, {"rounds", "2"}});
        QVERIFY(d);
        QVERIFY2(d->summaryText().contains(QStringLiteral("No schedule fails.")),
                 qPrintable(d->summaryText()));
        QVERIFY(!d->shortestButton()->isEnabled());
        QCOMPARE(d->report()->outcomes.size(), std::size_t(2));
        QStringList names = d->chart()->categories();
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("turn=1"), QStringLiteral("turn=2")}));
        QCOMPARE(d->outcomeList()->item(0)->text().left(19), QStringLiteral("flag 1=0, flag 2=0,"));
    }

    // Six naive philosophers stopped after 1,000 schedules, before any deadlock: the one
    // nearest the start, looked for breadth first, is shown and said to be found so.
    void failureFoundAfterALimit() {
        auto w = makeWindow();
        QVERIFY(choose(*w, "dining-philosophers", {{"philosophers", "6"}}));
        ExploreDialog* d = w->exploreDialog();
        d->showDialog();
        d->maxSchedulesField()->setValue(1000);
        QVERIFY(explore(d));
        QVERIFY2(d->summaryText().contains(QStringLiteral(
                     "No schedule counted fails, but one found after the search stopped does")),
                 qPrintable(d->summaryText()));
        QVERIFY(d->shortestButton()->isEnabled());
        QCOMPARE(d->report()->failure()->steps, std::size_t(12));
        QVERIFY(d->failureText().contains(QStringLiteral("found breadth first after the search "
                                                         "stopped")));
    }

    // Values the Parameters dock refuses (it tells the session why, as for a run): the dock's
    // message, no search.
    void badValuesAreRefused() {
        auto w = makeWindow();
        QVERIFY(choose(*w, "lost-update", {}));
        w->session()->setValues(w->session()->values(),
                                QStringLiteral("Think time: \"5 parsecs\" is not a duration"));
        ExploreDialog* d = w->exploreDialog();
        d->showDialog();
        QSignalSpy started(d, &ExploreDialog::searchStarted);
        QTest::mouseClick(d->startButton(), Qt::LeftButton);
        QCOMPARE(started.count(), 0);
        QVERIFY(!d->isRunning());
        QVERIFY2(
            d->message().startsWith(QStringLiteral("Cannot explore with these parameters: ")) &&
                d->message().contains(w->session()->valuesError()),
            qPrintable(d->message()));
    }

    // A schedule belongs to the program explored: after a parameter changes, showing one
    // says so instead of following it into another program.
    void changedParametersAreNotFollowed() {
        auto w = makeWindow();
        ExploreDialog* d = searched(*w, "lost-update", kTwoByOne);
        QVERIFY(d);
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("3")));
        QSignalSpy shown(d, &ExploreDialog::scheduleShown);
        QTest::mouseClick(d->shortestButton(), Qt::LeftButton);
        QCOMPARE(shown.count(), 0);
        QVERIFY2(d->message().contains(QStringLiteral("changed since this search")),
                 qPrintable(d->message()));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestExplorePanel)
#include "tst_explorepanel.moc"
