#include "window/runinsights.h"

#include "analysis/causality.h"
#include "panels/deadlockbanner.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/narrationline.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "panels/statisticspanel.h"
#include "session/filejobs.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "timeline/picture.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "window/mainwindow.h"

#include <QBoxLayout>
#include <QDockWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace tl::ui {

namespace {

// Finding a moment scans the trace; below this many events that takes a few milliseconds.
constexpr std::size_t kSyncMomentEvents = 300'000;

std::vector<std::optional<Moment>> findMoments(std::shared_ptr<const Trace> trace,
                                               std::vector<MomentQuery> queries) {
    std::vector<std::optional<Moment>> out;
    out.reserve(queries.size());
    for (const MomentQuery& q : queries)
        out.push_back(q.valid ? findMoment(*trace, q) : std::nullopt);
    return out;
}

} // namespace

RunInsights::RunInsights(MainWindow* window, QBoxLayout* central, QDockWidget* eventsDock)
    : QObject(window), m_window(window) {
    TimelineView* view = window->timelineView();
    ReplayBar* replay = window->replayBar();
    EventsPanel* events = window->eventsPanel();

    m_banner = new DeadlockBanner(window);
    central->insertWidget(central->indexOf(view), m_banner);
    m_narration = new NarrationLine(events->model()->narration(), window);
    central->insertWidget(central->indexOf(view) + 1, m_narration);

    m_statistics = new StatisticsPanel(window);
    m_dock = new QDockWidget(tr("Statistics"), window);
    m_dock->setObjectName(QStringLiteral("statisticsDock"));
    m_dock->setWidget(m_statistics);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    if (eventsDock) {
        window->tabifyDockWidget(eventsDock, m_dock);
        eventsDock->raise();
    }

    // Runs, traces and playback.
    RunController* runs = window->runController();
    connect(runs, &RunController::started, this, &RunInsights::onRunStarted);
    connect(runs, &RunController::progress, this, [this, runs] {
        if (runs->options().engine == EngineKind::Real) m_statistics->traceGrew();
    });
    connect(window, &MainWindow::runFinished, this, &RunInsights::onRunFinished);
    connect(window, &MainWindow::playbackFinished, this, &RunInsights::checkDeadlock);
    // Queued: the window shows the loaded trace first.
    connect(window->fileJobs(), &FileJobs::traceLoaded, this, &RunInsights::onTraceShown,
            Qt::QueuedConnection);
    connect(replay, &ReplayBar::horizonChanged, m_statistics, &StatisticsPanel::setHorizon);
    connect(replay->clock(), &PlaybackClock::positionChanged, this, [this, replay](qint64 t) {
        if (replay->mode() == ReplayBar::Mode::Live || replay->mode() == ReplayBar::Mode::Replay)
            m_narration->showTime(t);
    });
    // Skipping to the end moves the cursor without a position change to play.
    connect(replay, &ReplayBar::cursorMoved, m_narration, &NarrationLine::showTime);

    // The statistics follow the range selected on the timeline, and point back into it.
    connect(view, &TimelineView::selectionChanged, this,
            [this, view] { m_statistics->setRange(view->rangeSelection()); });
    connect(m_statistics, &StatisticsPanel::wholeRunRequested, this,
            [view] { view->setRangeSelection(std::nullopt); });
    connect(m_statistics, &StatisticsPanel::waitActivated, this, &RunInsights::showWait);
    connect(m_statistics, &StatisticsPanel::objectActivated, view, &TimelineView::setLinkedObject);

    connect(m_banner, &DeadlockBanner::showRequested, this, &RunInsights::showDeadlock);
    ScenarioPanel* scenarios = window->scenarioPanel();
    connect(scenarios, &ScenarioPanel::scenarioSelected, this, &RunInsights::updateMoments);
    connect(scenarios, &ScenarioPanel::momentActivated, this, &RunInsights::showMoment);
    connect(&m_momentWatcher, &QFutureWatcher<std::vector<std::optional<Moment>>>::finished, this,
            [this] {
                if (m_momentWatcher.future().resultCount() > 0 &&
                    m_momentWatcher.property("generation").toInt() == m_momentGeneration)
                    applyMoments(m_momentWatcher.result());
            });
}

RunInsights::~RunInsights() {
    m_momentWatcher.waitForFinished();
}

void RunInsights::onRunStarted() {
    m_banner->setReport({});
    m_narration->setTrace(nullptr);
    // A real run is listed as it grows; a simulated one when it plays back.
    const auto trace = m_window->runController()->trace();
    const bool real = m_window->runController()->options().engine == EngineKind::Real;
    m_statistics->setTrace(real ? trace : nullptr);
    updateMoments();
}

void RunInsights::onRunFinished() {
    const auto trace = m_window->timelineView()->trace();
    ReplayBar* replay = m_window->replayBar();
    if (m_statistics->trace() != trace) m_statistics->setTrace(trace);
    if (replay->mode() == ReplayBar::Mode::Live)
        m_statistics->setHorizon(replay->position()); // only what has been shown so far
    else
        m_statistics->refresh();
    m_narration->setTrace(trace);
    // A real run ended with the cursor at its end: the line tells what happened there.
    if (replay->mode() == ReplayBar::Mode::Replay && replay->position() > 0)
        m_narration->showTime(replay->position());
    updateMoments();
}

void RunInsights::onTraceShown() {
    const auto trace = m_window->timelineView()->trace();
    m_statistics->setTrace(trace);
    m_narration->setTrace(trace);
    checkDeadlock();
    updateMoments();
}

void RunInsights::checkDeadlock() {
    const auto trace = m_window->timelineView()->trace();
    if (!trace || trace->outcome() != Outcome::Deadlock) {
        m_banner->setReport({});
        return;
    }
    const DeadlockReport report = analyseDeadlock(*trace);
    m_banner->setReport(report);
    m_window->timelineView()->setEmphasis(report.threads, report.objects);
}

void RunInsights::showDeadlock() {
    const auto trace = m_window->timelineView()->trace();
    const DeadlockReport& report = m_banner->report();
    if (!trace || report.threads.empty()) return;
    ReplayBar* replay = m_window->replayBar();
    if (replay->mode() == ReplayBar::Mode::Live) replay->finishLive();
    // From the first of the final waits to the end; the cursor where the circle closed.
    Time first = trace->endTime(), closed = 0;
    for (const int t : report.threads) {
        const std::size_t n = trace->intervalCount(std::size_t(t));
        if (n == 0) continue;
        const Time start = trace->interval(std::size_t(t), n - 1).range.start;
        first = std::min(first, start);
        closed = std::max(closed, start);
    }
    const Time end = std::max<Time>(trace->endTime(), 1);
    const Time margin = std::max<Time>({(end - first) / 3, end / 50, 1000});
    const int lead = report.threads.front();
    const std::size_t n = trace->intervalCount(std::size_t(lead));
    if (n > 0) showWait(lead, qint64(n - 1));
    m_window->timelineView()->zoom()->setRange({first - margin, end + margin / 3});
    replay->seek(closed);
}

void RunInsights::showWait(int thread, qint64 interval) {
    m_window->timelineView()->selectInterval(thread, interval);
    m_window->eventsPanel()->showInterval(thread, interval);
}

void RunInsights::updateMoments() {
    ++m_momentGeneration;
    const Scenario* s = m_window->currentScenario();
    const auto trace = m_window->timelineView()->trace();
    // Only a finished run of the scenario on show has its moments.
    if (!s || !trace || !trace->finished() || trace->info().scenarioId != s->id) {
        applyMoments({});
        return;
    }
    if (trace->eventCount() <= kSyncMomentEvents) {
        applyMoments(findMoments(trace, s->lookForMoments));
        return;
    }
    m_momentWatcher.setProperty("generation", m_momentGeneration);
    m_momentWatcher.setFuture(QtConcurrent::run(findMoments, trace, s->lookForMoments));
}

void RunInsights::applyMoments(std::vector<std::optional<Moment>> moments) {
    m_moments = std::move(moments);
    std::vector<ScenarioPanel::MomentLink> links;
    if (const Scenario* s = m_window->currentScenario(); s && !m_moments.empty())
        for (std::size_t i = 0; i < s->lookForMoments.size() && i < m_moments.size(); ++i)
            links.push_back(!s->lookForMoments[i].valid ? ScenarioPanel::MomentLink::None
                            : m_moments[i]              ? ScenarioPanel::MomentLink::Found
                                                        : ScenarioPanel::MomentLink::Missing);
    m_window->scenarioPanel()->setMomentLinks(std::move(links));
    emit momentsUpdated();
}

void RunInsights::showMoment(int bullet) {
    const auto trace = m_window->timelineView()->trace();
    if (!trace || bullet < 0 || std::size_t(bullet) >= m_moments.size() ||
        !m_moments[std::size_t(bullet)])
        return;
    const Moment m = *m_moments[std::size_t(bullet)];
    TimelineView* view = m_window->timelineView();
    ReplayBar* replay = m_window->replayBar();
    if (replay->mode() == ReplayBar::Mode::Live) replay->finishLive();
    const Time run = std::max<Time>(trace->endTime(), 1);
    if (m.thread < 0 && m.object < 0) {
        // The end of the run: for a deadlock that is the cycle.
        if (!m_banner->report().threads.empty()) {
            showDeadlock();
        } else {
            view->zoom()->setRange({m.span.start - run / 6, m.span.start + run / 60});
            replay->seek(m.span.start);
        }
        emit momentShown(bullet);
        return;
    }
    if (m.interval >= 0 && m.thread >= 0) {
        view->selectInterval(m.thread, m.interval);
        m_window->eventsPanel()->showInterval(m.thread, m.interval);
    } else if (m.object >= 0 && m.index >= 0) {
        view->selectOperation(m.object, m.index);
        m_window->eventsPanel()->showOperation(m.object, m.index);
    }
    // The span with room either side to see what led to it; an instant amid its neighbours.
    TimeRange r;
    if (m.span.delta() > 0) {
        const Time margin = std::max<Time>(m.span.delta() / 3, run / 100);
        r = {m.span.start - margin, m.span.end + margin};
    } else {
        const Time half = std::max<Time>(run / 50, 1000);
        r = {m.span.start - half, m.span.start + half};
    }
    view->zoom()->setRange(r);
    replay->seek(m.span.start);
    emit momentShown(bullet);
}

void RunInsights::annotate(PictureOptions& options) const {
    options.arrows = m_window->timelineView()->arrows();
    if (!m_banner->report().threads.empty()) {
        options.emphasisThreads = m_banner->report().threads;
        options.emphasisObjects = m_banner->report().objects;
    }
}

} // namespace tl::ui
