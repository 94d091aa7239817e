// The states explained: the legend's tooltips, Help ▸ Thread States, and Help ▸ Keyboard
// Shortcuts made from the actions themselves (change a shortcut: the table follows).
#include "common/statemeaning.h"
#include "panels/helpdialogs.h"
#include "timeline/timelineview.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QHelpEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <set>

using namespace tl;
using namespace tl::ui;

namespace {

QAction* helpAction(const MainWindow& w, const char* name) {
    for (QAction* top : w.menuBar()->actions())
        if (top->menu())
            for (QAction* a : top->menu()->actions())
                if (a->objectName() == QLatin1String(name)) return a;
    return nullptr;
}

// The keys shown next to `what` in the table (empty when it is not there).
QString keysFor(const QTableWidget* table, const QString& what) {
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 1) && table->item(r, 1)->text() == what)
            return table->item(r, 0)->text();
    return {};
}

} // namespace

class TestHelpDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void everyStateHasItsOwnSentence();
    void legendEntriesExplainTheirState();
    void threadStatesShowsEveryState();
    void shortcutsListEveryActionsKeys();
    void shortcutsFollowTheActions();

private:
    MainWindow& showWindow();

    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

void TestHelpDialogs::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_helpdialogs"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

void TestHelpDialogs::cleanup() {
    if (m_window) m_window->close();
    m_window.reset();
}

MainWindow& TestHelpDialogs::showWindow() {
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get())) qFatal("the window was not shown");
    return *m_window;
}

void TestHelpDialogs::everyStateHasItsOwnSentence() {
    std::set<QString> seen;
    for (int s = 0; s < kStateCount; ++s) {
        const QString meaning = stateMeaning(ThreadState(s));
        QVERIFY2(meaning.endsWith(QLatin1Char('.')), qPrintable(meaning));
        QVERIFY2(seen.insert(meaning).second, qPrintable(meaning));
    }
    // The pairs people mix up are told apart by what the thread is doing.
    QVERIFY(stateMeaning(ThreadState::Working).contains(QStringLiteral("its own code")));
    QVERIFY(stateMeaning(ThreadState::Running).contains(QStringLiteral("hand-off")));
    QVERIFY(stateMeaning(ThreadState::Blocked).contains(QStringLiteral("lock")));
    QVERIFY(stateMeaning(ThreadState::Waiting).contains(QStringLiteral("another thread acts")));
    QVERIFY(stateMeaning(ThreadState::Runnable).contains(QStringLiteral("every core is busy")));
    QVERIFY(!operationMeaning().isEmpty());
}

void TestHelpDialogs::legendEntriesExplainTheirState() {
    MainWindow& w = showWindow();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.runScenario();
    QVERIFY(finished.wait(20'000));
    TimelineView* view = w.timelineView();
    const auto entries = view->legendEntries();
    QCOMPARE(int(entries.size()), kStateCount + 1); // every state, then the operation tick
    for (const auto& [state, rect] : entries) {
        QVERIFY(view->legendRect().contains(rect));
        QHelpEvent help(QEvent::ToolTip, rect.center(), view->mapToGlobal(rect.center()));
        QApplication::sendEvent(view, &help);
        const QString want = state < 0 ? operationMeaning() : stateMeaning(ThreadState(state));
        QTRY_VERIFY2(QToolTip::isVisible() && QToolTip::text().contains(want),
                     qPrintable(QToolTip::text()));
        if (state >= 0)
            QVERIFY(QToolTip::text().startsWith(
                QStringLiteral("<b>%1</b>").arg(stateLabel(ThreadState(state)))));
    }
}

void TestHelpDialogs::threadStatesShowsEveryState() {
    MainWindow& w = showWindow();
    QAction* states = helpAction(w, "threadStatesHelp");
    QVERIFY(states);
    states->trigger();
    auto* dialog = w.findChild<ThreadStatesDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QStringList shown;
    for (const QLabel* l : dialog->findChildren<QLabel*>(QStringLiteral("meaning")))
        shown << l->text();
    QCOMPARE(shown.size(), kStateCount + 1);
    for (int s = 0; s < kStateCount; ++s)
        QVERIFY(shown.contains(stateMeaning(ThreadState(s))));
    QVERIFY(shown.contains(operationMeaning()));
    // Each has its swatch.
    int swatches = 0;
    for (const QLabel* l : dialog->findChildren<QLabel*>())
        swatches += !l->pixmap().isNull();
    QCOMPARE(swatches, kStateCount + 1);
    // Asking again raises the open one.
    states->trigger();
    QCOMPARE(w.findChildren<ThreadStatesDialog*>().size(), 1);
}

void TestHelpDialogs::shortcutsListEveryActionsKeys() {
    MainWindow& w = showWindow();
    QAction* keys = helpAction(w, "shortcutsHelp");
    QVERIFY(keys);
    keys->trigger();
    auto* dialog = w.findChild<ShortcutsDialog*>();
    QVERIFY(dialog);
    const QTableWidget* table = dialog->table();
    QStringList cells, keysListed;
    for (int r = 0; r < table->rowCount(); ++r) {
        cells << table->item(r, 0)->text();
        keysListed << table->item(r, 0)->text().split(QStringLiteral(", "));
    }
    // Every action of the window that has a shortcut is listed with all its keys.
    int actions = 0;
    for (const QAction* a : w.findChildren<QAction*>()) {
        if (a->shortcuts().isEmpty()) continue;
        ++actions;
        QStringList want;
        for (const QKeySequence& k : a->shortcuts())
            want << k.toString(QKeySequence::NativeText);
        QVERIFY2(cells.contains(want.join(QStringLiteral(", "))),
                 qPrintable(a->text() + QStringLiteral(": ") + want.join(QStringLiteral(", "))));
    }
    QVERIFY(actions >= 15);
    QCOMPARE(keysFor(table, QStringLiteral("Run")), QStringLiteral("F5"));
    // And the timeline's own keys.
    for (const auto& [key, what] : TimelineView::keyHelp())
        QVERIFY2(keysListed.contains(key.toString(QKeySequence::NativeText)), qPrintable(what));
    QCOMPARE(keysFor(table, QStringLiteral("Go to the start of the run, keeping the zoom")),
             QStringLiteral("Home"));
    QCOMPARE(keysFor(table, QStringLiteral("Move back in time by a tenth of the view")),
             QStringLiteral("A, Left"));
}

void TestHelpDialogs::shortcutsFollowTheActions() {
    MainWindow& w = showWindow();
    auto* run = w.findChild<QAction*>(QStringLiteral("run"));
    QVERIFY(run);
    run->setShortcut(QKeySequence(Qt::Key_F9));
    helpAction(w, "shortcutsHelp")->trigger();
    auto* dialog = w.findChild<ShortcutsDialog*>();
    QVERIFY(dialog);
    QCOMPARE(keysFor(dialog->table(), QStringLiteral("Run")), QStringLiteral("F9"));
}

QTEST_MAIN(TestHelpDialogs)
#include "tst_helpdialogs.moc"
