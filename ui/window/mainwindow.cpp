#include "window/mainwindow.h"

#include "common/glyphicons.h"
#include "explore/exploredialog.h"
#include "panels/dockscrollarea.h"
#include "panels/eventspanel.h"
#include "panels/fileprogress.h"
#include "panels/helpdialogs.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "panels/scenariopanel.h"
#include "panels/schedulerbar.h"
#include "panels/statisticspanel.h"
#include "scenario/catalog.h"
#include "session/appsettings.h"
#include "session/filejobs.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "sweep/sweeppanel.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "window/docklayout.h"
#include "window/keyboardfocus.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QListView>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

// Resources of a static library are only linked when something names them.
static void initThreadLensResources() {
    Q_INIT_RESOURCE(threadlens);
}

namespace tl::ui {

namespace {
// Parameter edits re-run the scenario (when Run Automatically is on) after the user pauses
// typing for this long, so a run is not started per keystroke.
constexpr int kAutoRunDelayMs = 350;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initThreadLensResources();
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true); // a trace or a scenario file dropped on the window is opened
    m_session = new Session(this);
    m_runs = m_session->runs();
    m_files = new FileJobs(this);

    m_view = new TimelineView(this);
    m_view->setObjectName(QStringLiteral("timeline"));
    m_replay = new ReplayBar(m_view, this);
    m_replay->setObjectName(QStringLiteral("replayBar"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_replay);
    setCentralWidget(central);

    m_status = new RunStatus(statusBar());
    statusBar()->insertPermanentWidget(1, new FileProgress(m_files, statusBar()));
    m_autoRun.setSingleShot(true);
    m_autoRun.setInterval(kAutoRunDelayMs);
    connect(&m_autoRun, &QTimer::timeout, this, &MainWindow::autoRun);
    m_launchRun.setSingleShot(true);
    m_launchRun.setInterval(kAutoRunDelayMs);
    connect(&m_launchRun, &QTimer::timeout, this, &MainWindow::runAtLaunch);

    createActions();
    createDocks();
    createInsights(layout);
    // The user's files join the list before the settings pick the last scenario.
    m_scenarioFiles = new ScenarioFiles(m_session, this);
    m_scenarioPanel->setListActions(m_scenarioFiles->listActions());
    m_scenarioFiles->restore();
    connect(m_session, &Session::currentScenarioReloaded, this, &MainWindow::onScenarioReloaded);
    connect(m_session->scenarios(), &ScenarioListModel::scenarioReplaced, this, [this](int row) {
        if (m_shownRun && m_shownRun->scenario == row) m_shownRun.reset(); // not what runs now
    });
    // Run ▸ Sweep…: its own dock, floating at first; docked, a tab beside Events and
    // Statistics, under the timeline at full width.
    m_sweep = new SweepPanel(m_session, m_form, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_sweep->dock());
    tabifyDockWidget(m_statisticsDock, m_sweep->dock());
    m_sweep->dock()->hide();
    m_eventsDock->raise(); // hiding the new tab made its neighbour current
    connect(m_scenarioPanel, &ScenarioPanel::sweepActivated, m_sweep, &SweepPanel::openLink);
    connect(m_sweep, &SweepPanel::pointRun, this, &MainWindow::keepTimelineInSight);
    m_explore = new ExploreDialog(m_session, this);
    connect(m_session, &Session::scheduleRunRequested, this, &MainWindow::runSchedule);
    createScheduler(layout);
    // What the docks ask of the window.
    connect(m_session, &Session::showRequested, this, &MainWindow::reveal);
    connect(m_session, &Session::runRequested, this, &MainWindow::runScenario);
    connect(m_session, &Session::message, this, [this](const QString& text, int timeoutMs) {
        statusBar()->showMessage(text, timeoutMs);
    });
    createMenus();
    createToolBars();

    connect(m_runs, &RunController::started, this, &MainWindow::onRunStarted);
    connect(m_runs, &RunController::started,
            new KeyboardFocus(m_scenarioPanel->list(), m_view, this), &KeyboardFocus::runStarted);
    connect(m_runs, &RunController::progress, this, &MainWindow::onRunProgress);
    connect(m_runs, &RunController::finished, this, &MainWindow::onRunFinished);
    connect(m_runs, &RunController::failed, this,
            [this](const QString& m) { showError(tr("Cannot run the scenario"), m); });
    connect(m_replay, &ReplayBar::horizonChanged, m_events, &EventsPanel::setHorizon);
    connect(m_replay, &ReplayBar::cursorMoved, m_events, &EventsPanel::showTime);
    connect(m_replay, &ReplayBar::liveFinished, this, &MainWindow::onPlaybackFinished);
    connect(m_replay, &ReplayBar::modeChanged, this, &MainWindow::updateActions);
    connect(m_replay->clock(), &PlaybackClock::playingChanged, this, &MainWindow::describePlayback);
    // A step or a scrub while paused: "Paused at …" says where the cursor is now.
    connect(m_replay->clock(), &PlaybackClock::positionChanged, this, [this] {
        if (!m_replay->isPlaying()) describePlayback();
    });
    connect(m_view, &TimelineView::intervalClicked, m_events, &EventsPanel::showInterval);
    connect(m_view, &TimelineView::operationClicked, m_events, &EventsPanel::showOperation);
    connect(m_events, &EventsPanel::intervalActivated, m_view, &TimelineView::selectInterval);
    connect(m_events, &EventsPanel::operationActivated, m_view, &TimelineView::selectOperation);
    connectFileJobs();

    readSettings();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow() {
    // ~QWidget closes the window after this body, when the members below are gone, and
    // closing moves the keyboard focus out of it: a parameter field that loses the focus
    // reports its value, the form validated it against the scenario list (this window's, freed
    // by then) and told the window, whose timers and maps were freed too (std::length_error,
    // bad_alloc, or worse). So the focus leaves now, while everything is alive, and nothing the
    // children say on their way out reaches the window afterwards.
    m_closing = true;
    m_autoRun.stop();
    m_launchRun.stop();
    if (QWidget* focus = QApplication::focusWidget()) {
        for (const QWidget* w = focus; w; w = w->parentWidget())
            if (w == this) {
                focus->clearFocus();
                break;
            }
    }
    for (QObject* child : findChildren<QObject*>())
        child->disconnect(this);
}

void MainWindow::createActions() {
    m_runAct = new QAction(glyphIcon(Glyph::Run), tr("&Run"), this);
    m_runAct->setObjectName(QStringLiteral("run"));
    m_runAct->setShortcut(QKeySequence(Qt::Key_F5));
    m_runAct->setToolTip(tr("Run the scenario with these parameters (F5); a run in progress "
                            "is stopped first"));
    connect(m_runAct, &QAction::triggered, this, &MainWindow::runScenario);

    m_stopAct = new QAction(glyphIcon(Glyph::Stop), tr("&Stop"), this);
    m_stopAct->setObjectName(QStringLiteral("stop"));
    m_stopAct->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stopAct->setToolTip(
        tr("Stop the run, skip its playback to the end, or cancel an open, save or export "
           "under way (Shift+F5)"));
    connect(m_stopAct, &QAction::triggered, this, &MainWindow::stopRun);

    m_replayAct = new QAction(glyphIcon(Glyph::Replay), tr("Run &Again"), this);
    m_replayAct->setObjectName(QStringLiteral("replay"));
    m_replayAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_replayAct->setToolTip(tr("Run the last run again: same scenario, parameters and seed "
                               "(Ctrl+R)"));
    connect(m_replayAct, &QAction::triggered, this, &MainWindow::replayRun);

    m_autoRunAct = new QAction(tr("Run &Automatically"), this);
    m_autoRunAct->setObjectName(QStringLiteral("autoRun"));
    m_autoRunAct->setCheckable(true);
    m_autoRunAct->setToolTip(tr("Run as soon as a scenario is picked or a parameter changes"));
    connect(m_autoRunAct, &QAction::toggled, this, [this](bool on) {
        if (!on) m_autoRun.stop();
    });

    m_openAct = new QAction(glyphIcon(Glyph::Open), tr("&Open Trace…"), this);
    m_openAct->setShortcut(QKeySequence::Open);
    m_openAct->setToolTip(tr("Open a trace: ours or another tool's Chrome Trace Event JSON, or "
                             "the text perf script prints for a perf sched recording (Ctrl+O)"));
    connect(m_openAct, &QAction::triggered, this, &MainWindow::openTrace);

    m_processAct = new QAction(tr("Show One &Process…"), this);
    m_processAct->setObjectName(QStringLiteral("showOneProcess"));
    m_processAct->setToolTip(tr("Show the threads of one process of the opened trace (a "
                                "scheduler trace records every process of the machine)"));
    connect(m_processAct, &QAction::triggered, this, &MainWindow::chooseProcess);
    m_saveAct = new QAction(glyphIcon(Glyph::Save), tr("&Save Trace As…"), this);
    m_saveAct->setShortcut(QKeySequence::Save);
    m_saveAct->setToolTip(tr("Save the trace as Chrome Trace Event JSON, readable by the "
                             "Perfetto UI (Ctrl+S)"));
    connect(m_saveAct, &QAction::triggered, this, &MainWindow::saveTrace);

    m_exportAct = new QAction(glyphIcon(Glyph::Export), tr("&Export Image…"), this);
    m_exportAct->setObjectName(QStringLiteral("exportImage"));
    m_exportAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAct->setToolTip(tr("Write the timeline as PNG, SVG or PDF (Ctrl+E)"));
    connect(m_exportAct, &QAction::triggered, this, &MainWindow::exportImage);

    m_copyAct = new QAction(glyphIcon(Glyph::Copy), tr("&Copy Image"), this);
    m_copyAct->setObjectName(QStringLiteral("copyImage"));
    m_copyAct->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAct->setToolTip(tr("Copy the visible part of the timeline to the clipboard as a "
                             "picture (Ctrl+Shift+C)"));
    connect(m_copyAct, &QAction::triggered, this, &MainWindow::copyImage);

    m_quitAct = new QAction(tr("&Quit"), this);
    m_quitAct->setShortcut(QKeySequence::Quit);
    m_quitAct->setToolTip(tr("Stop any run and close ThreadLens"));
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);

    m_aboutAct = new QAction(tr("&About ThreadLens"), this);
    connect(m_aboutAct, &QAction::triggered, this, &MainWindow::about);
    m_aboutQtAct = new QAction(tr("About &Qt"), this);
    connect(m_aboutQtAct, &QAction::triggered, qApp, &QApplication::aboutQt);

    // The zoom control's actions carry their own shortcuts; they get glyphs where the
    // platform theme had none, and only work while the timeline's window is active.
    ZoomControl* zoom = m_view->zoom();
    const std::pair<QAction*, Glyph> zoomGlyphs[] = {{zoom->zoomInAction(), Glyph::ZoomIn},
                                                     {zoom->zoomOutAction(), Glyph::ZoomOut},
                                                     {zoom->zoomFitAction(), Glyph::ZoomFit},
                                                     {zoom->followAction(), Glyph::Follow}};
    for (const auto& [action, glyph] : zoomGlyphs) {
        if (action->icon().isNull()) action->setIcon(glyphIcon(glyph));
        addAction(action);
    }
    for (QAction* a :
         {m_replay->playPauseAction(), m_replay->previousAction(), m_replay->nextAction()})
        addAction(a);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAct);
    file->addAction(m_processAct);
    file->addAction(m_saveAct);
    file->addSeparator();
    file->addAction(m_scenarioFiles->openAction());
    file->addAction(m_scenarioFiles->reloadAction());
    file->addAction(m_scenarioFiles->removeAction());
    file->addSeparator();
    file->addAction(m_statistics->saveAction());
    file->addSeparator();
    file->addAction(m_exportAct);
    file->addAction(m_copyAct);
    file->addSeparator();
    file->addAction(m_quitAct);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAct);
    run->addAction(m_stopAct);
    run->addAction(m_replayAct);
    run->addAction(m_sweep->sweepAction());
    run->addAction(m_explore->exploreAction());
    run->addAction(m_schedulerBar->modeAction());
    run->addSeparator();
    run->addAction(m_replay->playPauseAction());
    run->addAction(m_replay->previousAction());
    run->addAction(m_replay->nextAction());
    run->addSeparator();
    run->addAction(m_autoRunAct);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    ZoomControl* zoom = m_view->zoom();
    view->addAction(zoom->zoomInAction());
    view->addAction(zoom->zoomOutAction());
    view->addAction(zoom->zoomFitAction());
    view->addAction(zoom->followAction());
    view->addSeparator();
    view->addAction(m_scenarioDock->toggleViewAction());
    view->addAction(m_parameterDock->toggleViewAction());
    view->addAction(m_eventsDock->toggleViewAction());
    view->addAction(m_statisticsDock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    addHelpActions(help, this, TimelineView::keyHelp());
    help->addSeparator();
    help->addAction(m_aboutAct);
    help->addAction(m_aboutQtAct);
}

void MainWindow::createToolBars() {
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_runAct);
    m_toolBar->addAction(m_stopAct);
    m_toolBar->addAction(m_replayAct);
    m_toolBar->addSeparator();
    ZoomControl* zoom = m_view->zoom();
    // Zoom and file commands are icon-only: frequent, and their glyphs are familiar.
    for (QAction* a : {zoom->zoomInAction(), zoom->zoomOutAction(), zoom->zoomFitAction(),
                       zoom->followAction()}) {
        m_toolBar->addAction(a);
        if (auto* b = m_toolBar->widgetForAction(a))
            static_cast<QToolButton*>(b)->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    m_toolBar->addSeparator();
    for (QAction* a : {m_openAct, m_saveAct, m_exportAct, m_copyAct}) {
        m_toolBar->addAction(a);
        if (auto* b = m_toolBar->widgetForAction(a))
            static_cast<QToolButton*>(b)->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
}

void MainWindow::createDocks() {
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    // The side docks run the full height; the events table sits under the timeline only, so
    // its rows line up with the time axis above them.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_scenarioPanel = new ScenarioPanel(m_session, this);
    m_scenarioDock = new QDockWidget(tr("Scenarios"), this);
    m_scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    m_scenarioDock->setWidget(m_scenarioPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_scenarioDock);

    m_form = new ParameterForm(this);
    m_parameterDock = new QDockWidget(tr("Parameters"), this);
    m_parameterDock->setObjectName(QStringLiteral("parameterDock"));
    m_parameterDock->setWidget(new DockScrollArea(m_form, this));
    addDockWidget(Qt::RightDockWidgetArea, m_parameterDock);

    m_events = new EventsPanel(this);
    m_eventsDock = new QDockWidget(tr("Events"), this);
    m_eventsDock->setObjectName(QStringLiteral("eventsDock"));
    m_eventsDock->setWidget(m_events);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventsDock);
    resizeDocks({m_eventsDock}, {240}, Qt::Vertical);
    // The side docks' widths follow their content and the window's width.
    m_docks = new DockLayout(this);
    m_docks->setCentral(centralWidget());
    m_docks->addSideDock(m_scenarioDock, ScenarioPanel::kMinReadableWidth);
    m_docks->addSideDock(m_parameterDock);

    connect(m_session, &Session::currentScenarioChanged, this, &MainWindow::onScenarioSelected);
    // Another program's trace has no parameters: the form says so, and is back for a run or
    // when a scenario is picked (even the one that was current).
    connect(m_session, &Session::traceChanged, m_form, [this](std::shared_ptr<const Trace> t) {
        m_form->showOpenedTrace(t && t->foreign() ? m_scenarioPanel->openedTrace() : QString());
    });
    connect(m_scenarioPanel->list()->selectionModel(), &QItemSelectionModel::currentRowChanged,
            m_form, [this](const QModelIndex& current) {
                if (current.isValid()) m_form->showOpenedTrace({});
            });
    connect(m_scenarioPanel, &ScenarioPanel::runRequested, this, &MainWindow::runScenario);
    connect(m_form, &ParameterForm::runRequested, this, &MainWindow::runScenario);
    // The form edits the session's values and run options.
    connect(m_form, &ParameterForm::valuesChanged, this, [this] {
        m_session->setValues(m_form->values(), m_form->errorText());
        m_runAct->setEnabled(m_form->isValid());
        scheduleAutoRun();
    });
    connect(m_form, &ParameterForm::runOptionsChanged, this, [this] {
        m_session->setRunOptions(m_form->runOptions());
        scheduleAutoRun();
    });
}

void MainWindow::readSettings() {
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QScreen* screen = QApplication::primaryScreen();
        resize(DockLayout::firstLaunchSize(screen ? screen->availableGeometry().size() : QSize()));
    }
    m_docks->setRestored(restoreState(settings.value(QStringLiteral("windowState")).toByteArray()));
    m_autoRunAct->setChecked(settings::autoRun());
    m_replay->setSpeedChoice(settings::playbackSpeed());
    m_form->setRunOptions(settings::loadRunOptions());
    const QString last = settings::lastScenario();
    if (last.isEmpty() || !selectScenario(last))
        selectScenario(QString::fromUtf8(kDefaultScenario));
    // Not the automatic run a picked scenario asks for: the launch has its own rule.
    if (m_autoRun.isActive()) {
        m_autoRun.stop();
        m_launchRun.start();
    }
}

void MainWindow::writeSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    if (const Scenario* s = currentScenario())
        settings::setLastScenario(QString::fromStdString(s->id));
    for (const auto& [index, values] : m_session->visitedValues())
        if (const Scenario* s = m_session->scenarios()->scenario(index))
            settings::saveValues(*s, values);
    settings::saveRunOptions(m_form->runOptions());
    settings::setPlaybackSpeed(m_replay->speedChoice());
    settings::setAutoRun(m_autoRunAct->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    writeSettings();
    // Ask the engine to end now; the controller's destructor joins it, within ~100 ms.
    m_closing = true;
    m_autoRun.stop();
    m_runs->stop();
    event->accept();
}

RunController* MainWindow::runController() const {
    return m_runs;
}

const Scenario* MainWindow::currentScenario() const {
    return m_session->currentScenario();
}

bool MainWindow::selectScenario(const QString& id) {
    return m_session->selectScenario(id);
}

void MainWindow::onScenarioSelected(int) {
    // The scenarios live as long as the session (a child of this window), the form no longer.
    const Scenario& s = *m_session->currentScenario();
    m_form->setScenario(&s, m_session->values());
    if (!m_runs->isRunning())
        m_status->setState(
            tr("Ready: press Run (F5) to run “%1”").arg(QString::fromStdString(s.title)));
    scheduleAutoRun();
}

void MainWindow::onScenarioReloaded(int index) {
    const Scenario& s = *m_session->currentScenario();
    m_form->setScenario(&s, m_session->values());
    m_status->setState(m_session->scenarios()->error(index).isEmpty()
                           ? tr("Reloaded “%1”").arg(QString::fromStdString(s.title))
                           : tr("“%1” cannot be used: see the Scenarios panel")
                                 .arg(QString::fromStdString(s.title)));
    updateTitle();
    scheduleAutoRun();
}

void MainWindow::showError(const QString& title, const QString& message) {
    m_lastError = message;
    m_status->setState(title);
    // Window-modal and opened, not exec'd: the event loop (and a running playback) goes on,
    // and a test can find the box and close it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit errorShown(message);
}

void MainWindow::updateActions() {
    const bool running = m_runs->isRunning();
    const bool live =
        m_replay->mode() == ReplayBar::Mode::Live || m_replay->mode() == ReplayBar::Mode::Recording;
    const bool haveTrace = m_view->trace() != nullptr;
    m_stopAct->setEnabled(running || live || m_files->isBusy());
    m_replayAct->setEnabled(m_lastRun.has_value());
    m_saveAct->setEnabled(haveTrace && !running);
    m_exportAct->setEnabled(haveTrace && !running);
    m_copyAct->setEnabled(haveTrace && !running);
    m_processAct->setEnabled(haveTrace && !running && !m_openedPath.isEmpty() &&
                             m_view->trace()->foreign());
}

void MainWindow::updateTitle() {
    QString what = m_shownTitle;
    if (what.isEmpty())
        if (const Scenario* s = currentScenario()) what = QString::fromStdString(s->title);
    setWindowTitle(what.isEmpty() ? QStringLiteral("ThreadLens")
                                  : QStringLiteral("%1 — ThreadLens").arg(what));
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About ThreadLens"),
        tr("<h3>ThreadLens %1</h3><p>See how threads behave: pick a scenario, change the number "
           "of workers, and watch each thread's states and every operation on locks, queues, "
           "semaphores and barriers on a timeline.</p><p>Runs on a deterministic simulated "
           "machine or on real threads; saves traces as Chrome Trace Event JSON for the "
           "Perfetto UI; exports the timeline as PNG, SVG or PDF.</p>")
            .arg(QStringLiteral(THREADLENS_VERSION)));
}

} // namespace tl::ui
