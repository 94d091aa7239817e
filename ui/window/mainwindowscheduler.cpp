// The main window's part in Run ▸ Step as Scheduler: the bar above the timeline, and each
// step's trace shown as any run's is. The mode itself lives in SchedulerSession, its
// controls in SchedulerBar.
#include "window/mainwindow.h"

#include "panels/deadlockbanner.h"
#include "panels/eventspanel.h"
#include "panels/narrationline.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "panels/schedulerbar.h"
#include "panels/statisticspanel.h"
#include "session/runcontroller.h"
#include "session/schedulersession.h"
#include "session/session.h"
#include "timeline/timelineview.h"

#include <QBoxLayout>

namespace tl::ui {

void MainWindow::createScheduler(QBoxLayout* central) {
    m_scheduler = new SchedulerSession(this);
    m_scheduler->setObjectName(QStringLiteral("scheduler"));
    m_schedulerBar = new SchedulerBar(m_session, m_scheduler, m_view, this);
    central->insertWidget(0, m_schedulerBar);
    connect(m_scheduler, &SchedulerSession::activeChanged, this, [this](bool active) {
        if (!active) return;
        // What was running or about to is not what the user is looking at now.
        m_autoRun.stop();
        m_launchRun.stop();
        m_runs->discard();
    });
    connect(m_scheduler, &SchedulerSession::stepped, this, &MainWindow::showSteppedTrace);
    connect(m_scheduler, &SchedulerSession::hintChanged, this, [this] {
        if (m_scheduler->isActive()) m_status->setState(m_scheduler->headline());
    });
}

void MainWindow::showSteppedTrace() {
    const std::shared_ptr<const Trace> trace = m_scheduler->trace();
    if (!trace) return;
    m_shownRun.reset();
    m_openedPath.clear();
    m_shownTitle = tr("%1, stepped").arg(QString::fromStdString(trace->info().title));
    m_view->setTrace(trace);
    m_session->setTrace(trace);
    m_replay->showTrace(trace, false);
    m_events->setTrace(trace);
    m_statistics->setTrace(trace);
    m_narration->setTrace(trace);
    checkDeadlock();
    m_status->clearRun();
    m_status->setCounts(trace.get());
    m_status->setState(m_scheduler->headline());
    updateActions();
    updateTitle();
}

} // namespace tl::ui
