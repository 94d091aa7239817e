#pragma once
// The timeline widget: one lane per thread grouped by role, object tracks above, a time
// ruler, a legend. The interface the main window uses; painting and geometry live in
// their own units (see DESIGN.md, house style 3-6).
#include "trace.h"

#include <QWidget>
#include <memory>
#include <optional>

namespace tl::ui {

class ZoomControl;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    // The trace to show; it may still be growing (a live real-thread run). nullptr clears.
    void setTrace(std::shared_ptr<const Trace> trace);
    std::shared_ptr<const Trace> trace() const;

    // Show recorded data only up to this time (playback of a simulated run looks live);
    // nullopt shows everything recorded so far.
    void setHorizon(std::optional<Time> t);
    // The replay cursor (a vertical line); nullopt hides it.
    void setCursor(std::optional<Time> t);

    // Owns the visible range, the zoom actions (Ctrl+=, Ctrl+-, Ctrl+0) and follow mode.
    ZoomControl* zoom() const;

    // Lanes: index of the lane of each thread (lanes are grouped by role).
    int laneCount() const;
    // Where a thread's lane is drawn now (widget coordinates, the span area across the time
    // axis); empty when the thread has no lane.
    QRectF laneRect(int thread) const;
    // The time at an x coordinate of the widget.
    Time timeAt(double x) const;

    // Selection, synchronised with the Events dock.
    void selectInterval(int thread, qint64 interval); // and scroll it into view
    void selectOperation(int object, qint64 index);
    void clearSelection();
    std::optional<TimeRange> selectedRange() const;

    // Call when the trace grew (the main window's refresh timer does, at most ~60 Hz).
    void traceGrew();

signals:
    void intervalClicked(int thread, qint64 interval);
    void operationClicked(int object, qint64 index);
    void rangeSelected(tl::TimeRange range);
    void followChanged(bool following);

protected:
    bool event(QEvent* event) override; // tooltips
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override; // palette and font
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tl::ui
