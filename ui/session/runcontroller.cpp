#include "session/runcontroller.h"

#include "experiment/run.h"

#include <QMetaObject>

namespace tl::ui {

RunController::RunController(QObject* parent) : QObject(parent) {
    m_progressTimer.setInterval(33);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_trace) emit progress(qint64(m_trace->eventCount()), qint64(m_trace->endTime()));
    });
}

RunController::~RunController() {
    // Ask every engine first, then wait: the joins overlap and the whole shutdown takes one
    // engine's stop latency (< 100 ms), however many runs are still winding down.
    for (Job& job : m_jobs)
        job.thread.request_stop();
    for (Job& job : m_jobs)
        if (job.thread.joinable()) job.thread.join();
}

bool RunController::start(const Scenario& scenario, const ParamValues& values,
                          const RunOptions& options) {
    Program program;
    try {
        program = compile(scenario, values);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
        return false;
    }
    stop();
    ++m_generation;
    // The run's metadata goes in now, before the views and the engine thread share the trace.
    m_trace = std::make_shared<Trace>(runInfo(program, options));
    m_options = options;
    m_running = true;
    m_stopping = false;

    const int generation = m_generation;
    std::shared_ptr<Trace> trace = m_trace;
    m_jobs.push_back(Job{std::jthread([this, trace, generation, options,
                                       program = std::move(program)](std::stop_token stop) {
                             try {
                                 // run() registers threads and objects itself: the trace
                                 // must reach it fresh.
                                 run(program, *trace, options, stop);
                             } catch (const std::exception& e) {
                                 trace->finish(Outcome::Error, e.what());
                             }
                             // Runs on the GUI thread; the destructor joins before the object
                             // dies, so `this` is alive when this is posted.
                             QMetaObject::invokeMethod(
                                 this, [this, generation] { engineDone(generation); },
                                 Qt::QueuedConnection);
                         }),
                         generation});
    m_clock.start();
    m_progressTimer.start();
    emit started(m_trace);
    return true;
}

void RunController::stop() {
    if (!m_running) return;
    m_stopping = true;
    for (Job& job : m_jobs)
        job.thread.request_stop();
}

void RunController::discard() {
    if (!m_running) return;
    stop();
    ++m_generation; // engineDone() of the old run only joins its thread
    settle();
}

void RunController::settle() {
    m_running = false;
    m_stopping = false;
    m_lastElapsed = m_clock.nsecsElapsed();
    m_progressTimer.stop();
}

qint64 RunController::elapsedNs() const {
    return m_running ? m_clock.nsecsElapsed() : m_lastElapsed;
}

void RunController::engineDone(int generation) {
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if (it->generation == generation) {
            // The thread posted this as its last act; the join returns at once.
            it->thread.join();
            m_jobs.erase(it);
            break;
        }
    }
    if (generation != m_generation || !m_running) return;
    settle();
    emit progress(qint64(m_trace->eventCount()), qint64(m_trace->endTime()));
    emit finished(m_trace->outcome());
}

} // namespace tl::ui
