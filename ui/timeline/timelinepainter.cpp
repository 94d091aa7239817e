#include "timeline/timelinepainter.h"

#include "timeline/timelinepaintimpl.h"

#include <QHash>
#include <QImage>
#include <QObject>
#include <QStaticText>

#include <algorithm>

namespace tl::ui {

namespace paint {

namespace {

QString laneTimeLabelFor(const Trace& trace, const Trace::Interval& iv) {
    QString text = qs(stateName(iv.state));
    if (iv.object >= 0 && std::size_t(iv.object) < trace.objectCount())
        text += QStringLiteral(" \u00b7 ") +
                QString::fromStdString(trace.object(std::size_t(iv.object)).name);
    if (iv.reason != Reason::None && iv.reason != Reason::Lock)
        text += QStringLiteral(" (") + qs(reasonName(iv.reason)) + QLatin1Char(')');
    return text;
}

class LabelCache {
public:
    void reset(const QFont& font) {
        if (font == m_font && m_fitted.size() < 4096 && m_static.size() < 4096) return;
        m_font = font;
        m_width.clear();
        m_fitted.clear();
        m_static.clear();
    }
    double width(const QFontMetricsF& fm, const QString& s) {
        auto it = m_width.find(s);
        if (it == m_width.end()) it = m_width.insert(s, fm.horizontalAdvance(s));
        return *it;
    }
    // s, elided at the right to fit avail pixels.
    QString fitted(const QFontMetricsF& fm, const QString& s, double avail) {
        if (width(fm, s) <= avail) return s;
        const QString key = s + QChar(0x1f) + QString::number(int(avail));
        auto it = m_fitted.find(key);
        if (it == m_fitted.end())
            it = m_fitted.insert(key, fm.elidedText(s, Qt::ElideRight, std::floor(avail)));
        return *it;
    }
    const QStaticText& prepared(const QString& s) {
        auto it = m_static.find(s);
        if (it == m_static.end()) {
            QStaticText t(s);
            t.setTextFormat(Qt::PlainText);
            t.setPerformanceHint(QStaticText::AggressiveCaching);
            t.prepare(QTransform(), m_font);
            it = m_static.insert(s, t);
        }
        return *it;
    }

private:
    QFont m_font;
    QHash<QString, double> m_width;
    QHash<QString, QString> m_fitted;
    QHash<QString, QStaticText> m_static;
};

} // namespace

void Painter::paint() {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(QRectF(0, 0, L.width, st.viewportHeight), pal.background);
    body();
    header();
    p.restore();
}

void Painter::body() {
    p.save();
    p.setClipRect(bodyClip);
    rowBackgrounds();
    gridlines(bodyClip.top(), bodyClip.bottom());
    noDataShade();
    p.save();
    p.setClipRect(laneClip);
    p.translate(L.laneLeft, L.bodyTop - st.scrollY);
    spans();
    markers();
    tracks();
    p.restore();
    namedSlices();
    counterCharts();
    spanLabels();
    instantMarks();
    flowArrows();
    selectionOverlays();
    causalOverlays();
    sharedOverlays();
    nameColumn();
    emphasisNames();
    p.restore();
}

void Painter::rowBackgrounds() {
    int laneNo = 0;
    for (std::size_t r = 0; r < L.rows.size(); ++r) {
        const LayoutRow& row = L.rows[r];
        const bool lane = row.kind == LayoutRow::Kind::Lane;
        if (lane) ++laneNo;
        if (!rowVisible(row.top, row.height)) continue;
        const QRectF rect(0, bodyY(row.top), L.width, row.height);
        if (row.kind == LayoutRow::Kind::Section || row.kind == LayoutRow::Kind::RoleHeader)
            p.fillRect(rect, pal.header);
        else if (lane && laneNo % 2 == 0)
            p.fillRect(rect, pal.alternate);
        if (int(r) == st.hoverRow) p.fillRect(rect, hoverTint());
    }
    // The last row's bottom edge closes the body.
    p.setPen(QPen(pal.grid, 1));
    const double end = bodyY(L.bodyHeight) - 0.5;
    p.drawLine(QPointF(0, end), QPointF(L.width, end));
}

void Painter::gridlines(double top, double bottom) {
    p.setPen(QPen(pal.grid, 1));
    for (const Tick& t : ruler.ticks) {
        if (!t.major) continue;
        const double gx = std::floor(x(t.time)) + 0.5;
        p.drawLine(QPointF(gx, top), QPointF(gx, bottom));
    }
}

void Painter::noDataShade() {
    if (st.dataEnd >= st.range.end) return;
    const double from = std::max(L.laneLeft, x(st.dataEnd));
    const QRectF shade(from, bodyClip.top(), L.laneLeft + L.laneWidth - from, bodyClip.height());
    p.fillRect(shade, pal.noData);
}

void Painter::markers() {
    if (g.markers.empty()) return;
    // Small ticks that stand on the top edge of a span and reach into it.
    const double h = std::max(4.0, std::round(L.laneHeight * 0.35));
    std::vector<QLineF> lines;
    lines.reserve(g.markers.size());
    for (const Marker& m : g.markers) {
        const double mx = std::floor(m.x) + 0.5;
        lines.emplace_back(mx, m.top - 2, mx, m.top + h);
    }
    p.setPen(QPen(pal.marker, 1.5, Qt::SolidLine, Qt::FlatCap));
    p.drawLines(lines.data(), int(lines.size()));
}

void Painter::spanLabels() {
    p.save();
    p.setClipRect(laneClip);
    p.setFont(L.smallFont);
    const TimeRange visible{st.range.start, std::min(st.range.end, st.dataEnd)};
    if (visible.delta() <= 0) {
        p.restore();
        return;
    }
    // Labels repeat ("working", "waiting · jobs (queue full)") and laying out text is the
    // costliest step of a frame, so widths, elisions and prepared layouts live on across
    // frames (per thread: an export may paint away from the GUI thread).
    thread_local LabelCache cache;
    cache.reset(L.smallFont);
    int budget = kMaxSpanLabels;
    const double minWidth = cache.width(small, QStringLiteral("waiting")) + 12;
    for (const LaneSpec& lane : L.lanes) {
        if (!rowVisible(lane.top, lane.height)) continue;
        const auto [first, last] = trace.intervalsIn(std::size_t(lane.thread), visible);
        // Only lanes with few spans in view can have spans wide enough to label.
        if (double(last - first) > L.laneWidth / minWidth + 2) continue;
        const double top = baseline(small, bodyY(lane.top), lane.height) - small.ascent();
        for (std::size_t i = first; i < last && budget > 0; ++i) {
            const Trace::Interval iv = trace.interval(std::size_t(lane.thread), i);
            const double x0 = std::max(x(std::max(iv.range.start, visible.start)), L.laneLeft);
            const double x1 =
                std::min(x(std::min(iv.range.end, visible.end)), L.laneLeft + L.laneWidth);
            if (x1 - x0 < minWidth) continue;
            const QString text = cache.fitted(small, laneTimeLabelFor(trace, iv), x1 - x0 - 8);
            if (text.isEmpty() || text == QStringLiteral("\u2026")) continue;
            const QColor fill = pal.stateColour(iv.state);
            if (TimelinePalette::statePattern(iv.state) != StatePattern::None) {
                // The pattern stops behind the text so the text stays legible.
                p.fillRect(QRectF(x0 + 2, bodyY(lane.top) + 1, cache.width(small, text) + 4,
                                  lane.height - 2),
                           fill);
            }
            p.setPen(TimelinePalette::textOn(fill));
            if (raster)
                p.drawStaticText(QPointF(x0 + 4, top), cache.prepared(text));
            else
                p.drawText(QPointF(x0 + 4, top + small.ascent()), text);
            --budget;
        }
    }
    p.restore();
}

void Painter::selectionOverlays() {
    p.save();
    p.setClipRect(laneClip.adjusted(-2, 0, 2, 0));
    if (st.selection && st.selection->delta() > 0) {
        const double x0 = x(st.selection->start), x1 = x(st.selection->end);
        p.fillRect(QRectF(x0, bodyClip.top(), x1 - x0, bodyClip.height()), pal.selectionFill);
        p.setPen(QPen(pal.highlight, 1));
        p.drawLine(QPointF(std::round(x0) + 0.5, bodyClip.top()),
                   QPointF(std::round(x0) + 0.5, bodyClip.bottom()));
        p.drawLine(QPointF(std::round(x1) - 0.5, bodyClip.top()),
                   QPointF(std::round(x1) - 0.5, bodyClip.bottom()));
    }
    if (st.selectedThread >= 0 && std::size_t(st.selectedThread) < L.laneOfThread.size() &&
        st.selectedInterval >= 0 &&
        std::size_t(st.selectedInterval) < trace.intervalCount(std::size_t(st.selectedThread))) {
        const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[std::size_t(st.selectedThread)])];
        const Trace::Interval iv =
            trace.interval(std::size_t(st.selectedThread), std::size_t(st.selectedInterval));
        double x0 = x(iv.range.start), x1 = x(std::min(iv.range.end, st.dataEnd));
        if (x1 - x0 < 3) { // tiny spans still get a visible frame
            const double mid = (x0 + x1) / 2;
            x0 = mid - 1.5;
            x1 = mid + 1.5;
        }
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(pal.text, 2));
        p.drawRect(QRectF(x0 - 1, bodyY(lane.top) - 1, x1 - x0 + 2, lane.height + 2));
        p.setPen(QPen(pal.background, 1));
        p.drawRect(QRectF(x0 + 0.5, bodyY(lane.top) + 0.5, x1 - x0 - 1, lane.height - 1));
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    if (st.selectedObject >= 0 && std::size_t(st.selectedObject) < trace.objectCount() &&
        st.selectedOperation >= 0 &&
        std::size_t(st.selectedOperation) <
            trace.objectEvents(std::size_t(st.selectedObject)).size()) {
        const Event& e =
            trace.objectEvents(std::size_t(st.selectedObject))[std::size_t(st.selectedOperation)];
        const double ox = std::floor(x(e.time)) + 0.5;
        p.setPen(QPen(pal.highlight, 2));
        if (e.ref < L.laneOfThread.size() && L.laneOfThread[e.ref] >= 0) {
            const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[e.ref])];
            p.drawLine(QPointF(ox, bodyY(lane.top) - 3),
                       QPointF(ox, bodyY(lane.top + lane.height) + 3));
            diamond(QPointF(ox, bodyY(lane.top) - 3));
        }
        // And on the object's own track.
        for (const TrackSpec& t : L.tracks)
            if (t.object == st.selectedObject)
                p.drawLine(QPointF(ox, bodyY(t.top)), QPointF(ox, bodyY(t.top + t.height)));
    }
    if (st.cursor && *st.cursor >= st.range.start && *st.cursor <= st.range.end) {
        const double cx = std::floor(x(*st.cursor)) + 0.5;
        p.setPen(QPen(pal.highlight, 2));
        p.drawLine(QPointF(cx, bodyClip.top()), QPointF(cx, bodyClip.bottom()));
    }
    p.restore();
}

void Painter::diamond(QPointF c) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(pal.highlight);
    const QPointF pts[4] = {c + QPointF(0, -4), c + QPointF(4, 0), c + QPointF(0, 4),
                            c + QPointF(-4, 0)};
    p.drawPolygon(pts, 4);
    p.restore();
}

void Painter::nameColumn() {
    const QRectF column(0, bodyClip.top(), L.nameWidth, bodyClip.height());
    p.fillRect(column, pal.panel);
    for (std::size_t r = 0; r < L.rows.size(); ++r) {
        const LayoutRow& row = L.rows[r];
        if (!rowVisible(row.top, row.height)) continue;
        const double top = bodyY(row.top);
        const double avail = L.nameWidth - kMargin - 6;
        if (int(r) == st.hoverRow) p.fillRect(QRectF(0, top, L.nameWidth, row.height), hoverTint());
        switch (row.kind) {
        case LayoutRow::Kind::Section:
        case LayoutRow::Kind::RoleHeader: {
            p.fillRect(QRectF(0, top, L.nameWidth, row.height), pal.header);
            p.setFont(L.boldFont);
            p.setPen(pal.text);
            const QString label = bold.elidedText(row.label, Qt::ElideRight, avail);
            p.drawText(QPointF(kMargin, baseline(bold, top, row.height)), label);
            const double used = bold.horizontalAdvance(label) + 8;
            if (!row.detail.isEmpty() && used + small.horizontalAdvance(row.detail) <= avail) {
                p.setFont(L.smallFont);
                p.setPen(pal.mutedText);
                p.drawText(QPointF(kMargin + used, baseline(bold, top, row.height)), row.detail);
            }
            break;
        }
        case LayoutRow::Kind::Lane: {
            double left = kMargin + kIndent;
            if (L.threadChips) {
                const double chip = std::round(fm.height() * 0.55);
                p.save();
                p.setRenderHint(QPainter::Antialiasing, true);
                p.setPen(Qt::NoPen);
                p.setBrush(pal.threadColour(row.index));
                p.drawRoundedRect(
                    QRectF(left, std::round(top + (row.height - chip) / 2), chip, chip), 2, 2);
                p.restore();
                left += kChip;
            }
            p.setFont(L.font);
            p.setPen(pal.text);
            p.drawText(QPointF(left, baseline(fm, top, row.height)),
                       fm.elidedText(row.label, Qt::ElideMiddle, avail - (left - kMargin)));
            break;
        }
        case LayoutRow::Kind::Slices:
        case LayoutRow::Kind::Async:
            sliceRowName(row, top);
            break;
        case LayoutRow::Kind::Counter:
        case LayoutRow::Kind::Instants:
            markRowName(row, top);
            break;
        case LayoutRow::Kind::Track: {
            p.setFont(L.font);
            p.setPen(pal.text);
            const double indentAvail = avail - kIndent;
            const bool twoLines = row.height >= fm.height() + small.height() + 4;
            const double nameTop =
                twoLines ? top + (row.height - fm.height() - small.height()) / 2 : top;
            const double nameHeight = twoLines ? fm.height() : row.height;
            const QString name = fm.elidedText(row.label, Qt::ElideMiddle, indentAvail);
            p.drawText(QPointF(kMargin + kIndent, baseline(fm, nameTop, nameHeight)), name);
            p.setFont(L.smallFont);
            p.setPen(pal.mutedText);
            if (twoLines) {
                p.drawText(QPointF(kMargin + kIndent, nameTop + fm.height() + small.ascent()),
                           small.elidedText(row.detail, Qt::ElideRight, indentAvail));
            } else {
                const double used = fm.horizontalAdvance(name) + 6;
                const QString kind = small.elidedText(row.detail.section(QLatin1Char(','), 0, 0),
                                                      Qt::ElideRight, indentAvail - used);
                if (!kind.isEmpty() && kind != QStringLiteral("\u2026"))
                    p.drawText(QPointF(kMargin + kIndent + used, baseline(fm, top, row.height)),
                               kind);
            }
            break;
        }
        }
    }
    p.setPen(QPen(pal.grid, 1));
    const double edge = L.nameWidth - 0.5;
    p.drawLine(QPointF(edge, column.top()), QPointF(edge, column.bottom()));
}

} // namespace paint

void paintTimeline(QPainter& p, const Trace& trace, const TimelineLayout& layout,
                   const TimelineGeometry& geometry, const TimelinePalette& palette,
                   const PaintState& state) {
    paint::Painter(p, trace, layout, geometry, palette, state).paint();
}

TimelineLayout pictureLayout(const Trace& trace, const PictureRequest& request) {
    LayoutOptions options;
    options.font = request.font;
    options.width = request.width;
    options.exportMode = true;
    options.title = request.title;
    options.subtitle = request.subtitle;
    return layoutTimeline(trace, options);
}

void paintPicture(QPainter& p, const Trace& trace, const TimelineLayout& layout,
                  const PictureRequest& request) {
    const TimeRange range = request.range.delta() > 0
                                ? request.range
                                : TimeRange{0, std::max<Time>(trace.endTime(), 1)};
    GeometryRequest g;
    g.range = range;
    g.width = layout.laneWidth;
    g.dataEnd = trace.endTime();
    g.lanes = layout.lanes;
    g.tracks = layout.tracks;
    const auto step = [&request](double fraction) {
        if (request.progress) request.progress->step(fraction);
    };
    step(0.05);
    TimelineIndex index;
    index.update(trace);
    step(0.4);
    const TimelineGeometry geometry = buildGeometry(trace, g, index);
    step(0.6);
    PaintState st;
    st.range = range;
    st.dataEnd = trace.endTime();
    st.viewportHeight = layout.contentHeight;
    st.title = request.title;
    st.subtitle = request.subtitle;
    st.arrows = request.arrows;
    st.emphasisThreads = request.emphasisThreads;
    st.emphasisObjects = request.emphasisObjects;
    // Lost updates and races are read off the trace: every picture of it shows them.
    st.shared = request.shared ? request.shared : findSharedMarks(trace);
    paintTimeline(p, trace, layout, geometry, request.palette, st);
}

} // namespace tl::ui
