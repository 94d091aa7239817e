#pragma once
// Runs the explorer off the GUI thread (docs/architecture.md: long work never freezes the
// window; it shows progress and can be cancelled) and reports back on the GUI thread: the
// progress about ten times a second, then the report — a cancelled search's too, with what
// was found so far. One search at a time; the runner owns a copy of the program, so nothing
// the GUI thread changes is shared with the search.
#include "experiment/explore.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace tl::ui {

class ExploreRunner : public QObject {
    Q_OBJECT
public:
    explicit ExploreRunner(QObject* parent = nullptr);
    ~ExploreRunner() override; // cancels a running search and waits for it

    // False when a search is already running. The options' progress and cancel are the
    // runner's own. A search that throws (a goal out of range) comes back as
    // failed().
    bool start(Program program, ExploreOptions options);
    void cancel(); // the search ends soon; finished() brings what it found
    bool isRunning() const { return m_job != nullptr; }
    bool isCancelling() const;
    void waitForFinished();

signals:
    void progressed(const tl::ExploreProgress& progress);
    void finished(std::shared_ptr<const tl::ExploreReport> report);
    void failed(const QString& message);

private:
    struct Job {
        std::atomic<bool> cancel{false};
    };
    struct Result {
        std::shared_ptr<const ExploreReport> report;
        QString error;
    };
    void onDone();

    std::shared_ptr<Job> m_job;
    QFutureWatcher<Result> m_watcher;
};

} // namespace tl::ui
