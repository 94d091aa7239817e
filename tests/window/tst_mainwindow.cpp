// The desktop app end to end, offscreen: pick a scenario, change a parameter, run, watch the
// lanes, zoom, export, replay, stop, close; the panels stay in step with the timeline.
#include "analysis/checks.h"
#include "engine/engine.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "panels/scenariopanel.h"
#include "session/eventindex.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "timeline/palette.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QWheelEvent>
#include <QtTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void runLockContentionWithSevenWorkers();
    void wheelChangesVisibleRange();
    void eventsAndTimelineInStep();
    void replayStepsAndRunAgain();
    void runTwiceQuicklyThenStop();
    void stopRealRunPromptly();
    void closeDuringRealRunIsQuick();
    void tinySizesDoNotCrash();
    void destroyInEveryState_data();
    void destroyInEveryState();
    void settingsKeepScenarioAndValues();

private:
    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase() {
    // Never touch the user's settings; every window starts from the same state.
    useTestSettings(m_settings.path(), QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init() {
    freshSettings();
}

void TestMainWindow::cleanup() {
    m_window.reset();
}

void TestMainWindow::runLockContentionWithSevenWorkers() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("lock-contention"));
    auto* workers = qobject_cast<QSpinBox*>(w.parameterForm()->editor(QStringLiteral("workers")));
    QVERIFY(workers);
    workers->setValue(7);

    QSignalSpy finished(&w, &MainWindow::runFinished);
    QSignalSpy playback(&w, &MainWindow::playbackFinished);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Completed));
    QCOMPARE(w.timelineView()->laneCount(), 7);
    QCOMPARE(int(w.timelineView()->trace()->threadCount()), 7);
    // A simulated run plays back as if live, then the whole run is shown.
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    QVERIFY(action(w, "stop")->isEnabled());
    QVERIFY(playback.wait(10'000)); // Auto speed: about four seconds
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    QVERIFY(!action(w, "stop")->isEnabled());
    QCOMPARE(std::size_t(w.eventsPanel()->model()->rowCount()),
             w.timelineView()->trace()->eventCount());
    QVERIFY(w.runStatus()->outcomeText().contains(QStringLiteral("Completed")));
    QVERIFY(w.windowTitle().contains(QStringLiteral("Lock contention")));
}

void TestMainWindow::wheelChangesVisibleRange() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    TimelineView* view = w.timelineView();
    const TimeRange before = view->zoom()->range();
    const QPointF at(view->width() * 0.7, view->height() * 0.4);
    QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    const TimeRange after = view->zoom()->range();
    QVERIFY(after != before);
    QVERIFY(after.delta() < before.delta()); // the wheel forward zooms in
}

void TestMainWindow::eventsAndTimelineInStep() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("producer-consumer")));
    QVERIFY(runAndShowAll(w));
    EventsPanel* events = w.eventsPanel();
    EventsModel* model = events->model();
    const Trace& trace = *w.timelineView()->trace();

    // Table -> timeline: select the row of a state change; the timeline selects its interval.
    int row = -1;
    for (int r = 0; r < model->rowCount() && row < 0; ++r)
        if (model->refAt(r).isState && model->refAt(r).index > 2) row = r;
    QVERIFY(row >= 0);
    const EventRef ref = model->refAt(row);
    events->table()->selectRow(row);
    const auto selected = w.timelineView()->selectedRange();
    QVERIFY(selected);
    QCOMPARE(*selected, trace.interval(std::size_t(ref.stream), ref.index).range);

    // Timeline -> table: a click on an interval selects its row.
    const int thread = 1;
    const qint64 interval = 3;
    emit w.timelineView()->intervalClicked(thread, interval);
    const QModelIndex current = events->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(model->refAt(current.row()), (EventRef{true, thread, std::size_t(interval)}));

    // An operation click selects the operation's row.
    emit w.timelineView()->operationClicked(0, 5);
    QCOMPARE(model->refAt(events->table()->currentIndex().row()), (EventRef{false, 0, 5}));

    // The thread filter keeps only that thread's rows, and the sync still works.
    events->setFilter(EventFilter{thread, -1});
    QVERIFY(model->rowCount() > 0);
    emit w.timelineView()->intervalClicked(thread, interval);
    QCOMPARE(model->refAt(events->table()->currentIndex().row()),
             (EventRef{true, thread, std::size_t(interval)}));
}

void TestMainWindow::replayStepsAndRunAgain() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("barrier-phases")));
    QVERIFY(runAndShowAll(w));
    const auto first = w.timelineView()->trace();
    ReplayBar* replay = w.replayBar();
    replay->seek(0);
    replay->stepNext();
    const auto expected = nextEventTime(*first, 0);
    QVERIFY(expected);
    QCOMPARE(replay->position(), *expected);
    replay->stepNext();
    replay->stepPrevious();
    QCOMPARE(replay->position(), *expected);
    // The events table follows the cursor.
    const QModelIndex current = w.eventsPanel()->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(EventsModel::TimeRole).toLongLong(), *expected);
    // Playing moves the cursor forward.
    replay->playPauseAction()->trigger();
    QVERIFY(replay->isPlaying());
    QTRY_VERIFY(replay->position() > *expected);
    replay->playPauseAction()->trigger();
    QVERIFY(!replay->isPlaying());

    // Run Again: same scenario, parameters and seed, so the same simulated trace.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "replay")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    const auto second = w.timelineView()->trace();
    QVERIFY(second != first);
    QCOMPARE(second->eventCount(), first->eventCount());
    QCOMPARE(second->endTime(), first->endTime());
}

void TestMainWindow::runTwiceQuicklyThenStop() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    // The first run was stopped and replaced; only the second reports, also once the first
    // has wound down and everything it posted has arrived.
    QTRY_VERIFY(w.runController()->isIdle());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    action(w, "stop")->trigger(); // skips the playback to the end
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    // Stop with nothing to stop is harmless, and so is a burst of runs and stops.
    action(w, "stop")->trigger();
    for (int i = 0; i < 5; ++i) {
        action(w, "run")->trigger();
        action(w, "stop")->trigger();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!w.runController()->isRunning(), 5000);
}

void TestMainWindow::stopRealRunPromptly() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(chooseLongRun(w, EngineKind::Real));
    // The lanes grow while the run goes on (it would take minutes to end): one per worker,
    // drawn. What is on screen, not what a query would lay out: the state colours painted,
    // beyond what the view shows of that colour with no run (a legend, say).
    const TimelinePalette palette = TimelinePalette::fromPalette(w.timelineView()->palette());
    const auto working = [&] {
        const QImage shot =
            w.timelineView()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        return countPixels(shot, palette.stateColour(ThreadState::Working));
    };
    const int before = working();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Recording);
    QTRY_VERIFY_WITH_TIMEOUT((w.timelineView()->laneCount() == 4 && working() > before + 100) ||
                                 !finished.isEmpty(),
                             kRunTimeoutMs);
    QVERIFY2(finished.isEmpty(), qPrintable(QString::fromStdString(
                                     "the run ended: " + w.runController()->trace()->message())));
    QVERIFY(w.runController()->isRunning());
    QCOMPARE(w.timelineView()->laneCount(), 4);
    // It stops (how soon is measured, not asserted: docs/reliability.md, Stop latency), as
    // cancelled, with what it recorded kept and listed.
    action(w, "stop")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Cancelled));
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    const auto trace = w.runController()->trace();
    QVERIFY(trace->eventCount() > 0);
    QCOMPARE(std::size_t(w.eventsPanel()->model()->rowCount()), trace->eventCount());
    for (const CheckResult& c : runChecks(*trace))
        QVERIFY2(c.passed, qPrintable(QString::fromStdString(c.name + ": " + c.detail)));
}

void TestMainWindow::closeDuringRealRunIsQuick() {
    auto w = makeWindow();
    QVERIFY(chooseLongRun(*w, EngineKind::Real));
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    action(*w, "run")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w->runController()->trace()->eventCount() > 0, kRunTimeoutMs);
    QVERIFY(finished.isEmpty());
    // The run would go on for minutes: closing stops it rather than waiting for its end. The
    // bound is that, generously (the stop itself is measured in docs/reliability.md).
    QElapsedTimer clock;
    clock.start();
    w->close();
    w.reset();
    QVERIFY2(clock.elapsed() < 10'000, qPrintable(QString::number(clock.elapsed())));
}

void TestMainWindow::tinySizesDoNotCrash() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(runAndShowAll(w));
    for (const QSize size :
         {QSize(1, 1), QSize(40, 30), QSize(200, 120), QSize(420, 300), QSize(1400, 900)}) {
        w.resize(size);
        QApplication::processEvents();
        QVERIFY(!w.grab().isNull());
    }
    // And while a run plays back: a frame of the playback at each size.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QSignalSpy frames(w.replayBar()->clock(), &PlaybackClock::positionChanged);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    for (int i = 0; i < 10; ++i) {
        w.resize(QSize(60 + i * 37, 50 + i * 23));
        QVERIFY(w.replayBar()->isPlaying());
        QVERIFY(frames.wait(kRunTimeoutMs));
    }
    QVERIFY(!w.grab().isNull());
}

void TestMainWindow::destroyInEveryState_data() {
    QTest::addColumn<int>("state");
    QTest::newRow("simulating") << 0;
    QTest::newRow("playing back") << 1;
    QTest::newRow("replaying") << 2;
    QTest::newRow("error box open") << 3;
    // The focus leaves a field as the window dies: its editingFinished must not reach the
    // window, whose members are gone by then.
    QTest::newRow("a parameter field has the focus") << 4;
    QTest::newRow("a parameter half typed") << 5;
}

void TestMainWindow::destroyInEveryState() {
    QFETCH(int, state);
    auto w = makeWindow();
    if (state >= 4) {
        QVERIFY(w->selectScenario(QStringLiteral("lock-contention")));
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        auto* spin = qobject_cast<QSpinBox*>(w->parameterForm()->editor(QStringLiteral("workers")));
        QVERIFY(spin);
        spin->setFocus(Qt::MouseFocusReason);
        QTRY_VERIFY(spin->hasFocus());
        if (state == 5) {
            auto* line = spin->findChild<QLineEdit*>();
            line->selectAll();
            QTest::keyClicks(line, QStringLiteral("100000")); // above the maximum: not valid yet
            QVERIFY(!w->parameterForm()->isValid());
        }
        w.reset();
        return;
    }
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QSignalSpy frames(w->replayBar()->clock(), &PlaybackClock::positionChanged);
    action(*w, "run")->trigger();
    if (state >= 1) QVERIFY(finished.wait(kRunTimeoutMs));
    if (state == 1) QVERIFY(frames.wait(kRunTimeoutMs)); // a frame of the playback
    if (state >= 2) action(*w, "stop")->trigger();
    if (state == 2) {
        w->replayBar()->playPauseAction()->trigger();
        frames.clear();
        QVERIFY(frames.wait(kRunTimeoutMs));
        QVERIFY(w->replayBar()->isPlaying());
    }
    if (state == 3) {
        PictureOptions o;
        o.path = "/nonexistent-folder/x.png";
        QSignalSpy errors(w.get(), &MainWindow::errorShown);
        w->exportPicture(o);
        QVERIFY(errors.wait(10'000));
    }
    w.reset();
    // Deferred deletes and queued engine reports must find nothing to touch.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
}

void TestMainWindow::settingsKeepScenarioAndValues() {
    {
        auto w = makeWindow();
        QVERIFY(w->selectScenario(QStringLiteral("semaphore-pool")));
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("permits"), QStringLiteral("3")));
        QVERIFY(w->selectScenario(QStringLiteral("barrier-phases")));
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("phases"), QStringLiteral("9")));
        RunOptions o = w->parameterForm()->runOptions();
        o.cores = 6;
        o.seed = 77;
        w->parameterForm()->setRunOptions(o);
        w->close();
    }
    auto w = makeWindow();
    QCOMPARE(w->scenarioPanel()->currentId(), QStringLiteral("barrier-phases"));
    QCOMPARE(w->parameterForm()->values().at("phases").number, 9);
    QCOMPARE(w->parameterForm()->runOptions().cores, 6);
    QCOMPARE(w->parameterForm()->runOptions().seed, std::uint64_t(77));
    QVERIFY(w->selectScenario(QStringLiteral("semaphore-pool")));
    QCOMPARE(w->parameterForm()->values().at("permits").number, 3);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
