// The desktop app end to end, offscreen: pick a scenario, change a parameter, run, watch the
// lanes, zoom, export, replay, stop, close; the panels stay in step with the timeline.
#include "analysis/checks.h"
#include "engine/engine.h"
#include "format/chromejson.h"
#include "panels/eventsmodel.h"
#include "panels/eventspanel.h"
#include "panels/fileprogress.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/runstatus.h"
#include "panels/scenariopanel.h"
#include "session/eventindex.h"
#include "session/filejobs.h"
#include "session/playbackclock.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "timeline/palette.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QMimeData>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QWheelEvent>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kRunTimeoutMs = 20'000;

QAction* action(const MainWindow& w, const char* name) {
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    if (!a) qFatal("no action %s", name);
    return a;
}

int countPixels(const QImage& image, const QColor& colour) {
    const QRgb want = colour.rgb();
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            n += (line[x] | 0xFF000000u) == want;
    }
    return n;
}

QStringList entries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void runLockContentionWithSevenWorkers();
    void wheelChangesVisibleRange();
    void exportWritesPicture_data();
    void exportWritesPicture();
    void unwritableExportShowsErrorAndLeavesNoFile();
    void copyImagePutsTheVisibleRangeOnTheClipboard();
    void eventsAndTimelineInStep();
    void replayStepsAndRunAgain();
    void runTwiceQuicklyThenStop();
    void stopRealRunPromptly();
    void closeDuringRealRunIsQuick();
    void tinySizesDoNotCrash();
    void destroyInEveryState_data();
    void destroyInEveryState();
    void settingsKeepScenarioAndValues();
    void saveAndOpenTrace();
    void stopDuringExportLeavesNoFile_data();
    void stopDuringExportLeavesNoFile();
    void openTraceDuringRun_data();
    void openTraceDuringRun();
    void droppedFilesAreOpened();

private:
    std::unique_ptr<MainWindow> makeWindow();
    // Runs the current scenario and waits for the engine, then skips the playback.
    bool runAndShowAll(MainWindow& w);

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase() {
    // Never touch the user's settings; every window starts from the same state.
    useTestSettings(m_settings.path(), QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init() {
    QSettings().clear();
    // Tests press Run themselves; an automatic run would race with them.
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestMainWindow::cleanup() {
    m_window.reset();
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow() {
    auto w = std::make_unique<MainWindow>();
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qWarning("window not exposed");
    return w;
}

bool TestMainWindow::runAndShowAll(MainWindow& w) {
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    if (!finished.wait(kRunTimeoutMs)) return false;
    if (w.replayBar()->mode() == ReplayBar::Mode::Live) action(w, "stop")->trigger();
    return w.replayBar()->mode() == ReplayBar::Mode::Replay;
}

void TestMainWindow::runLockContentionWithSevenWorkers() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("lock-contention"));
    auto* workers = qobject_cast<QSpinBox*>(w.parameterForm()->editor(QStringLiteral("workers")));
    QVERIFY(workers);
    workers->setValue(7);

    QSignalSpy finished(&w, &MainWindow::runFinished);
    QSignalSpy playback(&w, &MainWindow::playbackFinished);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Completed));
    QCOMPARE(w.timelineView()->laneCount(), 7);
    QCOMPARE(int(w.timelineView()->trace()->threadCount()), 7);
    // A simulated run plays back as if live, then the whole run is shown.
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    QVERIFY(action(w, "stop")->isEnabled());
    QVERIFY(playback.wait(10'000)); // Auto speed: about four seconds
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    QVERIFY(!action(w, "stop")->isEnabled());
    QCOMPARE(std::size_t(w.eventsPanel()->model()->rowCount()),
             w.timelineView()->trace()->eventCount());
    QVERIFY(w.runStatus()->outcomeText().contains(QStringLiteral("Completed")));
    QVERIFY(w.windowTitle().contains(QStringLiteral("Lock contention")));
}

void TestMainWindow::wheelChangesVisibleRange() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QVERIFY(runAndShowAll(w));
    TimelineView* view = w.timelineView();
    const TimeRange before = view->zoom()->range();
    const QPointF at(view->width() * 0.7, view->height() * 0.4);
    QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    const TimeRange after = view->zoom()->range();
    QVERIFY(after != before);
    QVERIFY(after.delta() < before.delta()); // the wheel forward zooms in
}

void TestMainWindow::exportWritesPicture_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("scale");
    QTest::addColumn<bool>("visibleOnly");
    QTest::newRow("1x whole") << 1200 << 1.0 << false;
    QTest::newRow("2x whole") << 900 << 2.0 << false;
    QTest::newRow("1x visible") << 1000 << 1.0 << true;
}

void TestMainWindow::exportWritesPicture() {
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

void TestMainWindow::unwritableExportShowsErrorAndLeavesNoFile() {
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

void TestMainWindow::copyImagePutsTheVisibleRangeOnTheClipboard() {
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

void TestMainWindow::eventsAndTimelineInStep() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("producer-consumer")));
    QVERIFY(runAndShowAll(w));
    EventsPanel* events = w.eventsPanel();
    EventsModel* model = events->model();
    const Trace& trace = *w.timelineView()->trace();

    // Table -> timeline: select the row of a state change; the timeline selects its interval.
    int row = -1;
    for (int r = 0; r < model->rowCount() && row < 0; ++r)
        if (model->refAt(r).isState && model->refAt(r).index > 2) row = r;
    QVERIFY(row >= 0);
    const EventRef ref = model->refAt(row);
    events->table()->selectRow(row);
    const auto selected = w.timelineView()->selectedRange();
    QVERIFY(selected);
    QCOMPARE(*selected, trace.interval(std::size_t(ref.stream), ref.index).range);

    // Timeline -> table: a click on an interval selects its row.
    const int thread = 1;
    const qint64 interval = 3;
    emit w.timelineView()->intervalClicked(thread, interval);
    const QModelIndex current = events->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(model->refAt(current.row()), (EventRef{true, thread, std::size_t(interval)}));

    // An operation click selects the operation's row.
    emit w.timelineView()->operationClicked(0, 5);
    QCOMPARE(model->refAt(events->table()->currentIndex().row()), (EventRef{false, 0, 5}));

    // The thread filter keeps only that thread's rows, and the sync still works.
    events->setFilter(EventFilter{thread, -1});
    QVERIFY(model->rowCount() > 0);
    emit w.timelineView()->intervalClicked(thread, interval);
    QCOMPARE(model->refAt(events->table()->currentIndex().row()),
             (EventRef{true, thread, std::size_t(interval)}));
}

void TestMainWindow::replayStepsAndRunAgain() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("barrier-phases")));
    QVERIFY(runAndShowAll(w));
    const auto first = w.timelineView()->trace();
    ReplayBar* replay = w.replayBar();
    replay->seek(0);
    replay->stepNext();
    const auto expected = nextEventTime(*first, 0);
    QVERIFY(expected);
    QCOMPARE(replay->position(), *expected);
    replay->stepNext();
    replay->stepPrevious();
    QCOMPARE(replay->position(), *expected);
    // The events table follows the cursor.
    const QModelIndex current = w.eventsPanel()->table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(EventsModel::TimeRole).toLongLong(), *expected);
    // Playing moves the cursor forward.
    replay->playPauseAction()->trigger();
    QVERIFY(replay->isPlaying());
    QTRY_VERIFY(replay->position() > *expected);
    replay->playPauseAction()->trigger();
    QVERIFY(!replay->isPlaying());

    // Run Again: same scenario, parameters and seed, so the same simulated trace.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "replay")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    const auto second = w.timelineView()->trace();
    QVERIFY(second != first);
    QCOMPARE(second->eventCount(), first->eventCount());
    QCOMPARE(second->endTime(), first->endTime());
}

void TestMainWindow::runTwiceQuicklyThenStop() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    // The first run was stopped and replaced; only the second reports, also once the first
    // has wound down and everything it posted has arrived.
    QTRY_VERIFY(w.runController()->isIdle());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Live);
    action(w, "stop")->trigger(); // skips the playback to the end
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    // Stop with nothing to stop is harmless, and so is a burst of runs and stops.
    action(w, "stop")->trigger();
    for (int i = 0; i < 5; ++i) {
        action(w, "run")->trigger();
        action(w, "stop")->trigger();
    }
    QTRY_VERIFY_WITH_TIMEOUT(!w.runController()->isRunning(), 5000);
}

void TestMainWindow::stopRealRunPromptly() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(chooseLongRun(w, EngineKind::Real));
    // The lanes grow while the run goes on (it would take minutes to end): one per worker,
    // drawn. What is on screen, not what a query would lay out: the state colours painted,
    // beyond what the view shows of that colour with no run (a legend, say).
    const TimelinePalette palette = TimelinePalette::fromPalette(w.timelineView()->palette());
    const auto working = [&] {
        const QImage shot =
            w.timelineView()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        return countPixels(shot, palette.stateColour(ThreadState::Working));
    };
    const int before = working();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Recording);
    QTRY_VERIFY_WITH_TIMEOUT((w.timelineView()->laneCount() == 4 && working() > before + 100) ||
                                 !finished.isEmpty(),
                             kRunTimeoutMs);
    QVERIFY2(finished.isEmpty(), qPrintable(QString::fromStdString(
                                     "the run ended: " + w.runController()->trace()->message())));
    QVERIFY(w.runController()->isRunning());
    QCOMPARE(w.timelineView()->laneCount(), 4);
    // It stops (how soon is measured, not asserted: docs/reliability.md, Stop latency), as
    // cancelled, with what it recorded kept and listed.
    action(w, "stop")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    QCOMPARE(finished.first().first().toInt(), int(Outcome::Cancelled));
    QCOMPARE(w.replayBar()->mode(), ReplayBar::Mode::Replay);
    const auto trace = w.runController()->trace();
    QVERIFY(trace->eventCount() > 0);
    QCOMPARE(std::size_t(w.eventsPanel()->model()->rowCount()), trace->eventCount());
    for (const CheckResult& c : runChecks(*trace))
        QVERIFY2(c.passed, qPrintable(QString::fromStdString(c.name + ": " + c.detail)));
}

void TestMainWindow::closeDuringRealRunIsQuick() {
    auto w = makeWindow();
    QVERIFY(chooseLongRun(*w, EngineKind::Real));
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    action(*w, "run")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(w->runController()->trace()->eventCount() > 0, kRunTimeoutMs);
    QVERIFY(finished.isEmpty());
    // The run would go on for minutes: closing stops it rather than waiting for its end. The
    // bound is that, generously (the stop itself is measured in docs/reliability.md).
    QElapsedTimer clock;
    clock.start();
    w->close();
    w.reset();
    QVERIFY2(clock.elapsed() < 10'000, qPrintable(QString::number(clock.elapsed())));
}

void TestMainWindow::tinySizesDoNotCrash() {
    m_window = makeWindow();
    MainWindow& w = *m_window;
    QVERIFY(runAndShowAll(w));
    for (const QSize size :
         {QSize(1, 1), QSize(40, 30), QSize(200, 120), QSize(420, 300), QSize(1400, 900)}) {
        w.resize(size);
        QApplication::processEvents();
        QVERIFY(!w.grab().isNull());
    }
    // And while a run plays back: a frame of the playback at each size.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QSignalSpy frames(w.replayBar()->clock(), &PlaybackClock::positionChanged);
    action(w, "run")->trigger();
    QVERIFY(finished.wait(kRunTimeoutMs));
    for (int i = 0; i < 10; ++i) {
        w.resize(QSize(60 + i * 37, 50 + i * 23));
        QVERIFY(w.replayBar()->isPlaying());
        QVERIFY(frames.wait(kRunTimeoutMs));
    }
    QVERIFY(!w.grab().isNull());
}

void TestMainWindow::destroyInEveryState_data() {
    QTest::addColumn<int>("state");
    QTest::newRow("simulating") << 0;
    QTest::newRow("playing back") << 1;
    QTest::newRow("replaying") << 2;
    QTest::newRow("error box open") << 3;
}

void TestMainWindow::destroyInEveryState() {
    QFETCH(int, state);
    auto w = makeWindow();
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QSignalSpy frames(w->replayBar()->clock(), &PlaybackClock::positionChanged);
    action(*w, "run")->trigger();
    if (state >= 1) QVERIFY(finished.wait(kRunTimeoutMs));
    if (state == 1) QVERIFY(frames.wait(kRunTimeoutMs)); // a frame of the playback
    if (state >= 2) action(*w, "stop")->trigger();
    if (state == 2) {
        w->replayBar()->playPauseAction()->trigger();
        frames.clear();
        QVERIFY(frames.wait(kRunTimeoutMs));
        QVERIFY(w->replayBar()->isPlaying());
    }
    if (state == 3) {
        PictureOptions o;
        o.path = "/nonexistent-folder/x.png";
        QSignalSpy errors(w.get(), &MainWindow::errorShown);
        w->exportPicture(o);
        QVERIFY(errors.wait(10'000));
    }
    w.reset();
    // Deferred deletes and queued engine reports must find nothing to touch.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
}

void TestMainWindow::settingsKeepScenarioAndValues() {
    {
        auto w = makeWindow();
        QVERIFY(w->selectScenario(QStringLiteral("semaphore-pool")));
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("permits"), QStringLiteral("3")));
        QVERIFY(w->selectScenario(QStringLiteral("barrier-phases")));
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("phases"), QStringLiteral("9")));
        RunOptions o = w->parameterForm()->runOptions();
        o.cores = 6;
        o.seed = 77;
        w->parameterForm()->setRunOptions(o);
        w->close();
    }
    auto w = makeWindow();
    QCOMPARE(w->scenarioPanel()->currentId(), QStringLiteral("barrier-phases"));
    QCOMPARE(w->parameterForm()->values().at("phases").number, 9);
    QCOMPARE(w->parameterForm()->runOptions().cores, 6);
    QCOMPARE(w->parameterForm()->runOptions().seed, std::uint64_t(77));
    QVERIFY(w->selectScenario(QStringLiteral("semaphore-pool")));
    QCOMPARE(w->parameterForm()->values().at("permits").number, 3);
}

void TestMainWindow::saveAndOpenTrace() {
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

void TestMainWindow::stopDuringExportLeavesNoFile_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("png") << QStringLiteral("timeline.png");
    QTest::newRow("svg") << QStringLiteral("timeline.svg");
    QTest::newRow("trace") << QStringLiteral("trace.json");
}

void TestMainWindow::stopDuringExportLeavesNoFile() {
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

void TestMainWindow::openTraceDuringRun_data() {
    QTest::addColumn<bool>("real");
    QTest::newRow("simulated, playing back") << false;
    QTest::newRow("real threads, running") << true;
}

void TestMainWindow::openTraceDuringRun() {
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
void TestMainWindow::droppedFilesAreOpened() {
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
