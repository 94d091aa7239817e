#pragma once
// The status bar's permanent fields: what is happening (running, playing back, done), the
// wall time of the run, events and threads recorded, and how the run ended.
#include "model/trace.h"

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace tl::ui {

class RunStatus : public QObject {
    Q_OBJECT
public:
    explicit RunStatus(QStatusBar* bar);

    void setState(const QString& text, const QString& toolTip = {});
    void setElapsed(qint64 ns);
    void setCounts(const Trace* trace);
    void setOutcome(const Trace* trace); // nullptr or still running: blank
    void clear();
    // A new run starts: nothing of the previous one (its wall time, events, threads,
    // outcome) stays beside it; the state field is the caller's.
    void clearRun();
    // The state field's sentences for playback and for the end of a run; a run that followed
    // an explorer's schedule says so first.
    void describePlayback(bool live, bool playing, double speed, Time at);
    void describeEnd(const Trace& trace);

    QString stateText() const;
    QString outcomeText() const;
    QString elapsedText() const;
    QString eventsText() const;

private:
    QLabel* m_state;
    QLabel* m_elapsed;
    QLabel* m_events;
    QLabel* m_threads;
    QLabel* m_outcome;
};

} // namespace tl::ui
