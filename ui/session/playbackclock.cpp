#include "session/playbackclock.h"

#include <algorithm>
#include <cmath>

namespace tl::ui {

PlaybackClock::PlaybackClock(QObject* parent) : QObject(parent) {
    m_timer.setInterval(16);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &PlaybackClock::tick);
}

void PlaybackClock::setEnd(Time end) {
    m_end = std::max<Time>(end, 0);
    if (m_anchor > m_end) seek(m_end);
}

void PlaybackClock::setSpeed(double speed) {
    if (!(speed > 0)) return;
    // Re-anchor so the position does not jump when the speed changes mid-playback.
    m_anchor = position();
    m_wall.restart();
    m_speed = speed;
}

Time PlaybackClock::position() const {
    if (!m_playing) return m_anchor;
    const double advanced = double(m_wall.nsecsElapsed()) * m_speed;
    return std::min<Time>(m_end, m_anchor + Time(std::llround(advanced)));
}

void PlaybackClock::play() {
    if (m_playing) return;
    if (m_anchor >= m_end) m_anchor = 0; // playing at the end starts over
    m_playing = true;
    m_wall.start();
    m_timer.start();
    emit playingChanged(true);
    emit positionChanged(m_anchor);
}

void PlaybackClock::pause() {
    if (!m_playing) return;
    m_anchor = position();
    m_playing = false;
    m_timer.stop();
    emit playingChanged(false);
    emit positionChanged(m_anchor);
}

void PlaybackClock::toggle() {
    m_playing ? pause() : play();
}

void PlaybackClock::seek(Time t) {
    m_anchor = std::clamp<Time>(t, 0, m_end);
    if (m_playing) m_wall.restart();
    emit positionChanged(m_anchor);
}

void PlaybackClock::tick() {
    const Time t = position();
    emit positionChanged(t);
    if (t >= m_end) {
        m_anchor = m_end;
        m_playing = false;
        m_timer.stop();
        emit playingChanged(false);
        emit reachedEnd();
    }
}

} // namespace tl::ui
