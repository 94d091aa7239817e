#include "session/session.h"

#include "scenario/catalog.h"
#include "session/appsettings.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "session/scenariolistmodel.h"

namespace tl::ui {

Session::Session(QObject* parent) : Session(loadBundledScenarios(), parent) {}

Session::Session(std::vector<Scenario> scenarios, QObject* parent)
    : QObject(parent), m_scenarios(new ScenarioListModel(std::move(scenarios), this)),
      m_runs(new RunController(this)) {
    connect(m_scenarios, &ScenarioListModel::scenarioReplaced, this, &Session::onReplaced);
    connect(m_scenarios, &ScenarioListModel::listedChanged, this, &Session::onListedChanged);
}

Session::~Session() = default;

const Scenario* Session::currentScenario() const {
    return m_scenarios->scenario(m_current);
}

QString Session::scenarioError() const {
    return m_scenarios->error(m_current);
}

bool Session::setCurrentIndex(int row) {
    if (!m_scenarios->isListed(row)) return false;
    if (row == m_current) return true;
    if (m_current >= 0) m_visited[m_current] = m_values;
    m_current = row;
    const auto it = m_visited.find(row);
    m_values = it != m_visited.end() ? it->second : settings::loadValues(*currentScenario());
    m_valuesError.clear();
    emit currentScenarioChanged(row);
    return true;
}

bool Session::selectScenario(const QString& id) {
    return setCurrentIndex(m_scenarios->find(id));
}

void Session::setValues(ParamValues values, const QString& error) {
    if (values == m_values && error == m_valuesError) return;
    m_values = std::move(values);
    m_valuesError = error;
    emit valuesChanged();
}

std::map<int, ParamValues> Session::visitedValues() const {
    std::map<int, ParamValues> out = m_visited;
    if (m_current >= 0) out[m_current] = m_values;
    return out;
}

void Session::setRunOptions(const RunOptions& options) {
    if (options == m_options) return;
    m_options = options;
    emit runOptionsChanged();
}

void Session::setTrace(std::shared_ptr<const Trace> trace) {
    m_trace = std::move(trace);
    emit traceChanged(m_trace);
}

void Session::onReplaced(int row, const Scenario& before) {
    const Scenario* after = m_scenarios->scenario(row);
    // A file that no longer loads keeps the values it had (the last good version stands in
    // for it); one that does keeps those that are still valid.
    if (after && m_scenarios->error(row).isEmpty()) {
        ParamValues* kept = row == m_current ? &m_values : nullptr;
        if (!kept) {
            const auto it = m_visited.find(row);
            // Not visited in this session: what is saved is what the user would see.
            if (it == m_visited.end()) return;
            kept = &it->second;
        }
        *kept = ScenarioFiles::carryOver(before, *kept, *after);
    }
    if (row == m_current) {
        m_valuesError.clear();
        emit currentScenarioReloaded(row);
    }
}

void Session::onListedChanged(int row, bool listed) {
    if (listed || row != m_current) return;
    // The next listed scenario (or the one before) takes its place.
    for (const int step : {1, -1})
        for (int r = row + step; r >= 0 && r < m_scenarios->count(); r += step)
            if (setCurrentIndex(r)) return;
}

} // namespace tl::ui
