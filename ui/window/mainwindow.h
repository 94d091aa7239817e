#pragma once
// The main window, the way Qt's `application` example builds one: createActions() and
// createMenus() and readSettings() in the constructor, writeSettings() in closeEvent(). The
// timeline is the central widget; scenarios, parameters and events are docks. The window
// wires the parts together and owns no logic of its own beyond that: what is shown and run
// lives in the Session (scenarios, values, the run controller, the trace on show), playback
// in ReplayBar, file work in FileJobs. The docks are handed the Session; what they ask of the
// window (show a moment, run, a status line) comes as the Session's signals.
#include "engine/engine.h"
#include "scenario/scenario.h"
#include "session/showrequest.h"
#include "timeline/picture.h"

#include <QMainWindow>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QBoxLayout;
class QDockWidget;
class QMenu;
class QToolBar;

namespace tl::ui {

class DeadlockBanner;
class DockLayout;
class EventsPanel;
class ExploreDialog;
class FileJobs;
class MomentLinks;
class NarrationLine;
class ParameterForm;
class ReplayBar;
class RunController;
class RunStatus;
class SchedulerBar;
class SchedulerSession;
class ScenarioFiles;
class ScenarioPanel;
class Session;
class StatisticsPanel;
class SweepPanel;
class TimelineView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return m_session; }
    TimelineView* timelineView() const { return m_view; }
    ScenarioPanel* scenarioPanel() const { return m_scenarioPanel; }
    ParameterForm* parameterForm() const { return m_form; }
    EventsPanel* eventsPanel() const { return m_events; }
    ReplayBar* replayBar() const { return m_replay; }
    RunController* runController() const;
    FileJobs* fileJobs() const { return m_files; }
    RunStatus* runStatus() const { return m_status; }
    // Understanding a run: the Statistics dock, the deadlock banner over the timeline, the
    // narration line under it, the "what to look for" links (mainwindowinsights.cpp).
    StatisticsPanel* statisticsPanel() const { return m_statistics; }
    QDockWidget* statisticsDock() const { return m_statisticsDock; }
    DeadlockBanner* deadlockBanner() const { return m_banner; }
    NarrationLine* narrationLine() const { return m_narration; }
    MomentLinks* momentLinks() const { return m_moments; }
    // The user's scenario files.
    ScenarioFiles* scenarioFiles() const { return m_scenarioFiles; }
    // Run ▸ Sweep…: the same scenario run for many values of one parameter, charted.
    SweepPanel* sweepPanel() const { return m_sweep; }
    // Run ▸ Explore…: every schedule of the scenario; one of them run on the timeline.
    ExploreDialog* exploreDialog() const { return m_explore; }
    // Run ▸ Step as Scheduler: the mode's state, and its bar over the timeline
    // (mainwindowscheduler.cpp).
    SchedulerSession* scheduler() const { return m_scheduler; }
    SchedulerBar* schedulerBar() const { return m_schedulerBar; }
    // The widths of the side docks.
    DockLayout* dockLayout() const { return m_docks; }
    // The message of the last error shown in a message box (for tests and scripts).
    QString lastError() const { return m_lastError; }
    // Whether an automatic run is due: after an edit (Run Automatically waits for the user to
    // pause) or at launch. When none is, none starts until something asks for one.
    bool autoRunPending() const { return m_autoRun.isActive() || m_launchRun.isActive(); }
    const Scenario* currentScenario() const;
    // Adds what the timeline explains now (its arrows, a deadlock's cycle) to an export.
    void annotate(PictureOptions& options) const;

public slots:
    bool selectScenario(const QString& id);
    void runScenario();
    void stopRun();
    void replayRun();
    void openTrace();
    // With a process (a name or a pid), only its threads are shown.
    void openTraceFile(const QString& path, const QString& process = {});
    // A file named on the command line or dropped on the window: a trace is opened, a
    // scenario file is added to the list. Which it is, its first bytes tell.
    void openFile(const QString& path, const QString& process = {});
    // Another program's trace of several processes: ask which one to show, and reopen it so.
    void chooseProcess();
    void saveTrace();
    void saveTraceTo(const QString& path);
    void exportImage();
    void exportPicture(const tl::ui::PictureOptions& options);
    void copyImage();

signals:
    // The engine ended (a simulated run then plays back).
    void runFinished(int outcome);
    // A simulated run's playback reached the end, or a real run ended: all is shown.
    void playbackFinished();
    void pictureExported(const QString& path);
    void errorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBars();
    void createDocks();
    // The banner, the narration line, the Statistics dock and the look-for links, wired to the
    // timeline, the replay bar and the session; `central` holds the timeline.
    void createInsights(QBoxLayout* central);
    void createScheduler(QBoxLayout* central);
    void showSteppedTrace(); // the scheduler's trace, after a step or an undo
    void readSettings();
    void writeSettings();

    void onScenarioSelected(int index);
    void onScenarioReloaded(int index);
    void onRunStarted(std::shared_ptr<const Trace> trace);
    void onRunProgress(qint64 events, qint64 end);
    void onRunFinished();
    void onPlaybackFinished();
    // What a dock asked to see: selected on the timeline and in the events table, the
    // timeline's range, the replay cursor.
    void reveal(const ShowRequest& request);
    void checkDeadlock();
    void stateSharedProblem(const Trace& trace);
    void keepTimelineInSight(); // a sweep point's run, not under the floating Sweep dock
    void describePlayback();
    void connectFileJobs();
    void showLoadedTrace(std::shared_ptr<Trace> trace, const QString& path);
    void adoptScenarioOf(const Trace& trace);
    void showError(const QString& title, const QString& message);
    void scheduleAutoRun();
    void autoRun();     // a value changed: run, unless the run on show has these values
    void runAtLaunch(); // Run Automatically at launch: never a heavy real-thread run
    void startRun(const RunOptions& options);
    void runSchedule(const std::vector<int>& schedule); // on the simulated machine
    void updateActions();
    void updateTitle();
    void about();

    struct RunRequest {
        int scenario = -1;
        ParamValues values;
        RunOptions options;
        bool operator==(const RunRequest&) const = default;
    };

    Session* m_session = nullptr;
    std::optional<RunRequest> m_lastRun;
    std::optional<RunRequest> m_shownRun; // the run on the timeline; nullopt: a file, or none
    QString m_openedPath;                 // the trace file shown, for Show One Process
    QString m_shownTitle; // what the timeline shows: a run's scenario or a file's name
    QString m_lastError;
    bool m_closing = false;
    int m_progressTicks = 0;

    TimelineView* m_view = nullptr;
    ReplayBar* m_replay = nullptr;
    ScenarioPanel* m_scenarioPanel = nullptr;
    ParameterForm* m_form = nullptr;
    EventsPanel* m_events = nullptr;
    RunController* m_runs = nullptr; // the session's
    FileJobs* m_files = nullptr;
    RunStatus* m_status = nullptr;
    StatisticsPanel* m_statistics = nullptr;
    QDockWidget* m_statisticsDock = nullptr;
    DeadlockBanner* m_banner = nullptr;
    NarrationLine* m_narration = nullptr;
    MomentLinks* m_moments = nullptr;
    ScenarioFiles* m_scenarioFiles = nullptr;
    SweepPanel* m_sweep = nullptr;
    ExploreDialog* m_explore = nullptr;
    SchedulerSession* m_scheduler = nullptr;
    SchedulerBar* m_schedulerBar = nullptr;
    DockLayout* m_docks = nullptr;
    QDockWidget* m_scenarioDock = nullptr;
    QDockWidget* m_parameterDock = nullptr;
    QDockWidget* m_eventsDock = nullptr;
    QToolBar* m_toolBar = nullptr;
    QTimer m_autoRun;
    QTimer m_launchRun; // the automatic run at launch, in place of m_autoRun's

    QAction* m_runAct = nullptr;
    QAction* m_stopAct = nullptr;
    QAction* m_replayAct = nullptr;
    QAction* m_autoRunAct = nullptr;
    QAction* m_openAct = nullptr;
    QAction* m_processAct = nullptr;
    QAction* m_saveAct = nullptr;
    QAction* m_exportAct = nullptr;
    QAction* m_copyAct = nullptr;
    QAction* m_quitAct = nullptr;
    QAction* m_aboutAct = nullptr;
    QAction* m_aboutQtAct = nullptr;
};

} // namespace tl::ui
