#include "explore/explorerunner.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

ExploreRunner::ExploreRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<tl::ExploreProgress>("tl::ExploreProgress");
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &ExploreRunner::onDone);
}

ExploreRunner::~ExploreRunner() {
    cancel(); // nobody is left to see the report
    waitForFinished();
}

bool ExploreRunner::start(Program program, ExploreOptions options) {
    if (m_job) return false;
    auto job = std::make_shared<Job>();
    options.cancel = &job->cancel;
    // Posted to this object's thread: a progress still queued when the runner is gone is
    // dropped with it (the destructor waits for the search, so `this` outlives the callback).
    options.progress = [this](const ExploreProgress& p) {
        QMetaObject::invokeMethod(
            this, [this, p] { emit progressed(p); }, Qt::QueuedConnection);
    };
    m_job = job;
    m_watcher.setFuture(QtConcurrent::run(
        [program = std::move(program), options = std::move(options), job]() -> Result {
            try {
                return {std::make_shared<const ExploreReport>(tl::explore(program, options)), {}};
            } catch (const std::exception& e) {
                // a goal the program does not have, a bad option
                return {nullptr, QString::fromStdString(e.what())};
            }
        }));
    return true;
}

void ExploreRunner::cancel() {
    if (m_job) m_job->cancel.store(true, std::memory_order_relaxed);
}

bool ExploreRunner::isCancelling() const {
    return m_job && m_job->cancel.load(std::memory_order_relaxed);
}

void ExploreRunner::waitForFinished() {
    m_watcher.waitForFinished();
}

void ExploreRunner::onDone() {
    if (!m_job) return;
    const Result result = m_watcher.future().resultCount() > 0 ? m_watcher.result() : Result{};
    m_job.reset();
    if (!result.report)
        emit failed(result.error.isEmpty() ? tr("the search ended without a report")
                                           : result.error);
    else
        emit finished(result.report);
}

} // namespace tl::ui
