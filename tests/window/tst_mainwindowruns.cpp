// The main window's runs, offscreen: a run starts only for a real change, a re-run keeps the
// range the user zoomed into, every view follows the replay cursor and the current run, and
// the launch never starts a heavy run on real threads by itself.
#include "common/timetext.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/narrationline.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "panels/scenariopanel.h"
#include "scenario/catalog.h"
#include "session/appsettings.h"
#include "session/eventindex.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "sweep/sweepchart.h"
#include "sweep/sweeppanel.h"
#include "timeline/timecoords.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

namespace {

constexpr Time ms = 1'000'000;

// Waits until no automatic run is due (one that was has come), and then asserts that none
// started: deterministic, where waiting some time for no signal was not.
#define VERIFY_NO_RUN_COMES(w, started)                                                            \
    do {                                                                                           \
        QTRY_VERIFY((w).autoRunPending() == false);                                                \
        QCoreApplication::processEvents();                                                         \
        QCOMPARE((started).count(), 0);                                                            \
    } while (false)

} // namespace

class TestMainWindowRuns : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void leavingAFieldStartsNoRun();
    void valuesBackToTheShownRunStartNoRun();
    void rerunKeepsTheZoomedRange();
    void skipToEndMovesTheTextToTheEnd();
    void stepWhilePausedSaysWhereTheCursorIs();
    void newRunShowsNothingOfThePrevious();
    void launchStartsNoHeavyRealRun();
    void launchStartsAShortRealRun();
    void sweepPointRunsOnTheTimeline();
    void userScenarioRunsAndComesBack();

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindowRuns::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_mainwindowruns"));
}

void TestMainWindowRuns::init() {
    freshSettings();
}

void TestMainWindowRuns::cleanup() {
    m_window.reset();
}

void TestMainWindowRuns::leavingAFieldStartsNoRun() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QApplication::setActiveWindow(&w); // focus moves only in the active window
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    action(w, "autoRun")->setChecked(true);
    const auto studied = w.timelineView()->trace();
    ZoomControl* zoom = w.timelineView()->zoom();
    zoom->setRange({10 * ms, 20 * ms});

    // Click into Workers and out again, and the same for a duration: nothing changed.
    QSignalSpy started(w.runController(), &RunController::started);
    auto* seed = w.parameterForm()->findChild<QSpinBox*>(QStringLiteral("seed"));
    for (const char* name : {"workers", "think"}) {
        w.parameterForm()->editor(QString::fromLatin1(name))->setFocus();
        seed->setFocus();
    }
    VERIFY_NO_RUN_COMES(w, started);
    QCOMPARE(w.timelineView()->trace(), studied);
    QCOMPARE(zoom->range(), (TimeRange{10 * ms, 20 * ms}));

    // A real change does run, once.
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("5")));
    QVERIFY(started.wait(kRunTimeoutMs));
    QCOMPARE(started.count(), 1);
}

void TestMainWindowRuns::valuesBackToTheShownRunStartNoRun() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    action(w, "autoRun")->setChecked(true);
    const auto studied = w.timelineView()->trace();
    // Changed and back before the automatic run's pause is over: the run on show has these
    // values already.
    QSignalSpy started(w.runController(), &RunController::started);
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("6")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("4")));
    QVERIFY(w.autoRunPending());
    VERIFY_NO_RUN_COMES(w, started);
    QCOMPARE(w.timelineView()->trace(), studied);
}

void TestMainWindowRuns::rerunKeepsTheZoomedRange() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    ZoomControl* zoom = w.timelineView()->zoom();
    const TimeRange studied{30 * ms, 45 * ms};
    zoom->setRange(studied);

    // A re-run with another value: the range stays while the new run plays back into it,
    // and after.
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("6")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QCOMPARE(zoom->range(), studied);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    QCOMPARE(zoom->range(), studied);
    action(w, "stop")->trigger(); // skip to the end
    QCOMPARE(zoom->range(), studied);
    QVERIFY(w.timelineView()->trace()->endTime() > studied.end);

    // Not zoomed: a re-run shows the whole new run.
    zoom->fit();
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("2")));
    QVERIFY(runAndShowAll(w));
    QCOMPARE(zoom->range(), (TimeRange{0, w.timelineView()->trace()->endTime()}));

    // Another scenario: its own whole run, whatever the zoom was.
    zoom->setRange(studied);
    QVERIFY(w.selectScenario(QStringLiteral("barrier-phases")));
    QVERIFY(runAndShowAll(w));
    QCOMPARE(zoom->range(), (TimeRange{0, w.timelineView()->trace()->endTime()}));

    // A run shorter than the range kept: the range is fitted into it at the end.
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    const Time end = w.timelineView()->trace()->endTime();
    zoom->setRange({end - 10 * ms, end});
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("iterations"), QStringLiteral("4")));
    QVERIFY(runAndShowAll(w));
    const Time shorter = w.timelineView()->trace()->endTime();
    QVERIFY(shorter < end - 10 * ms);
    QCOMPARE(zoom->range(), (TimeRange{shorter - 10 * ms, shorter}));
}

void TestMainWindowRuns::skipToEndMovesTheTextToTheEnd() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("producer-consumer")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    // Shift+F5 while the playback has barely begun.
    action(w, "stop")->trigger();
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    const Trace& trace = *w.timelineView()->trace();
    QCOMPARE(w.replayBar()->position(), trace.endTime());

    // The narration tells the last moment of the run.
    NarrationLine* line = w.narrationLine();
    line->flush();
    const std::vector<EventRef> last = NarrationLine::eventsAt(trace, trace.endTime(), 1);
    QCOMPARE(last.size(), std::size_t(1));
    const Time lastTime = last[0].isState
                              ? trace.threadEvents(std::size_t(last[0].stream))[last[0].index].time
                              : trace.objectEvents(std::size_t(last[0].stream))[last[0].index].time;
    QCOMPARE(line->findChild<QLabel*>(QStringLiteral("narrationTime"))->text(),
             humanTime(lastTime));
    QVERIFY2(line->text().contains(QStringLiteral("ends")), qPrintable(line->text()));

    // The events table is at the end too, on a row of that last moment.
    EventsModel* model = w.eventsPanel()->model();
    const QModelIndex current = w.eventsPanel()->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(EventsModel::TimeRole).toLongLong(), lastTime);
    QCOMPARE(model->index(model->rowCount() - 1, 0).data(EventsModel::TimeRole).toLongLong(),
             lastTime);
}

void TestMainWindowRuns::stepWhilePausedSaysWhereTheCursorIs() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("barrier-phases")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    ReplayBar* replay = w.replayBar();
    QCOMPARE(replay->mode(), ReplayBar::Mode::Live);
    replay->playPauseAction()->trigger(); // pause the playback
    QVERIFY(!replay->isPlaying());
    const Time paused = replay->position();
    QVERIFY2(
        w.runStatus()->stateText().contains(QStringLiteral("Paused at %1").arg(humanTime(paused))),
        qPrintable(w.runStatus()->stateText()));
    // ] twice: the status bar says where the cursor is now, not where the playback stopped.
    replay->nextAction()->trigger();
    replay->nextAction()->trigger();
    const Time at = replay->position();
    QVERIFY(humanTime(at) != humanTime(paused));
    QVERIFY2(w.runStatus()->stateText().contains(QStringLiteral("Paused at %1").arg(humanTime(at))),
             qPrintable(w.runStatus()->stateText()));

    // After the end, stepping back says so the same way.
    action(w, "stop")->trigger();
    replay->previousAction()->trigger();
    const Time back = replay->position();
    QVERIFY(back < w.timelineView()->trace()->endTime());
    QVERIFY2(
        w.runStatus()->stateText().startsWith(QStringLiteral("Cursor at %1").arg(humanTime(back))),
        qPrintable(w.runStatus()->stateText()));
}

void TestMainWindowRuns::newRunShowsNothingOfThePrevious() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    RunStatus* status = w.runStatus();
    QVERIFY(status->elapsedText().startsWith(QStringLiteral("took ")));
    QVERIFY(!status->eventsText().isEmpty());
    QVERIFY(!status->outcomeText().isEmpty());

    // The moment the next run starts, the fields of the last one are gone: they would read as
    // this run's.
    QVERIFY(chooseLongRun(w, EngineKind::Real));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QVERIFY(w.runController()->isRunning());
    QVERIFY2(status->elapsedText().isEmpty(), qPrintable(status->elapsedText()));
    QVERIFY(status->eventsText().isEmpty());
    QVERIFY(status->outcomeText().isEmpty());
    QCOMPARE(status->stateText(), QStringLiteral("Running on real threads…"));
    // As it goes, the fields are this run's own.
    QTRY_VERIFY_WITH_TIMEOUT(!status->eventsText().isEmpty(), kRunTimeoutMs);
    QVERIFY(status->elapsedText().startsWith(QStringLiteral("took ")));
    action(w, "stop")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
}

void TestMainWindowRuns::launchStartsNoHeavyRealRun() {
    // The last session ended with lock contention at 100,000 updates per worker on real threads
    // and Run Automatically on.
    const std::vector<Scenario> scenarios = loadBundledScenarios();
    const auto lock = std::find_if(scenarios.begin(), scenarios.end(),
                                   [](const Scenario& s) { return s.id == "lock-contention"; });
    QVERIFY(lock != scenarios.end());
    ParamValues values = defaultValues(*lock);
    setParameter(*lock, values, "iterations", "100000");
    settings::saveValues(*lock, values);
    settings::setLastScenario(QStringLiteral("lock-contention"));
    RunOptions real;
    real.engine = EngineKind::Real;
    settings::saveRunOptions(real);
    settings::setAutoRun(true);

    m_window = makeWindow();
    MainWindow& w = *m_window;
    QSignalSpy started(w.runController(), &RunController::started);
    QVERIFY(started.wait(kRunTimeoutMs));
    // The values are back, the engine in the form too; the run that started is simulated.
    QCOMPARE(w.parameterForm()->values().at("iterations").number, 100000);
    QCOMPARE(w.parameterForm()->runOptions().engine, EngineKind::Real);
    QCOMPARE(w.runController()->options().engine, EngineKind::Simulated);
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("Press Run (F5) to run it on "
                                                                     "real threads")),
             qPrintable(w.statusBar()->currentMessage()));
    w.stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!w.runController()->isRunning(), kRunTimeoutMs);
    // Run (F5) is the user's: it runs what the form says.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QCOMPARE(w.runController()->options().engine, EngineKind::Real);
    action(w, "stop")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
}

void TestMainWindowRuns::launchStartsAShortRealRun() {
    // A real run of these values completed within a second last time: launch may start it.
    const std::vector<Scenario> scenarios = loadBundledScenarios();
    const auto lock = std::find_if(scenarios.begin(), scenarios.end(),
                                   [](const Scenario& s) { return s.id == "lock-contention"; });
    QVERIFY(lock != scenarios.end());
    ParamValues values = defaultValues(*lock);
    setParameter(*lock, values, "iterations", "2");
    settings::saveValues(*lock, values);
    settings::setLastScenario(QStringLiteral("lock-contention"));
    RunOptions real;
    real.engine = EngineKind::Real;
    settings::saveRunOptions(real);
    settings::setAutoRun(true);
    settings::rememberRealRun(*lock, values, real, 40 * ms, true);
    QVERIFY(settings::isShortRealRun(*lock, values, real));
    // Another seed, or values, is another run: not known to be short.
    RunOptions otherSeed = real;
    otherSeed.seed = 2;
    QVERIFY(!settings::isShortRealRun(*lock, values, otherSeed));

    m_window = makeWindow();
    MainWindow& w = *m_window;
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(w.runController()->options().engine, EngineKind::Real);
    QVERIFY(w.statusBar()->currentMessage().isEmpty());
    // Stopped before its end, it is no longer known to be short.
    settings::rememberRealRun(*lock, values, real, 40 * ms, false);
    QVERIFY(!settings::isShortRealRun(*lock, values, real));
}

// A point of the Sweep dock clicked: its run on the timeline, the status bar naming what it
// changed, and the dock, which floated over the window, back in its tab off the timeline and
// as tall as the tabs there were, so that the timeline keeps its room.
void TestMainWindowRuns::sweepPointRunsOnTheTimeline() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("iterations"), QStringLiteral("4")));
    SweepPanel* panel = w.sweepPanel();
    panel->showPanel();
    QVERIFY(QTest::qWaitForWindowExposed(panel->dock()));
    QVERIFY(panel->dock()->isFloating());
    // Over the timeline, as it is placed the first time on a small screen.
    panel->dock()->move(w.timelineView()->mapToGlobal(QPoint(20, 20)));
    panel->setRange(1, 6, 6, false);
    QSignalSpy swept(panel, &SweepPanel::sweepFinished);
    panel->startAction()->trigger();
    QVERIFY(swept.wait(kRunTimeoutMs));
    const int tabsHeight = w.findChild<QDockWidget*>(QStringLiteral("eventsDock"))->height();

    QSignalSpy finished(&w, &MainWindow::runFinished);
    panel->activatePoint(2);
    QVERIFY2(w.statusBar()->currentMessage().startsWith(
                 QStringLiteral("Sweep point Workers = 3 on the timeline")),
             qPrintable(w.statusBar()->currentMessage()));
    QVERIFY(!panel->dock()->isFloating());
    QVERIFY(panel->dock()->isVisible());
    QVERIFY(w.timelineView()->isVisible());
    QTRY_COMPARE(panel->dock()->height(), tabsHeight);
    QVERIFY(finished.wait(kRunTimeoutMs));
    const auto trace = w.timelineView()->trace();
    QVERIFY(trace);
    QCOMPARE(int(trace->threadCount()), 3);
    QCOMPARE(trace->endTime(), panel->result()->points[2].duration);
    QCOMPARE(panel->chart()->currentPoint(), 2);
}

// A user's scenario file in the window: it runs like any other, a broken one says why it
// cannot, and after a restart the file, the scenario and its values come back.
void TestMainWindowRuns::userScenarioRunsAndComesBack() {
    auto write = [this](const QString& name, const QByteArray& text) {
        const QString path = m_files.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write");
        f.write(text);
        return path;
    };
    const QString path = write(QStringLiteral("my-lock.json"), R"({
  "id": "my-lock", "title": "My lock",
  "parameters": [ {"name": "workers", "label": "Workers", "type": "int", "min": 1, "max": 8,
                   "default": 2, "help": "Threads that take the lock."} ],
  "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
    {"repeat": 3, "do": [ {"work": "1ms"}, {"lock": "m"}, {"work": "1ms"}, {"unlock": "m"} ]}
  ]} ]
})");
    const QString broken = write(QStringLiteral("broken.json"), R"({
  "id": "broken", "title": "Broken", "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "worker", "program": [ {"lok": "m"} ]} ]
})");
    {
        auto w = makeWindow();
        // Broken: running it says why it cannot, and nothing crashes.
        const int index = w->scenarioFiles()->open(broken, false);
        QCOMPARE(w->scenarioPanel()->currentIndex(), index);
        QSignalSpy shown(w.get(), &MainWindow::errorShown);
        w->runScenario();
        QCOMPARE(shown.count(), 1);
        QCOMPARE(w->lastError(), w->scenarioFiles()->error(index));
        for (auto* b : w->findChildren<QMessageBox*>())
            b->close();
        w->scenarioFiles()->remove(index);

        w->scenarioFiles()->open(path);
        QCOMPARE(w->currentScenario()->title, std::string("My lock"));
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("5")));
        QSignalSpy finished(w.get(), &MainWindow::runFinished);
        w->runScenario();
        QVERIFY(finished.wait(kRunTimeoutMs));
        QCOMPARE(finished.first().first().toInt(), int(Outcome::Completed));
        QCOMPARE(w->timelineView()->laneCount(), 5);
        w->close();
    }
    auto w = makeWindow();
    QCOMPARE(w->scenarioFiles()->paths(), QStringList{path});
    QCOMPARE(w->currentScenario()->title, std::string("My lock"));
    QCOMPARE(w->parameterForm()->values().at("workers").number, 5);
}

QTEST_MAIN(TestMainWindowRuns)
#include "tst_mainwindowruns.moc"
