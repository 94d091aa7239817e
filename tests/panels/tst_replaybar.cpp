// The playback clock and the transport under the timeline: live playback of a simulated run
// by horizon, replay by cursor, steps between events, speeds, and the recording mode.
#include "experiment/run.h"
#include "panels/replaybar.h"
#include "scenario/catalog.h"
#include "session/eventindex.h"
#include "session/playbackclock.h"
#include "timeline/timelineview.h"

#include <QAction>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {
std::shared_ptr<const Trace> runBundled(const char* id) {
    const Scenario s = resolveScenario(id);
    const Program program = compile(s, defaultValues(s));
    auto trace = std::make_shared<Trace>(runInfo(program, RunOptions{}));
    run(program, *trace, RunOptions{});
    return trace;
}
} // namespace

class TestReplayBar : public QObject {
    Q_OBJECT
private slots:
    void clockMovesAtItsSpeed();
    void clockSeeksWithinRangeAndStops();
    void livePlaybackRevealsThenReplays();
    void autoSpeedFitsFourSeconds();
    void stepsGoFromEventToEvent();
    void scrubbingMovesTheCursor();
    void recordingPauseHoldsThePicture();
};

void TestReplayBar::clockMovesAtItsSpeed() {
    PlaybackClock clock;
    clock.setEnd(1000'000'000'000); // 1000 s of run time: never reached here
    clock.setSpeed(10.0);           // ten times real time
    QSignalSpy moved(&clock, &PlaybackClock::positionChanged);
    // The position is ten times the wall time since play(), which lies between the two
    // readings of this timer around play() and the two around position(): exact, however
    // slow the machine.
    QElapsedTimer wall;
    wall.start();
    const qint64 beforePlay = wall.nsecsElapsed();
    clock.play();
    const qint64 afterPlay = wall.nsecsElapsed();
    QVERIFY(clock.isPlaying());
    // It ticks at the display's pace: a few ticks, each a later position.
    moved.clear();
    for (int tick = 0; tick < 3; ++tick)
        QVERIFY(moved.wait(5000));
    for (int i = 1; i < moved.count(); ++i)
        QVERIFY(moved.at(i).first().toLongLong() > moved.at(i - 1).first().toLongLong());
    const qint64 beforeRead = wall.nsecsElapsed();
    const Time t = clock.position();
    const qint64 afterRead = wall.nsecsElapsed();
    QVERIFY2(t >= 10 * (beforeRead - afterPlay) && t <= 10 * (afterRead - beforePlay),
             qPrintable(QString("%1 not within 10 x [%2, %3]")
                            .arg(t)
                            .arg(beforeRead - afterPlay)
                            .arg(afterRead - beforePlay)));
    // Paused, it stays where it was while another clock ticks on, and says nothing.
    clock.pause();
    const Time paused = clock.position();
    moved.clear();
    PlaybackClock other;
    other.setEnd(10'000'000'000);
    QSignalSpy otherMoved(&other, &PlaybackClock::positionChanged);
    other.play();
    for (int tick = 0; tick < 4; ++tick)
        QVERIFY(otherMoved.wait(5000));
    QCOMPARE(clock.position(), paused);
    QCOMPARE(moved.count(), 0);
}

void TestReplayBar::clockSeeksWithinRangeAndStops() {
    PlaybackClock clock;
    clock.setEnd(1'000'000);
    clock.seek(-5);
    QCOMPARE(clock.position(), Time(0));
    clock.seek(5'000'000);
    QCOMPARE(clock.position(), Time(1'000'000));
    // Playing at the end starts over, and the end stops it.
    clock.setSpeed(1.0);
    QSignalSpy ended(&clock, &PlaybackClock::reachedEnd);
    clock.play();
    QCOMPARE(clock.position() < 1'000'000, true);
    QVERIFY(ended.wait(1000));
    QVERIFY(!clock.isPlaying());
    QCOMPARE(clock.position(), Time(1'000'000));
}

void TestReplayBar::livePlaybackRevealsThenReplays() {
    TimelineView view;
    ReplayBar bar(&view);
    const auto trace = runBundled("lock-contention");
    view.setTrace(trace);
    bar.setSpeedChoice(1.0); // real time: ~100 ms of run plays in ~100 ms
    QSignalSpy horizon(&bar, &ReplayBar::horizonChanged);
    QSignalSpy finished(&bar, &ReplayBar::liveFinished);
    bar.showTrace(trace, true);
    QCOMPARE(bar.mode(), ReplayBar::Mode::Live);
    QVERIFY(bar.isPlaying());
    QVERIFY(finished.wait(5000));
    QCOMPARE(bar.mode(), ReplayBar::Mode::Replay);
    QVERIFY(horizon.count() >= 2);
    QCOMPARE(horizon.first().first().value<std::optional<Time>>(), std::optional<Time>(0));
    // At the end everything is shown: no horizon.
    QCOMPARE(horizon.last().first().value<std::optional<Time>>(), std::optional<Time>());
    QCOMPARE(bar.position(), trace->endTime());
}

void TestReplayBar::autoSpeedFitsFourSeconds() {
    TimelineView view;
    ReplayBar bar(&view);
    const auto trace = runBundled("producer-consumer");
    bar.setSpeedChoice(0);
    bar.showTrace(trace, false);
    QCOMPARE(bar.speedChoice(), 0.0);
    QVERIFY(qFuzzyCompare(bar.speed(), double(trace->endTime()) / 4e9));
    bar.setSpeedChoice(1000);
    QCOMPARE(bar.speed(), 1000.0);
    bar.setSpeedChoice(0.1);
    QCOMPARE(bar.speed(), 0.1);
    QCOMPARE(bar.clock()->speed(), 0.1);
}

void TestReplayBar::stepsGoFromEventToEvent() {
    TimelineView view;
    ReplayBar bar(&view);
    const auto trace = runBundled("semaphore-pool");
    view.setTrace(trace);
    bar.showTrace(trace, false);
    QSignalSpy cursor(&bar, &ReplayBar::cursorMoved);
    Time t = 0;
    for (int i = 0; i < 5; ++i) {
        bar.nextAction()->trigger();
        const auto expected = nextEventTime(*trace, t);
        QVERIFY(expected);
        QCOMPARE(bar.position(), *expected);
        t = *expected;
    }
    QCOMPARE(cursor.count(), 5);
    bar.previousAction()->trigger();
    QCOMPARE(bar.position(), *previousEventTime(*trace, t));
    // Keys: ] and [ as well as Alt+Right and Alt+Left.
    QVERIFY(bar.nextAction()->shortcuts().contains(QKeySequence(Qt::Key_BracketRight)));
    QVERIFY(bar.previousAction()->shortcuts().contains(QKeySequence(Qt::ALT | Qt::Key_Left)));
}

void TestReplayBar::scrubbingMovesTheCursor() {
    TimelineView view;
    ReplayBar bar(&view);
    const auto trace = runBundled("barrier-phases");
    view.setTrace(trace);
    bar.showTrace(trace, false);
    auto* slider = bar.findChild<QSlider*>(QStringLiteral("replaySlider"));
    QVERIFY(slider && slider->isEnabled());
    slider->setValue(slider->maximum() / 2);
    QVERIFY(qAbs(bar.position() - trace->endTime() / 2) <= trace->endTime() / 1000);
}

void TestReplayBar::recordingPauseHoldsThePicture() {
    TimelineView view;
    ReplayBar bar(&view);
    const auto trace = runBundled("lock-contention");
    view.setTrace(trace);
    bar.startRecording(trace);
    QCOMPARE(bar.mode(), ReplayBar::Mode::Recording);
    QVERIFY(bar.playPauseAction()->isEnabled());
    QVERIFY(!bar.nextAction()->isEnabled());
    const QString pause = bar.playPauseAction()->text();
    bar.playPauseAction()->trigger(); // hold
    QVERIFY(bar.playPauseAction()->text() != pause);
    bar.playPauseAction()->trigger(); // catch up
    QCOMPARE(bar.playPauseAction()->text(), pause);
    bar.finishLive();
    QCOMPARE(bar.mode(), ReplayBar::Mode::Replay);
    QVERIFY(bar.nextAction()->isEnabled());
}

QTEST_MAIN(TestReplayBar)
#include "tst_replaybar.moc"
