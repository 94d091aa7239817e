#include "timeline/timelineviewimpl.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

// The accent of a mark: the palette's highlight; a strong mark (a hint) in amber, which reads
// on both themes and is none of the state colours' blues and greens.
QColor accent(const LaneMark& mark, const TimelinePalette& palette) {
    return mark.strong ? QColor(0xE6, 0x9F, 0x00) : palette.highlight;
}

// Draws one mark over its lane: `lane` spans the names column and the time axis, `spans`
// the time axis only (the label's room).
void paintLaneMark(QPainter& p, const LaneMark& mark, const QRectF& lane, const QRectF& spans,
                   const TimelinePalette& palette, const QFont& font) {
    const QColor colour = accent(mark, palette);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    // A wash over the whole lane, and a frame: the spans stay readable under it.
    QColor wash = colour;
    wash.setAlpha(palette.dark ? 60 : 40);
    p.fillRect(lane, wash);
    p.setPen(QPen(colour, mark.strong ? 3.0 : 2.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(lane.adjusted(1, 1, -1, -1));
    if (!mark.label.isEmpty()) {
        // The label in a pill at the right end of the lane, where the run stopped.
        QFont bold = font;
        bold.setBold(true);
        const QFontMetricsF fm(bold);
        const double padX = 8, height = std::min(lane.height() - 4, fm.height() + 4);
        const double width = std::min(fm.horizontalAdvance(mark.label) + 2 * padX,
                                      std::max(40.0, spans.width() - 8));
        const QRectF pill(spans.right() - width - 6, lane.center().y() - height / 2, width, height);
        QPainterPath path;
        path.addRoundedRect(pill, height / 2, height / 2);
        p.fillPath(path, colour);
        p.setFont(bold);
        p.setPen(TimelinePalette::textOn(colour));
        p.drawText(pill.adjusted(padX, 0, -padX, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   fm.elidedText(mark.label, Qt::ElideRight, pill.width() - 2 * padX));
    }
    p.restore();
}

} // namespace

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
    // A click, a drag or the wheel (see wheelEvent) in the timeline gives it the keyboard:
    // its keys (Home, W/A/S/D, the arrows) then go to it, not to the list last clicked.
    setFocusPolicy(Qt::WheelFocus);
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
    releaseHeldRange();
    update();
}

void TimelineView::releaseHeldRange() {
    // A range kept over a re-run ends when the whole new run is on show: it may be shorter.
    if (d->trace && d->trace->finished() && !d->horizon) d->zoom->releaseHold();
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

std::shared_ptr<const SharedMarks> TimelineView::sharedMarks() const {
    return d->overlay.shared();
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
    releaseHeldRange();
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
    if (!d->laneMarks.empty()) {
        p.setClipRect(QRectF(0, d->layout.bodyTop, d->contentWidth(), height()));
        for (const LaneMark& m : d->laneMarks) {
            const QRectF spans = laneRect(m.thread);
            if (spans.isEmpty()) continue;
            const QRectF lane(0, spans.top(), spans.right(), spans.height());
            paintLaneMark(p, m, lane, spans, d->palette, font());
        }
    }
}

void TimelineView::setLaneMarks(std::vector<LaneMark> marks) {
    if (marks == d->laneMarks) return;
    d->laneMarks = std::move(marks);
    update();
}

const std::vector<LaneMark>& TimelineView::laneMarks() const {
    return d->laneMarks;
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

} // namespace tl::ui
