// The Sweep dock's ways into the timeline and back: a point of the chart clicked shows its
// run (saying what that changed in the Parameters dock), and a "what to look for" bullet
// that compares runs opens the sweep it describes. The run itself and the status line are
// the window's: the panel asks for them through the session.
#include "sweep/sweeppanel.h"

#include "panels/parameterform.h"
#include "session/session.h"
#include "sweep/sweepchart.h"
#include "sweep/sweeprunner.h"

namespace tl::ui {

namespace {

QString engineText(EngineKind engine) {
    return engine == EngineKind::Real ? SweepPanel::tr("real threads")
                                      : SweepPanel::tr("simulated");
}

QString labelOf(const ParamSpec& spec) {
    return QString::fromStdString(spec.label.empty() ? spec.name : spec.label);
}

} // namespace

void SweepPanel::activatePoint(int index) {
    if (!m_result || !m_resultRequest || index < 0 || std::size_t(index) >= m_result->points.size())
        return;
    const SweepRequest& request = *m_resultRequest;
    const SweepPoint& point = m_result->points[std::size_t(index)];
    const QString id = QString::fromStdString(request.scenario.id);
    const Scenario* s = m_session->currentScenario();
    if ((!s || s->id != request.scenario.id) && !m_session->selectScenario(id)) {
        showMessage(tr("The scenario “%1” is no longer in the list").arg(id), true);
        return;
    }
    s = m_session->currentScenario();
    // All of the sweep's values, so that the timeline shows exactly the run the point is.
    ParameterForm* form = m_form;
    const ParamValues shown = form->values();
    QStringList changes; // what the Parameters dock shows differently now, for the status bar
    for (const ParamSpec& spec : s->parameters) {
        auto it = request.values.find(spec.name);
        if (it == request.values.end()) continue;
        const ExprValue value =
            spec.name == request.parameter ? ExprValue::of(point.value) : it->second;
        const auto now = shown.find(spec.name);
        if (now != shown.end() && now->second == value) continue;
        const QString name = QString::fromStdString(spec.name);
        const QString text = QString::fromStdString(formatParamValue(spec, value));
        if (!form->setValueText(name, text)) {
            showMessage(tr("Cannot show this point: %1").arg(form->errorText()), true);
            return;
        }
        changes << (now == shown.end()
                        ? tr("%1 %2").arg(labelOf(spec), text)
                        : tr("%1 %2 → %3")
                              .arg(labelOf(spec),
                                   QString::fromStdString(formatParamValue(spec, now->second)),
                                   text));
    }
    // The sweep ran on the simulated machine: so does the point, with the sweep's seed.
    const RunOptions before = form->runOptions();
    RunOptions options = before;
    options.engine = EngineKind::Simulated;
    options.seed = request.options.seed;
    options.cores = request.parameter == kSweepCores ? int(point.value) : request.options.cores;
    if (options.engine != before.engine)
        changes.prepend(
            tr("Engine %1 → %2").arg(engineText(before.engine), engineText(options.engine)));
    if (options.cores != before.cores)
        changes << tr("Cores %1 → %2").arg(before.cores).arg(options.cores);
    if (options.seed != before.seed)
        changes << tr("Seed %1 → %2").arg(before.seed).arg(options.seed);
    form->setRunOptions(options);
    m_activating = true;
    m_session->requestRun();
    m_activating = false;
    m_chart->setCurrentPoint(index);
    const QString what = tr("%1 = %2").arg(QString::fromStdString(m_result->parameterLabel),
                                           QString::fromStdString(point.label));
    showMessage(tr("The timeline shows %1, run on the simulated machine.").arg(what), false);
    // Said where the user looks next: the run on the timeline, and why the form changed.
    m_session->tell(
        changes.isEmpty()
            ? tr("Sweep point %1 on the timeline; the Parameters are unchanged.").arg(what)
            : tr("Sweep point %1 on the timeline. Parameters changed to run it as the sweep "
                 "did: %2.")
                  .arg(what, changes.join(QStringLiteral(", "))),
        30'000);
    emit pointRun(index); // the window keeps the timeline in sight of a floating panel
}

void SweepPanel::openLink(int bullet) {
    const Scenario* s = m_session->currentScenario();
    if (!s || bullet < 0 || std::size_t(bullet) >= s->lookForSweeps.size()) return;
    const SweepLink& link = s->lookForSweeps[std::size_t(bullet)];
    if (link.vary.empty()) return;
    showPanel();
    if (m_runner->isRunning()) {
        showMessage(tr("A sweep is running: cancel it (Esc) to run this one."), true);
        return;
    }
    if (!setParameter(QString::fromStdString(link.vary))) return;
    setRange(link.values.front(), link.values.back(), int(link.values.size()), link.doubling);
    if (const auto figure = figureFromKey(QString::fromStdString(link.chart))) setFigure(*figure);
    start();
}

} // namespace tl::ui
