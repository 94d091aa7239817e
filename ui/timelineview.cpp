#include "timelineview.h"

#include "zoomcontrol.h"

#include <QPainter>

namespace tl::ui {

// Placeholder so the main window links; the real view replaces it.
struct TimelineView::Private {
    std::shared_ptr<const Trace> trace;
    ZoomControl* zoom = nullptr;
    std::optional<Time> horizon;
    std::optional<Time> cursor;
    std::optional<TimeRange> selection;
};

TimelineView::TimelineView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    d->zoom = new ZoomControl(this);
    connect(d->zoom, &ZoomControl::rangeChanged, this, qOverload<>(&QWidget::update));
    connect(d->zoom, &ZoomControl::followChanged, this, &TimelineView::followChanged);
    setMinimumSize(200, 100);
}

TimelineView::~TimelineView() = default;

void TimelineView::setTrace(std::shared_ptr<const Trace> trace) {
    d->trace = std::move(trace);
    traceGrew();
    d->zoom->fit();
    update();
}

std::shared_ptr<const Trace> TimelineView::trace() const {
    return d->trace;
}
void TimelineView::setHorizon(std::optional<Time> t) {
    d->horizon = t;
    update();
}
void TimelineView::setCursor(std::optional<Time> t) {
    d->cursor = t;
    update();
}
ZoomControl* TimelineView::zoom() const {
    return d->zoom;
}
int TimelineView::laneCount() const {
    return d->trace ? int(d->trace->threadCount()) : 0;
}
void TimelineView::selectInterval(int, qint64) {}
void TimelineView::selectOperation(int, qint64) {}
void TimelineView::clearSelection() {
    d->selection.reset();
}
std::optional<TimeRange> TimelineView::selectedRange() const {
    return d->selection;
}

void TimelineView::traceGrew() {
    if (d->trace) d->zoom->setExtent({0, std::max<Time>(d->trace->endTime(), 1)});
    update();
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!d->trace) return;
    const TimeRange r = d->zoom->range();
    const double scale = double(width()) / double(std::max<Time>(r.delta(), 1));
    static const QColor colours[] = {"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                     "#D55E00", "#CC79A7", "#0072B2"};
    for (std::size_t t = 0; t < d->trace->threadCount(); ++t) {
        const auto [first, last] = d->trace->intervalsIn(t, r);
        for (std::size_t i = first; i < last; ++i) {
            const Trace::Interval iv = d->trace->interval(t, i);
            const double x0 = double(iv.range.start - r.start) * scale;
            const double x1 = double(iv.range.end - r.start) * scale;
            p.fillRect(QRectF(x0, double(t) * 20 + 2, std::max(1.0, x1 - x0), 16),
                       colours[int(iv.state) % 7]);
        }
    }
}

} // namespace tl::ui
