#include "session/filejobs.h"

#include "format/chromejson.h"
#include "format/convert.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

namespace {

QString fileName(const QString& path) {
    return QFileInfo(path).fileName();
}

} // namespace

FileJobs::FileJobs(QObject* parent) : QObject(parent) {
    m_ticker.setInterval(100);
    connect(&m_ticker, &QTimer::timeout, this, [this] {
        if (isBusy()) emit progressChanged(activity(), fraction());
    });
}

FileJobs::~FileJobs() {
    cancel(); // nobody is left to see the result
    waitForIdle();
}

void FileJobs::waitForIdle() {
    for (auto* watcher : findChildren<QFutureWatcher<Result>*>())
        watcher->waitForFinished();
}

void FileJobs::cancel() {
    for (Job& job : m_jobs)
        job.shared->cancel.store(true, std::memory_order_relaxed);
}

QString FileJobs::activity() const {
    return m_jobs.empty() ? QString() : m_jobs.front().activity;
}

double FileJobs::fraction() const {
    return m_jobs.empty()
               ? 0.0
               : m_jobs.front().shared->permille.load(std::memory_order_relaxed) / 1000.0;
}

void FileJobs::launch(const QString& activity, std::function<Result(const Progress&)> work,
                      std::function<void(Result&)> done, const QString& failTitle) {
    auto shared = std::make_shared<Shared>();
    shared->progress.cancel = &shared->cancel;
    shared->progress.report = [s = shared.get()](double f) {
        s->permille.store(int(f * 1000), std::memory_order_relaxed);
    };
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this,
            [this, watcher, shared, activity, done, failTitle] {
                Result r = watcher->result();
                watcher->deleteLater();
                m_jobs.remove_if([&shared](const Job& job) { return job.shared == shared; });
                if (m_jobs.empty()) {
                    m_ticker.stop();
                    emit busyChanged(false);
                }
                if (r.cancelled)
                    emit cancelled(activity);
                else if (!r.error.isEmpty())
                    emit failed(failTitle, r.error);
                else
                    done(r);
            });
    m_jobs.push_back(Job{activity, shared});
    if (m_jobs.size() == 1) {
        m_ticker.start();
        emit busyChanged(true);
    }
    emit progressChanged(this->activity(), fraction());
    watcher->setFuture(QtConcurrent::run([work = std::move(work), shared] {
        try {
            return work(shared->progress);
        } catch (const Cancelled&) {
            Result r;
            r.cancelled = true;
            return r;
        } catch (const std::exception& e) {
            // FileError and TraceReadError name the path and what is wrong.
            return Result{QString::fromStdString(e.what()), nullptr, {}};
        }
    }));
}

void FileJobs::loadTrace(const QString& path, const QString& process) {
    launch(
        tr("Opening %1").arg(fileName(path)),
        [file = path.toStdString(), only = process.toStdString()](const Progress& progress) {
            return Result{{}, std::shared_ptr<Trace>(tl::loadTrace(file, only, &progress)), {}};
        },
        [this, path](Result& r) { emit traceLoaded(r.trace, path); },
        tr("Could not open the trace"));
}

void FileJobs::saveTrace(std::shared_ptr<const Trace> trace, const QString& path) {
    launch(
        tr("Saving %1").arg(fileName(path)),
        [trace, file = path.toStdString()](const Progress& progress) {
            saveChromeTrace(*trace, file, &progress);
            return Result{};
        },
        [this, path](Result&) { emit traceSaved(path); }, tr("Could not save the trace"));
}

void FileJobs::writePicture(std::shared_ptr<const Trace> trace, const PictureOptions& options) {
    const QString path = QString::fromStdString(options.path);
    launch(
        tr("Exporting %1").arg(fileName(path)),
        [trace, options](const Progress& progress) {
            std::string error;
            if (!writeTimelinePicture(*trace, options, &error, &progress))
                return Result{QString::fromStdString(error), nullptr, {}};
            return Result{};
        },
        [this, path](Result&) { emit pictureWritten(path); }, tr("Could not export the picture"));
}

void FileJobs::renderImage(std::shared_ptr<const Trace> trace, const PictureOptions& options) {
    launch(
        tr("Copying the picture"),
        [trace, options](const Progress& progress) {
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
            if (!writeTimelinePicture(*trace, o, &error, &progress))
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
