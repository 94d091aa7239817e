#pragma once
// A clock that moves a virtual time (ns of the run) forward at a chosen speed against the
// wall clock: what makes a finished simulated run play back as if live, and what moves the
// replay cursor. Ticks at the display's pace (~60 Hz) and computes the position from the
// elapsed wall time, so a late tick never slows the playback down.
#include "model/event.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace tl::ui {

class PlaybackClock : public QObject {
    Q_OBJECT
public:
    explicit PlaybackClock(QObject* parent = nullptr);

    void setEnd(Time end);
    Time end() const { return m_end; }
    // Virtual nanoseconds per wall nanosecond: 1 is real time, 0.1 ten times slower.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    Time position() const;
    bool isPlaying() const { return m_playing; }

public slots:
    void play();
    void pause();
    void toggle();
    void seek(tl::Time t);

signals:
    void positionChanged(qint64 t);
    void playingChanged(bool playing);
    void reachedEnd();

private:
    void tick();

    Time m_end = 0;
    Time m_anchor = 0; // the position when the wall clock was last (re)started
    double m_speed = 1.0;
    bool m_playing = false;
    QElapsedTimer m_wall;
    QTimer m_timer;
};

} // namespace tl::ui
