// Understanding a run in the main window, offscreen, as the window wires it: the deadlock
// banner and the cycle called out on the timeline, the Statistics dock following a selected
// range, "what to look for" links that jump to their moment, and the narration line following
// the replay cursor. (The links and the views they ask for, without a window: tst_momentlinks.)
#include "analysis/causality.h"
#include "analysis/variables.h"
#include "panels/deadlockbanner.h"
#include "panels/eventspanel.h"
#include "panels/narrationline.h"
#include "panels/objectstatsmodel.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "panels/statisticspanel.h"
#include "panels/threadstatsmodel.h"
#include "session/momentlinks.h"
#include "session/scenariofiles.h"
#include "timeline/palette.h"
#include "timeline/picture.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kRunTimeoutMs = 20'000;
constexpr Time ms = 1'000'000;

// The tooltip of the text fragment that reads `text` in a browser.
QString toolTipOf(const QTextBrowser& browser, const QString& text) {
    for (QTextBlock b = browser.document()->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (it.fragment().text() == text) return it.fragment().charFormat().toolTip();
    return QStringLiteral("(no such text)");
}

QAction* action(const MainWindow& w, const char* name) {
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    if (!a) qFatal("no action %s", name);
    return a;
}

} // namespace

class TestInsights : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void deadlockShowsTheBannerAndTheCycle();
    void statisticsFollowTheSelectedRange();
    void lookForLinksJumpToTheirMoment();
    void narrationFollowsTheCursor();
    void exportCarriesTheExplanations();
    void sharedStateIsStatedAndShown();

private:
    std::unique_ptr<MainWindow> makeWindow();
    bool runAndShowAll(MainWindow& w);
    QString writeFile(const QString& name, const QByteArray& text);

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<MainWindow> m_window;
};

void TestInsights::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_insights"));
}

void TestInsights::init() {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestInsights::cleanup() {
    m_window.reset();
}

std::unique_ptr<MainWindow> TestInsights::makeWindow() {
    auto w = std::make_unique<MainWindow>();
    w->resize(1400, 900);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qWarning("window not exposed");
    return w;
}

bool TestInsights::runAndShowAll(MainWindow& w) {
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    if (!finished.wait(kRunTimeoutMs)) return false;
    if (w.replayBar()->mode() == ReplayBar::Mode::Live) action(w, "stop")->trigger();
    return w.replayBar()->mode() == ReplayBar::Mode::Replay;
}

QString TestInsights::writeFile(const QString& name, const QByteArray& text) {
    const QString path = m_files.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

void TestInsights::deadlockShowsTheBannerAndTheCycle() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-order")));
    DeadlockBanner* banner = w.deadlockBanner();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QSignalSpy playback(&w, &MainWindow::playbackFinished);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Deadlock));
    // Not before the playback gets there: the lesson would be spoilt.
    QVERIFY(!banner->isVisible());
    action(w, "stop")->trigger(); // skip to the end
    QCOMPARE(playback.count(), 1);
    QVERIFY(banner->isVisible());
    const Trace& trace = *w.timelineView()->trace();
    const DeadlockReport report = analyseDeadlock(trace);
    QVERIFY(report.cycle);
    QCOMPARE(banner->text(),
             QStringLiteral("a-to-b holds account A and waits for account B, held by b-to-a, who "
                            "waits for account A, held by a-to-b. Nobody can go on."));
    QCOMPARE(banner->report().threads, report.threads);

    // The cycle's threads are called out in the name column: the alert bar at the left edge.
    const QImage image = w.timelineView()->grab().toImage();
    const QColor alert = TimelinePalette::fromPalette(w.timelineView()->palette()).dark
                             ? QColor(0xFF, 0x73, 0x73)
                             : QColor(0xB0, 0x1E, 0x2F);
    for (const int t : report.threads) {
        const QRectF lane = w.timelineView()->laneRect(t);
        QVERIFY(!lane.isEmpty());
        const QColor pixel = image.pixelColor(1, int(lane.center().y()));
        QCOMPARE(pixel.rgb(), alert.rgb());
    }
    // A thread outside the cycle is not (there is none here: every thread is in it).
    QCOMPARE(int(report.threads.size()), int(trace.threadCount()));

    // Show brings the end of the run, where they got stuck, into view.
    w.timelineView()->zoom()->setRange({0, trace.endTime() / 10});
    banner->findChild<QPushButton*>(QStringLiteral("deadlockShow"))->click();
    const TimeRange shown = w.timelineView()->zoom()->range();
    QVERIFY(shown.start < trace.endTime() && shown.end >= trace.endTime());
    QVERIFY(shown.delta() < trace.endTime());

    // Dismiss hides it; a new run of a scenario that completes never shows it.
    banner->findChild<QToolButton*>(QStringLiteral("deadlockClose"))->click();
    QVERIFY(!banner->isVisible());
    QVERIFY(w.parameterForm() != nullptr);
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(!banner->isVisible());
}

void TestInsights::statisticsFollowTheSelectedRange() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    const QString path = writeFile(QStringLiteral("two.json"), kTwoWorkersLookFor);
    const int index = w.scenarioFiles()->open(path);
    QCOMPARE(w.scenarioPanel()->currentIndex(), index);
    QCOMPARE(w.currentScenario()->id, std::string("two-workers"));
    StatisticsPanel* stats = w.statisticsPanel();
    w.statisticsDock()->raise(); // tabbed behind the events
    QVERIFY(runAndShowAll(w));
    QTRY_VERIFY(stats->snapshot() != nullptr);
    const int blocked = ThreadStatsModel::FirstStateColumn + int(ThreadState::Blocked);
    QCOMPARE(stats->threadModel()->index(1, blocked).data().toString(), QStringLiteral("11.1 %"));

    // Shift+drag a range on the timeline (here: set it): the figures follow.
    w.timelineView()->setRangeSelection(TimeRange{2 * ms, 5 * ms});
    QCOMPARE(stats->range(), (std::optional<TimeRange>(TimeRange{2 * ms, 5 * ms})));
    QCOMPARE(stats->threadModel()->index(1, blocked).data().toString(), QStringLiteral("33.3 %"));
    QCOMPARE(stats->objectModel()
                 ->index(0, ObjectStatsModel::AcquisitionsColumn)
                 .data(StatsTableModel::ValueRole)
                 .toInt(),
             2);
    // Clearing the selection (Escape) goes back to the whole run.
    w.timelineView()->setFocus();
    QTest::keyClick(w.timelineView(), Qt::Key_Escape);
    QVERIFY(!stats->range());
    QCOMPARE(stats->threadModel()->index(1, blocked).data().toString(), QStringLiteral("11.1 %"));

    // Double-clicking the longest wait selects it on the timeline, with its arrow.
    emit stats->waitActivated(1, qint64(w.timelineView()->trace()->intervalAt(1, 3 * ms + 1)));
    w.timelineView()->grab();
    QCOMPARE(w.timelineView()->selectedRange(), (std::optional<TimeRange>({3 * ms, 4 * ms})));
    QCOMPARE(w.timelineView()->arrows().size(), std::size_t(1));
    QCOMPARE(w.timelineView()->arrows()[0].fromThread, 0);
}

void TestInsights::lookForLinksJumpToTheirMoment() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    const QString path = writeFile(QStringLiteral("two-links.json"), kTwoWorkersLookFor);
    w.scenarioFiles()->open(path);
    ScenarioPanel* panel = w.scenarioPanel();
    using L = ScenarioPanel::MomentLink;
    // Before a run: no links yet.
    QVERIFY(!panel->description()->toHtml().contains(QStringLiteral("moment:")));
    QVERIFY(runAndShowAll(w));
    QCOMPARE(panel->momentLinks(), (std::vector<L>{L::Found, L::Missing, L::None}));
    const QString html = panel->description()->toHtml();
    QVERIFY2(html.contains(QStringLiteral("moment:0")), qPrintable(html));
    QVERIFY(!html.contains(QStringLiteral("moment:1")));
    // The bullet that does not happen is plain text that says so in its tooltip.
    QVERIFY(toolTipOf(*panel->description(), QStringLiteral("Nobody waits on a queue."))
                .startsWith(QStringLiteral("This does not happen in this run")));
    QCOMPARE(
        toolTipOf(*panel->description(), QStringLiteral("Worker 2 is blocked once, for 1 ms.")),
        QStringLiteral("Show this moment on the timeline"));

    // Click the first link: the view zooms to worker 2's wait, selects it, moves the cursor.
    w.timelineView()->zoom()->fit();
    QSignalSpy shown(w.momentLinks(), &MomentLinks::momentShown);
    emit panel->description()->anchorClicked(QUrl(QStringLiteral("moment:0")));
    QCOMPARE(shown.count(), 1);
    const TimeRange wait{3 * ms, 4 * ms};
    const TimeRange view = w.timelineView()->zoom()->range();
    QVERIFY(view.start < wait.start && view.end > wait.end);
    QVERIFY(view.delta() < 3 * wait.delta());
    QCOMPARE(w.timelineView()->selectedRange(), std::optional<TimeRange>(wait));
    QCOMPARE(w.replayBar()->position(), wait.start);
    // The events table shows the same event.
    const QModelIndex current = w.eventsPanel()->table()->currentIndex();
    QVERIFY(current.isValid());
    // A missing moment is no link: clicking its number does nothing.
    emit panel->description()->anchorClicked(QUrl(QStringLiteral("moment:1")));
    QCOMPARE(shown.count(), 1);

    // Another scenario: its bullets are not links to this run.
    QVERIFY(w.selectScenario(QStringLiteral("producer-consumer")));
    QVERIFY(!panel->description()->toHtml().contains(QStringLiteral("moment:")));
}

void TestInsights::narrationFollowsTheCursor() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    w.scenarioFiles()->open(writeFile(QStringLiteral("two-narrated.json"), kTwoWorkersLookFor));
    QVERIFY(runAndShowAll(w));
    NarrationLine* line = w.narrationLine();
    w.replayBar()->seek(4 * ms);
    line->flush();
    // At 4 ms worker 1 unlocks and worker 2 gets the lock.
    QVERIFY2(line->text().contains(QStringLiteral("worker 1 unlocks lock \"lock\"")),
             qPrintable(line->text()));
    QVERIFY(line->text().contains(QStringLiteral("worker 2 locks lock \"lock\" after waiting")));
    w.replayBar()->seek(3 * ms + 500'000);
    line->flush();
    QVERIFY2(line->text().contains(QStringLiteral("worker 2 is blocked")),
             qPrintable(line->text()));
}

void TestInsights::exportCarriesTheExplanations() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-order")));
    QVERIFY(runAndShowAll(w));
    PictureOptions o;
    w.annotate(o);
    QCOMPARE(o.emphasisThreads, w.deadlockBanner()->report().threads);
    QVERIFY(!o.emphasisThreads.empty());
}

// Shared variables: the banner states the first race (or a failed assert first), Show brings
// it into view, the statistics count reads, writes, races and lost updates per variable, and
// the first bullet's link shows the first lost update.
void TestInsights::sharedStateIsStatedAndShown() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lost-update")));
    QVERIFY(runAndShowAll(w));
    DeadlockBanner* banner = w.deadlockBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->showsProblem());
    QCOMPARE(banner->text(),
             QStringLiteral("\"counter\": worker 1's write at 10.168 µs and worker 4's read at "
                            "34.619 µs are not ordered; 78 accesses race with an earlier one."));
    const Trace& trace = *w.timelineView()->trace();
    const int counter = trace.findObject("counter");
    // Show: the two accesses in view, the later one the cursor's.
    w.timelineView()->zoom()->fit();
    banner->findChild<QPushButton*>(QStringLiteral("deadlockShow"))->click();
    const TimeRange shown = w.timelineView()->zoom()->range();
    QVERIFY(shown.start <= 10'168 && shown.end >= 34'619);
    QCOMPARE(w.replayBar()->position(), Time(34'619));

    // The statistics: the counter's accesses, races and updates lost.
    StatisticsPanel* stats = w.statisticsPanel();
    QTRY_VERIFY(stats->snapshot() != nullptr);
    const ObjectStatsModel* objects = stats->objectModel();
    int row = -1;
    for (int r = 0; r < objects->rowCount(); ++r)
        if (objects->objectAt(r) == counter) row = r;
    QVERIFY(row >= 0);
    auto figure = [&](int column) {
        return objects->data(objects->index(row, column), StatsTableModel::ValueRole).toInt();
    };
    QTRY_COMPARE(figure(ObjectStatsModel::RacesColumn), 78);
    QCOMPARE(figure(ObjectStatsModel::ReadsColumn), 40);
    QCOMPARE(figure(ObjectStatsModel::WritesColumn), 40);
    QCOMPARE(figure(ObjectStatsModel::AtomicsColumn), 0);
    QCOMPARE(figure(ObjectStatsModel::LostColumn), 2);

    // The first bullet's link: from the stale read to the write that lost the other's.
    QSignalSpy momentShown(w.momentLinks(), &MomentLinks::momentShown);
    emit w.scenarioPanel()->description()->anchorClicked(QUrl(QStringLiteral("moment:0")));
    QCOMPARE(momentShown.count(), 1);
    const LostUpdate first = findLostUpdates(trace).front();
    const EventStream& s = trace.objectEvents(std::size_t(counter));
    const TimeRange view = w.timelineView()->zoom()->range();
    QVERIFY(view.start < s[first.staleRead].time && view.end > s[first.write].time);
    QVERIFY(view.delta() <= 3 * (s[first.write].time - s[first.staleRead].time) + 200);
    QCOMPARE(w.replayBar()->position(), s[first.staleRead].time);

    // A failed assert is stated before the races.
    QVERIFY(w.selectScenario(QStringLiteral("peterson")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("variant"), QStringLiteral("broken")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(
                 QStringLiteral("thread 1's assert inside == 1 failed at 30 ns: inside = 2")),
             qPrintable(banner->text()));
    // Protected, nothing is stated.
    QVERIFY(w.selectScenario(QStringLiteral("lost-update")));
    QVERIFY(
        w.parameterForm()->setValueText(QStringLiteral("protection"), QStringLiteral("atomic")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(!banner->isVisible());
}

QTEST_MAIN(TestInsights)
#include "tst_insights.moc"
