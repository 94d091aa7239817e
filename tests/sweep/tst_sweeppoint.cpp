// The Sweep dock's points and links, offscreen, with a Session and the Parameters form and no
// main window: hovering a point tells its figures and they stay; clicking one sets its values
// in the form, asks for its run and says what that changed in the Parameters dock; a "what to
// look for" bullet that compares runs opens its sweep. (The point's run on the timeline, the
// dock out of its way: tst_mainwindowruns.)
#include "common/timetext.h"
#include "panels/parameterform.h"
#include "panels/scenariopanel.h"
#include "scenario/sweeplink.h"
#include "session/runcontroller.h"
#include "session/session.h"
#include "sweep/sweepchart.h"
#include "sweep/sweeppanel.h"
#include "sweeptest.h"
#include "uitest.h"

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolTip>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kTimeoutMs = 30'000;

// Whether Qt is about to hide the tooltip: hiding one starts a 300 ms timer on its label
// (QTipLabel, named "qtooltip_label"; qtooltip.cpp, QTipLabel::hideTip in Qt 6.4), after
// which the tip goes. Asked of the event dispatcher, with no waiting.
bool tipHidePending() {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->objectName() == QLatin1String("qtooltip_label"))
            for (const auto& timer : QAbstractEventDispatcher::instance()->registeredTimers(w))
                if (timer.interval == 300) return true;
    return false;
}

} // namespace

class TestSweepPoint : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void clickingAPointRunsIt();
    void lookForLinkOpensItsSweep();
    void hoverTellsEveryFigure();

private:
    // lock-contention with few updates, so each run is quick.
    SweepPanel* makePanel();
    bool sweep(SweepPanel* panel);
    SweepRequest expectedRequest(const std::vector<std::int64_t>& points,
                                 const std::string& parameter) const;

    QTemporaryDir m_settings;
    std::unique_ptr<DockBench> m_bench;
};

void TestSweepPoint::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_sweeppoint"));
}

void TestSweepPoint::init() {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestSweepPoint::cleanup() {
    m_bench.reset();
}

SweepPanel* TestSweepPoint::makePanel() {
    m_bench = std::make_unique<DockBench>();
    return sweepPanelOn(*m_bench);
}

bool TestSweepPoint::sweep(SweepPanel* panel) {
    return sweepOn(panel);
}

SweepRequest TestSweepPoint::expectedRequest(const std::vector<std::int64_t>& points,
                                             const std::string& parameter) const {
    return expectedRequestOn(*m_bench, points, parameter);
}

void TestSweepPoint::clickingAPointRunsIt() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(QTest::qWaitForWindowExposed(panel->dock()));
    panel->setRange(1, 6, 6, false);
    // The Parameters dock says real threads and other values: the point's run is the
    // sweep's, on the simulated machine.
    QVERIFY(sweep(panel));
    ParameterForm* form = m_bench->form;
    QVERIFY(form->setValueText(QStringLiteral("iterations"), QStringLiteral("9")));
    RunOptions options = form->runOptions();
    options.engine = EngineKind::Real;
    form->setRunOptions(options);

    RunController* runs = m_bench->session.runs();
    QSignalSpy runFinished(runs, &RunController::finished);
    QSignalSpy pointRun(panel, &SweepPanel::pointRun);
    QChartView* view = panel->chart()->figureView();
    const QPoint at = panel->chart()->pointPosition(2);
    QVERIFY(view->viewport()->rect().contains(at));
    QTest::mouseMove(view->viewport(), at);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QTRY_COMPARE_WITH_TIMEOUT(pointRun.count(), 1, 5000);
    QCOMPARE(pointRun.first().first().toInt(), 2);
    QCOMPARE(form->values().at("workers").number, 3);
    QCOMPARE(form->values().at("iterations").number, 4);
    QCOMPARE(form->runOptions().engine, EngineKind::Simulated);
    QCOMPARE(panel->chart()->currentPoint(), 2);
    // The run is asked of the window, once.
    QCOMPARE(m_bench->runsRequested, 1);
    // Not silently: the status line names every change the point made to the Parameters dock.
    const QString said = m_bench->lastMessage;
    QVERIFY2(said.startsWith(QStringLiteral("Sweep point Workers = 3 on the timeline.")),
             qPrintable(said));
    for (const char* change :
         {"Engine real threads → simulated", "Workers 4 → 3", "Updates per worker 9 → 4"})
        QVERIFY2(said.contains(QString::fromUtf8(change)), change);
    QVERIFY(runFinished.wait(kTimeoutMs));
    // The run is exactly the one the point stands for.
    QCOMPARE(int(runs->trace()->threadCount()), 3);
    QCOMPARE(runs->trace()->endTime(), panel->result()->points[2].duration);

    // Another run, not from the chart, unmarks the point.
    m_bench->session.requestRun();
    QCOMPARE(panel->chart()->currentPoint(), -1);
    QVERIFY(runFinished.wait(kTimeoutMs));
}

void TestSweepPoint::lookForLinkOpensItsSweep() {
    SweepPanel* panel = makePanel();
    // The Scenarios dock beside it, its sweep links to the panel, as the window connects them.
    auto* scenarios = new ScenarioPanel(&m_bench->session, &m_bench->host);
    connect(scenarios, &ScenarioPanel::sweepActivated, panel, &SweepPanel::openLink);
    const Scenario& s = *m_bench->session.currentScenario();
    // "Compare the total time with 2, 4 and 8 workers" is a link, before any run.
    int bullet = -1;
    for (std::size_t i = 0; i < s.lookFor.size(); ++i)
        if (s.lookFor[i].rfind("Compare the total time", 0) == 0) bullet = int(i);
    QVERIFY(bullet >= 0);
    QVERIFY(m_bench->session.trace() == nullptr);
    const QString link = QStringLiteral("sweep:%1").arg(bullet);
    QVERIFY(scenarios->description()->toHtml().contains(link));

    // Clicked: the Sweep dock, with Workers at 2, 4 and 8, charting the run duration, and
    // the sweep started.
    panel->setFigure(SweepFigure::Fairness);
    QSignalSpy finished(panel, &SweepPanel::sweepFinished);
    emit scenarios->description()->anchorClicked(QUrl(link));
    QVERIFY(panel->dock()->isVisible());
    QVERIFY(panel->isRunning());
    QCOMPARE(panel->parameter(), QStringLiteral("workers"));
    QCOMPARE(panel->figure(), SweepFigure::Duration);
    QVERIFY2(panel->previewText() == QStringLiteral("3 runs: 2, 4, 8"),
             qPrintable(panel->previewText()));
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(panel->resultRequest()->points, (std::vector<std::int64_t>{2, 4, 8}));
    const auto& points = panel->result()->points;
    QCOMPARE(points.size(), std::size_t(3));
    // The figures are the core's for those values.
    const SweepResult expected = runSweep(expectedRequest({2, 4, 8}, "workers"));
    for (std::size_t i = 0; i < points.size(); ++i)
        QCOMPARE(points[i].duration, expected.points[i].duration);
    // Every chart a scenario file may name is one the panel draws.
    for (const std::string_view key : kSweepCharts)
        QVERIFY(figureFromKey(QString::fromUtf8(key.data(), qsizetype(key.size()))));
}

void TestSweepPoint::hoverTellsEveryFigure() {
    SweepPanel* panel = makePanel();
    panel->showPanel();
    QVERIFY(QTest::qWaitForWindowExposed(panel->dock()));
    panel->setRange(1, 6, 6, false);
    QVERIFY(sweep(panel));
    QChartView* view = panel->chart()->figureView();
    const QPoint at = panel->chart()->pointPosition(3);
    // The move as the window system delivers it (QTest::mouseMove does not make the scene
    // hover offscreen).
    for (const QPoint p : {at - QPoint(20, 20), at}) {
        QMouseEvent move(QEvent::MouseMove, p, view->viewport()->mapToGlobal(p), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
    }
    QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 5000);
    const QString tip = QToolTip::text();
    QCOMPARE(tip, pointToolTip(*panel->result(), 3));
    QVERIFY(tip.contains(QStringLiteral("Workers = 4")));
    QVERIFY(tip.contains(humanTime(panel->result()->points[3].duration).toHtmlEscaped()));
    QCOMPARE(view->viewport()->cursor().shape(), Qt::PointingHandCursor);
    // The mouse rests: the view asks for a tooltip, and the point's stays. (The chart's scene
    // answered with none and hid it, so that in an active window nobody saw the figures.)
    QHelpEvent rest(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &rest);
    QCoreApplication::processEvents();
    QVERIFY(!tipHidePending()); // nothing is about to take it away
    QVERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), pointToolTip(*panel->result(), 3));
    // Off the point: the tip goes, and the cursor is an arrow again.
    const QPoint away = at + QPoint(0, 40);
    QMouseEvent off(QEvent::MouseMove, away, view->viewport()->mapToGlobal(away), Qt::NoButton,
                    Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &off);
    QTRY_VERIFY(!QToolTip::isVisible());
    QCOMPARE(view->viewport()->cursor().shape(), Qt::ArrowCursor);
    // In the shares chart, anywhere in the point's column tells the same point.
    QChartView* shares = panel->chart()->sharesView();
    QVERIFY(shares->isVisible());
    QChart* chart = shares->chart();
    const QPointF inChart = chart->mapToPosition(QPointF(4, 50));
    const QPoint column = shares->mapFromScene(chart->mapToScene(inChart));
    QMouseEvent over(QEvent::MouseMove, column, shares->viewport()->mapToGlobal(column),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(shares->viewport(), &over);
    QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 5000);
    QCOMPARE(QToolTip::text(), pointToolTip(*panel->result(), 3));
}

QTEST_MAIN(TestSweepPoint)
#include "tst_sweeppoint.moc"
