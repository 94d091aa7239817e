#pragma once
// Owns a run (house style 1: the one QObject that adapts the core's engines to the GUI). The
// engine runs on its own thread with a stop_source; the controller re-emits its life as
// signals on the GUI thread. Starting a run while one is going stops the old one first;
// stopping never blocks the GUI thread; destroying the controller stops and joins every run.
#include "engine/engine.h"
#include "scenario/scenario.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <list>
#include <memory>
#include <thread>

namespace tl::ui {

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(QObject* parent = nullptr);
    ~RunController() override;

    // Compiles and starts a run. On a compile error emits failed() and returns false.
    bool start(const Scenario& scenario, const ParamValues& values, const RunOptions& options);
    // Asks the engine to end; finished(Cancelled) follows within ~100 ms. No-op when idle.
    void stop();
    // Stops the run and forgets it: no finished() follows, and the controller is idle at once
    // (the window has moved on to something else, such as an opened trace).
    void discard();

    bool isRunning() const { return m_running; }
    bool isStopping() const { return m_stopping; }
    // No run going and none still winding down: every engine thread has been joined and
    // nothing it posted is left to arrive.
    bool isIdle() const { return !m_running && m_jobs.empty(); }
    std::shared_ptr<const Trace> trace() const { return m_trace; }
    RunOptions options() const { return m_options; }
    // Wall time of the current (or last) run in nanoseconds.
    qint64 elapsedNs() const;

signals:
    void started(std::shared_ptr<const tl::Trace> trace);
    // About 30 times a second while the engine runs: events recorded and the newest time.
    void progress(qint64 events, qint64 recordedEnd);
    void finished(tl::Outcome outcome);
    void failed(const QString& message);

private:
    struct Job {
        std::jthread thread;
        int generation = 0;
    };
    void engineDone(int generation);
    void settle(); // the run is over, or no longer ours: idle, the clock and ticks stopped

    std::list<Job> m_jobs; // the current run, and stopped ones still winding down
    std::shared_ptr<Trace> m_trace;
    RunOptions m_options;
    int m_generation = 0;
    bool m_running = false;
    bool m_stopping = false;
    QElapsedTimer m_clock;
    qint64 m_lastElapsed = 0;
    QTimer m_progressTimer;
};

} // namespace tl::ui
