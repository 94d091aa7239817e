#pragma once
// What the window shows and the docks talk to, apart from any widget: the scenario list and
// the current scenario with its values, the run controller, and the trace on show. Each
// change is a signal; a dock is handed the Session (and whatever else it needs) when it is
// made and listens to it, instead of reaching through the main window for its parts.
//
// Asking for something the window does (show a moment on the timeline, run the scenario, say
// something in the status bar) is a signal too: the dock asks, the window connects and does.
// A test of a dock builds a Session and the dock, and connects what it wants to see.
#include "engine/engine.h"
#include "model/trace.h"
#include "scenario/scenario.h"
#include "session/showrequest.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <vector>

namespace tl::ui {

class RunController;
class ScenarioListModel;

class Session : public QObject {
    Q_OBJECT
public:
    // The bundled scenarios (loadBundledScenarios), or the ones given.
    explicit Session(QObject* parent = nullptr);
    explicit Session(std::vector<Scenario> scenarios, QObject* parent = nullptr);
    ~Session() override;

    ScenarioListModel* scenarios() const { return m_scenarios; }
    RunController* runs() const { return m_runs; }

    // The current scenario: a listed row of the list, or none (-1, nullptr).
    int currentIndex() const { return m_current; }
    const Scenario* currentScenario() const;
    // Why the current scenario cannot be run (its file's error); empty when it can.
    QString scenarioError() const;
    // Makes a listed row current (anything else is ignored); false when it is not listed.
    bool setCurrentIndex(int row);
    // The first listed scenario with this id; false (and no change) when there is none.
    bool selectScenario(const QString& id);

    // The values of the current scenario as the Parameters dock has them, and why they
    // cannot be run when they cannot (the dock's message). A scenario left keeps its values
    // for when it is picked again; one not visited yet starts from its saved values.
    const ParamValues& values() const { return m_values; }
    QString valuesError() const { return m_valuesError; }
    void setValues(ParamValues values, const QString& error = {});
    // Every scenario visited, with its values (to save them).
    std::map<int, ParamValues> visitedValues() const;
    const RunOptions& runOptions() const { return m_options; }
    void setRunOptions(const RunOptions& options);

    // The trace on the timeline: a run's (from when it starts) or a file's; null for none.
    std::shared_ptr<const Trace> trace() const { return m_trace; }
    void setTrace(std::shared_ptr<const Trace> trace);

    // Requests to the window.
    void requestShow(const ShowRequest& request) { emit showRequested(request); }
    void requestRun() { emit runRequested(); }
    // Run the current scenario with its values on the simulated machine, following
    // `schedule` (RunOptions::schedule): a schedule the explorer found.
    void requestScheduleRun(const std::vector<int>& schedule) {
        emit scheduleRunRequested(schedule);
    }
    void tell(const QString& text, int timeoutMs = 0) { emit message(text, timeoutMs); }

signals:
    void currentScenarioChanged(int row);
    // The current scenario's file was loaded again: the scenario and values are the new ones
    // (the values still valid by the new ranges are kept).
    void currentScenarioReloaded(int row);
    void valuesChanged();
    void runOptionsChanged();
    void traceChanged(std::shared_ptr<const tl::Trace> trace);
    void showRequested(const tl::ui::ShowRequest& request);
    void runRequested();
    void scheduleRunRequested(const std::vector<int>& schedule);
    void message(const QString& text, int timeoutMs);

private:
    void onReplaced(int row, const Scenario& before);
    void onListedChanged(int row, bool listed);

    ScenarioListModel* m_scenarios;
    RunController* m_runs;
    int m_current = -1;
    ParamValues m_values;
    QString m_valuesError;
    std::map<int, ParamValues> m_visited; // values of the scenarios left, by row
    RunOptions m_options;
    std::shared_ptr<const Trace> m_trace;
};

} // namespace tl::ui
