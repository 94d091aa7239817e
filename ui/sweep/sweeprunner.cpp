#include "sweep/sweeprunner.h"

#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

SweepRunner::SweepRunner(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &SweepRunner::onDone);
}

SweepRunner::~SweepRunner() {
    cancel(); // nobody is left to see the result
    waitForFinished();
}

bool SweepRunner::start(SweepRequest request) {
    if (m_job) return false;
    auto job = std::make_shared<Job>();
    job->progress.cancel = &job->cancel;
    job->progress.report = [j = job.get()](double f) {
        j->permille.store(int(f * 1000), std::memory_order_relaxed);
    };
    m_job = job;
    m_watcher.setFuture(QtConcurrent::run([request = std::move(request), job]() -> Outcome {
        try {
            // Cancelled while it waited for a pool thread: do not start the first run.
            if (job->progress.cancelled()) throw Cancelled();
            return {std::make_shared<const SweepResult>(runSweep(request, &job->progress)), {}};
        } catch (const Cancelled&) {
            return {nullptr, {}, true};
        } catch (const std::exception& e) {
            // ScenarioError names the parameter, the value and what is wrong.
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    return true;
}

void SweepRunner::cancel() {
    if (m_job) m_job->cancel.store(true, std::memory_order_relaxed);
}

bool SweepRunner::isCancelling() const {
    return m_job && m_job->cancel.load(std::memory_order_relaxed);
}

void SweepRunner::waitForFinished() {
    m_watcher.waitForFinished();
}

double SweepRunner::fraction() const {
    return m_job ? m_job->permille.load(std::memory_order_relaxed) / 1000.0 : 0.0;
}

void SweepRunner::onDone() {
    if (!m_job) return;
    const Outcome outcome = m_watcher.future().resultCount() > 0 ? m_watcher.result() : Outcome{};
    m_job.reset();
    if (outcome.cancelled)
        emit cancelled();
    else if (!outcome.error.isEmpty() || !outcome.result)
        emit failed(outcome.error.isEmpty() ? tr("the sweep ended without a result")
                                            : outcome.error);
    else
        emit finished(outcome.result);
}

} // namespace tl::ui
