#pragma once
// Loading and saving traces and writing pictures, off the GUI thread (DESIGN: long work
// never freezes the window). Each job reports back on the GUI thread with a typed signal; a
// failure carries a message for a message box. Files are written atomically by the core
// and by writeTimelinePicture, so a failed job leaves no half file.
#include "desktop.h"
#include "trace.h"

#include <QImage>
#include <QObject>
#include <functional>
#include <memory>

namespace tl::ui {

class FileJobs : public QObject {
    Q_OBJECT
public:
    explicit FileJobs(QObject* parent = nullptr);
    ~FileJobs() override; // waits for running jobs: they read traces the window owns

    void loadTrace(const QString& path);
    void saveTrace(std::shared_ptr<const Trace> trace, const QString& path);
    void writePicture(std::shared_ptr<const Trace> trace, const PictureOptions& options);
    // Renders a PNG-equivalent image in memory (for the clipboard).
    void renderImage(std::shared_ptr<const Trace> trace, const PictureOptions& options);

    bool isBusy() const { return m_running > 0; }
    void waitForIdle();

signals:
    void traceLoaded(std::shared_ptr<tl::Trace> trace, const QString& path);
    void traceSaved(const QString& path);
    void pictureWritten(const QString& path);
    void imageReady(const QImage& image);
    void failed(const QString& title, const QString& message);
    void busyChanged(bool busy);

private:
    struct Result {
        QString error;
        std::shared_ptr<Trace> trace;
        QImage image;
    };
    void launch(std::function<Result()> work, std::function<void(Result&)> done,
                const QString& failTitle);

    int m_running = 0;
};

} // namespace tl::ui
