// Run ▸ Step as Scheduler in the window, offscreen: the choices at each point in words, on
// buttons and on the timeline's lanes; stepping by key, button and lane; undo; the goal
// reached; the hint; a deadlock reached by hand; the steps saved as a trace with their
// schedule; and leaving the mode.
#include "experiment/explore.h"
#include "format/chromejson.h"
#include "panels/parameterform.h"
#include "panels/schedulerbar.h"
#include "scenario/catalog.h"
#include "session/filejobs.h"
#include "session/runcontroller.h"
#include "session/schedulersession.h"
#include "timeline/timelineview.h"
#include "uitest.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QComboBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace tl;
using namespace tl::ui;
using namespace tl::ui::test;

namespace {

QStringList buttonTexts(const SchedulerBar& bar) {
    QStringList texts;
    for (const QPushButton* b : bar.choiceButtons())
        texts << b->text().remove(QLatin1Char('&'));
    return texts;
}

QStringList markLabels(const TimelineView& view) {
    QStringList labels;
    for (const LaneMark& m : view.laneMarks())
        labels << m.label;
    return labels;
}

QStringList choiceWords(const SchedulerSession& s) {
    QStringList words;
    for (const ExploreChoice& c : s.point().choices)
        words << QString::fromStdString(c.words);
    return words;
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { useTestSettings(m_settings.path(), QStringLiteral("tst_scheduler")); }
    void init() { freshSettings(); }
    void cleanup() { m_window.reset(); }

    // Lost update, 2 workers x 1 increment: the first point's two choices in words, on the
    // buttons and the lanes; "1" then "2" take the two reads; Ctrl+Z takes one back.
    void steppingAndUndo() {
        MainWindow& w = lostUpdate();
        SchedulerSession& s = *w.scheduler();
        const SchedulerBar& bar = *w.schedulerBar();
        QVERIFY(bar.isVisible());
        QVERIFY(action(w, "stepAsScheduler")->isChecked());
        const QStringList first{QStringLiteral("1  worker 1: read counter"),
                                QStringLiteral("2  worker 2: read counter")};
        QCOMPARE(buttonTexts(bar), first);
        QCOMPARE(markLabels(*w.timelineView()), first);
        QCOMPARE(w.timelineView()->trace(), s.trace());
        QCOMPARE(s.trace()->outcome(), Outcome::Cancelled); // waiting for the scheduler
        QCOMPARE(bar.headline(), QStringLiteral("Pick the thread that goes first: click its lane "
                                                "or press its number."));
        const std::size_t startEvents = s.trace()->eventCount();

        QTest::keyClick(w.timelineView(), Qt::Key_1);
        QCOMPARE(s.schedule(), (std::vector<int>{0}));
        QCOMPARE(s.point().steps, (std::vector<std::string>{"worker 1 reads 0"}));
        const QStringList afterOne{QStringLiteral("1  worker 1: write counter"),
                                   QStringLiteral("2  worker 2: read counter")};
        QCOMPARE(buttonTexts(bar), afterOne);
        QCOMPARE(markLabels(*w.timelineView()), afterOne);
        const std::size_t oneEvents = s.trace()->eventCount();
        QVERIFY(oneEvents > startEvents);
        QCOMPARE(w.timelineView()->trace(), s.trace()); // the timeline grew by the step

        QTest::keyClick(w.timelineView(), Qt::Key_2);
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1}));
        QCOMPARE(s.point().steps,
                 (std::vector<std::string>{"worker 1 reads 0", "worker 2 reads 0"}));
        QCOMPARE(buttonTexts(bar), (QStringList{QStringLiteral("1  worker 1: write counter"),
                                                QStringLiteral("2  worker 2: write counter")}));
        QCOMPARE(s.trace()->info().schedule, (std::vector<int>{0, 1}));
        QVERIFY(s.trace()->eventCount() > oneEvents);
        QCOMPARE(bar.headline(), QStringLiteral("2 steps taken; pick who goes next."));

        QTest::keyClick(w.timelineView(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(s.schedule(), (std::vector<int>{0}));
        QCOMPARE(buttonTexts(bar), afterOne);
        QCOMPARE(markLabels(*w.timelineView()), afterOne);
        QCOMPARE(s.trace()->eventCount(), oneEvents); // the trace shrank back
        QCOMPARE(w.timelineView()->trace(), s.trace());

        // A click on a marked lane, and a button, step as the keys do.
        QTest::mouseClick(w.timelineView(), Qt::LeftButton, {},
                          w.timelineView()->laneRect(1).center().toPoint());
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1}));
        bar.choiceButtons().at(0)->click();
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1, 0}));
        // A number without a choice does nothing.
        QTest::keyClick(w.timelineView(), Qt::Key_3);
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1, 0}));
    }

    // With the goal "lose an update" (the scenario's first, chosen at the start), both reads
    // then both writes reach it, and the bar says so.
    void goalReached() {
        MainWindow& w = lostUpdate();
        SchedulerSession& s = *w.scheduler();
        QCOMPARE(w.schedulerBar()->goalBox()->currentText(), QStringLiteral("lose an update"));
        QCOMPARE(s.goal(), 0);
        for (const Qt::Key key : {Qt::Key_1, Qt::Key_2, Qt::Key_1})
            QTest::keyClick(w.timelineView(), key);
        QVERIFY(!s.goalReached());
        QTest::keyClick(w.timelineView(), Qt::Key_1); // worker 2 writes: the only one left
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1, 0, 1}));
        QVERIFY(s.goalReached());
        QCOMPARE(w.schedulerBar()->headline(),
                 QStringLiteral("Goal reached: lose an update — in 4 steps. The run completed "
                                "after 4 steps: counter=1."));
        QVERIFY(w.schedulerBar()->choiceButtons().isEmpty());
        QVERIFY(w.timelineView()->laneMarks().empty());
        QCOMPARE(s.trace()->outcome(), Outcome::Completed);
        // Without a goal, the same steps only end the run.
        w.schedulerBar()->goalBox()->setCurrentIndex(0);
        emit w.schedulerBar()->goalBox()->activated(0);
        QCOMPARE(s.goal(), -1);
        QCOMPARE(w.schedulerBar()->headline(),
                 QStringLiteral("The run completed after 4 steps: counter=1."));
        // Undone to before the last write: the goal is not reached any more.
        w.schedulerBar()->goalBox()->setCurrentIndex(1);
        emit w.schedulerBar()->goalBox()->activated(1);
        action(w, "undoStep")->trigger();
        QVERIFY(!s.goalReached());
    }

    // The hint from the start: 4 steps to the goal, the first a read; that lane is marked.
    void hint() {
        MainWindow& w = lostUpdate();
        SchedulerSession& s = *w.scheduler();
        QSignalSpy hinted(&s, &SchedulerSession::hintChanged);
        QTest::keyClick(w.timelineView(), Qt::Key_H);
        QVERIFY(s.hintRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!s.hintRunning(), kRunTimeoutMs);
        QVERIFY(s.hint() && s.hint()->found);
        QCOMPARE(s.hint()->steps, 4);
        QCOMPARE(s.hint()->thread, 0);
        QCOMPARE(w.schedulerBar()->hintLine(),
                 QStringLiteral("Hint: let worker 1 go (4 more steps to the goal)."));
        // The hint has a row of its own, below the choices, which keep their width.
        const auto* line = w.schedulerBar()->findChild<QWidget*>("schedulerHintLine");
        const auto* choice = w.schedulerBar()->findChild<QWidget*>("choice1");
        QVERIFY(line && choice);
        QTRY_VERIFY(line->isVisible());
        QTRY_VERIFY(line->mapTo(w.schedulerBar(), QPoint(0, 0)).y() >
                    choice->mapTo(w.schedulerBar(), QPoint(0, choice->height())).y());
        QCOMPARE(choice->width(), choice->sizeHint().width());
        const std::vector<LaneMark>& marks = w.timelineView()->laneMarks();
        QCOMPARE(marks.size(), 2u);
        QCOMPARE(marks[0].thread, 0);
        QVERIFY(marks[0].strong);
        QVERIFY(!marks[1].strong);
        // A step forgets the hint; from after both reads it is two writes away.
        QTest::keyClick(w.timelineView(), Qt::Key_1);
        QVERIFY(!s.hint());
        QTest::keyClick(w.timelineView(), Qt::Key_2);
        s.requestHint();
        QTRY_VERIFY_WITH_TIMEOUT(!s.hintRunning(), kRunTimeoutMs);
        QCOMPARE(s.hint()->steps, 2);
        QCOMPARE(w.schedulerBar()->hintLine(),
                 QStringLiteral("Hint: let worker 1 go (2 more steps to the goal)."));
        // Once one worker has written before the other read, the goal is out of reach.
        action(w, "undoStep")->trigger();
        QTest::keyClick(w.timelineView(), Qt::Key_1); // worker 1 writes 1
        s.requestHint();
        QTRY_VERIFY_WITH_TIMEOUT(!s.hintRunning(), kRunTimeoutMs);
        QVERIFY(s.hint() && !s.hint()->found);
        QVERIFY(s.hint()->exhausted); // every state from here was seen
        QCOMPARE(w.schedulerBar()->hintLine(),
                 QStringLiteral("Hint: the goal cannot be reached from here."));
    }

    // Three naive philosophers deadlock when each takes the left fork first, stepped by hand.
    void philosophersDeadlock() {
        auto& w = window();
        QVERIFY(w.selectScenario(QStringLiteral("dining-philosophers")));
        QVERIFY(
            w.parameterForm()->setValueText(QStringLiteral("philosophers"), QStringLiteral("3")));
        QVERIFY(
            w.parameterForm()->setValueText(QStringLiteral("strategy"), QStringLiteral("naive")));
        action(w, "stepAsScheduler")->trigger();
        SchedulerSession& s = *w.scheduler();
        QVERIFY(s.isActive());
        QCOMPARE(choiceWords(s), (QStringList{QStringLiteral("philosopher 1: lock fork 1"),
                                              QStringLiteral("philosopher 2: lock fork 2"),
                                              QStringLiteral("philosopher 3: lock fork 3")}));
        // Each takes the left fork; then each reaches for the right one, held.
        for (const Qt::Key key : {Qt::Key_1, Qt::Key_2, Qt::Key_3})
            QTest::keyClick(w.timelineView(), key);
        QCOMPARE(choiceWords(s), (QStringList{QStringLiteral("philosopher 1: lock fork 2"),
                                              QStringLiteral("philosopher 2: lock fork 3"),
                                              QStringLiteral("philosopher 3: lock fork 1")}));
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(w.timelineView(), Qt::Key_1);
        QCOMPARE(s.point().end, Outcome::Deadlock);
        QVERIFY(s.goalReached());
        QCOMPARE(s.trace()->outcome(), Outcome::Deadlock);
        QVERIFY2(w.schedulerBar()->headline().startsWith(
                     QStringLiteral("Goal reached: deadlock — in 6 steps. Deadlock after 6 "
                                    "steps: philosopher 1 holds fork 1 and waits for fork 2")),
                 qPrintable(w.schedulerBar()->headline()));
        QVERIFY(w.schedulerBar()->headline().endsWith(QStringLiteral("held by philosopher 1. "
                                                                     "Nobody can go on.")));
        QVERIFY(w.schedulerBar()->choiceButtons().isEmpty());
    }

    // The steps are an ordinary trace: saved with the schedule, opened again with it; the
    // command line follows it.
    void saveAndReopen() {
        MainWindow& w = lostUpdate();
        QTest::keyClick(w.timelineView(), Qt::Key_1);
        QTest::keyClick(w.timelineView(), Qt::Key_2);
        const QString path = m_files.filePath(QStringLiteral("stepped.json"));
        w.saveTraceTo(path);
        QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto read = readChromeTrace(f.readAll().toStdString());
        QCOMPARE(read->info().schedule, (std::vector<int>{0, 1}));
        QCOMPARE(read->outcome(), Outcome::Cancelled);
        // The command line follows it (then the machine's own order, to the end).
        QProcess cli;
        const QString out = m_files.filePath(QStringLiteral("followed.json"));
        cli.start(QStringLiteral(THREADLENS_BINARY),
                  {QStringLiteral("run"), QStringLiteral("lost-update"), QStringLiteral("--set"),
                   QStringLiteral("workers=2"), QStringLiteral("--set"),
                   QStringLiteral("increments=1"), QStringLiteral("--set"),
                   QStringLiteral("protection=none"), QStringLiteral("--schedule"), path,
                   QStringLiteral("--out"), out, QStringLiteral("--quiet")});
        QVERIFY(cli.waitForFinished(kRunTimeoutMs));
        QVERIFY2(cli.exitCode() == 1, cli.readAllStandardError().constData()); // races fail
        QFile followedFile(out);
        QVERIFY(followedFile.open(QIODevice::ReadOnly));
        const auto followed = readChromeTrace(followedFile.readAll().toStdString());
        QCOMPARE(followed->info().schedule, (std::vector<int>{0, 1}));
        QCOMPARE(followed->outcome(), Outcome::Completed);
        // Opened in the window: the mode ends, the trace is shown with its schedule.
        w.openTraceFile(path);
        QTRY_VERIFY_WITH_TIMEOUT(!w.fileJobs()->isBusy(), 10'000);
        QTRY_VERIFY(!w.scheduler()->isActive());
        QVERIFY(!w.schedulerBar()->isVisible());
        QVERIFY(w.timelineView()->laneMarks().empty());
        QCOMPARE(w.timelineView()->trace()->info().schedule, (std::vector<int>{0, 1}));
        QCOMPARE(chromeTraceString(*w.timelineView()->trace()), chromeTraceString(*read));
    }

    // Esc, the menu item again, and a run each leave the mode.
    void leaving() {
        MainWindow& w = lostUpdate();
        QTest::keyClick(w.timelineView(), Qt::Key_Escape);
        QVERIFY(!w.scheduler()->isActive());
        QVERIFY(!action(w, "stepAsScheduler")->isChecked());
        QVERIFY(!w.schedulerBar()->isVisible());
        QVERIFY(w.timelineView()->laneMarks().empty());
        QTest::keyClick(w.timelineView(), Qt::Key_1); // no longer a step
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(w.scheduler()->isActive());
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(!w.scheduler()->isActive());
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(w.scheduler()->isActive());
        // Other values, another scenario: the mode ends.
        QVERIFY(w.parameterForm()->setValueText(QStringLiteral("increments"), QStringLiteral("2")));
        QVERIFY(!w.scheduler()->isActive());
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(w.selectScenario(QStringLiteral("peterson")));
        QVERIFY(!w.scheduler()->isActive());
        QVERIFY(w.selectScenario(QStringLiteral("lost-update")));
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(w.scheduler()->isActive());
        QSignalSpy finished(&w, &MainWindow::runFinished);
        action(w, "run")->trigger();
        QVERIFY(!w.scheduler()->isActive());
        QVERIFY(finished.wait(kRunTimeoutMs));
        QVERIFY(!w.schedulerBar()->isVisible());
        QVERIFY(w.timelineView()->trace()->info().schedule.empty());
    }

    // Sixteen threads' buttons scroll sideways in the bar instead of widening the window (and
    // squeezing the docks); all sixteen lanes are marked.
    void manyThreads() {
        MainWindow& w = window();
        QVERIFY(w.selectScenario(QStringLiteral("lost-update")));
        QVERIFY(w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("16")));
        action(w, "stepAsScheduler")->trigger();
        QVERIFY(w.scheduler()->isActive());
        QCOMPARE(w.schedulerBar()->choiceButtons().size(), 16);
        QCOMPARE(w.timelineView()->laneMarks().size(), 16u);
        QVERIFY2(w.schedulerBar()->minimumSizeHint().width() < 700,
                 qPrintable(QString::number(w.schedulerBar()->minimumSizeHint().width())));
    }

    // Under the GIL the same four steps lose the update: the GIL can change hands between a
    // read and its write. The timeline shows its hand-offs: a thread held for its turn gives
    // it back, and every access is made by the thread that holds it.
    void underTheGil() {
        MainWindow& w = lostUpdate("gil");
        SchedulerSession& s = *w.scheduler();
        QCOMPARE(buttonTexts(*w.schedulerBar()),
                 (QStringList{QStringLiteral("1  worker 1: read counter"),
                              QStringLiteral("2  worker 2: read counter")}));
        for (const Qt::Key key : {Qt::Key_1, Qt::Key_2, Qt::Key_1, Qt::Key_1})
            QTest::keyClick(w.timelineView(), key);
        QCOMPARE(s.schedule(), (std::vector<int>{0, 1, 0, 1}));
        QVERIFY(s.goalReached());
        const Trace& t = *s.trace();
        QCOMPARE(t.outcome(), Outcome::Completed);
        const EventStream& gil = t.objectEvents(std::size_t(t.findObject("GIL")));
        const EventStream& counter = t.objectEvents(std::size_t(t.findObject("counter")));
        QCOMPARE(counter.size(), 4u);
        std::size_t g = 0;
        int holder = -1;
        for (std::size_t i = 0; i < counter.size(); ++i) {
            for (; g < gil.size() && gil[g].time <= counter[i].time; ++g)
                holder = gil[g].op() == Op::Lock ? int(gil[g].ref) : -1;
            QCOMPARE(holder, int(counter[i].ref));
        }
        QVERIFY(gil.size() >= 8); // each worker gave it back at least once before it ended
    }

private:
    MainWindow& window() {
        m_window = makeWindow();
        m_window->activateWindow();
        if (!QTest::qWaitForWindowActive(m_window.get())) qFatal("the window is not active");
        return *m_window;
    }

    // The window in the mode on lost-update, 2 workers x 1 increment, unprotected or not.
    MainWindow& lostUpdate(const char* protection = "none") {
        MainWindow& w = window();
        if (!w.selectScenario(QStringLiteral("lost-update"))) qFatal("no lost-update");
        w.parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("2"));
        w.parameterForm()->setValueText(QStringLiteral("increments"), QStringLiteral("1"));
        w.parameterForm()->setValueText(QStringLiteral("protection"),
                                        QString::fromLatin1(protection));
        action(w, "stepAsScheduler")->trigger();
        if (!w.scheduler()->isActive()) qFatal("the mode did not start");
        return w;
    }

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestScheduler)
#include "tst_scheduler.moc"
