#pragma once
// The transport under the timeline. It drives the view in one of three modes:
//  - Recording: a real-thread run grows live; Pause freezes the picture, Resume catches up.
//  - Live: a finished simulated run is revealed by moving the view's horizon forward at the
//    chosen speed, so it looks live.
//  - Replay: after that, a cursor plays over the recording; scrub with the slider, step to
//    the previous/next event.
#include "model/event.h"

#include <QWidget>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QSlider;

namespace tl {
class Trace;
}

namespace tl::ui {

class PlaybackClock;
class TimelineView;

class ReplayBar : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Idle, Recording, Live, Replay };

    explicit ReplayBar(TimelineView* view, QWidget* parent = nullptr);

    // A growing trace from a real-thread run.
    void startRecording(std::shared_ptr<const Trace> trace);
    // A finished trace: live = reveal it from the start at the chosen speed; otherwise it is
    // shown whole, ready to replay.
    void showTrace(std::shared_ptr<const Trace> trace, bool live);
    void clear();
    // Ends live playback or recording: everything recorded is shown.
    void finishLive();

    Mode mode() const { return m_mode; }
    Time position() const;
    bool isPlaying() const;
    // Virtual time per wall time of the current speed choice (Auto resolved).
    double speed() const;
    // The speed choice as a factor; 0 means Auto (a run plays in about four seconds).
    double speedChoice() const;
    void setSpeedChoice(double factor);

    QAction* playPauseAction() const { return m_playPause; }
    QAction* previousAction() const { return m_previous; }
    QAction* nextAction() const { return m_next; }
    PlaybackClock* clock() const { return m_clock; }

public slots:
    void stepNext();
    void stepPrevious();
    void seek(tl::Time t);

signals:
    // The events panel lists rows up to the horizon (nullopt: all).
    void horizonChanged(std::optional<tl::Time> horizon);
    // The cursor moved to t: the user stepped or scrubbed, or the playback skipped to the end
    // (Stop during playback, the end of a recording). The table and narration follow it.
    void cursorMoved(tl::Time t);
    void liveFinished();
    void modeChanged();

private:
    void setMode(Mode mode);
    void onPosition(qint64 t);
    void onSpeedChosen();
    void togglePlay();
    void updateControls();
    void keepCursorInView(Time t);

    TimelineView* m_view;
    PlaybackClock* m_clock;
    std::shared_ptr<const Trace> m_trace;
    Mode m_mode = Mode::Idle;
    bool m_frozen = false; // Recording: the picture is held while the run goes on

    QAction* m_playPause;
    QAction* m_previous;
    QAction* m_next;
    QSlider* m_slider;
    QLabel* m_position;
    QComboBox* m_speed;
};

} // namespace tl::ui
