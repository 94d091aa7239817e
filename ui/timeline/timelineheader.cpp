// The fixed header of the timeline: an export's title and outcome, the legend, the time
// ruler with the selection's duration and the replay cursor.
#include "common/timetext.h"
#include "timeline/timelinepaintimpl.h"

#include <QObject>

#include <algorithm>

namespace tl::ui::paint {

void Painter::shrinkRulerIfCrowded() {
    for (double spacing = 90; spacing < 600; spacing *= 1.5) {
        ruler = rulerTicks(st.range, L.laneWidth, spacing, rulerUnit());
        double widest = 0;
        for (const Tick& t : ruler.ticks)
            if (t.major) widest = std::max(widest, small.horizontalAdvance(t.label));
        if (widest + 16 <= durationToWidth(ruler.step, st.range, L.laneWidth)) return;
    }
}

void Painter::header() {
    const QRectF head(0, 0, L.width, L.bodyTop);
    p.fillRect(head, pal.panel);
    if (!L.titleRect.isEmpty()) title();
    legend();
    rulerRow();
    p.setPen(QPen(pal.grid, 1));
    p.drawLine(QPointF(0, L.bodyTop - 0.5), QPointF(L.width, L.bodyTop - 0.5));
}

void Painter::title() {
    const QFontMetricsF tfm(L.titleFont);
    p.setFont(L.titleFont);
    p.setPen(pal.text);
    const double top = L.titleRect.top() + kMargin;
    const QString title = tfm.elidedText(st.title, Qt::ElideRight, L.titleRect.width() - 120);
    p.drawText(QPointF(L.titleRect.left(), top + tfm.ascent()), title);
    outcomeBadge(QPointF(L.titleRect.left() + tfm.horizontalAdvance(title) + 10, top),
                 tfm.height());
    if (!st.subtitle.isEmpty()) {
        p.setFont(L.font);
        p.setPen(pal.mutedText);
        const QRectF sub(L.titleRect.left(), top + tfm.height() + 4, L.titleRect.width(),
                         L.titleRect.bottom() - (top + tfm.height() + 4));
        p.drawText(sub, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, st.subtitle);
    }
}

void Painter::outcomeBadge(QPointF at, double lineHeight) {
    const Outcome o = trace.outcome();
    if (o == Outcome::Completed || o == Outcome::Running) return;
    const QString text = qs(outcomeLabel(o));
    const double h = small.height() + 6;
    const QRectF pill(at.x(), std::round(at.y() + (lineHeight - h) / 2),
                      small.horizontalAdvance(text) + 14, h);
    const bool bad = o == Outcome::Deadlock || o == Outcome::Error;
    const QColor fill = bad ? pal.states[std::size_t(ThreadState::Blocked)] : pal.sharedHold;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(pill, h / 2, h / 2);
    p.setFont(L.smallFont);
    p.setPen(TimelinePalette::textOn(fill));
    p.drawText(pill, Qt::AlignCenter, text);
    p.restore();
}

void Painter::legend() {
    p.setFont(L.smallFont);
    for (const LegendEntry& e : L.legend) {
        if (e.state >= 0) {
            p.fillRect(e.swatch, pal.states[std::size_t(e.state)]);
            patterns(&e.swatch, 1, ThreadState(e.state));
        } else if (e.state == LegendEntry::kSlices) {
            // Three slices of three names: the colour says the name, not a state.
            const double w = e.swatch.width() / 3;
            const char* names[3] = {"parse", "compute", "MinorGC"};
            for (int k = 0; k < 3; ++k)
                p.fillRect(
                    QRectF(e.swatch.left() + k * w, e.swatch.top(), w - 1, e.swatch.height()),
                    pal.sliceColour(names[k]));
        } else {
            // The operation tick as it appears on a lane: standing on a span's top edge.
            const QRectF span = e.swatch.adjusted(0, e.swatch.height() * 0.4, 0, 0);
            p.fillRect(span, pal.grid);
            const double mx = std::floor(e.swatch.center().x()) + 0.5;
            p.setPen(QPen(pal.marker, 1.5, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(mx, e.swatch.top()), QPointF(mx, span.bottom()));
        }
        p.setPen(pal.text);
        p.drawText(e.textPos, e.label);
    }
}

void Painter::rulerRow() {
    const QRectF& R = L.rulerRect;
    p.save();
    // Visible span in the name column's cell: how much time the lanes show.
    p.setFont(L.smallFont);
    p.setPen(pal.mutedText);
    p.drawText(QPointF(kMargin, baseline(small, R.top(), R.height() - 6)),
               QObject::tr("%1 shown").arg(humanTime(st.range.delta())));
    p.setClipRect(QRectF(L.laneLeft - 1, R.top(), L.laneWidth + kMargin, R.height()));
    const double bottom = R.bottom();
    p.setPen(QPen(pal.mutedText, 1));
    for (const Tick& t : ruler.ticks) {
        const double tx = std::floor(x(t.time)) + 0.5;
        p.drawLine(QPointF(tx, bottom - (t.major ? 7 : 3)), QPointF(tx, bottom));
    }
    const bool selecting = st.selection && st.selection->delta() > 0;
    const QRectF pill = selecting ? selectionPillRect(R) : QRectF();
    if (selecting)
        p.fillRect(QRectF(x(st.selection->start), R.top(),
                          x(st.selection->end) - x(st.selection->start), R.height()),
                   pal.selectionFill);
    p.setPen(pal.text);
    double lastRight = -1e9;
    const double labelBase = baseline(small, R.top(), R.height() - 6);
    for (const Tick& t : ruler.ticks) {
        if (!t.major) continue;
        const double tx = x(t.time) + 3;
        const double w = small.horizontalAdvance(t.label);
        if (tx < lastRight + 6 || tx + w > L.laneLeft + L.laneWidth + kMargin - 2) continue;
        // The selection's duration pill wins over the labels it would cover.
        if (selecting && tx < pill.right() + 4 && tx + w > pill.left() - 4) continue;
        p.drawText(QPointF(tx, labelBase), t.label);
        lastRight = tx + w;
    }
    if (selecting) selectionPill(pill);
    if (st.cursor && *st.cursor >= st.range.start && *st.cursor <= st.range.end) {
        const double cx = std::floor(x(*st.cursor)) + 0.5;
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(pal.highlight);
        const QPointF tri[3] = {{cx - 5, bottom - 8}, {cx + 5, bottom - 8}, {cx, bottom}};
        p.drawPolygon(tri, 3);
    }
    p.restore();
}

QRectF Painter::selectionPillRect(const QRectF& R) const {
    const double x0 = x(st.selection->start), x1 = x(st.selection->end);
    const double w = small.horizontalAdvance(humanTime(st.selection->delta())) + 12;
    const double h = small.height() + 4;
    const double cx =
        std::clamp((x0 + x1) / 2, L.laneLeft + w / 2, L.laneLeft + L.laneWidth - w / 2);
    return QRectF(cx - w / 2, R.top() + (R.height() - 6 - h) / 2, w, h);
}

void Painter::selectionPill(const QRectF& pill) {
    const QString text = humanTime(st.selection->delta());
    const double h = pill.height();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(pal.highlight);
    p.drawRoundedRect(pill, h / 2, h / 2);
    p.setPen(TimelinePalette::textOn(pal.highlight));
    p.drawText(pill, Qt::AlignCenter, text);
}

} // namespace tl::ui::paint
