#include "filejobs.h"

#include "chromejson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

FileJobs::FileJobs(QObject* parent) : QObject(parent) {}

FileJobs::~FileJobs() {
    waitForIdle();
}

void FileJobs::waitForIdle() {
    for (auto* watcher : findChildren<QFutureWatcher<Result>*>())
        watcher->waitForFinished();
}

void FileJobs::launch(std::function<Result()> work, std::function<void(Result&)> done,
                      const QString& failTitle) {
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, done, failTitle] {
        Result r = watcher->result();
        watcher->deleteLater();
        if (--m_running == 0) emit busyChanged(false);
        if (!r.error.isEmpty())
            emit failed(failTitle, r.error);
        else
            done(r);
    });
    if (m_running++ == 0) emit busyChanged(true);
    watcher->setFuture(QtConcurrent::run([work = std::move(work)] {
        try {
            return work();
        } catch (const std::exception& e) {
            // FileError and TraceReadError name the path and what is wrong.
            return Result{QString::fromStdString(e.what()), nullptr, {}};
        }
    }));
}

void FileJobs::loadTrace(const QString& path) {
    launch(
        [file = path.toStdString()] {
            return Result{{}, std::shared_ptr<Trace>(loadChromeTrace(file)), {}};
        },
        [this, path](Result& r) { emit traceLoaded(r.trace, path); },
        tr("Could not open the trace"));
}

void FileJobs::saveTrace(std::shared_ptr<const Trace> trace, const QString& path) {
    launch(
        [trace, file = path.toStdString()] {
            saveChromeTrace(*trace, file);
            return Result{};
        },
        [this, path](Result&) { emit traceSaved(path); }, tr("Could not save the trace"));
}

void FileJobs::writePicture(std::shared_ptr<const Trace> trace, const PictureOptions& options) {
    const QString path = QString::fromStdString(options.path);
    launch(
        [trace, options] {
            std::string error;
            if (!writeTimelinePicture(*trace, options, &error))
                return Result{QString::fromStdString(error), nullptr, {}};
            return Result{};
        },
        [this, path](Result&) { emit pictureWritten(path); }, tr("Could not export the picture"));
}

void FileJobs::renderImage(std::shared_ptr<const Trace> trace, const PictureOptions& options) {
    launch(
        [trace, options] {
            // The PNG path is the one the export uses, so the clipboard gets exactly what an
            // export would write.
            QTemporaryDir dir;
            if (!dir.isValid())
                return Result{
                    QCoreApplication::translate("tl::ui::FileJobs", "no temporary folder: %1")
                        .arg(dir.errorString()),
                    nullptr,
                    {}};
            PictureOptions o = options;
            o.path = dir.filePath(QStringLiteral("timeline.png")).toStdString();
            std::string error;
            if (!writeTimelinePicture(*trace, o, &error))
                return Result{QString::fromStdString(error), nullptr, {}};
            QImage image(QString::fromStdString(o.path));
            if (image.isNull())
                return Result{QCoreApplication::translate("tl::ui::FileJobs",
                                                          "the rendered picture could not be read"),
                              nullptr,
                              {}};
            return Result{{}, nullptr, image};
        },
        [this](Result& r) { emit imageReady(r.image); }, tr("Could not copy the picture"));
}

} // namespace tl::ui
