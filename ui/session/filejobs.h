#pragma once
// Loading and saving traces and writing pictures, off the GUI thread (docs/architecture.md: long
// work never freezes the window; it shows progress and can be cancelled). Each job reports back on
// the GUI thread with a typed signal; a failure carries a message for a message box. Files are
// written atomically by the core and by writeTimelinePicture, so a failed or cancelled job leaves
// no half file.
#include "model/trace.h"
#include "timeline/picture.h"

#include <QImage>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <functional>
#include <list>
#include <memory>

namespace tl::ui {

class FileJobs : public QObject {
    Q_OBJECT
public:
    explicit FileJobs(QObject* parent = nullptr);
    ~FileJobs() override; // waits for running jobs: they read traces the window owns

    // Any supported trace (convert.h); with a process (a name or a pid), only its threads.
    void loadTrace(const QString& path, const QString& process = {});
    void saveTrace(std::shared_ptr<const Trace> trace, const QString& path);
    void writePicture(std::shared_ptr<const Trace> trace, const PictureOptions& options);
    // Renders a PNG-equivalent image in memory (for the clipboard).
    void renderImage(std::shared_ptr<const Trace> trace, const PictureOptions& options);

    bool isBusy() const { return !m_jobs.empty(); }
    void waitForIdle();
    // Tells every running job to stop; each ends with cancelled() instead of its result.
    void cancel();
    // What the oldest running job is doing ("Opening big.json") and how far it has got.
    QString activity() const;
    double fraction() const;

signals:
    void traceLoaded(std::shared_ptr<tl::Trace> trace, const QString& path);
    void traceSaved(const QString& path);
    void pictureWritten(const QString& path);
    void imageReady(const QImage& image);
    void failed(const QString& title, const QString& message);
    void cancelled(const QString& activity);
    void busyChanged(bool busy);
    // A few times a second while a job runs.
    void progressChanged(const QString& activity, double fraction);

private:
    struct Result {
        QString error;
        std::shared_ptr<Trace> trace;
        QImage image;
        bool cancelled = false;
    };
    // Shared by the job's worker thread (which reports) and the GUI thread (which cancels).
    struct Shared {
        std::atomic<bool> cancel{false};
        std::atomic<int> permille{0};
        Progress progress;
    };
    struct Job {
        QString activity;
        std::shared_ptr<Shared> shared;
    };
    void launch(const QString& activity, std::function<Result(const Progress&)> work,
                std::function<void(Result&)> done, const QString& failTitle);

    std::list<Job> m_jobs;
    QTimer m_ticker;
};

} // namespace tl::ui
