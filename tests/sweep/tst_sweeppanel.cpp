// The Sweep dock, offscreen, with a Session and the Parameters form and no main window: a
// sweep runs off the GUI thread and its chart holds exactly the figures the core computes (the
// simulated engine is deterministic); Cancel stops it; CSV and PNG are written; a bad range
// says what is wrong. (Its points and links: tst_sweeppoint; its place among the window's
// docks: tst_layout.)
#include "common/timetext.h"
#include "panels/parameterform.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "session/session.h"
#include "sweep/sweepchart.h"
#include "sweep/sweeppanel.h"
#include "sweeptest.h"
#include "uitest.h"

#include <QAction>
#include <QApplication>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QScatterSeries>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QToolTip>
#include <QValueAxis>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kTimeoutMs = 30'000;

} // namespace

class TestSweepPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void defaultsForLockContention();
    void chartHoldsTheCoreFigures();
    void durationAndCoresSweeps();
    void cancelMidSweep();
    void cancelAndCloseWhileRunning();
    void deadlockedRunsAreMarked();
    void rangeIsRemembered();
    void sharesShowWhenTall();
    void followsThePalette();
    void chartHasTheCommandsInAMenu();
    void exportsCsvAndPicture();
    void badRangeShowsTheMessage_data();
    void badRangeShowsTheMessage();
    void valueThatBreaksShowsTheMessage();

private:
    // lock-contention with few updates, so each run is quick.
    SweepPanel* makePanel();
    bool sweep(SweepPanel* panel);
    SweepRequest expectedRequest(const std::vector<std::int64_t>& points,
                                 const std::string& parameter) const;

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<DockBench> m_bench;
    SweepPanel* m_panel = nullptr;
};

void TestSweepPanel::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_sweeppanel"));
}

void TestSweepPanel::init() {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestSweepPanel::cleanup() {
    m_bench.reset();
}

SweepPanel* TestSweepPanel::makePanel() {
    m_bench = std::make_unique<DockBench>();
    m_panel = sweepPanelOn(*m_bench);
    return m_panel;
}

bool TestSweepPanel::sweep(SweepPanel* panel) {
    return sweepOn(panel);
}

SweepRequest TestSweepPanel::expectedRequest(const std::vector<std::int64_t>& points,
                                             const std::string& parameter) const {
    return expectedRequestOn(*m_bench, points, parameter);
}

void TestSweepPanel::defaultsForLockContention() {
    SweepPanel* panel = makePanel();
    QVERIFY(panel->dock()->isHidden());
    panel->sweepAction()->trigger(); // Run ▸ Sweep…
    QVERIFY(panel->dock()->isVisible());
    QCOMPARE(panel->parameter(), QStringLiteral("workers"));
    QVERIFY2(panel->previewText().startsWith(QStringLiteral("16 runs: 1, 2, 3, …")),
             qPrintable(panel->previewText()));
    QVERIFY(panel->message().isEmpty());
    QVERIFY(panel->startAction()->isEnabled());
    QVERIFY(!panel->cancelAction()->isEnabled());
    QVERIFY(!panel->saveCsvAction()->isEnabled());
    // Every control explains itself.
    for (const char* name : {"sweepParameter", "sweepFrom", "sweepTo", "sweepPoints",
                             "sweepDoubling", "sweepFigure", "sweepShares"}) {
        auto* w = panel->findChild<QWidget*>(QString::fromLatin1(name));
        QVERIFY2(w && !w->toolTip().isEmpty(), name);
    }
}

void TestSweepPanel::chartHoldsTheCoreFigures() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(panel->setParameter(QStringLiteral("workers")));
    panel->setRange(1, 6, 6, false);
    QVERIFY(sweep(panel));
    QVERIFY(!panel->isRunning());
    QVERIFY(panel->saveCsvAction()->isEnabled());

    const SweepResult expected = runSweep(expectedRequest({1, 2, 3, 4, 5, 6}, "workers"));
    const std::shared_ptr<const SweepResult> result = panel->result();
    QVERIFY(result);
    QCOMPARE(result->parameter, std::string("workers"));
    QCOMPARE(result->points.size(), std::size_t(6));
    for (std::size_t i = 0; i < 6; ++i) {
        const SweepPoint& got = result->points[i];
        const SweepPoint& want = expected.points[i];
        QCOMPARE(got.value, std::int64_t(i + 1));
        QCOMPARE(got.duration, want.duration);
        QCOMPARE(got.events, want.events);
        QCOMPARE(got.threads, want.threads);
        QCOMPARE(got.throughput, want.throughput);
        QCOMPARE(got.fairness, want.fairness);
        QCOMPARE(got.longestWait, want.longestWait);
        QCOMPARE(got.contention, want.contention);
        QVERIFY(got.stateShare == want.stateShare);
    }

    // Each figure's series: a point per value, at the core's figure in the axis's unit.
    for (int f = 0; f < kSweepFigureCount; ++f) {
        const auto figure = SweepFigure(f);
        panel->setFigure(figure);
        QLineSeries* series = panel->chart()->figureSeries();
        QVERIFY(series);
        QCOMPARE(series->count(), 6);
        const AxisScale scale = figureScale(expected, figure);
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(series->at(i).x(), double(i + 1));
            QCOMPARE(series->at(i).y(),
                     figureValue(expected.points[std::size_t(i)], figure) / scale.divisor);
        }
        const auto axes = series->attachedAxes();
        QCOMPARE(axes.size(), 2);
        QCOMPARE(axes[1]->titleText(), scale.title);
    }
    panel->setFigure(SweepFigure::Duration);
    QVERIFY(figureScale(expected, SweepFigure::Duration).title.endsWith(QStringLiteral("(ms)")));

    // The state shares stack up to the whole of the threads' time.
    const QList<QAbstractSeries*> shares = panel->chart()->sharesView()->chart()->series();
    QAreaSeries* top = nullptr;
    for (QAbstractSeries* s : shares)
        if (auto* area = qobject_cast<QAreaSeries*>(s)) top = area;
    QVERIFY(top);
    for (int i = 0; i < 6; ++i)
        QVERIFY(std::abs(top->upperSeries()->at(i).y() - 100.0) < 1e-6);

    // A point's tooltip has all its figures.
    const QString tip = pointToolTip(*result, 3);
    QVERIFY(tip.contains(QStringLiteral("Workers = 4")));
    QVERIFY(tip.contains(QStringLiteral("blocked")));
    QVERIFY(tip.contains(QStringLiteral("Fairness")));
}

void TestSweepPanel::durationAndCoresSweeps() {
    SweepPanel* panel = makePanel();
    QVERIFY(panel->setParameter(QStringLiteral("hold")));
    panel->setRange(500'000, 4'000'000, 4, true); // 0.5, 1, 2, 4 ms
    QVERIFY(sweep(panel));
    std::vector<std::int64_t> values;
    for (const SweepPoint& p : panel->result()->points)
        values.push_back(p.value);
    QCOMPARE(values, (std::vector<std::int64_t>{500'000, 1'000'000, 2'000'000, 4'000'000}));
    // Doubling values sit evenly on a logarithmic axis, in milliseconds.
    QLineSeries* series = panel->chart()->figureSeries();
    QCOMPARE(series->at(0).x(), 0.5);
    QCOMPARE(series->at(3).x(), 4.0);
    auto* axis = qobject_cast<QLogValueAxis*>(series->attachedAxes().value(0));
    QVERIFY(axis);
    QVERIFY(axis->titleText().endsWith(QStringLiteral("(ms)")));
    QCOMPARE(axis->labelFormat(), QStringLiteral("%.1f")); // 0.5, 1.0, 2.0, 4.0

    QVERIFY(panel->setParameter(QStringLiteral("cores")));
    panel->setRange(1, 4, 4, false);
    QVERIFY(sweep(panel));
    QCOMPARE(panel->result()->parameter, std::string(kSweepCores));
    QCOMPARE(panel->result()->points.size(), std::size_t(4));
    const SweepResult expected = runSweep(expectedRequest({1, 2, 3, 4}, "cores"));
    for (std::size_t i = 0; i < 4; ++i)
        QCOMPARE(panel->result()->points[i].duration, expected.points[i].duration);
    QVERIFY(qobject_cast<QValueAxis*>(panel->chart()->figureSeries()->attachedAxes().value(0)));
}

void TestSweepPanel::cancelMidSweep() {
    SweepPanel* panel = makePanel();
    panel->setRange(1, 3, 3, false);
    QVERIFY(sweep(panel));
    const std::shared_ptr<const SweepResult> first = panel->result();

    panel->setRange(1, 40, 40, false);
    QSignalSpy cancelled(panel, &SweepPanel::sweepCancelled);
    QSignalSpy finished(panel, &SweepPanel::sweepFinished);
    {
        PoolGate gate; // the sweep waits in the queue: Cancel surely comes first
        panel->startAction()->trigger();
        QVERIFY(panel->isRunning());
        QVERIFY(!panel->startAction()->isEnabled());
        QVERIFY(panel->cancelAction()->isEnabled());
        panel->cancelAction()->trigger();
        QVERIFY(!panel->cancelAction()->isEnabled());
    }
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kTimeoutMs);
    QCOMPARE(finished.count(), 0);
    QVERIFY(!panel->isRunning());
    QVERIFY(panel->startAction()->isEnabled());
    QVERIFY2(panel->message().contains(QStringLiteral("cancelled")), qPrintable(panel->message()));
    // The chart keeps the sweep it had.
    QCOMPARE(panel->result(), first);
    QCOMPARE(panel->chart()->figureSeries()->count(), 3);

    // The same sweep, not cancelled, runs whole.
    panel->setRange(1, 5, 5, false);
    QVERIFY(sweep(panel));
    QCOMPARE(panel->chart()->figureSeries()->count(), 5);
}

void TestSweepPanel::cancelAndCloseWhileRunning() {
    SweepPanel* panel = makePanel();
    // Runs of millions of events each: the sweep takes seconds.
    QVERIFY(m_bench->form->setValueText(QStringLiteral("iterations"), QStringLiteral("100000")));
    panel->setRange(48, 64, 17, false);
    QSignalSpy cancelled(panel, &SweepPanel::sweepCancelled);
    QSignalSpy finished(panel, &SweepPanel::sweepFinished);
    panel->startAction()->trigger();
    QVERIFY(panel->isRunning());
    // Under way on a pool thread (that Cancel then ends the run in the middle, not only the
    // sweep between runs, tst_sweep's cancelMidRun shows).
    QTRY_VERIFY(QThreadPool::globalInstance()->activeThreadCount() > 0);
    // With no sweep to show yet, the chart's place says one is coming.
    QVERIFY(panel->chart()->placeholderText().startsWith(QStringLiteral("Sweeping")));
    panel->cancelAction()->trigger();
    QVERIFY(cancelled.wait(kTimeoutMs));
    QCOMPARE(finished.count(), 0);
    QVERIFY(!panel->isRunning());
    QVERIFY(!panel->result());
    QVERIFY(panel->chart()->placeholderText().startsWith(QStringLiteral("Choose")));

    // Closing the panel (with the window it is in) during a sweep does not wait for it to
    // finish: its 17 runs would take far longer than this generous bound.
    panel->startAction()->trigger();
    QTRY_VERIFY(QThreadPool::globalInstance()->activeThreadCount() > 0);
    QVERIFY(panel->isRunning());
    QElapsedTimer clock;
    clock.start();
    m_bench.reset();
    QVERIFY2(clock.elapsed() < 10'000, qPrintable(QString::number(clock.elapsed())));
}

void TestSweepPanel::deadlockedRunsAreMarked() {
    SweepPanel* panel = makePanel();
    QVERIFY(m_bench->session.selectScenario(QStringLiteral("dining-philosophers")));
    QCOMPARE(panel->parameter(), QStringLiteral("philosophers"));
    // 2 to 20 philosophers a whole step apart, not 16 uneven points.
    QVERIFY2(panel->previewText().startsWith(QStringLiteral("10 runs: 2, 4, 6, …, 18, 20")),
             qPrintable(panel->previewText()));
    QVERIFY(sweep(panel));
    std::vector<double> failed;
    for (const SweepPoint& p : panel->result()->points)
        if (p.outcome != Outcome::Completed) failed.push_back(double(p.value));
    QVERIFY(!failed.empty()); // the naive strategy deadlocks with few philosophers
    QVERIFY(panel->message().contains(QStringLiteral("did not complete")));
    QChart* chart = panel->chart()->figureView()->chart();
    QScatterSeries* marks = nullptr;
    for (QAbstractSeries* s : chart->series())
        if (auto* scatter = qobject_cast<QScatterSeries*>(s)) marks = scatter;
    QVERIFY(marks);
    QCOMPARE(std::size_t(marks->count()), failed.size());
    for (int i = 0; i < marks->count(); ++i)
        QCOMPARE(marks->at(i).x(), failed[std::size_t(i)]);
    QVERIFY(chart->legend()->isVisible());
    QVERIFY(pointToolTip(*panel->result(), 0).contains(QStringLiteral("deadlock")));
}

void TestSweepPanel::rangeIsRemembered() {
    SweepPanel* panel = makePanel();
    QVERIFY(panel->setParameter(QStringLiteral("hold")));
    panel->setRange(250'000, 2'000'000, 4, true);
    panel->setFigure(SweepFigure::Contention);
    QVERIFY(sweep(panel));
    m_bench.reset();

    panel = makePanel();
    QCOMPARE(panel->parameter(), QStringLiteral("hold"));
    QCOMPARE(panel->figure(), SweepFigure::Contention);
    QVERIFY2(panel->previewText() == QStringLiteral("4 runs: 250us, 500us, 1ms, 2ms"),
             qPrintable(panel->previewText()));
    // Each parameter keeps its own range; one never swept has the default.
    QVERIFY(panel->setParameter(QStringLiteral("workers")));
    QVERIFY(panel->previewText().startsWith(QStringLiteral("16 runs: 1, 2, 3")));
}

void TestSweepPanel::sharesShowWhenTall() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(panel->dock()->isFloating()); // the first time
    panel->setRange(1, 4, 4, false);
    QVERIFY(sweep(panel));
    // Short, only the chosen figure is drawn; tall, the state shares join it.
    panel->dock()->resize(900, 300);
    QTRY_VERIFY(panel->chart()->sharesView()->isHidden());
    panel->dock()->resize(900, 640);
    QTRY_VERIFY(!panel->chart()->sharesView()->isHidden());
    // The two plots share the value axis: a value sits at one x in both.
    const QChart* figure = panel->chart()->figureView()->chart();
    const QChart* shares = panel->chart()->sharesView()->chart();
    QTRY_VERIFY(std::abs(figure->plotArea().left() - shares->plotArea().left()) <= 1 &&
                std::abs(figure->plotArea().right() - shares->plotArea().right()) <= 1);
    panel->findChild<QCheckBox*>(QStringLiteral("sweepShares"))->setChecked(false);
    QVERIFY(panel->chart()->sharesView()->isHidden());
}

void TestSweepPanel::chartHasTheCommandsInAMenu() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(QTest::qWaitForWindowExposed(panel->dock()));
    panel->setRange(1, 4, 4, false);
    QVERIFY(sweep(panel));
    QWidget* viewport = panel->chart()->figureView()->viewport();
    const QPoint at(viewport->width() / 2, viewport->height() / 2);
    QTimer::singleShot(0, [] {
        // The menu runs its own loop: look at it, then close it.
        if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
            QStringList texts;
            for (QAction* a : menu->actions())
                if (!a->isSeparator()) texts << a->text();
            qApp->setProperty("menuTexts", texts);
            menu->close();
        }
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, viewport->mapToGlobal(at));
    QApplication::sendEvent(viewport, &event);
    const QStringList texts = qApp->property("menuTexts").toStringList();
    QCOMPARE(texts,
             (QStringList{panel->startAction()->text(), panel->cancelAction()->text(),
                          panel->saveCsvAction()->text(), panel->savePictureAction()->text()}));
}

void TestSweepPanel::followsThePalette() {
    SweepPanel* panel = makePanel();
    panel->setRange(1, 4, 4, false);
    QVERIFY(sweep(panel));
    const QChart* chart = panel->chart()->figureView()->chart();
    auto lightness = [](const QBrush& b) { return b.color().lightness(); };
    QVERIFY(lightness(chart->backgroundBrush()) > 128);
    const QColor lightLine = panel->chart()->figureSeries()->color();

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    panel->dock()->setPalette(dark);
    QTRY_VERIFY(lightness(chart->backgroundBrush()) < 128);
    // Text reads on it, and the line is the lighter blue of the dark theme.
    QVERIFY(chart->titleBrush().color().lightness() > 128);
    QVERIFY(panel->chart()->figureSeries()->color().lightness() > lightLine.lightness());
    QCOMPARE(panel->chart()->figureSeries()->count(), 4);
}

void TestSweepPanel::exportsCsvAndPicture() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    panel->setRange(1, 4, 4, false);
    QVERIFY(sweep(panel));

    const QString csvPath = m_files.filePath(QStringLiteral("sweep.csv"));
    QSignalSpy saved(panel, &SweepPanel::saved);
    QVERIFY(panel->saveCsvTo(csvPath));
    QCOMPARE(saved.count(), 1);
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), QByteArray::fromStdString(sweepCsv(*panel->result())));

    const QString pngPath = m_files.filePath(QStringLiteral("sweep.png"));
    QVERIFY(panel->savePictureTo(pngPath));
    const QImage image(pngPath);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= panel->chart()->width()); // twice the screen's pixels

    // A folder that does not exist: the message names the file, nothing is left behind.
    const QString bad = m_files.filePath(QStringLiteral("missing/sweep.csv"));
    QVERIFY(!panel->saveCsvTo(bad));
    QVERIFY(panel->messageIsError());
    QVERIFY(panel->message().contains(QStringLiteral("sweep.csv")));
    QVERIFY(!QFileInfo::exists(bad));
    QCOMPARE(QDir(m_files.path()).entryList(QDir::Files).size(), 2);
}

void TestSweepPanel::badRangeShowsTheMessage_data() {
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<bool>("doubling");
    QTest::newRow("from above to") << QStringLiteral("workers") << qint64(12) << qint64(3) << false;
    QTest::newRow("above the maximum")
        << QStringLiteral("hold") << qint64(1'000'000) << qint64(20'000'000'000) << false;
    QTest::newRow("doubling from zero")
        << QStringLiteral("think") << qint64(0) << qint64(8'000'000) << true;
}

void TestSweepPanel::badRangeShowsTheMessage() {
    QFETCH(QString, parameter);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(bool, doubling);
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(panel->setParameter(parameter));
    panel->setRange(from, to, 5, doubling);
    // Said at once, under the range, and again when Start is pressed.
    QVERIFY(panel->messageIsError());
    QVERIFY(panel->previewText().isEmpty());
    QSignalSpy failed(panel, &SweepPanel::sweepFailed);
    panel->startAction()->trigger();
    QCOMPARE(failed.count(), 1);
    QVERIFY(!panel->isRunning());
    QVERIFY(panel->messageIsError());
    QVERIFY2(panel->message().startsWith(QStringLiteral("⚠ Cannot sweep: ")),
             qPrintable(panel->message()));
    qInfo().noquote() << panel->message();
    QVERIFY(!panel->result());

    // Put right, the message goes and the sweep runs.
    panel->setRange(1'000'000, 3'000'000, 3, false);
    if (parameter == QLatin1String("workers")) panel->setRange(1, 3, 3, false);
    QVERIFY(!panel->messageIsError());
    QVERIFY(sweep(panel));
}

void TestSweepPanel::valueThatBreaksShowsTheMessage() {
    SweepPanel* panel = makePanel();
    panel->setRange(1, 3, 3, false);
    QVERIFY(sweep(panel));
    const std::shared_ptr<const SweepResult> before = panel->result();

    // A user's scenario whose semaphore has n - 2 permits: n = 1 cannot be compiled.
    const QString path = m_files.filePath(QStringLiteral("breaks.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"id": "breaks-at-one", "title": "Breaks at one", "explanation": "n - 2 permits.",
      "lookFor": [],
      "parameters": [{"name": "n", "label": "N", "type": "int", "min": 1, "max": 8,
                      "default": 4, "help": "Permits plus two."}],
      "objects": [{"semaphore": "pool", "permits": "$n - 2"}],
      "roles": [{"name": "worker", "count": "2", "program": [
        {"acquire": "pool"}, {"work": "1ms"}, {"release": "pool"}]}]})");
    file.close();
    ScenarioFiles files(&m_bench->session);
    QVERIFY(files.open(path, false) >= 0);
    QCOMPARE(m_bench->session.currentScenario()->id, std::string("breaks-at-one"));
    QCOMPARE(panel->parameter(), QStringLiteral("n"));
    panel->setRange(1, 4, 4, false);
    QSignalSpy failed(panel, &SweepPanel::sweepFailed);
    panel->startAction()->trigger();
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(panel->messageIsError());
    // The message names the value that broke and why; the chart keeps the last sweep.
    QVERIFY2(panel->message().contains(QStringLiteral("n=1")), qPrintable(panel->message()));
    QVERIFY2(panel->message().contains(QStringLiteral("size -1")), qPrintable(panel->message()));
    QCOMPARE(panel->result(), before);
    QVERIFY(panel->startAction()->isEnabled());

    panel->setRange(2, 4, 3, false);
    QVERIFY(sweep(panel));
    QCOMPARE(panel->result()->points.size(), std::size_t(3));
}

QTEST_MAIN(TestSweepPanel)
#include "tst_sweeppanel.moc"
