#include "session/appsettings.h"

#include <QDir>
#include <QSettings>

namespace tl::ui::settings {

namespace {
QString paramKey(const Scenario& s, const std::string& name) {
    return QStringLiteral("scenarios/%1/%2")
        .arg(QString::fromStdString(s.id), QString::fromStdString(name));
}

// A real run that completed within this wall time is one launch may start by itself.
constexpr qint64 kShortRealRunNs = 1'000'000'000;
const QString kShortRealKey = QStringLiteral("run/shortRealRun");

// What a real run ran, as text: the scenario, every value as --set spells it, the seed.
QString realRunText(const Scenario& s, const ParamValues& values, const RunOptions& o) {
    QString text = QString::fromStdString(s.id);
    for (const ParamSpec& p : s.parameters) {
        const auto it = values.find(p.name);
        if (it != values.end())
            text += QStringLiteral(" %1=%2").arg(
                QString::fromStdString(p.name),
                QString::fromStdString(formatParamValue(p, it->second)));
    }
    return text + QStringLiteral(" seed=%1").arg(o.seed);
}
} // namespace

void rememberRealRun(const Scenario& s, const ParamValues& values, const RunOptions& o,
                     qint64 wallNs, bool completed) {
    QSettings settings;
    const QString text = realRunText(s, values, o);
    if (completed && wallNs < kShortRealRunNs)
        settings.setValue(kShortRealKey, text);
    else if (settings.value(kShortRealKey).toString() == text)
        settings.remove(kShortRealKey); // it ran long (or was stopped) this time
}

bool isShortRealRun(const Scenario& s, const ParamValues& values, const RunOptions& o) {
    return QSettings().value(kShortRealKey).toString() == realRunText(s, values, o);
}

ParamValues loadValues(const Scenario& s) {
    QSettings settings;
    ParamValues values = defaultValues(s);
    for (const ParamSpec& p : s.parameters) {
        const QVariant stored = settings.value(paramKey(s, p.name));
        if (!stored.isValid()) continue;
        try {
            setParameter(s, values, p.name, stored.toString().toStdString());
        } catch (const ScenarioError&) {
            // The scenario's ranges changed since: its default is the right fallback.
        }
    }
    return values;
}

void saveValues(const Scenario& s, const ParamValues& values) {
    QSettings settings;
    for (const ParamSpec& p : s.parameters) {
        const auto it = values.find(p.name);
        if (it != values.end())
            settings.setValue(paramKey(s, p.name),
                              QString::fromStdString(formatParamValue(p, it->second)));
    }
}

RunOptions loadRunOptions() {
    QSettings settings;
    RunOptions o;
    EngineKind engine = EngineKind::Simulated;
    if (parseEngineName(settings.value(QStringLiteral("run/engine")).toString().toStdString(),
                        engine))
        o.engine = engine;
    o.cores = std::clamp(settings.value(QStringLiteral("run/cores"), o.cores).toInt(), 1, 64);
    o.seed = settings.value(QStringLiteral("run/seed"), quint64(o.seed)).toULongLong();
    return o;
}

void saveRunOptions(const RunOptions& o) {
    QSettings settings;
    settings.setValue(QStringLiteral("run/engine"), QString::fromUtf8(engineName(o.engine)));
    settings.setValue(QStringLiteral("run/cores"), o.cores);
    settings.setValue(QStringLiteral("run/seed"), quint64(o.seed));
}

QString lastScenario() {
    return QSettings().value(QStringLiteral("scenario")).toString();
}

void setLastScenario(const QString& id) {
    QSettings().setValue(QStringLiteral("scenario"), id);
}

double playbackSpeed() {
    return QSettings().value(QStringLiteral("playback/speed"), 0.0).toDouble();
}

void setPlaybackSpeed(double factor) {
    QSettings().setValue(QStringLiteral("playback/speed"), factor);
}

bool autoRun() {
    return QSettings().value(QStringLiteral("run/automatic"), true).toBool();
}

void setAutoRun(bool on) {
    QSettings().setValue(QStringLiteral("run/automatic"), on);
}

QString lastFolder(const QString& purpose) {
    return QSettings().value(QStringLiteral("folders/") + purpose, QDir::currentPath()).toString();
}

void setLastFolder(const QString& purpose, const QString& folder) {
    QSettings().setValue(QStringLiteral("folders/") + purpose, folder);
}

} // namespace tl::ui::settings
