// The main window's runs: starting one (by hand, automatically after an edit, or at launch),
// stopping it, and showing it as it goes: the timeline, the events, the status bar. The run
// itself lives in RunController, the playback in ReplayBar; here they are asked and shown.
#include "window/mainwindow.h"

#include "panels/eventspanel.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "session/appsettings.h"
#include "session/filejobs.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QDockWidget>
#include <QStatusBar>
#include <QTimer>

namespace tl::ui {

namespace {
// During a real-thread run the events table takes the new rows at every fourth progress
// tick (about 8 times a second), half a tick after the timeline: each is painted in a frame
// of its own, and neither frame waits for the other.
constexpr int kEventsEveryTicks = 4;
constexpr int kEventsOffsetMs = 16;
} // namespace

void MainWindow::scheduleAutoRun() {
    if (m_autoRunAct->isChecked() && !m_closing) m_autoRun.start();
}

void MainWindow::autoRun() {
    // An automatic run waits quietly for valid values: the form already says what is wrong,
    // and a "cannot run" over it while the user is still typing would only nag.
    if (!m_form->isValid() || !m_session->scenarioError().isEmpty()) return;
    // Nothing changed since the run on show (a value changed and back): running it again
    // would only replace it, and on real threads with a different run.
    if (m_shownRun && *m_shownRun == RunRequest{m_session->currentIndex(), m_form->values(),
                                                m_form->runOptions()})
        return;
    runScenario();
}

void MainWindow::runAtLaunch() {
    // Only when nothing was run or opened since the window came up, and no edit is pending.
    if (m_closing || m_autoRun.isActive() || m_lastRun || m_view->trace() || m_files->isBusy())
        return;
    const Scenario* s = currentScenario();
    if (!s || !m_form->isValid() || !m_session->scenarioError().isEmpty()) return;
    RunOptions options = m_form->runOptions();
    // The last settings may be a heavy run on real threads (16 workers × 2000 updates kept
    // two cores busy until Stop): the values come back, but at launch only a simulated run
    // starts by itself, or a real one that completed within a second last time.
    if (options.engine == EngineKind::Real &&
        !settings::isShortRealRun(*s, m_form->values(), options)) {
        options.engine = EngineKind::Simulated;
        startRun(options);
        statusBar()->showMessage(
            tr("Run automatically at launch: shown on the simulated machine. Press Run (F5) to "
               "run it on real threads, as the Parameters say."));
        return;
    }
    startRun(options);
}

void MainWindow::runScenario() {
    startRun(m_form->runOptions());
}

void MainWindow::startRun(const RunOptions& options) {
    m_autoRun.stop();
    const Scenario* s = currentScenario();
    if (!s) return;
    if (const QString error = m_session->scenarioError(); !error.isEmpty()) {
        showError(tr("Cannot run the scenario"), error);
        return;
    }
    if (!m_form->isValid()) {
        statusBar()->showMessage(tr("Cannot run: %1").arg(m_form->errorText()), 8000);
        m_parameterDock->raise();
        return;
    }
    m_lastRun = RunRequest{m_session->currentIndex(), m_form->values(), options};
    statusBar()->clearMessage();
    m_runs->start(*s, m_lastRun->values, m_lastRun->options);
}

void MainWindow::runSchedule(const std::vector<int>& schedule) {
    // The form's seed and cores, on the machine the explorer's rules are the simulated one's.
    RunOptions options = m_form->runOptions();
    options.engine = EngineKind::Simulated;
    options.schedule = schedule;
    startRun(options);
}

void MainWindow::replayRun() {
    if (!m_lastRun) {
        runScenario();
        return;
    }
    const RunRequest request = *m_lastRun;
    if (const Scenario* s = m_session->scenarios()->scenario(request.scenario))
        m_runs->start(*s, request.values, request.options);
}

void MainWindow::stopRun() {
    m_autoRun.stop();
    m_files->cancel(); // an export, a save or an open under way ends without a trace of it
    if (m_runs->isRunning()) {
        m_runs->stop();
        m_status->setState(tr("Stopping…"));
    } else if (m_replay->mode() == ReplayBar::Mode::Live) {
        m_replay->finishLive(); // a simulated run is complete: show all of it
    } else if (m_replay->isPlaying()) {
        m_replay->clock()->pause();
    }
    updateActions();
}

void MainWindow::onRunStarted(std::shared_ptr<const Trace> trace) {
    m_shownTitle = QString::fromStdString(trace->info().title);
    // A re-run of the scenario the user has zoomed into keeps the range they were studying.
    ZoomControl* zoom = m_view->zoom();
    const bool keepRange = m_shownRun && m_lastRun && m_shownRun->scenario == m_lastRun->scenario &&
                           m_view->trace() && zoom->isZoomed() && !zoom->following();
    const TimeRange kept = zoom->range();
    m_shownRun = m_lastRun;
    m_view->setTrace(trace);
    m_session->setTrace(trace);
    m_events->setTrace(nullptr);
    m_status->clearRun(); // nothing of the previous run stays beside this one
    if (m_runs->options().engine == EngineKind::Real) {
        m_replay->startRecording(trace);
        m_events->setLiveTrace(trace); // rows come as the run records them
        m_status->setState(tr("Running on real threads…"));
    } else {
        // The simulation finishes in moments; hide its partial recording until it plays back.
        m_replay->clear();
        m_view->setHorizon(Time(0));
        m_status->setState(tr("Simulating…"));
    }
    if (keepRange) zoom->holdRange(kept);
    updateActions();
    updateTitle();
}

void MainWindow::onRunProgress(qint64, qint64) {
    const Trace* trace = m_runs->trace().get();
    m_status->setElapsed(m_runs->elapsedNs());
    m_status->setCounts(trace);
    if (m_runs->options().engine == EngineKind::Real) {
        m_view->traceGrew();
        // The table a few times a second, not at every tick: nobody reads rows faster, and
        // the GUI thread shares the CPU with the threads being watched.
        if (++m_progressTicks % kEventsEveryTicks == 0)
            QTimer::singleShot(kEventsOffsetMs, m_events, &EventsPanel::traceGrew);
    }
}

void MainWindow::onRunFinished() {
    const std::shared_ptr<const Trace> trace = m_runs->trace();
    const Outcome outcome = trace->outcome();
    m_view->traceGrew();
    m_events->setTrace(trace);
    m_status->setCounts(trace.get());
    m_status->setElapsed(m_runs->elapsedNs());
    const bool simulated = m_runs->options().engine == EngineKind::Simulated;
    if (const Scenario* s =
            m_lastRun ? m_session->scenarios()->scenario(m_lastRun->scenario) : nullptr;
        !simulated && s) // whether launch may start this run again by itself
        settings::rememberRealRun(*s, m_lastRun->values, m_lastRun->options, m_runs->elapsedNs(),
                                  outcome == Outcome::Completed);
    if (simulated && outcome != Outcome::Cancelled && !m_closing) {
        // The outcome waits for the end of the playback: a deadlock announced before the
        // lanes get there would spoil the lesson.
        m_status->setOutcome(nullptr);
        m_replay->showTrace(trace, true);
    } else {
        if (simulated)
            m_replay->showTrace(trace, false);
        else
            m_replay->finishLive();
        onPlaybackFinished();
    }
    if (outcome == Outcome::Error)
        showError(tr("The run failed"), QString::fromStdString(trace->message()));
    updateActions();
    emit runFinished(int(outcome));
}

void MainWindow::describePlayback() {
    if (m_runs->isRunning() || m_closing) return;
    const ReplayBar::Mode mode = m_replay->mode();
    if (mode == ReplayBar::Mode::Live || mode == ReplayBar::Mode::Replay)
        m_status->describePlayback(mode == ReplayBar::Mode::Live, m_replay->isPlaying(),
                                   m_replay->speed(), m_replay->position());
}

void MainWindow::onPlaybackFinished() {
    const Trace* trace = m_view->trace().get();
    m_status->setOutcome(trace);
    if (trace && !m_runs->isRunning()) m_status->describeEnd(*trace);
    updateActions();
    emit playbackFinished();
}

} // namespace tl::ui
