// The main window's layout on the screens people have: a first launch on a laptop gives the
// Scenarios dock the width its titles need, the Parameters dock never clips its form, the
// docks come back after the window was narrowed and widened, and nothing is drawn over
// anything at any size the window allows.
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "session/scenariolistmodel.h"
#include "sweep/sweeppanel.h"
#include "timeline/timelineview.h"
#include "uitest.h"
#include "window/docklayout.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QLayout>
#include <QListView>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolBar>
#include <QtTest>

using namespace tl::ui;

namespace {

// The screen the offscreen platform is given in main(): a common laptop's.
constexpr QSize kLaptop(1366, 768);

QDockWidget* dock(const MainWindow& w, const char* name) {
    auto* d = w.findChild<QDockWidget*>(QString::fromLatin1(name));
    if (!d) qFatal("no dock %s", name);
    return d;
}

QString describe(const QWidget* w) {
    return QStringLiteral("%1 \"%2\" at %3,%4 %5x%6")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
        .arg(w->geometry().x())
        .arg(w->geometry().y())
        .arg(w->width())
        .arg(w->height());
}

// The widgets a layout places, through its nested layouts.
void managedWidgets(const QLayout* layout, QList<QWidget*>& out) {
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem* item = layout->itemAt(i);
        if (QWidget* w = item->widget())
            out << w;
        else if (const QLayout* inner = item->layout())
            managedWidgets(inner, out);
    }
}

// Everything a layout places inside `root`, at any depth, must lie within its parent and
// must not overlap the siblings the same layout placed. Returns what is wrong, or empty.
QString overlaps(const QWidget* root) {
    // The main window's own parts are windowOverlaps' business (a dock behind a tab is
    // moved out of sight, not hidden).
    if (const QLayout* layout = root->layout(); layout && !root->inherits("QMainWindow")) {
        QList<QWidget*> children;
        managedWidgets(layout, children);
        children.removeIf([](const QWidget* c) { return c->isHidden(); });
        for (const QWidget* c : std::as_const(children))
            if (!root->rect().contains(c->geometry()))
                return QStringLiteral("%1 sticks out of %2").arg(describe(c), describe(root));
        for (int i = 0; i < children.size(); ++i)
            for (int j = i + 1; j < children.size(); ++j)
                if (children[i]->geometry().intersects(children[j]->geometry()))
                    return QStringLiteral("%1 overlaps %2 in %3")
                        .arg(describe(children[i]), describe(children[j]), describe(root));
    }
    for (const QObject* o : root->children())
        if (const auto* w = qobject_cast<const QWidget*>(o);
            w && w->isVisible() && !w->isWindow() && !w->visibleRegion().isEmpty())
            if (const QString e = overlaps(w); !e.isEmpty()) return e;
    return {};
}

// The parts of the main window itself: bars, the docks that are placed, the centre.
QString windowOverlaps(const MainWindow& w) {
    QList<const QWidget*> parts{w.menuBar(), w.statusBar(), w.centralWidget()};
    for (const QToolBar* t : w.findChildren<QToolBar*>())
        if (t->isVisible()) parts << t;
    // A dock behind another's tab is moved out of sight, not hidden.
    for (const QDockWidget* d : w.findChildren<QDockWidget*>())
        if (d->isVisible() && !d->isFloating() && !d->visibleRegion().isEmpty()) parts << d;
    for (const QWidget* p : std::as_const(parts))
        if (!w.rect().contains(p->geometry()))
            return QStringLiteral("%1 sticks out of the window").arg(describe(p));
    for (int i = 0; i < parts.size(); ++i)
        for (int j = i + 1; j < parts.size(); ++j)
            if (parts[i]->geometry().intersects(parts[j]->geometry()))
                return QStringLiteral("%1 overlaps %2").arg(describe(parts[i]), describe(parts[j]));
    return {};
}

// Every title in the Scenarios list is shown whole, not elided.
bool titlesFit(const MainWindow& w) {
    const QListView* list = w.scenarioPanel()->list();
    return list->sizeHintForColumn(0) <= list->viewport()->width();
}

// Every widget of the Parameters form lies inside the part of the dock that shows it.
QString parameterClipping(const MainWindow& w) {
    auto* scroll = qobject_cast<QScrollArea*>(dock(w, "parameterDock")->widget());
    if (!scroll) return QStringLiteral("the Parameters dock holds no scroll area");
    const QWidget* viewport = scroll->viewport();
    const QWidget* form = w.parameterForm();
    if (form->width() > viewport->width())
        return QStringLiteral("the form is %1 px wide in a %2 px dock")
            .arg(form->width())
            .arg(viewport->width());
    for (const QWidget* c : form->findChildren<QWidget*>()) {
        if (!c->isVisible() || c->isWindow()) continue;
        const QRect r(c->mapTo(viewport, QPoint(0, 0)), c->size());
        if (r.left() < 0 || r.right() >= viewport->width())
            return QStringLiteral("%1 is cut at the side (viewport %2 px wide)")
                .arg(describe(c))
                .arg(viewport->width());
    }
    // The group boxes keep a margin to the right edge: their border shows.
    for (const QGroupBox* box : form->findChildren<QGroupBox*>())
        if (box->mapTo(viewport, QPoint(box->width(), 0)).x() > viewport->width() - 2)
            return QStringLiteral("%1 touches the right edge").arg(describe(box));
    return {};
}

// Lets the posted layout requests and the dock layout's settling run.
void settle(MainWindow& w) {
    for (int i = 0; i < 4; ++i) {
        QApplication::processEvents();
        QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
    w.dockLayout()->settle();
    for (int i = 0; i < 4; ++i) {
        QApplication::processEvents();
        QApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    }
}

} // namespace

class TestLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void firstLaunchOnLaptopScreen();
    void firstLaunchOnScreens_data();
    void firstLaunchOnScreens();
    void parametersFitEveryScenario();
    void docksRecoverAfterShrinking();
    void draggedWidthIsKept();
    void nothingOverlaps_data();
    void nothingOverlaps();
    void legendClearOfReplayBar_data();
    void legendClearOfReplayBar();
    void sweepDockBesideTheEvents();

private:
    MainWindow& showWindow(QSize size = {});

    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestLayout::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_layout"));
    QVERIFY(QApplication::primaryScreen());
    QCOMPARE(QApplication::primaryScreen()->availableGeometry().size(), kLaptop);
}

void TestLayout::init() {
    // A first launch: nothing saved.
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestLayout::cleanup() {
    m_window.reset();
}

MainWindow& TestLayout::showWindow(QSize size) {
    m_window = std::make_unique<MainWindow>();
    if (size.isValid()) m_window->resize(size);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get())) qFatal("the window was not shown");
    settle(*m_window);
    return *m_window;
}

void TestLayout::firstLaunchOnLaptopScreen() {
    MainWindow& w = showWindow(); // as the app starts: the size comes from the screen
    QCOMPARE(w.size(), DockLayout::firstLaunchSize(kLaptop));
    QDockWidget* scenarios = dock(w, "scenarioDock");
    QVERIFY2(scenarios->width() >= ScenarioPanel::kMinReadableWidth,
             qPrintable(QString::number(scenarios->width())));
    QVERIFY2(titlesFit(w), qPrintable(QStringLiteral("%1 px of titles in a %2 px list")
                                          .arg(w.scenarioPanel()->list()->sizeHintForColumn(0))
                                          .arg(w.scenarioPanel()->list()->viewport()->width())));
    QVERIFY(w.scenarioPanel()->description()->viewport()->width() >= 200);
    const QString clipped = parameterClipping(w);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));
    // The timeline gave up its width first, and still has plenty.
    QVERIFY(w.timelineView()->width() >= 400);
}

void TestLayout::firstLaunchOnScreens_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1280x720 with a 32 px panel") << QSize(1280, 688);
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1440x900") << QSize(1440, 900);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
    QTest::newRow("2560x1440") << QSize(2560, 1440);
}

void TestLayout::firstLaunchOnScreens() {
    QFETCH(QSize, screen);
    MainWindow& w = showWindow(DockLayout::firstLaunchSize(screen));
    QDockWidget* scenarios = dock(w, "scenarioDock");
    QDockWidget* parameters = dock(w, "parameterDock");
    QVERIFY2(scenarios->width() >= ScenarioPanel::kMinReadableWidth,
             qPrintable(QString::number(scenarios->width())));
    QVERIFY(titlesFit(w));
    const QString clipped = parameterClipping(w);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));
    // Both docks have what they ask for; the timeline has the rest.
    QVERIFY(std::abs(scenarios->width() - w.dockLayout()->wantedWidth(scenarios)) <= 1);
    QVERIFY(std::abs(parameters->width() - w.dockLayout()->wantedWidth(parameters)) <= 1);
    QVERIFY(w.timelineView()->width() >= 400);
    const QString overlap = windowOverlaps(w) + overlaps(&w);
    QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
}

void TestLayout::parametersFitEveryScenario() {
    MainWindow& w = showWindow(QSize(1400, 900));
    const QAbstractItemModel* list = w.scenarioPanel()->list()->model();
    QVERIFY(list->rowCount() >= 14);
    for (int i = 0; i < list->rowCount(); ++i) {
        const QString id = list->index(i, 0).data(ScenarioListModel::IdRole).toString();
        QVERIFY(w.selectScenario(id));
        settle(w);
        const QString clipped = parameterClipping(w);
        QVERIFY2(clipped.isEmpty(), qPrintable(id + QStringLiteral(": ") + clipped));
    }
}

void TestLayout::docksRecoverAfterShrinking() {
    MainWindow& w = showWindow(QSize(1400, 900));
    QVERIFY(w.selectScenario(QStringLiteral("semaphore-pool")));
    settle(w);
    QDockWidget* scenarios = dock(w, "scenarioDock");
    QDockWidget* parameters = dock(w, "parameterDock");
    const int scenarioWidth = scenarios->width();
    const int parameterWidth = parameters->width();
    QVERIFY(scenarioWidth >= ScenarioPanel::kMinReadableWidth);

    w.resize(800, 600); // the window may refuse to go that small: it stops at its minimum
    settle(w);
    QVERIFY(w.width() <= 1000);
    QString overlap = windowOverlaps(w) + overlaps(&w);
    QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
    QVERIFY(parameterClipping(w).isEmpty());

    w.resize(1400, 900);
    settle(w);
    QCOMPARE(scenarios->width(), scenarioWidth);
    QCOMPARE(parameters->width(), parameterWidth);
    QVERIFY(titlesFit(w));
    const QString clipped = parameterClipping(w);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));
}

void TestLayout::draggedWidthIsKept() {
    MainWindow& w = showWindow(QSize(1400, 900));
    QDockWidget* scenarios = dock(w, "scenarioDock");
    const int before = scenarios->width();
    // Drag the separator right of the Scenarios dock 80 px further right.
    const int y = scenarios->geometry().center().y();
    int x = scenarios->geometry().right() + 1;
    while (x < w.centralWidget()->x() && w.childAt(x, y)) // the separator is the window's
        ++x;
    QVERIFY(x < w.centralWidget()->x());
    x += 2; // inside the separator
    auto send = [&w](QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons held) {
        QMouseEvent e(type, at, w.mapToGlobal(at), button, held, Qt::NoModifier);
        QApplication::sendEvent(&w, &e);
    };
    send(QEvent::MouseButtonPress, QPoint(x, y), Qt::LeftButton, Qt::LeftButton);
    for (int dx = 10; dx <= 80; dx += 10) {
        send(QEvent::MouseMove, QPoint(x + dx, y), Qt::NoButton, Qt::LeftButton);
        QApplication::processEvents(); // the window moves separators on a zero timer
    }
    send(QEvent::MouseButtonRelease, QPoint(x + 80, y), Qt::LeftButton, Qt::NoButton);
    settle(w);
    const int dragged = scenarios->width();
    QVERIFY2(dragged >= before + 60,
             qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(dragged)));

    w.resize(900, 600);
    settle(w);
    w.resize(1400, 900);
    settle(w);
    QCOMPARE(scenarios->width(), dragged);
}

void TestLayout::nothingOverlaps_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("the minimum") << QSize(1, 1);
    QTest::newRow("800x600") << QSize(800, 600);
    QTest::newRow("1024x600") << QSize(1024, 600);
    QTest::newRow("1152x648") << QSize(1152, 648);
    QTest::newRow("1400x900") << QSize(1400, 900);
}

void TestLayout::nothingOverlaps() {
    QFETCH(QSize, size);
    MainWindow& w = showWindow(QSize(1400, 900));
    // A deadlock: the banner over the timeline wraps to more lines the narrower it is.
    QVERIFY(w.selectScenario(QStringLiteral("lock-order")));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runScenario();
    QVERIFY(finished.wait(20'000));
    w.stopRun(); // skip the playback to the end
    auto* banner = w.findChild<QWidget*>(QStringLiteral("deadlockBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    w.resize(size);
    settle(w);
    QVERIFY(w.width() >= std::min(size.width(), w.minimumSizeHint().width()));
    // The window fits half of a 1920x1080 screen, and a laptop's 768 lines with room to spare.
    QVERIFY2(w.minimumSizeHint().width() <= 960 && w.minimumSizeHint().height() <= 620,
             qPrintable(QStringLiteral("minimum %1x%2")
                            .arg(w.minimumSizeHint().width())
                            .arg(w.minimumSizeHint().height())));
    const QString overlap = windowOverlaps(w) + overlaps(&w);
    QVERIFY2(overlap.isEmpty(), qPrintable(overlap));
    QVERIFY(parameterClipping(w).isEmpty());
}

void TestLayout::legendClearOfReplayBar_data() {
    nothingOverlaps_data();
}

void TestLayout::legendClearOfReplayBar() {
    QFETCH(QSize, size);
    MainWindow& w = showWindow(QSize(1400, 900));
    w.runScenario();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QVERIFY(finished.wait(20'000));
    w.resize(size);
    settle(w);
    const TimelineView* view = w.timelineView();
    const QRect legend = view->legendRect();
    QVERIFY(!legend.isEmpty());
    // The legend and the ruler fit in the timeline with room for lanes below them.
    QVERIFY2(view->rect().contains(legend),
             qPrintable(QStringLiteral("legend %1 px high in a %2 px timeline")
                            .arg(legend.height())
                            .arg(view->height())));
    const QRect onWindow(view->mapTo(&w, legend.topLeft()), legend.size());
    const QRect bar(w.replayBar()->mapTo(&w, QPoint(0, 0)), w.replayBar()->size());
    QVERIFY(!onWindow.intersects(bar));
    QVERIFY(view->height() >= legend.bottom() + 60);
}

// The Sweep dock's place among the window's docks: hidden, it does not take Events' place in
// front of the tabs under the timeline; it floats the first time; docked, it is a tab beside
// Events.
void TestLayout::sweepDockBesideTheEvents() {
    MainWindow& w = showWindow(QSize(1400, 900));
    SweepPanel* panel = w.sweepPanel();
    auto currentTab = [&w] {
        // The main window's own tab bars, not the ones inside the docks.
        for (auto* bar : w.findChildren<QTabBar*>(QString(), Qt::FindDirectChildrenOnly))
            if (bar->isVisible()) return bar->tabText(bar->currentIndex());
        return QString();
    };
    QVERIFY(panel->dock()->isHidden());
    QCOMPARE(currentTab(), QStringLiteral("Events"));
    w.findChild<QAction*>(QStringLiteral("sweep"))->trigger();
    QVERIFY(panel->dock()->isVisible());
    QVERIFY(panel->dock()->isFloating());
    panel->dock()->setFloating(false);
    QVERIFY(w.tabifiedDockWidgets(panel->dock())
                .contains(w.findChild<QDockWidget*>(QStringLiteral("eventsDock"))));
    panel->showPanel();
    QCOMPARE(currentTab(), panel->dock()->windowTitle());
}

int main(int argc, char** argv) {
    // A laptop's screen for the first launch; the offscreen platform's own is 800x800.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QStringLiteral("{\"screens\": [{\"name\": \"laptop\", \"x\": 0, \"y\": 0, "
                                  "\"width\": %1, \"height\": %2, \"logicalDpi\": 96}]}")
                       .arg(kLaptop.width())
                       .arg(kLaptop.height())
                       .toUtf8()) < 0)
        qFatal("cannot write %s", qPrintable(config));
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_layout.moc"
