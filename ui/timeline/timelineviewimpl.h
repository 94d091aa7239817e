#pragma once
// TimelineView's private state, shared by its two source files: timelineview.cpp (trace,
// selection, painting) and timelineinput.cpp (mouse, wheel, keys, tooltips, context menu).
#include "timeline/timelineview.h"

#include "timeline/timecoords.h"
#include "timeline/timelinehittest.h"
#include "timeline/timelineoverlay.h"
#include "timeline/timelinepainter.h"
#include "timeline/zoomcontrol.h"

#include <QScrollBar>

#include <algorithm>
#include <cmath>
#include <optional>

namespace tl::ui {

namespace timeline {
constexpr double kDragThreshold = 4; // pixels before a press becomes a drag
constexpr double kKeyZoom = 0.8;     // W/S zoom step, as in the Perfetto UI
constexpr double kKeyPan = 0.1;      // A/D pan step, a tenth of the view
} // namespace timeline

struct TimelineView::Private {
    TimelineView* q = nullptr;
    std::shared_ptr<const Trace> trace;
    ZoomControl* zoom = nullptr;
    QScrollBar* scrollBar = nullptr;
    std::optional<Time> horizon;
    std::optional<Time> cursor;

    TimelineLayout layout;
    bool layoutValid = false;
    std::uint64_t layoutRevision = 0;
    std::size_t laidOutThreads = 0;
    std::size_t laidOutObjects = 0;
    GeometryCache geometry;
    TimelinePalette palette;

    std::optional<TimeRange> selection; // Shift+drag
    int selectedThread = -1;
    qint64 selectedInterval = -1;
    int selectedObject = -1;
    qint64 selectedOperation = -1;
    int hoverRow = -1;
    TimelineOverlay overlay; // causality arrows, a deadlock's call-outs
    std::vector<CausalArrow> drawnArrows;
    std::vector<LaneMark> laneMarks;

    enum class Drag { None, Pending, Pan, Select };
    Drag drag = Drag::None;
    QPointF pressPos;
    TimeRange pressRange;
    int pressScroll = 0;
    Time selectAnchor = 0;
    QPointF lastMouse{-1, -1};

    Time dataEnd() const {
        if (!trace) return 0;
        const Time end = trace->endTime();
        return horizon ? std::clamp(*horizon, Time(0), end) : end;
    }

    double contentWidth() const {
        return double(q->width()) - (scrollBar->isVisible() ? scrollBar->width() : 0);
    }

    void ensureLayout() {
        if (layoutValid || !trace) return;
        LayoutOptions o;
        o.font = q->font();
        o.width = std::max(200.0, contentWidth());
        // The counts before the layout reads the trace: a real-thread run may register its
        // threads meanwhile, and counts read after would claim lanes the layout lacks (and
        // traceGrew would then never lay them out).
        laidOutThreads = trace->threadCount();
        laidOutObjects = trace->objectCount();
        layout = layoutTimeline(*trace, o);
        layoutValid = true;
        ++layoutRevision;
        updateScrollBar();
    }

    void invalidateLayout() {
        layoutValid = false;
        q->update();
    }

    void updateScrollBar() {
        const int visible = std::max(0, q->height() - int(layout.bodyTop));
        const int maximum = std::max(0, int(std::ceil(layout.bodyHeight)) - visible);
        const bool need = trace && maximum > 0;
        scrollBar->setRange(0, maximum);
        scrollBar->setPageStep(std::max(1, visible));
        scrollBar->setSingleStep(std::max(1, int(layout.laneHeight)));
        scrollBar->setGeometry(q->width() - scrollBar->sizeHint().width(), int(layout.bodyTop),
                               scrollBar->sizeHint().width(), visible);
        if (need != scrollBar->isVisible()) {
            scrollBar->setVisible(need);
            layoutValid = false; // the lanes lost or gained the bar's width
        }
    }

    HitView hitView() const { return {zoom->range(), dataEnd(), double(scrollBar->value())}; }

    Hit hitAt(QPointF pos) {
        ensureLayout();
        if (!trace || !layoutValid) return {};
        return hitTest(*trace, layout, hitView(), pos);
    }

    Time timeAtX(double x) const {
        return xToTime(x, zoom->range(), layout.laneWidth, layout.laneLeft);
    }

    bool overLanes(QPointF pos) const {
        return pos.x() >= layout.laneLeft && pos.x() < layout.laneLeft + layout.laneWidth;
    }

    // Scrolls vertically so body rows [top, top + height) are visible.
    void revealRows(double top, double height) {
        const double visible = q->height() - layout.bodyTop;
        const double y = scrollBar->value();
        if (top < y)
            scrollBar->setValue(int(std::floor(top)));
        else if (top + height > y + visible)
            scrollBar->setValue(int(std::ceil(top + height - visible)));
    }

    // Brings [a, b] into the visible range, keeping the zoom when it fits.
    void revealTime(Time a, Time b) {
        const TimeRange r = zoom->range();
        if (a >= r.start && b <= r.end) return;
        const Time width = r.delta();
        if (b - a <= width * 8 / 10) {
            const Time mid = a + (b - a) / 2;
            zoom->setRange({mid - width / 2, mid - width / 2 + width});
        } else {
            const Time margin = std::max<Time>((b - a) / 10, 50);
            zoom->setRange({a - margin, b + margin});
        }
    }

    // The marked thread whose lane (names column included) is at y; -1 for none.
    int markedLaneAt(double y) const {
        for (const LaneMark& m : laneMarks) {
            if (m.thread < 0 || std::size_t(m.thread) >= layout.laneOfThread.size()) continue;
            const int lane = layout.laneOfThread[std::size_t(m.thread)];
            if (lane < 0) continue;
            const double top =
                layout.bodyTop + layout.lanes[std::size_t(lane)].top - scrollBar->value();
            if (y >= std::max(top, layout.bodyTop) &&
                y < top + layout.lanes[std::size_t(lane)].height)
                return m.thread;
        }
        return -1;
    }

    void setHover(int row) {
        if (row == hoverRow) return;
        hoverRow = row;
        q->update();
    }
};

} // namespace tl::ui
