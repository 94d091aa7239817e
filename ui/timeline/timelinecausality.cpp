// The timeline's explanations of waits: causality arrows (from the operation that ended a
// wait to the end of the waiter's span) and the call-out of a deadlock's threads and objects;
// and of shared variables: lost updates and races. Part of the one paint path, so exports
// show them exactly as the screen does.
#include "timeline/timelinepaintimpl.h"

#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace tl::ui::paint {

namespace {

// Red that reads on both themes and is not the vermillion of a blocked span.
QColor alertColour(const TimelinePalette& pal) {
    return pal.dark ? QColor(0xFF, 0x73, 0x73) : QColor(0xB0, 0x1E, 0x2F);
}

// A curve that leaves the operation, bows to the right and lands on the end of the wait; a
// hand-off between two lanes at one instant would otherwise be a vertical line that reads as
// a cursor. Between two points of one lane it arches over the lane.
QPainterPath arrowPath(const ArrowLine& a, double laneHeight, bool few, QPointF& headFrom) {
    const QPointF d = a.to - a.from;
    QPointF c1, c2;
    if (std::abs(d.y()) < 1) {
        const double rise = std::max(10.0, laneHeight * 0.9);
        c1 = a.from + QPointF(d.x() * 0.3, -rise);
        c2 = a.to + QPointF(-d.x() * 0.3, -rise);
    } else {
        // Many arrows side by side read better nearly straight.
        const double bow = few ? std::clamp(std::abs(d.y()) * 0.25, 8.0, 36.0)
                               : std::clamp(std::abs(d.y()) * 0.1, 3.0, 12.0);
        c1 = a.from + QPointF(d.x() * 0.35 + bow, d.y() * 0.3);
        c2 = a.to + QPointF(-d.x() * 0.35 + bow, -d.y() * 0.3);
    }
    QPainterPath path(a.from);
    path.cubicTo(c1, c2, a.to);
    headFrom = c2;
    return path;
}

QPolygonF arrowHead(QPointF tip, QPointF from, double size) {
    QPointF d = tip - from;
    const double len = std::hypot(d.x(), d.y());
    d = len > 0 ? d / len : QPointF(0, 1);
    const QPointF n(-d.y(), d.x());
    return QPolygonF({tip, tip - d * size + n * size * 0.5, tip - d * size - n * size * 0.5});
}

} // namespace

void Painter::causalOverlays() {
    if (st.arrows.empty() && st.emphasisThreads.empty() && st.emphasisObjects.empty() &&
        st.linkedObject < 0)
        return;
    p.save();
    p.setClipRect(laneClip.adjusted(-3, 0, 3, 0));
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor alert = alertColour(pal);

    // A deadlock: the waits that never ended (each thread's last span) and the objects of the
    // cycle, outlined in the alert colour over a thin line of the background.
    p.setBrush(Qt::NoBrush);
    for (const int t : st.emphasisThreads) {
        if (t < 0 || std::size_t(t) >= L.laneOfThread.size() || L.laneOfThread[std::size_t(t)] < 0)
            continue;
        const std::size_t n = trace.intervalCount(std::size_t(t));
        if (n == 0) continue;
        const Trace::Interval iv = trace.interval(std::size_t(t), n - 1);
        if (iv.range.start > st.dataEnd) continue;
        const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[std::size_t(t)])];
        double x0 = x(iv.range.start), x1 = x(std::min(iv.range.end, st.dataEnd));
        if (x1 - x0 < 4) x0 = x1 - 4;
        const QRectF r(x0, bodyY(lane.top), x1 - x0, lane.height);
        p.setPen(QPen(alert, 2.5));
        p.drawRect(r.adjusted(-1.25, -1.25, 1.25, 1.25));
        p.setPen(QPen(pal.background, 1));
        p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    for (const TrackSpec& t : L.tracks)
        if (t.object == st.linkedObject && rowVisible(t.top, t.height))
            p.fillRect(QRectF(L.laneLeft, bodyY(t.top), L.laneWidth, t.height), pal.selectionFill);
    for (const int o : st.emphasisObjects)
        for (const TrackSpec& t : L.tracks)
            if (t.object == o && rowVisible(t.top, t.height)) {
                p.setPen(QPen(alert, 2, Qt::DashLine));
                p.drawRect(
                    QRectF(L.laneLeft + 1, bodyY(t.top) + 1.5, L.laneWidth - 2, t.height - 3));
            }

    const std::vector<ArrowLine> lines =
        arrowLines(L, st.range, st.scrollY, st.viewportHeight, st.arrows);
    // One arrow (a hovered wait) is drawn boldly; an object's many hand-offs more quietly.
    const bool few = lines.size() <= 3;
    QColor ink = pal.text;
    ink.setAlphaF(few ? 0.92f : 0.6f);
    QColor halo = pal.background;
    halo.setAlphaF(few ? 0.85f : 0.5f);
    const double width = few ? 1.6 : 1.1;
    const double head = few ? 8 : 6;
    QPen inkPen(ink, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    // Many long curves: a one-pixel cosmetic pen takes the raster engine's fast stroker,
    // ten times cheaper than a wider one.
    if (!few) inkPen = QPen(ink, 1.0, Qt::SolidLine, Qt::FlatCap);
    inkPen.setCosmetic(!few);
    const QPen haloPen(halo, width + 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    const double dot = few ? 3.5 : 2.5;
    for (const ArrowLine& a : lines) {
        QPointF headFrom;
        const QPainterPath path = arrowPath(a, L.laneHeight, few, headFrom);
        const QPolygonF tip = arrowHead(a.to, headFrom, head);
        p.setBrush(Qt::NoBrush);
        if (few) {
            // A halo of the background keeps a lone arrow legible over any colour; many
            // arrows go without (it would double their cost and their clutter).
            p.setPen(haloPen);
            p.drawPath(path);
            p.drawPolygon(tip);
        }
        p.setPen(inkPen);
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(ink);
        p.drawPolygon(tip);
        p.drawEllipse(a.from, dot, dot);
    }
    p.restore();
}

void Painter::sharedOverlays() {
    if (!st.shared || st.shared->empty()) return;
    const SharedMarks& m = *st.shared;
    p.save();
    p.setClipRect(laneClip.adjusted(-3, 0, 3, 0));
    p.setRenderHint(QPainter::Antialiasing, true);
    const QColor alert = alertColour(pal);
    const Time from = st.range.start, to = std::min(st.range.end, st.dataEnd);
    auto trackOf = [&](int object) -> const TrackSpec* {
        for (const TrackSpec& t : L.tracks)
            if (t.object == object) return rowVisible(t.top, t.height) ? &t : nullptr;
        return nullptr;
    };
    auto at = [&](int object, std::size_t i) { return trace.objectEvents(std::size_t(object))[i]; };
    // A few hundred marks are as many as can be told apart; a zoomed-out frame of a run that
    // loses updates everywhere shows the first of them and the colours of the ticks.
    constexpr int kMaxMarks = 300;

    // Races: one outlined as a deadlock's objects are, its two accesses boxed together on the
    // variable's track and ringed on the threads' lanes: the race of the selected access, or
    // else the first (the one the banner states). Every other racing access is a dot under its
    // tick, so that a run where everything races looks it without a thicket of boxes.
    std::size_t outlined = 0;
    for (std::size_t k = 0; k < m.races.size(); ++k)
        if (m.races[k].variable == st.selectedObject && st.selectedOperation >= 0 &&
            (m.races[k].second == std::size_t(st.selectedOperation) ||
             m.races[k].first == std::size_t(st.selectedOperation))) {
            outlined = k;
            break;
        }
    int drawn = 0;
    double lastDot = -1e9;
    for (std::size_t k = 0; k < m.races.size(); ++k) {
        const Race& r = m.races[k];
        const Event a = at(r.variable, r.first), b = at(r.variable, r.second);
        // Nothing past the horizon (a playback shows a race once both accesses happened).
        if (b.time < from || a.time > to || b.time > st.dataEnd) continue;
        const TrackSpec* t = trackOf(r.variable);
        if (k != outlined) {
            const double bx = x(b.time);
            if (!t || bx - lastDot < 4 || ++drawn > kMaxMarks) continue;
            lastDot = bx;
            p.setPen(Qt::NoPen);
            p.setBrush(alert);
            p.drawEllipse(QPointF(bx, bodyY(t->top) + t->height - 2.5), 2, 2);
            continue;
        }
        if (t) {
            const double x0 = x(a.time) - 4, x1 = std::max(x(b.time) + 4, x0 + 8);
            p.setPen(QPen(alert, 1.5, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(QRectF(x0, bodyY(t->top) + 1.5, x1 - x0, t->height - 3), 3, 3);
        }
        for (const Event& e : {a, b}) {
            if (e.ref >= L.laneOfThread.size() || L.laneOfThread[e.ref] < 0) continue;
            const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[e.ref])];
            if (!rowVisible(lane.top, lane.height)) continue;
            const QPointF c(x(e.time), bodyY(lane.top) + lane.height / 2);
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(pal.background, 4));
            p.drawEllipse(c, 6, 6);
            p.setPen(QPen(alert, 2));
            p.drawEllipse(c, 6, 6);
        }
    }

    // Failed asserts: a red badge with an exclamation mark on the lane of the thread whose
    // assert failed, at the moment it did.
    drawn = 0;
    for (const auto& [object, index] : m.failedAsserts) {
        const Event e = at(object, index);
        if (e.time < from || e.time > to || ++drawn > kMaxMarks) continue;
        if (e.ref >= L.laneOfThread.size() || L.laneOfThread[e.ref] < 0) continue;
        const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[e.ref])];
        if (!rowVisible(lane.top, lane.height)) continue;
        const double r = std::max(5.0, std::min(8.0, lane.height / 2 - 1));
        const QPointF c(x(e.time), bodyY(lane.top) + lane.height / 2);
        p.setPen(QPen(pal.background, 2));
        p.setBrush(alert);
        p.drawEllipse(c, r, r);
        p.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(c + QPointF(0, -r * 0.5), c + QPointF(0, r * 0.1));
        p.drawPoint(c + QPointF(0, r * 0.5));
    }

    // Lost updates: an arrow over the track from the read whose value was stale by then to the
    // write computed from it, and the store that write overwrote crossed out.
    drawn = 0;
    for (const LostUpdate& l : m.lost) {
        const TrackSpec* t = trackOf(l.variable);
        if (!t) continue;
        const Event read = at(l.variable, l.staleRead), write = at(l.variable, l.write);
        const Event over = at(l.variable, l.overwritten);
        if (write.time < from || read.time > to || write.time > st.dataEnd) continue;
        if (++drawn > kMaxMarks) break;
        const double y = bodyY(t->top) + t->height * 0.62;
        ArrowLine a;
        a.from = QPointF(x(read.time), y);
        a.to = QPointF(x(write.time), y);
        if (a.to.x() - a.from.x() < 6) a.to.setX(a.from.x() + 6);
        QPointF headFrom;
        const QPainterPath path = arrowPath(a, t->height * 0.45, true, headFrom);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(pal.background, 3.5, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(path);
        p.setPen(QPen(alert, 1.6, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(path);
        p.setPen(Qt::NoPen);
        p.setBrush(alert);
        p.drawPolygon(arrowHead(a.to, headFrom, 7));
        p.drawEllipse(a.from, 2.5, 2.5);
        // The overwritten store: a cross over its tick.
        const QPointF c(x(over.time), bodyY(t->top) + t->height * 0.4);
        const double r = 4.5;
        for (const QPen& pen : {QPen(pal.background, 4.5, Qt::SolidLine, Qt::RoundCap),
                                QPen(alert, 2, Qt::SolidLine, Qt::RoundCap)}) {
            p.setPen(pen);
            p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
            p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        }
    }
    p.restore();
}

void Painter::emphasisNames() {
    for (const LayoutRow& row : L.rows)
        if (row.kind == LayoutRow::Kind::Track && row.index == st.linkedObject &&
            rowVisible(row.top, row.height))
            p.fillRect(QRectF(0, bodyY(row.top), L.nameWidth - 1, row.height), pal.selectionFill);
    if (st.emphasisThreads.empty() && st.emphasisObjects.empty()) return;
    QColor tint = alertColour(pal);
    tint.setAlpha(pal.dark ? 70 : 40);
    const QColor bar = alertColour(pal);
    auto callOut = [&](const LayoutRow& row) {
        if (!rowVisible(row.top, row.height)) return;
        const double top = bodyY(row.top);
        p.fillRect(QRectF(0, top, L.nameWidth - 1, row.height), tint);
        p.fillRect(QRectF(0, top, 4, row.height), bar);
    };
    for (const int t : st.emphasisThreads)
        if (t >= 0 && std::size_t(t) < L.laneOfThread.size() && L.laneOfThread[std::size_t(t)] >= 0)
            callOut(L.rows[std::size_t(L.rowOfLane[std::size_t(L.laneOfThread[std::size_t(t)])])]);
    for (const int o : st.emphasisObjects)
        for (const LayoutRow& row : L.rows)
            if (row.kind == LayoutRow::Kind::Track && row.index == o) callOut(row);
}

} // namespace tl::ui::paint
