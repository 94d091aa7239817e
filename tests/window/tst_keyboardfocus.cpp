// Where the keys go: after a scenario is clicked and its run starts, the timeline has the
// keyboard, so Home goes to the start of the run instead of picking the first scenario (and
// starting it). Stepping through the list with the keys keeps the list; a field being typed
// keeps its focus; a click or the wheel in the timeline gives it the keys.
#include "panels/parameterform.h"
#include "panels/scenariopanel.h"
#include "session/runcontroller.h"
#include "session/scenariolistmodel.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kRunTimeoutMs = 20'000;

// The point of the list where a user clicks on a scenario.
QPoint itemCentre(const QListView* list, const QString& id) {
    const QAbstractItemModel* model = list->model();
    for (int i = 0; i < model->rowCount(); ++i)
        if (model->index(i, 0).data(ScenarioListModel::IdRole).toString() == id)
            return list->visualRect(model->index(i, 0)).center();
    qFatal("no scenario %s", qPrintable(id));
}

} // namespace

class TestKeyboardFocus : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void homeAfterClickingAScenarioGoesToTheTimeline();
    void endGoesToTheEndOfTheRun();
    void steppingThroughTheListKeepsTheList();
    void enterInTheListHandsOverToTheTimeline();
    void typingAParameterKeepsItsFocus();
    void wheelInTheTimelineTakesTheKeys();

private:
    MainWindow& showWindow(bool autoRun);
    // Waits for the run that starts (now or soon) to finish, then shows all of it.
    bool waitForRun(MainWindow& w, QSignalSpy& started);

    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestKeyboardFocus::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_keyboardfocus"));
}

void TestKeyboardFocus::init() {
    QSettings().clear();
}

void TestKeyboardFocus::cleanup() {
    // Closed first, as a user does: destroying a shown window while a parameter field has
    // the focus would let the field report its last edit to a form whose scenario is gone.
    if (m_window) m_window->close();
    m_window.reset();
}

MainWindow& TestKeyboardFocus::showWindow(bool autoRun) {
    QSettings().setValue(QStringLiteral("run/automatic"), autoRun);
    QSettings().setValue(QStringLiteral("scenario"), QStringLiteral("producer-consumer"));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    if (!QTest::qWaitForWindowActive(m_window.get())) qFatal("the window did not become active");
    return *m_window;
}

bool TestKeyboardFocus::waitForRun(MainWindow& w, QSignalSpy& started) {
    QSignalSpy finished(&w, &MainWindow::runFinished);
    if (started.isEmpty() && !started.wait(kRunTimeoutMs)) return false;
    if (finished.isEmpty() && !finished.wait(kRunTimeoutMs)) return false;
    w.stopRun(); // skip the playback: the whole run is shown
    return true;
}

void TestKeyboardFocus::homeAfterClickingAScenarioGoesToTheTimeline() {
    MainWindow& w = showWindow(true); // as a new user has it: Run Automatically on
    QSignalSpy started(w.runController(), &RunController::started);
    QListView* list = w.scenarioPanel()->list();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      itemCentre(list, QStringLiteral("lock-contention")));
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("lock-contention"));
    QVERIFY(waitForRun(w, started));
    QCOMPARE(QApplication::focusWidget(), w.timelineView());

    // Reading the timeline zoomed in on its end, the user presses Home.
    ZoomControl* zoom = w.timelineView()->zoom();
    const Time end = zoom->extent().end;
    zoom->setRange({end / 2, end});
    const int runs = int(started.count());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Home);
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("lock-contention"));
    QCOMPARE(zoom->range().start, Time(0));
    QCOMPARE(zoom->range().delta(), end - end / 2); // the zoom is kept
    QCOMPARE(int(started.count()), runs);
    QVERIFY(!w.runController()->isRunning());
}

void TestKeyboardFocus::endGoesToTheEndOfTheRun() {
    MainWindow& w = showWindow(false);
    QSignalSpy started(w.runController(), &RunController::started);
    QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
    w.runScenario();
    QVERIFY(waitForRun(w, started));
    ZoomControl* zoom = w.timelineView()->zoom();
    const Time end = zoom->extent().end;
    zoom->setRange({0, end / 4});
    QTest::mouseClick(w.timelineView(), Qt::LeftButton, {}, QPoint(5, 5)); // the name column
    QCOMPARE(QApplication::focusWidget(), w.timelineView());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_End);
    QCOMPARE(zoom->range().end, end);
    QCOMPARE(zoom->range().delta(), end / 4);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Home);
    QCOMPARE(zoom->range().start, Time(0));
}

void TestKeyboardFocus::steppingThroughTheListKeepsTheList() {
    MainWindow& w = showWindow(true);
    QSignalSpy started(w.runController(), &RunController::started);
    QListView* list = w.scenarioPanel()->list();
    list->setFocus(Qt::TabFocusReason);
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("producer-consumer"));
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("lock-contention"));
    QVERIFY(waitForRun(w, started)); // the automatic run of the new choice
    QCOMPARE(QApplication::focusWidget(), list);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
    QCOMPARE(w.scenarioPanel()->currentId(), QStringLiteral("barrier-phases"));
}

void TestKeyboardFocus::enterInTheListHandsOverToTheTimeline() {
    MainWindow& w = showWindow(false);
    QSignalSpy started(w.runController(), &RunController::started);
    QListView* list = w.scenarioPanel()->list();
    list->setFocus(Qt::TabFocusReason);
    QTest::keyClick(list, Qt::Key_Down);   // browsing...
    QTest::keyClick(list, Qt::Key_Return); // ...and this one, please
    QVERIFY(waitForRun(w, started));
    QCOMPARE(QApplication::focusWidget(), w.timelineView());
}

void TestKeyboardFocus::typingAParameterKeepsItsFocus() {
    MainWindow& w = showWindow(true);
    QSignalSpy started(w.runController(), &RunController::started);
    QWidget* producers = w.parameterForm()->editor(QStringLiteral("producers"));
    QVERIFY(producers);
    producers->setFocus(Qt::MouseFocusReason);
    QVERIFY(w.parameterForm()->setValueText(QStringLiteral("producers"), QStringLiteral("3")));
    QVERIFY(waitForRun(w, started)); // the automatic run of the new value
    QCOMPARE(QApplication::focusWidget(), producers);
}

void TestKeyboardFocus::wheelInTheTimelineTakesTheKeys() {
    MainWindow& w = showWindow(false);
    QSignalSpy started(w.runController(), &RunController::started);
    w.runScenario();
    QVERIFY(waitForRun(w, started));
    QListView* list = w.scenarioPanel()->list();
    list->setFocus(Qt::MouseFocusReason);
    TimelineView* view = w.timelineView();
    const QPoint at = view->rect().center();
    QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    QCOMPARE(QApplication::focusWidget(), view);
}

QTEST_MAIN(TestKeyboardFocus)
#include "tst_keyboardfocus.moc"
