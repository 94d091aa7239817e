// The Sweep dock's range and request: the default and remembered range of each parameter,
// the request built from the controls and the Parameters dock, the preview of the values it
// will run, and the caption that says what was held fixed.
#include "sweep/sweeppanel.h"

#include "panels/durationedit.h"
#include "panels/parameterform.h"
#include "session/session.h"
#include "sweep/sweeprunner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>
#include <climits>

namespace tl::ui {

namespace {

// The values the points will be run at, as the parameter shows them, shortened in the middle.
QString pointsText(const std::vector<std::int64_t>& points, const ParamSpec* spec) {
    auto text = [spec](std::int64_t v) {
        return spec ? QString::fromStdString(formatParamValue(*spec, ExprValue::of(v)))
                    : QString::number(v);
    };
    QStringList shown;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points.size() > 7 && i == 3) {
            shown << QStringLiteral("…");
            i = points.size() - 2;
        }
        shown << text(points[i]);
    }
    return runsText(points.size()) + QStringLiteral(": ") + shown.join(QStringLiteral(", "));
}

// The core says "sweep: …" or "sweep of \"hold\": …"; the panel's message starts "Cannot
// sweep:" already.
QString coreMessage(QString text) {
    for (const QLatin1String prefix : {QLatin1String("sweep: "), QLatin1String("sweep of ")})
        if (text.startsWith(prefix)) return text.mid(prefix.size());
    return text;
}

} // namespace

QString SweepPanel::settingsKey(const QString& scenario, const QString& rest) {
    return QStringLiteral("sweep/%1/%2").arg(scenario, rest);
}

bool SweepPanel::isDuration() const {
    const Scenario* s = m_session->currentScenario();
    const ParamSpec* spec = s ? s->parameter(parameter().toStdString()) : nullptr;
    return spec && spec->type == ParamType::Duration;
}

void SweepPanel::setRange(std::int64_t from, std::int64_t to, int points, bool doubling) {
    const QSignalBlocker b1(m_fromCount), b2(m_toCount), b3(m_fromTime), b4(m_toTime), b5(m_points),
        b6(m_doubling);
    if (isDuration()) {
        m_fromTime->setValue(from);
        m_toTime->setValue(to);
    } else {
        m_fromCount->setValue(int(std::clamp<std::int64_t>(from, INT_MIN, INT_MAX)));
        m_toCount->setValue(int(std::clamp<std::int64_t>(to, INT_MIN, INT_MAX)));
    }
    m_points->setValue(points);
    m_doubling->setChecked(doubling);
    updatePreview();
}

SweepPanel::Range SweepPanel::currentRange() const {
    Range r;
    const bool duration = isDuration();
    r.from = duration ? m_fromTime->value() : m_fromCount->value();
    r.to = duration ? m_toTime->value() : m_toCount->value();
    r.points = m_points->value();
    r.doubling = m_doubling->isChecked();
    return r;
}

SweepPanel::Range SweepPanel::defaultRange(const QString& name) const {
    Range r;
    const Scenario* s = m_session->currentScenario();
    const ParamSpec* spec = s ? s->parameter(name.toStdString()) : nullptr;
    if (name == sweepCoresName() || !spec) {
        r = {1, 16, 5, true}; // 1, 2, 4, 8, 16 cores
    } else if (spec->type == ParamType::Duration) {
        const std::int64_t def = spec->def.number > 0 ? spec->def.number : 10'000'000;
        r = {spec->min, std::min(spec->max, std::max(def * 4, spec->min + 1)), 9, false};
    } else {
        // From the smallest value to four times the default: workers 1..16 for lock contention;
        // at most 16 points a whole step apart (2, 4 … 20 philosophers), never uneven.
        const std::int64_t from = spec->min;
        std::int64_t to = std::min(spec->max, std::max(spec->def.number * 4, from + 7));
        const std::int64_t step = std::max<std::int64_t>(1, (to - from + 14) / 15);
        const std::int64_t steps = (to - from) / step;
        to = from + steps * step;
        r = {from, to, int(steps + 1), false};
    }
    return r;
}

SweepPanel::Range SweepPanel::savedRange(const QString& name) const {
    Range r = defaultRange(name);
    const QStringList parts = QSettings()
                                  .value(settingsKey(m_scenarioId, name + QStringLiteral("/range")))
                                  .toString()
                                  .split(QLatin1Char(','));
    if (parts.size() == 4) {
        r.from = parts[0].toLongLong();
        r.to = parts[1].toLongLong();
        r.points = std::clamp(parts[2].toInt(), 1, int(kMaxSweepPoints));
        r.doubling = parts[3] == QLatin1String("1");
    }
    return r;
}

void SweepPanel::saveRange(const QString& name, const Range& r) const {
    QSettings settings;
    settings.setValue(settingsKey(m_scenarioId, QStringLiteral("parameter")), name);
    settings.setValue(
        settingsKey(m_scenarioId, name + QStringLiteral("/range")),
        QStringLiteral("%1,%2,%3,%4").arg(r.from).arg(r.to).arg(r.points).arg(r.doubling ? 1 : 0));
}

std::optional<SweepRequest> SweepPanel::buildRequest(QString* error) const {
    const Scenario* s = m_session->currentScenario();
    if (!s) {
        *error = tr("no scenario is chosen");
        return std::nullopt;
    }
    if (const QString e = m_session->scenarioError(); !e.isEmpty()) {
        *error = e;
        return std::nullopt;
    }
    const ParameterForm* form = m_form;
    if (!form->isValid()) {
        *error = tr("the Parameters dock has an invalid value: %1").arg(form->errorText());
        return std::nullopt;
    }
    const Range r = currentRange();
    if (r.from > r.to) {
        // Said in the parameter's own spelling ("4ms"), which the core's message cannot.
        const ParamSpec* spec = s->parameter(parameter().toStdString());
        auto text = [spec](std::int64_t v) {
            return spec ? QString::fromStdString(formatParamValue(*spec, ExprValue::of(v)))
                        : QString::number(v);
        };
        *error = tr("From (%1) is above To (%2)").arg(text(r.from), text(r.to));
        return std::nullopt;
    }
    SweepRequest request;
    request.scenario = *s;
    request.values = form->values();
    request.parameter = parameter().toStdString();
    request.options = form->runOptions();
    request.options.engine = EngineKind::Simulated;
    try {
        request.points = sweepPoints(r.from, r.to, r.points, r.doubling);
        validateSweep(request);
    } catch (const std::exception& e) {
        *error = coreMessage(QString::fromStdString(e.what()));
        // "\"hold\": 20s is above …" reads better with the label the form shows.
        if (const ParamSpec* spec = s->parameter(request.parameter); spec && !spec->label.empty())
            error->replace(QStringLiteral("\"%1\":").arg(QString::fromStdString(spec->name)),
                           QString::fromStdString(spec->label) + QLatin1Char(':'));
        return std::nullopt;
    }
    return request;
}

void SweepPanel::updatePreview() {
    QString error;
    const std::optional<SweepRequest> request = buildRequest(&error);
    if (request) {
        const ParamSpec* spec = request->scenario.parameter(request->parameter);
        m_preview->setText(pointsText(request->points, spec));
    }
    m_preview->setVisible(request.has_value());
    if (m_runner->isRunning()) return; // the line under the buttons tells the progress
    if (!request)
        showMessage(tr("Cannot sweep: %1").arg(error), true);
    else if (m_messageIsError)
        showMessage(QString(), false);
}

QString SweepPanel::caption(const SweepRequest& request) const {
    QStringList fixed;
    for (const ParamSpec& p : request.scenario.parameters) {
        const auto it = request.values.find(p.name);
        if (p.name == request.parameter || it == request.values.end()) continue;
        fixed << QStringLiteral("%1 = %2").arg(
            QString::fromStdString(p.label.empty() ? p.name : p.label).toHtmlEscaped(),
            QString::fromStdString(formatParamValue(p, it->second)).toHtmlEscaped());
    }
    if (request.parameter != kSweepCores)
        fixed << (request.options.cores == 1 ? tr("1 core")
                                             : tr("%1 cores").arg(request.options.cores));
    fixed << tr("seed %1").arg(request.options.seed) << tr("simulated machine");
    return QStringLiteral("<b>%1</b> &nbsp;·&nbsp; %2")
        .arg(QString::fromStdString(request.scenario.title).toHtmlEscaped(),
             fixed.join(QStringLiteral(" · ")));
}

} // namespace tl::ui
