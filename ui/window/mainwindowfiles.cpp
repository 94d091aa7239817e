// The main window's file work: opening and saving traces, exporting and copying pictures.
// The work itself runs in FileJobs, off the GUI thread; here it is asked for and shown.
#include "window/mainwindow.h"

#include "model/slices.h"
#include "panels/eventspanel.h"
#include "panels/exportdialog.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "session/appsettings.h"
#include "session/filejobs.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMimeData>
#include <QStatusBar>
#include <QUrl>

namespace tl::ui {

namespace {

// Our traces begin with "displayTimeUnit", other tools' with "traceEvents"; a scenario has
// "roles" near the top and neither of those.
bool looksLikeScenario(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false; // opening it as a trace says why
    const QByteArray head = f.read(64 * 1024);
    return head.contains("\"roles\"") && !head.contains("\"traceEvents\"") &&
           !head.contains("\"displayTimeUnit\"");
}

QStringList droppedFiles(const QMimeData* mime) {
    QStringList files;
    if (mime && mime->hasUrls())
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile()) files << url.toLocalFile();
    return files;
}

// The parameters of the scenario a trace was made with, for a picture's subtitle: the
// current scenario's when the ids agree (a scenario file may reuse a bundled id), else the
// first of that id.
std::vector<ParamSpec> parametersOf(const Scenario* current, const ScenarioListModel& all,
                                    const Trace& trace) {
    const std::string& id = trace.info().scenarioId;
    if (current && current->id == id) return current->parameters;
    for (int row = 0; row < all.count(); ++row)
        if (all.scenario(row)->id == id) return all.scenario(row)->parameters;
    return {};
}

} // namespace

void MainWindow::openFile(const QString& path, const QString& process) {
    if (looksLikeScenario(path))
        m_scenarioFiles->open(path); // listed and selected, or listed with its error
    else
        openTraceFile(path, process);
}

void MainWindow::chooseProcess() {
    const Trace* trace = m_view->trace().get();
    if (!trace || !trace->foreign() || m_openedPath.isEmpty()) return;
    QStringList items{tr("All processes")};
    for (const ProcessInfo& p : trace->slices().processes)
        items << (p.name.empty()
                      ? tr("process (%1)").arg(p.pid)
                      : QStringLiteral("%1 (%2)").arg(QString::fromStdString(p.name)).arg(p.pid));
    bool ok = false;
    const QString item =
        QInputDialog::getItem(this, tr("Show One Process"), tr("Process:"), items, 0, false, &ok);
    if (!ok) return;
    // "name (pid)": the pid picks it, whatever the name; the whole file is read again.
    QString process;
    if (item != items.front()) process = item.section(QLatin1Char('('), -1).chopped(1);
    m_files->loadTrace(m_openedPath, process);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFiles(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QStringList files = droppedFiles(event->mimeData());
    for (const QString& file : files)
        openFile(file);
    if (!files.isEmpty()) event->acceptProposedAction();
}

void MainWindow::connectFileJobs() {
    connect(m_files, &FileJobs::failed, this, &MainWindow::showError);
    connect(m_files, &FileJobs::traceLoaded, this, &MainWindow::showLoadedTrace);
    connect(m_files, &FileJobs::busyChanged, this, &MainWindow::updateActions);
    connect(m_files, &FileJobs::cancelled, this, [this](const QString& activity) {
        statusBar()->showMessage(tr("%1: cancelled; nothing was changed").arg(activity), 5000);
    });
    connect(m_files, &FileJobs::traceSaved, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Saved the trace to %1").arg(QDir::toNativeSeparators(path)),
                                 5000);
    });
    connect(m_files, &FileJobs::pictureWritten, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
        emit pictureExported(path);
    });
    connect(m_files, &FileJobs::imageReady, this, [this](const QImage& image) {
        QApplication::clipboard()->setImage(image);
        statusBar()->showMessage(
            tr("Copied a %1×%2 picture of the timeline").arg(image.width()).arg(image.height()),
            5000);
    });
}

void MainWindow::showLoadedTrace(std::shared_ptr<Trace> trace, const QString& path) {
    m_autoRun.stop();
    m_runs->discard(); // its end must not replace the opened trace
    m_shownRun.reset();
    m_status->clear(); // nothing of the run it replaces (its wall time) stays
    m_shownTitle = QFileInfo(path).fileName();
    m_openedPath = path;
    std::shared_ptr<const Trace> shown = std::move(trace);
    m_view->setTrace(shown);
    m_session->setTrace(shown);
    m_replay->showTrace(shown, false);
    m_events->setTrace(shown);
    adoptScenarioOf(*shown);
    m_status->setCounts(shown.get());
    m_status->setOutcome(shown.get());
    m_status->setState(tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    updateActions();
    updateTitle();
}

// The scenario a trace was made from, when it is in the list: its explanation and its "what
// to look for" links then speak of the trace, and Run makes it again (on the simulated
// machine, with the same values and seed, event for event).
void MainWindow::adoptScenarioOf(const Trace& trace) {
    const RunInfo& info = trace.info();
    if (info.scenarioId.empty() || !selectScenario(QString::fromStdString(info.scenarioId))) return;
    for (const auto& [name, value] : info.parameters)
        m_form->setValueText(QString::fromStdString(name), QString::fromStdString(value));
    RunOptions o = m_form->runOptions();
    if (!parseEngineName(info.engine, o.engine)) o.engine = EngineKind::Simulated;
    o.seed = info.seed;
    o.cores = info.cores;
    m_form->setRunOptions(o);
    m_autoRun.stop(); // the trace is what the user asked to see
}

void MainWindow::openTrace() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Trace"), settings::lastFolder(QStringLiteral("traces")),
        tr("Traces (*.json *.txt *.perf);;Chrome Trace Event JSON (*.json);;"
           "perf script text (*.txt *.perf);;All files (*)"));
    if (!path.isEmpty()) openTraceFile(path);
}

void MainWindow::openTraceFile(const QString& path, const QString& process) {
    settings::setLastFolder(QStringLiteral("traces"), QFileInfo(path).absolutePath());
    m_autoRun.stop(); // the user asked for this trace, not for a run of the scenario
    m_files->loadTrace(path, process); // the status bar shows its progress and a Cancel button
}

void MainWindow::saveTrace() {
    const Trace* trace = m_view->trace().get();
    if (!trace) return;
    const QString name =
        QString::fromStdString(trace->info().scenarioId.empty() ? std::string("trace")
                                                                : trace->info().scenarioId) +
        QStringLiteral(".json");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Trace"), QDir(settings::lastFolder(QStringLiteral("traces"))).filePath(name),
        tr("Chrome Trace Event JSON (*.json)"));
    if (!path.isEmpty()) saveTraceTo(path);
}

void MainWindow::saveTraceTo(const QString& path) {
    if (!m_view->trace()) return;
    settings::setLastFolder(QStringLiteral("traces"), QFileInfo(path).absolutePath());
    m_files->saveTrace(m_view->trace(), path);
}

void MainWindow::exportImage() {
    const std::shared_ptr<const Trace> trace = m_view->trace();
    if (!trace) return;
    ExportDialog dialog({0, trace->endTime()}, m_view->zoom()->range(), QString(), this);
    const QString name =
        QString::fromStdString(trace->info().scenarioId.empty() ? std::string("timeline")
                                                                : trace->info().scenarioId) +
        QStringLiteral(".png");
    dialog.setPath(QDir(settings::lastFolder(QStringLiteral("pictures"))).filePath(name));
    if (dialog.exec() != QDialog::Accepted) return;
    settings::setLastFolder(QStringLiteral("pictures"), QFileInfo(dialog.path()).absolutePath());
    exportPicture(dialog.options());
}

void MainWindow::exportPicture(const PictureOptions& options) {
    if (!m_view->trace()) return;
    PictureOptions o = options;
    annotate(o); // the arrows and a deadlock's cycle, as on screen
    o.parameters = parametersOf(currentScenario(), *m_session->scenarios(), *m_view->trace());
    m_files->writePicture(m_view->trace(), o);
}

void MainWindow::copyImage() {
    if (!m_view->trace()) return;
    PictureOptions o;
    // What the user sees is what the clipboard gets: the visible range at the view's size.
    o.range = m_view->zoom()->range();
    o.width = std::max(400, m_view->width());
    o.scale = devicePixelRatioF() > 1.0 ? 2.0 : 1.0;
    annotate(o);
    o.parameters = parametersOf(currentScenario(), *m_session->scenarios(), *m_view->trace());
    m_files->renderImage(m_view->trace(), o);
}

} // namespace tl::ui
