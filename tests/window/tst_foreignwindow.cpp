// Another program's trace in the window, offscreen: the Scenarios and Parameters docks say
// what is shown instead of the last scenario's explanation and parameters, and come back when
// a scenario is picked or run; the legend lists only the states the trace has (none for a
// Chrome trace: the slices' note); Show One Process keeps one process of a scheduler trace.
#include "analysis/slicestats.h"
#include "model/slices.h"
#include "panels/parameterform.h"
#include "panels/scenariopanel.h"
#include "panels/slicestatsmodel.h"
#include "panels/statisticspanel.h"
#include "session/filejobs.h"
#include "session/session.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelineview.h"
#include "uitest.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

#include <set>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

namespace {

QString fixture(const char* name) {
    return QStringLiteral(THREADLENS_SOURCE_DIR "/tests/data/") + QString::fromLatin1(name);
}

bool open(MainWindow& w, const QString& path, const QString& process = {}) {
    w.openFile(path, process);
    if (!QTest::qWaitFor([&] { return !w.fileJobs()->isBusy(); }, 10'000)) return false;
    const auto t = w.timelineView()->trace();
    return t && t->foreign() && t->info().source.file == QFileInfo(path).fileName().toStdString();
}

std::set<int> legendStates(const TimelineView& view) {
    std::set<int> out;
    for (const auto& [state, rect] : view.legendEntries())
        out.insert(state);
    return out;
}

} // namespace

class TestForeignWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { useTestSettings(m_settings.path(), QStringLiteral("tst_foreignwindow")); }
    void init() { freshSettings(); }
    void cleanup() { m_window.reset(); }

    // After a run, a Node.js trace: no scenario selected, the explanation says what is shown,
    // the parameters are disabled under a note; picking the scenario again brings both back.
    void docksSayWhatIsShown() {
        m_window = makeWindow();
        MainWindow& w = *m_window;
        QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
        QVERIFY(runAndShowAll(w));
        ScenarioPanel* panel = w.scenarioPanel();
        ParameterForm* form = w.parameterForm();
        auto* cores = form->findChild<QSpinBox*>(QStringLiteral("cores"));
        auto* note = form->findChild<QLabel*>(QStringLiteral("openedTraceNote"));
        QVERIFY(cores && note);
        QVERIFY(cores->isEnabled());
        QVERIFY(note->isHidden());
        const QString explanation = panel->description()->toPlainText();

        QVERIFY(open(w, fixture("node-workers.json")));
        QCOMPARE(panel->openedTrace(), QStringLiteral("node-workers.json"));
        QVERIFY(!panel->list()->selectionModel()->hasSelection());
        QVERIFY(!panel->list()->currentIndex().isValid());
        QVERIFY2(panel->description()->toPlainText().startsWith(
                     QStringLiteral("Showing node-workers.json")),
                 qPrintable(panel->description()->toPlainText()));
        QVERIFY(form->openedTraceNote().contains(QStringLiteral("node-workers.json")));
        QVERIFY(!note->isHidden());
        QVERIFY(!cores->isEnabled());
        // The Statistics dock's slice tables are the trace's.
        const SliceStatistics slices = computeSliceStatistics(*w.timelineView()->trace());
        QTRY_COMPARE(w.statisticsPanel()->sliceModel()->rowCount(), int(slices.byName.size()));
        QCOMPARE(w.statisticsPanel()->sliceThreadModel()->rowCount(), int(slices.byTrack.size()));
        // The session keeps its scenario: Run runs it.
        QCOMPARE(w.session()->currentScenario()->id, std::string("lock-contention"));

        // The same scenario picked again: its explanation and its parameters are back.
        panel->list()->setCurrentIndex(
            panel->list()->model()->index(w.session()->currentIndex(), 0));
        QCOMPARE(panel->openedTrace(), QString());
        QCOMPARE(panel->description()->toPlainText(), explanation);
        QVERIFY(note->isHidden());
        QVERIFY(cores->isEnabled());

        // Opened again, then run: the run's trace brings them back too.
        QVERIFY(open(w, fixture("node-workers.json")));
        QVERIFY(!cores->isEnabled());
        QVERIFY(runAndShowAll(w));
        QCOMPARE(panel->openedTrace(), QString());
        QVERIFY(panel->list()->currentIndex().isValid());
        QVERIFY(cores->isEnabled());
    }

    // The legend lists the states a trace has: all of them for a run, none for a Chrome trace
    // (its slices' note instead, and no operation tick), a scheduler trace's own.
    void legendListsOnlyStatesPresent() {
        m_window = makeWindow();
        MainWindow& w = *m_window;
        QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
        QVERIFY(runAndShowAll(w));
        std::set<int> run = legendStates(*w.timelineView());
        QCOMPARE(int(run.size()), kStateCount + 1);
        QVERIFY(!run.count(LegendEntry::kSlices));

        QVERIFY(open(w, fixture("node-workers.json")));
        QCOMPARE(legendStates(*w.timelineView()), std::set<int>{LegendEntry::kSlices});

        QVERIFY(open(w, fixture("mutex4.perf.txt"), QStringLiteral("mutex4")));
        const auto t = w.timelineView()->trace();
        std::set<int> present;
        for (std::size_t th = 0; th < t->threadCount(); ++th)
            for (std::size_t i = 0; i < t->intervalCount(th); ++i)
                present.insert(int(t->interval(th, i).state));
        QVERIFY(present.count(int(ThreadState::Working)));
        QVERIFY(present.count(int(ThreadState::Runnable)));
        QVERIFY(present.count(int(ThreadState::Waiting)));
        QVERIFY(!present.count(int(ThreadState::Blocked)));
        QCOMPARE(t->slices().sliceCount(), std::size_t(0));
        QCOMPARE(legendStates(*w.timelineView()), present);
    }

    // File > Show One Process…: offered for another program's trace only; the process picked
    // in the dialog is kept, the others are gone; "All processes" brings them back.
    void showOneProcess() {
        m_window = makeWindow();
        MainWindow& w = *m_window;
        QAction* act = action(w, "showOneProcess");
        QVERIFY(w.selectScenario(QStringLiteral("lock-contention")));
        QVERIFY(runAndShowAll(w));
        QVERIFY(!act->isEnabled());
        QVERIFY(open(w, fixture("mutex4.perf-pid.txt")));
        QVERIFY(act->isEnabled());
        const std::size_t all = w.timelineView()->trace()->threadCount();
        QVERIFY(w.timelineView()->trace()->slices().processes.size() > 1);

        auto pick = [&](const QString& startsWith) {
            QStringList offered;
            QTimer::singleShot(0, this, [&] {
                auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
                if (!dialog) return;
                offered = dialog->comboBoxItems();
                for (const QString& item : offered)
                    if (item.startsWith(startsWith)) {
                        dialog->setTextValue(item);
                        break;
                    }
                dialog->accept();
            });
            act->trigger();
            if (!QTest::qWaitFor([&] { return !w.fileJobs()->isBusy(); }, 10'000)) offered.clear();
            return offered;
        };
        const QStringList offered = pick(QStringLiteral("mutex4 ("));
        QCOMPARE(offered.front(), QStringLiteral("All processes"));
        QVERIFY2(offered.contains(QStringLiteral("mutex4 (12604)")),
                 qPrintable(offered.join(QStringLiteral(", "))));
        QTRY_COMPARE(w.timelineView()->trace()->threadCount(), std::size_t(5));
        QCOMPARE(w.timelineView()->trace()->slices().processes.size(), std::size_t(1));
        QCOMPARE(w.timelineView()->trace()->slices().processes[0].pid, std::int64_t(12604));

        pick(QStringLiteral("All processes"));
        QTRY_COMPARE(w.timelineView()->trace()->threadCount(), all);
    }

private:
    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestForeignWindow)
#include "tst_foreignwindow.moc"
