#include "sweep/sweepfigures.h"

#include "common/timetext.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("tl::ui::SweepFigures", text);
}

// Three significant digits with the locale's grouping: "3,060", "12.5", "0.0421".
QString figureNumber(double v) {
    const double mag = std::fabs(v);
    const int decimals = mag >= 100 || mag == 0 ? 0 : mag >= 10 ? 1 : mag >= 1 ? 2 : 3;
    return QLocale().toString(v, 'f', decimals);
}

} // namespace

QString sweepCoresName() {
    return QString::fromLatin1(kSweepCores.data(), qsizetype(kSweepCores.size()));
}

QString runsText(std::size_t n) {
    return n == 1 ? tr("1 run") : tr("%1 runs").arg(n);
}

QString figureName(SweepFigure figure) {
    switch (figure) {
    case SweepFigure::Duration:
        return tr("Run duration");
    case SweepFigure::Throughput:
        return tr("Throughput");
    case SweepFigure::BlockedWaiting:
        return tr("Blocked or waiting");
    case SweepFigure::Fairness:
        return tr("Fairness of acquisitions");
    case SweepFigure::LongestWait:
        return tr("Longest wait");
    case SweepFigure::Contention:
        return tr("Contention");
    }
    return {};
}

QString figureKey(SweepFigure figure) {
    static const char* const keys[kSweepFigureCount] = {
        "duration", "throughput", "blocked-waiting", "fairness", "longest-wait", "contention"};
    return QString::fromLatin1(keys[int(figure)]);
}

std::optional<SweepFigure> figureFromKey(const QString& key) {
    for (int f = 0; f < kSweepFigureCount; ++f)
        if (figureKey(SweepFigure(f)) == key) return SweepFigure(f);
    return std::nullopt;
}

QString figureToolTip(SweepFigure figure) {
    switch (figure) {
    case SweepFigure::Duration:
        return tr("How long the run took, from start to the last thread's end");
    case SweepFigure::Throughput:
        return tr("What the run got done (items, acquisitions, …) per second of run time");
    case SweepFigure::BlockedWaiting:
        return tr("The share of all threads' time spent blocked on a lock or waiting on a "
                  "queue, semaphore, barrier, condition or event");
    case SweepFigure::Fairness:
        return tr("Jain's index of acquisitions per thread (not of waiting time): 1 when every "
                  "thread got the same "
                  "share, 1/n when one thread got everything");
    case SweepFigure::LongestWait:
        return tr("The longest time any thread spent blocked or waiting at once");
    case SweepFigure::Contention:
        return tr("The most contended object's share of acquisitions that had to wait");
    }
    return {};
}

double figureValue(const SweepPoint& p, SweepFigure figure) {
    switch (figure) {
    case SweepFigure::Duration:
        return double(p.duration);
    case SweepFigure::Throughput:
        return p.throughput;
    case SweepFigure::BlockedWaiting:
        return p.stateShare[std::size_t(ThreadState::Blocked)] +
               p.stateShare[std::size_t(ThreadState::Waiting)];
    case SweepFigure::Fairness:
        return p.fairness;
    case SweepFigure::LongestWait:
        return double(p.longestWait);
    case SweepFigure::Contention:
        return p.contention;
    }
    return 0;
}

bool figureIsTime(SweepFigure figure) {
    return figure == SweepFigure::Duration || figure == SweepFigure::LongestWait;
}

bool figureIsShare(SweepFigure figure) {
    return figure == SweepFigure::BlockedWaiting || figure == SweepFigure::Contention;
}

AxisScale figureScale(const SweepResult& result, SweepFigure figure) {
    const QString name = figureName(figure);
    if (figureIsTime(figure)) {
        double largest = 0;
        for (const SweepPoint& p : result.points)
            largest = std::max(largest, figureValue(p, figure));
        const Time unit = unitFor(Time(largest));
        return {double(unit), QStringLiteral("%1 (%2)").arg(name, unitSuffix(unit))};
    }
    if (figureIsShare(figure))
        return {0.01, figure == SweepFigure::BlockedWaiting ? tr("Blocked or waiting (%)")
                                                            : tr("Contention (%)")};
    if (figure == SweepFigure::Throughput) {
        const std::string unit = result.points.empty() ? std::string() : result.points[0].unit;
        // The unit alone ("Lock acquisitions/s"): the chart's title says it is the throughput,
        // and a long axis title would be cut short.
        QString text = QString::fromStdString(unit);
        if (!text.isEmpty()) text[0] = text[0].toUpper();
        return {1, text.isEmpty() ? tr("Throughput (per second)") : tr("%1/s").arg(text)};
    }
    return {1, tr("Fairness of acquisitions (Jain's index)")};
}

AxisScale valueScale(const SweepResult& result, bool isDuration) {
    const QString label = QString::fromStdString(result.parameterLabel);
    if (!isDuration) return {1, label};
    std::int64_t largest = 0;
    for (const SweepPoint& p : result.points)
        largest = std::max(largest, p.value);
    const Time unit = unitFor(largest);
    return {double(unit), QStringLiteral("%1 (%2)").arg(label, unitSuffix(unit))};
}

double niceStep(double span, int ticks, double minimum) {
    if (!(span > 0) || ticks < 1) return std::max(1.0, minimum);
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * power;
    for (double m : {1.0, 2.0, 5.0}) {
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    }
    return std::max(step, minimum);
}

double niceCeil(double value, double step) {
    if (!(step > 0)) return value;
    return std::ceil(value / step - 1e-9) * step;
}

QString percentText(double fraction) {
    const double pct = fraction * 100;
    if (pct == 0) return QStringLiteral("0%");
    if (pct < 1) return QStringLiteral("%1%").arg(QLocale().toString(pct, 'f', 1));
    return QStringLiteral("%1%").arg(QLocale().toString(pct, 'f', 0));
}

QString pointToolTip(const SweepResult& result, std::size_t index) {
    if (index >= result.points.size()) return {};
    const SweepPoint& p = result.points[index];
    QString html = QStringLiteral("<b>%1 = %2</b>")
                       .arg(QString::fromStdString(result.parameterLabel).toHtmlEscaped(),
                            QString::fromStdString(p.label).toHtmlEscaped());
    if (p.outcome != Outcome::Completed) {
        html += QStringLiteral(" <b>(%1)</b>")
                    .arg(QString::fromStdString(std::string(outcomeName(p.outcome))));
        if (!p.message.empty())
            html += QStringLiteral("<br>%1").arg(QString::fromStdString(p.message).toHtmlEscaped());
    }
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    auto row = [&html](const QString& name, const QString& value) {
        html += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(figureName(SweepFigure::Duration), humanTime(p.duration));
    row(figureName(SweepFigure::Throughput),
        QStringLiteral("%1 %2/s")
            .arg(figureNumber(p.throughput), QString::fromStdString(p.unit))
            .trimmed());
    row(figureName(SweepFigure::BlockedWaiting),
        percentText(figureValue(p, SweepFigure::BlockedWaiting)));
    row(figureName(SweepFigure::Fairness), QLocale().toString(p.fairness, 'f', 3));
    row(figureName(SweepFigure::LongestWait), humanTime(p.longestWait));
    row(figureName(SweepFigure::Contention), percentText(p.contention));
    row(tr("Threads, events"),
        QStringLiteral("%1, %2").arg(QLocale().toString(p.threads),
                                     QLocale().toString(qulonglong(p.events))));
    html += QStringLiteral("</table>");
    // The state shares in the timeline's order, the ones that occur.
    QStringList shares;
    for (int s = 0; s < kStateCount; ++s)
        if (p.stateShare[std::size_t(s)] > 0)
            shares << QStringLiteral("%1 %2").arg(
                QString::fromStdString(std::string(stateName(ThreadState(s)))),
                percentText(p.stateShare[std::size_t(s)]));
    if (!shares.isEmpty()) html += QStringLiteral("<br>%1").arg(shares.join(QStringLiteral(", ")));
    html += QStringLiteral("<br><i>%1</i>").arg(tr("Click to run it and show it on the timeline"));
    return html;
}

} // namespace tl::ui
