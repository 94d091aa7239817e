// The main window's ways of understanding a run, wired here: the Statistics dock (following
// the range selected on the timeline and the playback), the deadlock banner over the timeline
// with the cycle called out on the lanes, the narration line under it that follows the replay
// cursor, and the "what to look for" links of the Scenarios dock (MomentLinks). What a dock
// asks to see comes as Session::showRequested and is shown here.
#include "window/mainwindow.h"

#include "analysis/causality.h"
#include "analysis/races.h"
#include "analysis/sharedmarks.h"
#include "analysis/variables.h"
#include "panels/deadlockbanner.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/narrationline.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "panels/statisticspanel.h"
#include "session/filejobs.h"
#include "session/momentlinks.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "session/session.h"
#include "sweep/sweeppanel.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QBoxLayout>
#include <QDockWidget>

namespace tl::ui {

void MainWindow::createInsights(QBoxLayout* central) {
    m_banner = new DeadlockBanner(this);
    central->insertWidget(central->indexOf(m_view), m_banner);
    m_narration = new NarrationLine(m_events->model()->narration(), this);
    central->insertWidget(central->indexOf(m_view) + 1, m_narration);

    m_statistics = new StatisticsPanel(this);
    m_statisticsDock = new QDockWidget(tr("Statistics"), this);
    m_statisticsDock->setObjectName(QStringLiteral("statisticsDock"));
    m_statisticsDock->setWidget(m_statistics);
    addDockWidget(Qt::BottomDockWidgetArea, m_statisticsDock);
    tabifyDockWidget(m_eventsDock, m_statisticsDock);
    m_eventsDock->raise();

    m_moments = new MomentLinks(m_session, this);
    connect(m_moments, &MomentLinks::linksChanged, m_scenarioPanel, &ScenarioPanel::setMomentLinks);
    connect(m_scenarioPanel, &ScenarioPanel::momentActivated, m_moments, &MomentLinks::activate);

    // Runs, traces and playback.
    connect(m_runs, &RunController::started, this, [this] {
        m_banner->setReport({});
        m_narration->setTrace(nullptr);
        // A real run is listed as it grows; a simulated one when it plays back.
        const bool real = m_runs->options().engine == EngineKind::Real;
        m_statistics->setTrace(real ? m_runs->trace() : nullptr);
    });
    connect(m_runs, &RunController::progress, this, [this] {
        if (m_runs->options().engine == EngineKind::Real) m_statistics->traceGrew();
    });
    connect(this, &MainWindow::runFinished, this, [this] {
        const auto trace = m_view->trace();
        if (m_statistics->trace() != trace) m_statistics->setTrace(trace);
        if (m_replay->mode() == ReplayBar::Mode::Live)
            m_statistics->setHorizon(m_replay->position()); // only what has been shown so far
        else
            m_statistics->refresh();
        m_narration->setTrace(trace);
        // A real run ended with the cursor at its end: the line tells what happened there.
        if (m_replay->mode() == ReplayBar::Mode::Replay && m_replay->position() > 0)
            m_narration->showTime(m_replay->position());
    });
    connect(this, &MainWindow::playbackFinished, this, &MainWindow::checkDeadlock);
    // Queued: the window shows the loaded trace first.
    connect(
        m_files, &FileJobs::traceLoaded, this,
        [this] {
            m_statistics->setTrace(m_view->trace());
            m_narration->setTrace(m_view->trace());
            checkDeadlock();
        },
        Qt::QueuedConnection);
    connect(m_replay, &ReplayBar::horizonChanged, m_statistics, &StatisticsPanel::setHorizon);
    connect(m_replay->clock(), &PlaybackClock::positionChanged, this, [this](qint64 t) {
        if (m_replay->mode() == ReplayBar::Mode::Live ||
            m_replay->mode() == ReplayBar::Mode::Replay)
            m_narration->showTime(t);
    });
    // Skipping to the end moves the cursor without a position change to play.
    connect(m_replay, &ReplayBar::cursorMoved, m_narration, &NarrationLine::showTime);

    // The statistics follow the range selected on the timeline, and point back into it.
    connect(m_view, &TimelineView::selectionChanged, this,
            [this] { m_statistics->setRange(m_view->rangeSelection()); });
    connect(m_statistics, &StatisticsPanel::wholeRunRequested, this,
            [this] { m_view->setRangeSelection(std::nullopt); });
    connect(m_statistics, &StatisticsPanel::waitActivated, this, [this](int thread, qint64 iv) {
        ShowRequest r;
        r.thread = thread;
        r.interval = long(iv);
        reveal(r);
    });
    connect(m_statistics, &StatisticsPanel::objectActivated, m_view,
            &TimelineView::setLinkedObject);

    connect(m_banner, &DeadlockBanner::showRequested, this, [this] {
        const auto trace = m_session->trace();
        if (!trace) return;
        if (!m_banner->showsProblem())
            m_session->requestShow(deadlockView(*trace, m_banner->report()));
        else if (const auto shared = m_view->sharedMarks())
            m_session->requestShow(problemView(*trace, *shared));
    });
}

void MainWindow::checkDeadlock() {
    const auto trace = m_view->trace();
    if (!trace || trace->outcome() != Outcome::Deadlock) {
        m_banner->setReport({});
        if (trace) stateSharedProblem(*trace);
        return;
    }
    const DeadlockReport report = analyseDeadlock(*trace);
    m_banner->setReport(report);
    m_view->setEmphasis(report.threads, report.objects);
}

// No deadlock; a failed assert or data races on the shared variables, if any, are stated
// instead, the assert first: it is what went wrong, the race is why.
void MainWindow::stateSharedProblem(const Trace& trace) {
    const auto shared = m_view->sharedMarks();
    if (!shared) return;
    QString races;
    if (!shared->races.empty()) {
        races =
            QString::fromStdString(describeRace(trace, shared->races.front(), TimeSpelling::App));
        if (shared->raceTotal > 1)
            races =
                tr("%1; %2 accesses race with an earlier one").arg(races).arg(shared->raceTotal);
    }
    if (!shared->failedAsserts.empty()) {
        const auto& [object, index] = shared->failedAsserts.front();
        QString sentence = QString::fromStdString(
            describeAssertFailure(trace, std::size_t(object), index, TimeSpelling::App));
        if (shared->failedAsserts.size() > 1)
            sentence += tr(" (%1 failures in all)").arg(shared->failedAsserts.size());
        if (!races.isEmpty())
            sentence +=
                tr(". Also %1")
                    .arg(shared->raceTotal == 1 ? tr("a data race")
                                                : tr("%1 accesses race").arg(shared->raceTotal));
        m_banner->setProblem(tr("Assert failed."), sentence + QLatin1Char('.'),
                             tr("A condition the scenario asserts did not hold when the step ran: "
                                "the program is wrong for this interleaving."));
    } else if (!races.isEmpty()) {
        m_banner->setProblem(
            tr("Data race."), races + QLatin1Char('.'),
            tr("Two threads access the variable, at least one of them writing, and no lock, "
               "atomic operation or other synchronisation orders the two: what each sees depends "
               "on timing. A lock around both accesses, or an atomic operation, orders them."));
    }
}

void MainWindow::reveal(const ShowRequest& r) {
    if (!m_view->trace()) return;
    // A playback still going would move away from what was asked for.
    if ((r.range || r.cursor) && m_replay->mode() == ReplayBar::Mode::Live) m_replay->finishLive();
    if (r.thread >= 0 && r.interval >= 0) {
        m_view->selectInterval(r.thread, r.interval);
        m_events->showInterval(r.thread, r.interval);
    } else if (r.object >= 0 && r.operation >= 0) {
        m_view->selectOperation(r.object, r.operation);
        m_events->showOperation(r.object, r.operation);
    }
    if (r.range) m_view->zoom()->setRange(*r.range);
    if (r.cursor) m_replay->seek(*r.cursor);
}

void MainWindow::annotate(PictureOptions& options) const {
    options.arrows = m_view->arrows();
    options.shared = m_view->sharedMarks();
    if (!m_banner->report().threads.empty()) {
        options.emphasisThreads = m_banner->report().threads;
        options.emphasisObjects = m_banner->report().objects;
    }
}

void MainWindow::keepTimelineInSight() {
    // The Sweep dock floats over the window the first time it is shown; a point's run must
    // not then play back under it. Docked, the panel is a tab under the timeline.
    QDockWidget* dock = m_sweep->dock();
    if (!dock->isFloating() || !dock->isVisible()) return;
    const QRect area(m_view->mapToGlobal(QPoint(0, 0)), m_view->size());
    if (!dock->frameGeometry().intersects(area)) return;
    // As tall as the tabs it joins were, not as tall as it floated: the timeline keeps its room.
    const int height = m_eventsDock->isVisible() ? m_eventsDock->height() : this->height() / 3;
    dock->setFloating(false);
    dock->raise();
    resizeDocks({dock}, {height}, Qt::Vertical);
}

} // namespace tl::ui
