#pragma once
// The line under the timeline that tells, in words, what happens where the replay cursor
// (or, during playback, the horizon) is: "4 ms · worker 1 unlocks lock "lock" · worker 2
// locks lock "lock" after waiting for it". It follows the cursor a few times a second, so a
// fast playback stays readable and costs little.
#include "session/eventindex.h"

#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QLabel;

namespace tl::ui {

class NarrationCache;

class NarrationLine : public QWidget {
    Q_OBJECT
public:
    explicit NarrationLine(NarrationCache* cache, QWidget* parent = nullptr);

    // The trace the cursor moves over; nullptr says how to use the line instead.
    void setTrace(std::shared_ptr<const Trace> trace);
    // The cursor moved; the line follows within a fraction of a second.
    void showTime(Time t);
    // Renders the pending time now (tests; the end of playback).
    void flush();

    // What the line says now, without the time.
    QString text() const { return m_plain; }

    // The events at the latest time at or before t, operations before state changes, at
    // most `max`; *more gets how many were left out.
    static std::vector<EventRef> eventsAt(const Trace& trace, Time t, std::size_t max,
                                          std::size_t* more = nullptr);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void render();
    void layoutText();

    NarrationCache* m_cache;
    std::shared_ptr<const Trace> m_trace;
    std::optional<Time> m_wanted;
    QTimer m_throttle;
    QLabel* m_time;
    QLabel* m_text;
    QString m_plain;
};

} // namespace tl::ui
