// The object tracks: queue depth, permits and barrier waiters as step charts, lock
// owners as bars coloured by thread, condition-variable operations as ticks, a shared
// variable's value as a step chart over the ticks of its accesses.
#include "timeline/timelinepaintimpl.h"

#include <QObject>

#include <algorithm>

namespace tl::ui::paint {

void Painter::tracks() {
    for (std::size_t k = 0; k < g.tracks.size() && k < L.tracks.size(); ++k) {
        const ObjectTrackGeometry& t = g.tracks[k];
        const TrackSpec& spec = L.tracks[k];
        if (!rowVisible(spec.top, spec.height)) continue;
        switch (t.kind) {
        case TrackKind::Counter:
            counter(t, spec);
            break;
        case TrackKind::Owner:
        case TrackKind::Flag:
            bars(t);
            break;
        case TrackKind::Marks:
            marks(t, spec);
            break;
        case TrackKind::Value:
            values(t, spec);
            break;
        case TrackKind::None:
            break;
        }
    }
}

namespace {

constexpr double kCounterPen = 1.5;

// The step chart on a raster device. Its outline is axis-aligned (a step per operation,
// and a vertical excursion in a pixel column that holds several), up to four vertices per
// pixel column. Qt's raster engine fills one path of thousands of such vertices in
// superlinear time: one queue track of a 2 M-event producer/consumer run cost ~400 ms per
// frame as drawPolygon + drawPolyline (bench_live), while a fillRect per horizontal run
// (the area under it) and per stroke of the line costs well under a millisecond. Without
// antialiasing the pixels are the same but for a corner pixel at a step (square ends
// instead of bevel joins).
//
// The area: one rectangle under each horizontal run (points of one y in a row).
void rasterArea(QPainter& p, const QPolygonF& line, double bottom, const QColor& fill) {
    const qsizetype n = line.size();
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i + 1;
        while (j < n && line[j].y() == line[i].y())
            ++j;
        const double x0 = line[i].x(), x1 = line[j - 1].x(), y = line[i].y();
        if (x1 > x0 && bottom > y) p.fillRect(QRectF(x0, y, x1 - x0, bottom - y), fill);
        i = j;
    }
}

// The line: each horizontal run and each vertical run (points of one x in a row, its
// lowest to highest) as a rectangle of the pen's width, square at the ends.
void rasterLine(QPainter& p, const QPolygonF& line, const QColor& ink) {
    const qsizetype n = line.size();
    constexpr double h = kCounterPen / 2;
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i + 1;
        while (j < n && line[j].y() == line[i].y())
            ++j;
        const double x0 = line[i].x(), x1 = line[j - 1].x(), y = line[i].y();
        if (x1 > x0) p.fillRect(QRectF(x0 - h, y - h, x1 - x0 + 2 * h, 2 * h), ink);
        i = j;
    }
    for (qsizetype i = 0; i < n;) {
        qsizetype j = i + 1;
        double lo = line[i].y(), hi = lo;
        while (j < n && line[j].x() == line[i].x()) {
            lo = std::min(lo, line[j].y());
            hi = std::max(hi, line[j].y());
            ++j;
        }
        if (hi > lo) p.fillRect(QRectF(line[i].x() - h, lo - h, 2 * h, hi - lo + 2 * h), ink);
        // A segment that is neither (the builder makes none) is still drawn.
        if (j < n && line[j].y() != line[j - 1].y() && line[j].x() != line[j - 1].x()) {
            p.setPen(QPen(ink, kCounterPen));
            p.drawLine(line[j - 1], line[j]);
        }
        i = j;
    }
}

} // namespace

void Painter::counter(const ObjectTrackGeometry& t, const TrackSpec& spec) {
    QColor fill = pal.highlight;
    fill.setAlpha(pal.dark ? 70 : 50);
    // Vector devices keep one polygon and one polyline: a small file, exact joins.
    if (raster) {
        // The area polygon closes along the builder's baseline: its last point is on it.
        if (!t.area.isEmpty()) rasterArea(p, t.line, t.area.back().y(), fill);
    } else {
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawPolygon(t.area);
    }
    // The full level (capacity, permits, parties) as a faint dashed line.
    const double top = spec.top + 3;
    p.setPen(QPen(pal.grid, 1, Qt::DashLine));
    p.drawLine(QPointF(0, top + 0.5), QPointF(L.laneWidth, top + 0.5));
    if (raster) {
        rasterLine(p, t.line, pal.highlight);
    } else {
        p.setPen(QPen(pal.highlight, kCounterPen));
        p.drawPolyline(t.line);
    }
    if (!t.passes.empty()) {
        p.setPen(QPen(pal.text, 1, Qt::DotLine));
        for (float px : t.passes) {
            const double lx = std::floor(px) + 0.5;
            p.drawLine(QPointF(lx, spec.top + 1), QPointF(lx, spec.top + spec.height - 1));
        }
    }
    p.setFont(L.smallFont);
    p.setPen(pal.mutedText);
    p.drawText(QPointF(4, top + small.ascent() + 1), QString::number(t.maxLevel));
}

void Painter::bars(const ObjectTrackGeometry& t) {
    p.setPen(Qt::NoPen);
    const bool flag = t.kind == TrackKind::Flag;
    QColor flagColour = pal.highlight;
    flagColour.setAlpha(150);
    for (const OwnerBar& b : t.bars) {
        const QColor c = flag           ? flagColour
                         : b.owner >= 0 ? pal.threadColour(b.owner)
                                        : pal.sharedHold;
        p.fillRect(b.rect, c);
    }
    // Name the holder where the bar has room.
    p.setFont(L.smallFont);
    int labels = 0;
    for (const OwnerBar& b : t.bars) {
        if (b.rect.width() < 40 || ++labels > kMaxSpanLabels / 4) continue;
        QString text = flag ? QObject::tr("set")
                       : b.owner >= 0 && std::size_t(b.owner) < trace.threadCount()
                           ? QString::fromStdString(trace.thread(std::size_t(b.owner)).name)
                           : (b.shared == 1 ? QObject::tr("1 reader")
                                            : QObject::tr("%1 readers").arg(b.shared));
        const double visibleLeft = std::max(b.rect.left(), 0.0);
        const double visibleRight = std::min(b.rect.right(), L.laneWidth);
        const QString full = text;
        text = small.elidedText(text, Qt::ElideRight, visibleRight - visibleLeft - 8);
        // "w…" says nothing; show a label only when a few letters survive.
        if (text != full && text.size() < 5) continue;
        p.setPen(TimelinePalette::textOn(flag           ? pal.highlight
                                         : b.owner >= 0 ? pal.threadColour(b.owner)
                                                        : pal.sharedHold));
        p.drawText(QPointF(visibleLeft + 4, baseline(small, b.rect.top(), b.rect.height())), text);
    }
}

// A variable: ticks of its accesses in the colour of the thread that made them, rising from
// the track's foot (a read a third of the way, a plain write two thirds, an atomic operation
// all the way), and its value over them as a step chart with the range at the left.
void Painter::values(const ObjectTrackGeometry& t, const TrackSpec& spec) {
    const double foot = spec.top + spec.height - 2;
    const double span = spec.height - 5;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const Marker& m : t.marks) {
        const double rise = m.op == Op::Read || m.op == Op::CasFailed ? span * 0.4
                            : m.op == Op::Write                       ? span * 0.75
                                                                      : span;
        const double mx = std::floor(m.x) + 0.5;
        QColor c = m.thread != kNoRef ? pal.threadColour(m.thread) : pal.marker;
        p.setPen(QPen(c, 2, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(mx, foot), QPointF(mx, foot - rise));
    }
    p.restore();
    QColor fill = pal.highlight;
    fill.setAlpha(pal.dark ? 40 : 28);
    if (raster) {
        if (!t.area.isEmpty()) rasterArea(p, t.line, t.area.back().y(), fill);
        rasterLine(p, t.line, pal.text);
    } else {
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        p.drawPolygon(t.area);
        p.setPen(QPen(pal.text, kCounterPen));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(t.line);
    }
    p.setFont(L.smallFont);
    // The value after each step, above the line, where the steps leave room.
    p.setPen(pal.text);
    const double lineTop = spec.top + 3, lineBottom = spec.top + spec.height - 1;
    const double scale = (lineBottom - lineTop) / double(std::max(1, t.maxLevel - t.minLevel));
    for (const auto& [lx, value] : t.valueLabels) {
        const double ly = lineBottom - double(value - t.minLevel) * scale;
        const double base = std::max(lineTop + small.ascent(), ly - 2);
        p.drawText(QPointF(lx + 2, base), QString::number(value));
    }
    // The range in view, highest at the top and lowest at the foot.
    p.setPen(pal.mutedText);
    p.drawText(QPointF(4, spec.top + 3 + small.ascent()), QString::number(t.maxLevel));
    p.drawText(QPointF(4, spec.top + spec.height - 3 - small.descent()),
               QString::number(t.minLevel));
}

void Painter::marks(const ObjectTrackGeometry& t, const TrackSpec& spec) {
    std::vector<QLineF> lines;
    lines.reserve(t.marks.size());
    for (const Marker& m : t.marks) {
        const double mx = std::floor(m.x) + 0.5;
        lines.emplace_back(mx, spec.top + 3, mx, spec.top + spec.height - 3);
    }
    p.setPen(QPen(pal.marker, 1.5, Qt::SolidLine, Qt::FlatCap));
    p.drawLines(lines.data(), int(lines.size()));
}

} // namespace tl::ui::paint
