// The main window's files, offscreen: export a picture (and fail to, leaving no file), copy
// the visible range as an image, save and open a trace, stop an export or an open half-way,
// open a trace during a run, and open what is dropped on the window.
#include "engine/engine.h"
#include "format/chromejson.h"
#include "panels/eventspanel.h"
#include "panels/fileprogress.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "session/filejobs.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "timeline/palette.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

namespace {

QStringList entries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestMainWindowFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void exportWritesPicture_data();
    void exportWritesPicture();
    void unwritableExportShowsErrorAndLeavesNoFile();
    void copyImagePutsTheVisibleRangeOnTheClipboard();
    void saveAndOpenTrace();
    void stopDuringExportLeavesNoFile_data();
    void stopDuringExportLeavesNoFile();
    void openTraceDuringRun_data();
    void openTraceDuringRun();
    void droppedFilesAreOpened();

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindowFiles::initTestCase() {
    // Never touch the user's settings; every window starts from the same state.
    useTestSettings(m_settings.path(), QStringLiteral("tst_mainwindowfiles"));
}

void TestMainWindowFiles::init() {
    freshSettings();
}

void TestMainWindowFiles::cleanup() {
    m_window.reset();
}

void TestMainWindowFiles::exportWritesPicture_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("scale");
    QTest::addColumn<bool>("visibleOnly");
    QTest::newRow("1x whole") << 1200 << 1.0 << false;
    QTest::newRow("2x whole") << 900 << 2.0 << false;
    QTest::newRow("1x visible") << 1000 << 1.0 << true;
}

void TestMainWindowFiles::exportWritesPicture() {
    QFETCH(int, width);
    QFETCH(double, scale);
    QFETCH(bool, visibleOnly);
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    if (visibleOnly) w.timelineView()->zoom()->zoomIn();
    PictureOptions o;
    o.path = m_files.filePath(QStringLiteral("export-%1.png").arg(QTest::currentDataTag()))
                 .toStdString();
    o.width = width;
    o.scale = scale;
    if (visibleOnly) o.range = w.timelineView()->zoom()->range();
    QSignalSpy exported(&w, &MainWindow::pictureExported);
    w.exportPicture(o);
    QVERIFY(exported.wait(10'000));
    QCOMPARE(exported.first().first().toString(), QString::fromStdString(o.path));
    const QImage image(QString::fromStdString(o.path));
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), int(width * scale));
    QVERIFY(image.height() > 100);
    // The lanes are painted in the state colours of the (light) export palette.
    const TimelinePalette palette = TimelinePalette::light();
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    QVERIFY2(countPixels(rgb, palette.stateColour(ThreadState::Working)) > 500,
             "no working pixels");
    QVERIFY2(countPixels(rgb, palette.stateColour(ThreadState::Blocked)) > 20, "no blocked pixels");
}

void TestMainWindowFiles::unwritableExportShowsErrorAndLeavesNoFile() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(runAndShowAll(w));
    QTemporaryDir dir;
    // A folder that does not exist cannot be written to, even by root.
    const QString path = dir.filePath(QStringLiteral("no-such-folder/timeline.png"));
    PictureOptions o;
    o.path = path.toStdString();
    QSignalSpy errors(&w, &MainWindow::errorShown);
    QSignalSpy exported(&w, &MainWindow::pictureExported);
    w.exportPicture(o);
    QVERIFY(errors.wait(10'000));
    QCOMPARE(exported.count(), 0);
    QVERIFY2(w.lastError().contains(QStringLiteral("timeline.png")), qPrintable(w.lastError()));
    auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->text(), w.lastError());
    box->close();
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());

    // A picture format it cannot write: the same, with a message that says why.
    o.path = dir.filePath(QStringLiteral("timeline.bmp")).toStdString();
    w.exportPicture(o);
    QVERIFY(errors.wait(10'000));
    QVERIFY2(w.lastError().contains(QStringLiteral(".png")), qPrintable(w.lastError()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
    for (auto* b : w.findChildren<QMessageBox*>())
        b->close();
}

void TestMainWindowFiles::copyImagePutsTheVisibleRangeOnTheClipboard() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(runAndShowAll(w));
    QApplication::clipboard()->clear();
    QSignalSpy changed(QApplication::clipboard(), &QClipboard::dataChanged);
    w.findChild<QAction*>(QStringLiteral("copyImage"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::clipboard()->image().isNull(), 10'000);
    const QImage image = QApplication::clipboard()->image();
    // What the user sees: the view's width (at least the picture minimum).
    QCOMPARE(image.width(), std::max(400, w.timelineView()->width()));
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    QVERIFY(countPixels(rgb, TimelinePalette::light().stateColour(ThreadState::Working)) > 100);
}

void TestMainWindowFiles::saveAndOpenTrace() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("semaphore-pool")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("permits"), QStringLiteral("3")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("useTime"), QStringLiteral("3ms")));
    RunOptions options = w.parameterForm()->runOptions();
    options.seed = 9;
    options.cores = 2;
    w.parameterForm()->setRunOptions(options);
    QVERIFY(runAndShowAll(w));
    const std::size_t events = w.timelineView()->trace()->eventCount();
    const std::string original = chromeTraceString(*w.timelineView()->trace());
    const QString path = m_files.filePath(QStringLiteral("pool.json"));
    QSignalSpy errors(&w, &MainWindow::errorShown);
    w.saveTraceTo(path);
    QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
    QVERIFY2(errors.isEmpty(), qPrintable(w.lastError()));
    QVERIFY(QFileInfo(path).size() > 0);

    // Runs start by themselves there: opening a trace must still show the trace.
    QSettings().setValue(QStringLiteral("run/automatic"), true);
    auto other = makeWindow();
    QSignalSpy started(other->runController(), &RunController::started);
    other->openTraceFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!other->fileJobs()->isBusy(), 10'000);
    QVERIFY(other->timelineView()->trace());
    QCOMPARE(other->timelineView()->trace()->eventCount(), events);
    QVERIFY(other->windowTitle().contains(QStringLiteral("pool.json")));
    QCOMPARE(std::size_t(other->eventsPanel()->model()->rowCount()), events);
    // The scenario it was made from is chosen with the values it was made with, and no run
    // replaces the trace; Run makes the same trace again.
    QCOMPARE(other->scenarioPanel()->currentId(), QStringLiteral("semaphore-pool"));
    QCOMPARE(other->parameterForm()->values().at("permits").number, 3);
    QCOMPARE(other->parameterForm()->runOptions().seed, std::uint64_t(9));
    QCOMPARE(other->parameterForm()->runOptions().cores, 2);
    // The automatic run the launch had due comes and starts nothing: none came, none is due.
    QTRY_VERIFY(!other->autoRunPending());
    QCoreApplication::processEvents();
    QCOMPARE(started.count(), 0);
    QVERIFY(other->windowTitle().contains(QStringLiteral("pool.json")));
    QVERIFY(runAndShowAll(*other));
    QVERIFY(chromeTraceString(*other->timelineView()->trace()) == original);

    // A broken file: an error box, and the shown trace stays.
    const QString broken = m_files.filePath(QStringLiteral("broken.json"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"traceEvents\": [ {\"ph\": ");
    f.close();
    QSignalSpy otherErrors(other.get(), &MainWindow::errorShown);
    other->openTraceFile(broken);
    QVERIFY(otherErrors.wait(10'000));
    QCOMPARE(other->timelineView()->trace()->eventCount(), events);
    for (auto* b : other->findChildren<QMessageBox*>())
        b->close();
}

void TestMainWindowFiles::stopDuringExportLeavesNoFile_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("png") << QStringLiteral("timeline.png");
    QTest::newRow("svg") << QStringLiteral("timeline.svg");
    QTest::newRow("trace") << QStringLiteral("trace.json");
}

void TestMainWindowFiles::stopDuringExportLeavesNoFile() {
    QFETCH(QString, name);
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(!action(w, "stop")->isEnabled()); // nothing to stop
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    const bool trace = name.endsWith(QStringLiteral(".json"));
    PictureOptions o;
    o.path = path.toStdString();
    auto start = [&] {
        if (trace)
            w.saveTraceTo(path);
        else
            w.exportPicture(o);
    };
    QSignalSpy exported(&w, &MainWindow::pictureExported);
    QSignalSpy saved(w.fileJobs(), &FileJobs::traceSaved);
    QSignalSpy errors(&w, &MainWindow::errorShown);
    QSignalSpy cancelled(w.fileJobs(), &FileJobs::cancelled);
    auto* progress = w.findChild<FileProgress*>(QStringLiteral("fileProgress"));
    QVERIFY(progress);
    QVERIFY(progress->activity().isEmpty());
    {
        PoolGate gate; // the job waits in the queue: Stop surely comes first
        start();
        QCOMPARE(
            progress->activity(),
            (trace ? QStringLiteral("Saving %1…") : QStringLiteral("Exporting %1…")).arg(name));
        QVERIFY(action(w, "stop")->isEnabled());
        action(w, "stop")->trigger();
    }
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 10'000);
    QCOMPARE(exported.count() + saved.count() + errors.count(), 0);
    QCOMPARE(entries(dir.path()), QStringList()); // no file, no temporary left behind
    QVERIFY(!w.fileJobs()->isBusy());
    QVERIFY(progress->activity().isEmpty());
    QVERIFY(!action(w, "stop")->isEnabled());
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("cancelled")),
             qPrintable(w.statusBar()->currentMessage()));

    // The window goes on as before: the same export, not stopped, writes the file whole.
    start();
    QTRY_COMPARE_WITH_TIMEOUT(exported.count() + saved.count(), 1, 10'000);
    QCOMPARE(entries(dir.path()), QStringList(name));
    QVERIFY(QFileInfo(path).size() > 100);
    QCOMPARE(cancelled.count(), 1);
}

void TestMainWindowFiles::openTraceDuringRun_data() {
    QTest::addColumn<bool>("real");
    QTest::newRow("simulated, playing back") << false;
    QTest::newRow("real threads, running") << true;
}

void TestMainWindowFiles::openTraceDuringRun() {
    QFETCH(bool, real);
    m_window = makeWindow();
    MainWindow& w = *m_window;
    // A trace to open.
    QVERIFY(w.selectScenario(QStringLiteral("semaphore-pool")));
    QVERIFY(runAndShowAll(w));
    const std::size_t events = w.timelineView()->trace()->eventCount();
    const QString path = m_files.filePath(QStringLiteral("opened.json"));
    w.saveTraceTo(path);
    QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);

    // A long run of something else.
    QVERIFY(chooseLongRun(w, real ? EngineKind::Real : EngineKind::Simulated));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    if (real) {
        // Recording, for minutes if nothing stopped it.
        QTRY_VERIFY_WITH_TIMEOUT(w.runController()->trace()->eventCount() > 0, kRunTimeoutMs);
        QVERIFY(finished.isEmpty());
        QVERIFY(w.runController()->isRunning());
    } else {
        QVERIFY(finished.wait(kRunTimeoutMs));
        QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
        finished.clear();
    }

    w.openTraceFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
    // The opened trace replaces the run, which is stopped and forgotten: its end, when the
    // engine gets there, changes nothing on screen.
    QVERIFY(!w.runController()->isRunning());
    QTRY_VERIFY(w.runController()->isIdle());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(w.timelineView()->trace()->eventCount(), events);
    QCOMPARE(std::size_t(w.eventsPanel()->model()->rowCount()), events);
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    QVERIFY(w.windowTitle().contains(QStringLiteral("opened.json")));
    QVERIFY(!action(w, "stop")->isEnabled());
    QVERIFY(action(w, "exportImage")->isEnabled());

    // The opened trace's scenario is chosen; a run after that is an ordinary run.
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("semaphore-pool"));
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("iterations"), QStringLiteral("20")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(w.timelineView()->trace()->eventCount() != events);
    QVERIFY(!w.windowTitle().contains(QStringLiteral("opened.json")));
}

// A trace dropped on the window is opened; a scenario file is added to the list and chosen.
void TestMainWindowFiles::droppedFilesAreOpened() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("barrier-phases")));
    QVERIFY(runAndShowAll(w));
    const std::size_t events = w.timelineView()->trace()->eventCount();
    QTemporaryDir dir;
    const QString trace = dir.filePath(QStringLiteral("dropped trace ü.json"));
    w.saveTraceTo(trace);
    QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
    const QString scenario = dir.filePath(QStringLiteral("mine.json"));
    QFile f(scenario);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id": "mine", "title": "Mine",
  "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "w", "count": 2, "program": [ {"lock": "m"}, {"work": "1ms"}, {"unlock": "m"} ]} ]})");
    f.close();

    auto drop = [&w](const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint at = w.rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        if (!enter.isAccepted()) return false;
        QDropEvent dropped(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &dropped);
        return dropped.isAccepted();
    };
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    QVERIFY(w.timelineView()->trace()->eventCount() != events);
    QVERIFY(drop(trace));
    QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
    QCOMPARE(w.timelineView()->trace()->eventCount(), events);
    QVERIFY(w.windowTitle().contains(QStringLiteral("dropped trace ü.json")));

    QVERIFY(drop(scenario));
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("mine"));
    QVERIFY(w.scenarioFiles()->paths().contains(scenario));
    // Text is not a file: refused.
    QMimeData text;
    text.setText(QStringLiteral("hello"));
    QDragEnterEvent enter(w.rect().center(), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(!enter.isAccepted());
}

QTEST_MAIN(TestMainWindowFiles)
#include "tst_mainwindowfiles.moc"
