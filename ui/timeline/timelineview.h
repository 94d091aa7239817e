#pragma once
// The timeline widget: one lane per thread grouped by role, object tracks above, a time
// ruler, a legend. The interface the main window uses; painting and geometry live in
// their own units (timelinelayout, timelinegeometry, timelinepainter, timelineinput), as
// house style 3-6 asks (docs/architecture.md).
#include "model/trace.h"
#include "timeline/causalarrows.h"
#include "timeline/lanemarks.h"

#include <QKeySequence>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

namespace tl {
struct SharedMarks;
}

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
    // Where the legend is drawn (widget coordinates; empty without a trace), and each of its
    // entries: a state (or -1, the operation tick) and its swatch and label. An entry's
    // tooltip says what its state means.
    QRect legendRect() const;
    std::vector<std::pair<int, QRect>> legendEntries() const;

    // Selection, synchronised with the Events dock.
    void selectInterval(int thread, qint64 interval); // and scroll it into view
    void selectOperation(int object, qint64 index);
    void clearSelection();
    std::optional<TimeRange> selectedRange() const;
    // Only the range chosen with Shift+drag (selectedRange() also answers a span's range).
    std::optional<TimeRange> rangeSelection() const;
    void setRangeSelection(std::optional<TimeRange> range);

    // Why threads waited: every hand-off of one object drawn as an arrow (-1: none), besides
    // the arrows of the selected and the hovered wait; the arrows the last frame drew.
    void setLinkedObject(int object);
    int linkedObject() const;
    std::vector<CausalArrow> arrows() const;
    // A deadlock's threads and objects, called out on their lanes, names and tracks.
    void setEmphasis(std::vector<int> threads, std::vector<int> objects);
    // The lost updates and races drawn over the variables' tracks (null until the trace has
    // finished, and for a trace without variables).
    std::shared_ptr<const SharedMarks> sharedMarks() const;

    // Lanes called out with a label (lanemarks.h); a click on one emits laneMarkClicked
    // instead of selecting what is under the mouse. Empty: none.
    void setLaneMarks(std::vector<LaneMark> marks);
    const std::vector<LaneMark>& laneMarks() const;

    // The keys the timeline answers while it has the keyboard focus, and what each does (the
    // table its key handling reads).
    static QList<std::pair<QKeySequence, QString>> keyHelp();

    // Call when the trace grew (the main window's refresh timer does, at most ~60 Hz).
    void traceGrew();

signals:
    void intervalClicked(int thread, qint64 interval);
    void operationClicked(int object, qint64 index);
    void rangeSelected(tl::TimeRange range);
    // Any change of the selection: a range, a span, an operation, or none.
    void selectionChanged();
    void linkedObjectChanged(int object);
    void followChanged(bool following);
    void laneMarkClicked(int thread);

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
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void releaseHeldRange();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tl::ui
