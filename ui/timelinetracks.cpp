// The object tracks: queue depth, permits and barrier waiters as step charts, lock
// owners as bars coloured by thread, condition-variable operations as ticks.
#include "timelinepaintimpl.h"

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
        case TrackKind::None:
            break;
        }
    }
}

void Painter::counter(const ObjectTrackGeometry& t, const TrackSpec& spec) {
    QColor fill = pal.highlight;
    fill.setAlpha(pal.dark ? 70 : 50);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawPolygon(t.area);
    // The full level (capacity, permits, parties) as a faint dashed line.
    const double top = spec.top + 3;
    p.setPen(QPen(pal.grid, 1, Qt::DashLine));
    p.drawLine(QPointF(0, top + 0.5), QPointF(L.laneWidth, top + 0.5));
    p.setPen(QPen(pal.highlight, 1.5));
    p.drawPolyline(t.line);
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
