#include "panels/runstatus.h"

#include "common/timetext.h"

#include <QLabel>
#include <QPainter>
#include <QStatusBar>

namespace tl::ui {

namespace {

// A label that ends a sentence too long for the status bar with "…" instead of cutting it
// mid-letter; the whole sentence is in its tooltip.
class ElidedLabel : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return {0, QLabel::minimumSizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const QRect r = contentsRect();
        p.setPen(palette().color(foregroundRole()));
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
    }
};

QLabel* field(QStatusBar* bar, const QString& tip, int minChars) {
    auto* l = new QLabel(bar);
    l->setToolTip(tip);
    l->setMinimumWidth(l->fontMetrics().horizontalAdvance(QLatin1Char('0')) * minChars);
    l->setContentsMargins(6, 0, 6, 0);
    return l;
}
} // namespace

RunStatus::RunStatus(QStatusBar* bar) : QObject(bar) {
    m_state = new ElidedLabel(bar);
    m_state->setContentsMargins(6, 0, 6, 0);
    m_state->setObjectName(QStringLiteral("runState"));
    // A long sentence (a deadlock cycle) must not widen the window.
    m_state->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_elapsed = field(bar,
                      tr("Wall-clock time the engine took for this run (a simulated run "
                         "is computed far faster than it plays back)"),
                      12);
    m_events = field(bar, tr("Events recorded: state changes and operations"), 14);
    m_threads = field(bar, tr("Threads in the run"), 10);
    m_outcome = field(bar, tr("How the run ended"), 16);
    m_outcome->setObjectName(QStringLiteral("runOutcome"));
    bar->addWidget(m_state, 1);
    bar->addPermanentWidget(m_elapsed);
    bar->addPermanentWidget(m_events);
    bar->addPermanentWidget(m_threads);
    bar->addPermanentWidget(m_outcome);
}

void RunStatus::setState(const QString& text, const QString& toolTip) {
    m_state->setText(text);
    m_state->setToolTip(toolTip.isEmpty() ? text : toolTip);
}

void RunStatus::setElapsed(qint64 ns) {
    m_elapsed->setText(tr("took %1").arg(humanTime(ns)));
}

void RunStatus::setCounts(const Trace* trace) {
    if (!trace) {
        m_events->clear();
        m_threads->clear();
        return;
    }
    m_events->setText(tr("%L1 events").arg(trace->eventCount()));
    const std::size_t n = trace->threadCount();
    m_threads->setText(n == 1 ? tr("1 thread") : tr("%L1 threads").arg(n));
}

void RunStatus::setOutcome(const Trace* trace) {
    if (!trace || !trace->finished()) {
        m_outcome->clear();
        m_outcome->setToolTip(tr("How the run ended"));
        return;
    }
    const Outcome o = trace->outcome();
    QString text;
    switch (o) {
    case Outcome::Completed:
        text = tr("✔ Completed");
        break;
    case Outcome::Cancelled:
        text = tr("■ Stopped");
        break;
    case Outcome::TimeLimit:
        text = tr("◷ Time limit reached"); // DejaVu Sans has this clock, not U+23F1
        break;
    case Outcome::Deadlock:
        text = tr("⚠ Deadlock");
        break;
    case Outcome::EventLimit:
        text = tr("⚠ Event limit reached");
        break;
    case Outcome::Error:
        text = tr("⚠ Error");
        break;
    case Outcome::Running:
        break;
    }
    m_outcome->setText(text);
    const QString message = QString::fromStdString(trace->message());
    m_outcome->setToolTip(message.isEmpty() ? QString::fromUtf8(outcomeName(o)) : message);
}

void RunStatus::describePlayback(bool live, bool playing, double speed, Time at) {
    const QString factor = QString::number(speed, 'g', 3) + QStringLiteral("×");
    if (live)
        setState(
            playing ? tr("Playing back at %1 (Space pauses, Shift+F5 skips to the end)").arg(factor)
                    : tr("Paused at %1 (Space resumes, Shift+F5 shows the whole run)")
                          .arg(humanTime(at)));
    else
        setState(playing ? tr("Replaying at %1 (Space pauses)").arg(factor)
                         : tr("Cursor at %1: Space plays on; [ and ] step through events")
                               .arg(humanTime(at)));
}

void RunStatus::describeEnd(const Trace& trace) {
    const QString at = humanTime(trace.endTime());
    const QString why = QString::fromStdString(trace.message());
    const QString replay = tr("Space replays it; [ and ] step through events.");
    switch (trace.outcome()) {
    case Outcome::Cancelled:
        setState(tr("Stopped after %1. %2").arg(at, replay));
        break;
    case Outcome::Deadlock:
        // The cycle is the lesson: say it here, not only in a tooltip.
        setState(
            why.isEmpty()
                ? tr("Deadlock at %1: no thread can go on. %2").arg(at, replay)
                : tr("Deadlock at %1: %2")
                      .arg(at, why.startsWith(QLatin1String("deadlock: ")) ? why.mid(10) : why),
            why);
        break;
    case Outcome::TimeLimit:
        setState(tr("Time limit reached at %1. %2").arg(at, replay), why);
        break;
    case Outcome::EventLimit:
        setState(tr("Event limit reached at %1. %2").arg(at, replay), why);
        break;
    case Outcome::Error:
        setState(tr("The run failed at %1: %2").arg(at, why));
        break;
    default:
        setState(tr("Done: %1 of run time. %2").arg(at, replay));
        break;
    }
    // A run that followed a schedule (Run ▸ Explore…, or a trace of one) is not the
    // machine's own order: said first, so that nobody takes it for a typical run.
    if (const std::size_t steps = trace.info().schedule.size(); steps > 0)
        setState((steps == 1 ? tr("A schedule found by the explorer (1 step). ")
                             : tr("A schedule found by the explorer (%1 steps). ").arg(steps)) +
                     m_state->text(),
                 m_state->toolTip());
}

void RunStatus::clear() {
    m_state->clear();
    clearRun();
}

void RunStatus::clearRun() {
    m_elapsed->clear();
    setCounts(nullptr);
    setOutcome(nullptr);
}

QString RunStatus::stateText() const {
    return m_state->text();
}

QString RunStatus::outcomeText() const {
    return m_outcome->text();
}

QString RunStatus::elapsedText() const {
    return m_elapsed->text();
}

QString RunStatus::eventsText() const {
    return m_events->text();
}

} // namespace tl::ui
