#include "timelineview.h"

#include "timecoords.h"
#include "timelinehittest.h"
#include "timelineoverlay.h"
#include "timelinepainter.h"
#include "zoomcontrol.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {
constexpr double kDragThreshold = 4; // pixels before a press becomes a drag
constexpr double kKeyZoom = 0.8;     // W/S zoom step, as in the Perfetto UI
constexpr double kKeyPan = 0.1;      // A/D pan step, a tenth of the view
} // namespace

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
        layout = layoutTimeline(*trace, o);
        laidOutThreads = trace->threadCount();
        laidOutObjects = trace->objectCount();
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

    void setHover(int row) {
        if (row == hoverRow) return;
        hoverRow = row;
        q->update();
    }
};

TimelineView::TimelineView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    d->q = this;
    d->zoom = new ZoomControl(this);
    d->scrollBar = new QScrollBar(Qt::Vertical, this);
    d->scrollBar->hide();
    d->palette = TimelinePalette::fromPalette(palette());
    d->overlay.causality().setReadyHandler(this, [this] {
        d->overlay.linksArrived();
        update();
    });
    connect(d->zoom, &ZoomControl::rangeChanged, this, qOverload<>(&QWidget::update));
    connect(d->zoom, &ZoomControl::followChanged, this, &TimelineView::followChanged);
    connect(d->scrollBar, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    // The view is where the zoom keys are used; the main window may add the same actions
    // to its menus and toolbar too.
    addAction(d->zoom->zoomInAction());
    addAction(d->zoom->zoomOutAction());
    addAction(d->zoom->zoomFitAction());
    addAction(d->zoom->followAction());
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 160);
}

TimelineView::~TimelineView() = default;

void TimelineView::setTrace(std::shared_ptr<const Trace> trace) {
    d->trace = std::move(trace);
    d->geometry.invalidate();
    d->layoutValid = false;
    d->selection.reset();
    d->selectedThread = d->selectedObject = -1;
    d->selectedInterval = d->selectedOperation = -1;
    d->hoverRow = -1;
    d->overlay.setTrace(d->trace);
    d->scrollBar->setValue(0);
    if (d->trace) {
        d->zoom->setExtent({0, std::max<Time>(d->dataEnd(), 1)});
        if (!d->zoom->following()) d->zoom->fit();
    }
    update();
    emit selectionChanged();
}

std::shared_ptr<const Trace> TimelineView::trace() const {
    return d->trace;
}

void TimelineView::setHorizon(std::optional<Time> t) {
    if (t == d->horizon) return;
    d->horizon = t;
    if (d->trace) d->zoom->setExtent({0, std::max<Time>(d->dataEnd(), 1)});
    update();
}

void TimelineView::setCursor(std::optional<Time> t) {
    if (t == d->cursor) return;
    d->cursor = t;
    update();
}

ZoomControl* TimelineView::zoom() const {
    return d->zoom;
}

int TimelineView::laneCount() const {
    d->ensureLayout();
    return d->trace ? int(d->layout.lanes.size()) : 0;
}

QRectF TimelineView::laneRect(int thread) const {
    d->ensureLayout();
    if (!d->trace || thread < 0 || std::size_t(thread) >= d->layout.laneOfThread.size() ||
        d->layout.laneOfThread[std::size_t(thread)] < 0)
        return {};
    const LaneSpec& lane =
        d->layout.lanes[std::size_t(d->layout.laneOfThread[std::size_t(thread)])];
    return QRectF(d->layout.laneLeft, d->layout.bodyTop + lane.top - d->scrollBar->value(),
                  d->layout.laneWidth, lane.height);
}

Time TimelineView::timeAt(double x) const {
    d->ensureLayout();
    return d->timeAtX(x);
}

void TimelineView::selectInterval(int thread, qint64 interval) {
    if (!d->trace || thread < 0 || std::size_t(thread) >= d->trace->threadCount() || interval < 0 ||
        std::size_t(interval) >= d->trace->intervalCount(std::size_t(thread)))
        return;
    d->ensureLayout();
    d->selectedThread = thread;
    d->selectedInterval = interval;
    d->selectedObject = -1;
    d->selectedOperation = -1;
    const Trace::Interval iv = d->trace->interval(std::size_t(thread), std::size_t(interval));
    d->revealTime(iv.range.start, iv.range.end);
    const int lane = d->layout.laneOfThread[std::size_t(thread)];
    if (lane >= 0) {
        const LayoutRow& row = d->layout.rows[std::size_t(d->layout.rowOfLane[std::size_t(lane)])];
        d->revealRows(row.top, row.height);
    }
    update();
    emit selectionChanged();
}

void TimelineView::selectOperation(int object, qint64 index) {
    if (!d->trace || object < 0 || std::size_t(object) >= d->trace->objectCount() || index < 0 ||
        std::size_t(index) >= d->trace->objectEvents(std::size_t(object)).size())
        return;
    d->ensureLayout();
    d->selectedObject = object;
    d->selectedOperation = index;
    d->selectedThread = -1;
    d->selectedInterval = -1;
    const Event& e = d->trace->objectEvents(std::size_t(object))[std::size_t(index)];
    d->revealTime(e.time, e.time);
    if (e.ref < d->layout.laneOfThread.size() && d->layout.laneOfThread[e.ref] >= 0) {
        const int lane = d->layout.laneOfThread[e.ref];
        const LayoutRow& row = d->layout.rows[std::size_t(d->layout.rowOfLane[std::size_t(lane)])];
        d->revealRows(row.top, row.height);
    }
    update();
    emit selectionChanged();
}

void TimelineView::clearSelection() {
    d->selection.reset();
    d->selectedThread = d->selectedObject = -1;
    d->selectedInterval = d->selectedOperation = -1;
    update();
    emit selectionChanged();
}

std::optional<TimeRange> TimelineView::rangeSelection() const {
    return d->selection && d->selection->delta() > 0 ? d->selection : std::nullopt;
}

void TimelineView::setRangeSelection(std::optional<TimeRange> range) {
    d->selection = range && range->delta() > 0 ? range : std::nullopt;
    update();
    emit selectionChanged();
}

void TimelineView::setLinkedObject(int object) {
    if (!d->trace || object >= int(d->trace->objectCount())) object = -1;
    if (object == d->overlay.linkedObject()) return;
    d->overlay.setLinkedObject(object);
    update();
    emit linkedObjectChanged(object);
}

int TimelineView::linkedObject() const {
    return d->overlay.linkedObject();
}

std::vector<CausalArrow> TimelineView::arrows() const {
    return d->drawnArrows;
}

void TimelineView::setEmphasis(std::vector<int> threads, std::vector<int> objects) {
    d->overlay.setEmphasis(std::move(threads), std::move(objects));
    update();
}

std::optional<TimeRange> TimelineView::selectedRange() const {
    if (d->selection) return d->selection;
    if (d->trace && d->selectedThread >= 0)
        return d->trace->interval(std::size_t(d->selectedThread), std::size_t(d->selectedInterval))
            .range;
    return std::nullopt;
}

void TimelineView::traceGrew() {
    if (!d->trace) return;
    // A spawned thread or a new object needs a new layout; growth alone only new geometry.
    if (d->trace->threadCount() != d->laidOutThreads ||
        d->trace->objectCount() != d->laidOutObjects)
        d->layoutValid = false;
    d->zoom->setExtent({0, std::max<Time>(d->dataEnd(), 1)});
    update();
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (!d->trace) {
        p.fillRect(rect(), palette().base());
        p.setPen(d->palette.mutedText);
        p.drawText(rect(), Qt::AlignCenter,
                   tr("Choose a scenario and run it: every thread appears here as a lane."));
        return;
    }
    d->ensureLayout();
    if (!d->layoutValid) d->ensureLayout(); // the scroll bar changed the width
    const TimeRange range = d->zoom->range();
    GeometryRequest req;
    req.range = range;
    req.width = d->layout.laneWidth;
    req.dataEnd = d->dataEnd();
    // Only the lanes in view: with hundreds of threads most are scrolled away.
    const double top = d->scrollBar->value();
    const double bottom = top + height() - d->layout.bodyTop;
    for (const LaneSpec& lane : d->layout.lanes)
        if (lane.top + lane.height > top && lane.top < bottom) req.lanes.push_back(lane);
    req.tracks = d->layout.tracks;
    const TimelineGeometry& g = d->geometry.get(*d->trace, req, d->layoutRevision);

    PaintState st;
    st.range = range;
    st.dataEnd = req.dataEnd;
    st.scrollY = d->scrollBar->value();
    st.viewportHeight = height();
    st.cursor = d->cursor;
    st.selection = d->selection;
    st.selectedThread = d->selectedThread;
    st.selectedInterval = d->selectedInterval;
    st.selectedObject = d->selectedObject;
    st.selectedOperation = d->selectedOperation;
    st.hoverRow = d->hoverRow;
    d->overlay.fill(st);
    d->drawnArrows = st.arrows;
    paintTimeline(p, *d->trace, d->layout, g, d->palette, st);
    // The strip beside the scroll bar belongs to the body.
    if (d->scrollBar->isVisible())
        p.fillRect(QRectF(d->layout.width, 0, width() - d->layout.width, d->layout.bodyTop),
                   d->palette.panel);
}

void TimelineView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    d->layoutValid = false;
    d->ensureLayout();
}

void TimelineView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        d->palette = TimelinePalette::fromPalette(palette());
        update();
    }
    if (event->type() == QEvent::FontChange) d->invalidateLayout();
    QWidget::changeEvent(event);
}

bool TimelineView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const Hit hit = d->hitAt(help->pos());
        QString text;
        if (d->trace && hit.operation >= 0)
            text = operationTooltip(*d->trace, hit.object, hit.operation);
        else if (d->trace && hit.interval >= 0)
            text = intervalTooltip(*d->trace, hit.thread, hit.interval);
        else if (d->trace && hit.object >= 0 && hit.inLanes && hit.time <= d->dataEnd())
            text = trackTooltip(*d->trace, d->geometry.levels(), hit.object, hit.time);
        else if (d->trace && !hit.inLanes && hit.thread >= 0)
            text = laneTooltip(*d->trace, d->geometry.states(), hit.thread);
        else if (d->trace && !hit.inLanes && hit.object >= 0)
            text = objectTooltip(*d->trace, hit.object);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !d->trace) return QWidget::mousePressEvent(event);
    d->ensureLayout();
    d->pressPos = event->position();
    d->pressRange = d->zoom->range();
    d->pressScroll = d->scrollBar->value();
    if (event->modifiers() & Qt::ShiftModifier && d->overLanes(event->position())) {
        d->drag = Private::Drag::Select;
        d->selectAnchor = d->timeAtX(event->position().x());
        d->selection = TimeRange{d->selectAnchor, d->selectAnchor};
        update();
    } else {
        d->drag = Private::Drag::Pending;
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    d->lastMouse = pos;
    switch (d->drag) {
    case Private::Drag::None: {
        const Hit hit = d->hitAt(pos);
        d->setHover(hit.row);
        // A wait under the mouse shows who ended it.
        if (d->overlay.setHover(hit.thread, hit.operation < 0 ? hit.interval : -1)) update();
        return;
    }
    case Private::Drag::Pending:
        if ((pos - d->pressPos).manhattanLength() < kDragThreshold) return;
        d->drag = Private::Drag::Pan;
        QWidget::setCursor(Qt::ClosedHandCursor);
        [[fallthrough]];
    case Private::Drag::Pan: {
        const double dx = pos.x() - d->pressPos.x();
        const Time shift = widthToDuration(dx, d->pressRange, d->layout.laneWidth);
        d->zoom->panBy(d->pressRange.start - shift - d->zoom->range().start);
        d->scrollBar->setValue(d->pressScroll - int(std::lround(pos.y() - d->pressPos.y())));
        return;
    }
    case Private::Drag::Select: {
        const Time t =
            std::clamp(d->timeAtX(pos.x()), d->zoom->range().start, d->zoom->range().end);
        d->selection = TimeRange{std::min(t, d->selectAnchor), std::max(t, d->selectAnchor)};
        update();
        return;
    }
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    const Private::Drag drag = d->drag;
    d->drag = Private::Drag::None;
    unsetCursor();
    if (drag == Private::Drag::Select) {
        if (d->selection && d->selection->delta() > 0)
            emit rangeSelected(*d->selection);
        else
            d->selection.reset();
        update();
        emit selectionChanged();
        return;
    }
    if (drag != Private::Drag::Pending) return;
    // A click: the operation under the mouse, else the span, else nothing.
    const Hit hit = d->hitAt(event->position());
    d->selection.reset();
    if (hit.operation >= 0) {
        d->selectedObject = hit.object;
        d->selectedOperation = hit.operation;
        d->selectedThread = -1;
        d->selectedInterval = -1;
        emit operationClicked(hit.object, hit.operation);
    } else if (hit.interval >= 0) {
        d->selectedThread = hit.thread;
        d->selectedInterval = hit.interval;
        d->selectedObject = -1;
        d->selectedOperation = -1;
        emit intervalClicked(hit.thread, hit.interval);
    } else {
        d->selectedThread = d->selectedObject = -1;
        d->selectedInterval = d->selectedOperation = -1;
        // An object's track (or name) shows all its hand-offs; empty space none.
        setLinkedObject(hit.thread < 0 && hit.object >= 0 ? hit.object : -1);
    }
    update();
    emit selectionChanged();
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event) {
    // Double-clicking a span zooms to it, with a little room either side.
    const Hit hit = d->hitAt(event->position());
    if (!d->trace || hit.interval < 0) return QWidget::mouseDoubleClickEvent(event);
    const TimeRange r =
        d->trace->interval(std::size_t(hit.thread), std::size_t(hit.interval)).range;
    const Time margin = std::max<Time>(r.delta() / 8, 50);
    d->zoom->setRange({r.start - margin, std::min(r.end, d->dataEnd()) + margin});
}

void TimelineView::leaveEvent(QEvent* event) {
    d->lastMouse = QPointF(-1, -1);
    d->setHover(-1);
    if (d->overlay.setHover(-1, -1)) update();
    QWidget::leaveEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent* event) {
    if (!d->trace) return QWidget::wheelEvent(event);
    d->ensureLayout();
    const QPoint delta = event->angleDelta();
    const QPointF pos = event->position();
    // Over the names, or with Shift, the wheel scrolls the lanes; over the lanes it zooms
    // around the time under the mouse, and a sideways wheel (touchpads) pans.
    const bool scroll = (event->modifiers() & Qt::ShiftModifier) || !d->overLanes(pos);
    if (delta.x() != 0 && !(event->modifiers() & Qt::ShiftModifier)) {
        d->zoom->panBy(widthToDuration(-delta.x() / 120.0 * kKeyPan * d->layout.laneWidth,
                                       d->zoom->range(), d->layout.laneWidth));
    }
    if (delta.y() != 0) {
        if (scroll) {
            d->scrollBar->setValue(d->scrollBar->value() -
                                   int(std::lround(delta.y() / 120.0 * 3 * d->layout.laneHeight)));
        } else {
            const double factor = std::pow(0.85, delta.y() / 120.0);
            d->zoom->zoomBy(factor, d->timeAtX(pos.x()));
        }
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
    if (!d->trace) return QWidget::keyPressEvent(event);
    d->ensureLayout();
    const TimeRange r = d->zoom->range();
    // W/S zoom around the mouse when it is over the lanes, as in the Perfetto UI.
    const Time anchor =
        d->overLanes(d->lastMouse) ? d->timeAtX(d->lastMouse.x()) : r.start + r.delta() / 2;
    switch (event->key()) {
    case Qt::Key_W:
        d->zoom->zoomBy(kKeyZoom, anchor);
        break;
    case Qt::Key_S:
        d->zoom->zoomBy(1 / kKeyZoom, anchor);
        break;
    case Qt::Key_A:
    case Qt::Key_Left:
        d->zoom->panBy(-Time(double(r.delta()) * kKeyPan));
        break;
    case Qt::Key_D:
    case Qt::Key_Right:
        d->zoom->panBy(Time(double(r.delta()) * kKeyPan));
        break;
    case Qt::Key_Up:
        d->scrollBar->triggerAction(QAbstractSlider::SliderSingleStepSub);
        break;
    case Qt::Key_Down:
        d->scrollBar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        break;
    case Qt::Key_PageUp:
        d->scrollBar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        d->scrollBar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    case Qt::Key_Escape:
        clearSelection();
        setLinkedObject(-1);
        break;
    default:
        return QWidget::keyPressEvent(event);
    }
    event->accept();
}

void TimelineView::contextMenuEvent(QContextMenuEvent* event) {
    const Hit hit = d->hitAt(event->pos());
    QMenu menu(this);
    if (d->trace && hit.row >= 0)
        d->overlay.fillMenu(
            menu, hit,
            [this, hit] {
                selectInterval(hit.thread, hit.interval);
                emit intervalClicked(hit.thread, hit.interval);
            },
            [this](int object) { setLinkedObject(object); });
    if (menu.isEmpty()) return QWidget::contextMenuEvent(event);
    menu.exec(event->globalPos());
}

} // namespace tl::ui
