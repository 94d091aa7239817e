#pragma once
// Runs a sweep off the GUI thread (docs/architecture.md: long work never freezes the window; it
// shows progress and can be cancelled) and reports back on the GUI thread with typed signals. One
// sweep at a time; the runner owns nothing the GUI thread changes, since the request is a copy.
#include "experiment/sweep.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace tl::ui {

class SweepRunner : public QObject {
    Q_OBJECT
public:
    explicit SweepRunner(QObject* parent = nullptr);
    ~SweepRunner() override; // cancels a running sweep and waits for it

    // False when a sweep is already running. The request is validated on the worker thread
    // too (runSweep does); a ScenarioError comes back as failed().
    bool start(SweepRequest request);
    void cancel();
    bool isRunning() const { return m_job != nullptr; }
    bool isCancelling() const;
    void waitForFinished();
    // Fraction of the points done, 0..1.
    double fraction() const;

signals:
    void finished(std::shared_ptr<const tl::SweepResult> result);
    void failed(const QString& message);
    void cancelled();

private:
    struct Job {
        std::atomic<bool> cancel{false};
        std::atomic<int> permille{0};
        Progress progress;
    };
    struct Outcome {
        std::shared_ptr<const SweepResult> result;
        QString error;
        bool cancelled = false;
    };
    void onDone();

    std::shared_ptr<Job> m_job;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace tl::ui
