// The Sweep dock's files: the sweep as CSV and the charts as PNG, both written atomically
// (QSaveFile), so a failed save leaves no half file; and the picture for the documentation.
#include "sweep/sweeppanel.h"

#include "session/appsettings.h"
#include "sweep/sweepchart.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>

namespace tl::ui {

QString SweepPanel::suggestedName(const QString& suffix) const {
    const QString scenario = m_resultRequest ? QString::fromStdString(m_resultRequest->scenario.id)
                                             : QStringLiteral("scenario");
    const QString what = m_result ? QString::fromStdString(m_result->parameter) : QString();
    return QStringLiteral("%1-sweep-%2%3").arg(scenario, what, suffix);
}

bool SweepPanel::writeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showMessage(
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
            true);
        return false;
    }
    showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), false);
    emit saved(path);
    return true;
}

QString SweepPanel::askPath(const QString& title, const QString& suffix, const QString& filter) {
    const QString path = QFileDialog::getSaveFileName(
        this, title,
        QDir(settings::lastFolder(QStringLiteral("sweeps"))).filePath(suggestedName(suffix)),
        filter);
    if (!path.isEmpty())
        settings::setLastFolder(QStringLiteral("sweeps"), QFileInfo(path).absolutePath());
    return path;
}

void SweepPanel::saveCsv() {
    if (!m_result) return;
    const QString path = askPath(tr("Save Sweep as CSV"), QStringLiteral(".csv"),
                                 tr("CSV table (*.csv);;All files (*)"));
    if (!path.isEmpty()) saveCsvTo(path);
}

bool SweepPanel::saveCsvTo(const QString& path) {
    if (!m_result) return false;
    return writeFile(path, QByteArray::fromStdString(sweepCsv(*m_result)));
}

void SweepPanel::savePicture() {
    if (!m_result) return;
    const QString path =
        askPath(tr("Save Sweep Chart"), QStringLiteral(".png"), tr("PNG picture (*.png)"));
    if (!path.isEmpty()) savePictureTo(path);
}

bool SweepPanel::savePictureTo(const QString& path) {
    const QImage image = m_chart->picture(2.0);
    if (image.isNull()) return false;
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        showMessage(tr("Cannot encode the chart as PNG"), true);
        return false;
    }
    return writeFile(path, bytes);
}

void SweepPanel::scheduleScreenshot(const QString& parameter, const QString& figure,
                                    const QString& path, QSize size, int point) {
    QTimer::singleShot(100, this, [this, parameter, figure, path, size, point] {
        showPanel();
        m_dock->resize(size);
        if (!figure.isEmpty()) {
            const std::optional<SweepFigure> f = figureFromKey(figure);
            if (!f) {
                std::fprintf(stderr, "threadlens: no sweep figure \"%s\"\n", qPrintable(figure));
                QApplication::exit(2);
                return;
            }
            setFigure(*f);
        }
        if (!setParameter(parameter)) {
            std::fprintf(stderr, "threadlens: cannot sweep \"%s\"\n", qPrintable(parameter));
            QApplication::exit(2);
            return;
        }
        start();
    });
    connect(this, &SweepPanel::sweepFailed, this, [](const QString& message) {
        std::fprintf(stderr, "threadlens: %s\n", qPrintable(message));
        QApplication::exit(2);
    });
    connect(this, &SweepPanel::sweepFinished, this, [this, path, point] {
        // The point shown on the timeline is marked, as after a click.
        if (point >= 0 && m_result && std::size_t(point) < m_result->points.size())
            activatePoint(point);
        QTimer::singleShot(400, this, [this, path] {
            grab().save(path);
            std::printf("%s\n", qPrintable(path));
            QApplication::quit();
        });
    });
}

} // namespace tl::ui
