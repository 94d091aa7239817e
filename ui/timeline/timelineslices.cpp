// Another program's trace on the timeline: its named slices, a row of levels per thread (and
// per async track) under the thread's lane, coloured by name and labelled where they are wide
// enough; its flows (a scheduler trace's wakeups) as arrows between the lanes; its counters'
// series as step charts on rows of their own, like an object's level track; its instants as
// pins on their thread's slices (or lane), on their process's row or on the whole trace's;
// and what the tooltips say of a slice, a counter, an instant and of who woke a thread.
#include "analysis/narration.h"
#include "common/timetext.h"
#include "model/slices.h"
#include "timeline/timelinehittest.h"
#include "timeline/timelinepaintimpl.h"

#include <QLineF>
#include <QObject>

#include <algorithm>
#include <cmath>

namespace tl::ui::paint {

namespace {

// Below this a slice gets no label: three letters and an ellipsis at the small font.
constexpr double kMinLabelWidth = 28;
// Arrows drawn at most in one frame; a zoomed-out scheduler trace has thousands of wakeups,
// and more arrows than pixels is ink, not information.
constexpr std::size_t kMaxFlows = 600;

} // namespace

double Painter::threadAnchorY(int thread) const {
    if (thread < 0 || std::size_t(thread) >= L.laneOfThread.size()) return -1;
    const int lane = L.laneOfThread[std::size_t(thread)];
    if (lane >= 0) {
        const LaneSpec& spec = L.lanes[std::size_t(lane)];
        return bodyY(spec.top + spec.height / 2);
    }
    if (std::size_t(thread) < L.slicesOfThread.size() && L.slicesOfThread[std::size_t(thread)] >= 0)
        return bodyY(L.rows[std::size_t(L.slicesOfThread[std::size_t(thread)])].top +
                     L.sliceHeight / 2);
    return -1;
}

void Painter::namedSlices() {
    if (!trace.foreign()) return;
    const SliceData& d = trace.slices();
    p.save();
    p.setClipRect(laneClip);
    p.setFont(L.smallFont);
    int labels = 0;
    const double left = L.laneLeft - 1, right = L.laneLeft + L.laneWidth + 1;
    for (const LayoutRow& row : L.rows) {
        if (row.kind != LayoutRow::Kind::Slices && row.kind != LayoutRow::Kind::Async) continue;
        if (!rowVisible(row.top, row.height)) continue;
        const SliceTrack track = row.kind == LayoutRow::Kind::Slices
                                     ? d.threadTrack(std::size_t(row.index))
                                     : d.asyncTrack(std::size_t(row.index));
        const std::size_t levels = std::min(track.depth(), std::size_t(row.levels));
        for (std::size_t level = 0; level < levels; ++level) {
            const double top = bodyY(row.top) + 1 + double(level) * L.sliceHeight;
            const double h = L.sliceHeight - 1;
            const std::span<const Slice> spans = track.level(level);
            const auto [a, b] = track.slicesIn(level, st.range);
            std::size_t i = a;
            while (i < b) {
                const Slice& s = spans[i];
                const std::string_view name = d.name(s.label);
                const double x0 = std::max(x(s.start), left);
                const double x1 = std::min(x(s.end()), right);
                if (x1 - x0 >= 1.0) {
                    const QColor fill = pal.sliceColour(name);
                    const QRectF r(x0, top, x1 - x0, h);
                    p.fillRect(r, fill);
                    if (r.width() >= 4) {
                        p.setPen(QPen(fill.darker(pal.dark ? 70 : 125), 1));
                        p.drawLine(QPointF(x0, top + h - 0.5), QPointF(x1, top + h - 0.5));
                    }
                    if (r.width() >= kMinLabelWidth && labels < kMaxSpanLabels) {
                        const QString text =
                            small.elidedText(qs(name), Qt::ElideRight, r.width() - 6);
                        if (!text.isEmpty() && text != QStringLiteral("\u2026")) {
                            p.setPen(TimelinePalette::textOn(fill));
                            p.drawText(QPointF(x0 + 3, baseline(small, top, h)), text);
                            ++labels;
                        }
                    }
                    ++i;
                    continue;
                }
                // Narrower than a pixel: everything that starts before the next pixel column
                // is one column, found by a binary search rather than read slice by slice.
                const double column = std::floor(x0);
                const Time next = xToTime(column + 1, st.range, L.laneWidth, L.laneLeft);
                const auto it =
                    std::partition_point(spans.begin() + long(i) + 1, spans.begin() + long(b),
                                         [&](const Slice& o) { return o.start < next; });
                const std::size_t j = std::size_t(it - spans.begin());
                QColor fill = pal.sliceColour(name);
                if (j - i > 1) fill = pal.mutedText; // several names: none of their colours
                p.fillRect(QRectF(column, top, 1, h), fill);
                i = std::max(j, i + 1);
            }
        }
    }
    p.restore();
}

void Painter::flowArrows() {
    if (!trace.foreign()) return;
    const SliceData& d = trace.slices();
    if (d.flows.empty()) return;
    // The flows ending in view, thread by thread (they are sorted by target, then time).
    std::vector<const Flow*> shown;
    for (std::size_t t = 0; t < trace.threadCount(); ++t) {
        const double y = threadAnchorY(int(t));
        if (y < 0) continue;
        const auto [a, b] = d.flowsInto(t);
        const auto first =
            std::partition_point(d.flows.begin() + long(a), d.flows.begin() + long(b),
                                 [&](const Flow& f) { return f.toTime < st.range.start; });
        for (auto it = first; it != d.flows.begin() + long(b) && it->toTime <= st.range.end; ++it)
            if (it->fromThread >= 0) shown.push_back(&*it);
    }
    if (shown.empty()) return;
    const std::size_t stride = (shown.size() + kMaxFlows - 1) / kMaxFlows;
    p.save();
    p.setClipRect(laneClip);
    p.setRenderHint(QPainter::Antialiasing, true);
    QColor ink = pal.flowColour();
    ink.setAlpha(stride > 1 ? 110 : 170);
    p.setPen(QPen(ink, 1.1));
    p.setBrush(ink);
    const double head = 4.5;
    for (std::size_t k = 0; k < shown.size(); k += stride) {
        const Flow& f = *shown[k];
        const double y0 = threadAnchorY(f.fromThread), y1 = threadAnchorY(f.toThread);
        if (y0 < 0 || y1 < 0) continue;
        const QPointF from(x(f.fromTime), y0), to(x(f.toTime), y1);
        p.drawLine(from, to);
        // The head points along the arrow; a vertical one (same moment) points down or up.
        QLineF dir(to, from);
        if (dir.length() < 0.5) continue;
        dir.setLength(head * 1.6);
        QLineF side = dir;
        side.setAngle(dir.angle() + 25);
        const QPointF l = side.p2();
        side.setAngle(dir.angle() - 25);
        const QPointF r = side.p2();
        const QPointF tri[3] = {to, l, r};
        p.drawPolygon(tri, 3);
    }
    p.restore();
}

void Painter::sliceRowName(const LayoutRow& row, double top) {
    // A thread's slices under its lane need no second name; a thread of slices alone (a Chrome
    // trace's) and an async track are named here.
    const bool underLane = row.kind == LayoutRow::Kind::Slices &&
                           std::size_t(row.index) < L.laneOfThread.size() &&
                           L.laneOfThread[std::size_t(row.index)] >= 0;
    const double avail = L.nameWidth - kMargin - kIndent - 6;
    const double lineTop = top + 1;
    if (underLane) {
        p.setFont(L.smallFont);
        p.setPen(pal.mutedText);
        p.drawText(QPointF(kMargin + kIndent, baseline(small, lineTop, L.sliceHeight)),
                   small.elidedText(QObject::tr("slices"), Qt::ElideRight, avail));
        return;
    }
    if (row.kind == LayoutRow::Kind::Async) {
        p.setFont(L.smallFont);
        p.setPen(pal.mutedText);
        p.drawText(QPointF(kMargin + kIndent, baseline(small, lineTop, L.sliceHeight)),
                   small.elidedText(row.label, Qt::ElideMiddle, avail));
        return;
    }
    p.setFont(L.font);
    p.setPen(pal.text);
    p.drawText(
        QPointF(kMargin + kIndent, baseline(fm, lineTop, std::max(L.sliceHeight, fm.height()))),
        fm.elidedText(row.label, Qt::ElideMiddle, avail));
}

} // namespace tl::ui::paint

namespace tl::ui {

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

SliceTrack trackOf(const Trace& trace, const Hit& hit) {
    const SliceData& d = trace.slices();
    if (hit.sliceTrack < 0) return {};
    if (hit.async)
        return std::size_t(hit.sliceTrack) < d.async.size()
                   ? d.asyncTrack(std::size_t(hit.sliceTrack))
                   : SliceTrack();
    return std::size_t(hit.sliceTrack) < trace.threadCount()
               ? d.threadTrack(std::size_t(hit.sliceTrack))
               : SliceTrack();
}

// Args as the file wrote them, shortened: a tooltip is no place for a 10 KB object.
QString argsText(std::string_view args) {
    constexpr std::size_t kMax = 400;
    QString text = qs(args.substr(0, kMax));
    if (args.size() > kMax) text += QStringLiteral("\u2026");
    return text.toHtmlEscaped();
}

} // namespace

long sliceUnder(const Trace& trace, const Hit& hit, Time slop) {
    if (!trace.foreign() || hit.sliceLevel < 0) return -1;
    const SliceTrack track = trackOf(trace, hit);
    const auto level = std::size_t(hit.sliceLevel);
    if (level >= track.depth()) return -1;
    const long at = track.sliceAt(level, hit.time);
    if (at >= 0) return at;
    const auto [a, b] = track.slicesIn(level, TimeRange{hit.time - slop, hit.time + slop});
    return a < b ? long(a) : -1;
}

QString sliceTooltip(const Trace& trace, const Hit& hit) {
    if (hit.slice < 0 || hit.sliceLevel < 0) return {};
    const SliceData& d = trace.slices();
    const SliceTrack track = trackOf(trace, hit);
    const auto level = std::size_t(hit.sliceLevel);
    if (level >= track.depth() || std::size_t(hit.slice) >= track.level(level).size()) return {};
    const Slice& s = track.level(level)[std::size_t(hit.slice)];
    QString text = QStringLiteral("<b>%1</b>").arg(qs(d.name(s.label)).toHtmlEscaped());
    if (!d.category(s.label).empty())
        text += QStringLiteral(" &mdash; %1").arg(qs(d.category(s.label)).toHtmlEscaped());
    int thread = hit.async ? -1 : hit.sliceTrack;
    if (hit.async) {
        text += QStringLiteral("<br>%1 %2")
                    .arg(QObject::tr("async track:"),
                         qs(d.asyncName(std::size_t(hit.sliceTrack))).toHtmlEscaped());
        thread = d.asyncThread(std::size_t(hit.sliceTrack), level, std::size_t(hit.slice));
    }
    if (thread >= 0 && std::size_t(thread) < trace.threadCount())
        text +=
            QStringLiteral("<br>%1 %2")
                .arg(
                    hit.async ? QObject::tr("began on:") : QObject::tr("thread:"),
                    QString::fromStdString(trace.thread(std::size_t(thread)).name).toHtmlEscaped());
    text +=
        QStringLiteral("<br>%1 %2<br>%3 %4<br>%5 %6<br>%7 %8")
            .arg(QObject::tr("start:"), humanTime(s.start), QObject::tr("duration:"),
                 humanTime(s.duration), QObject::tr("self time:"),
                 humanTime(track.selfTime(level, std::size_t(hit.slice))), QObject::tr("depth:"))
            .arg(level + 1);
    if (s.args != 0 && !d.text(s.args).empty())
        text += QStringLiteral("<br>%1 <tt>%2</tt>")
                    .arg(QObject::tr("args:"), argsText(d.text(s.args)));
    return text;
}

QString wokenBy(const Trace& trace, int thread, Time time) {
    if (thread < 0) return {};
    return QString::fromStdString(tl::wokenBy(trace, std::size_t(thread), time));
}

} // namespace tl::ui

namespace tl::ui {

std::span<const Instant> rowInstants(const Trace& trace, const TimelineLayout& layout, int row) {
    if (!trace.foreign() || row < 0 || std::size_t(row) >= layout.rows.size()) return {};
    const SliceData& d = trace.slices();
    const LayoutRow& r = layout.rows[std::size_t(row)];
    switch (r.kind) {
    case LayoutRow::Kind::Slices:
        return std::size_t(r.index) < trace.threadCount()
                   ? d.threadTrack(std::size_t(r.index)).instants()
                   : std::span<const Instant>();
    case LayoutRow::Kind::Async:
        return std::size_t(r.index) < d.async.size() ? d.asyncTrack(std::size_t(r.index)).instants()
                                                     : std::span<const Instant>();
    case LayoutRow::Kind::Lane:
        // A thread with slices has its instants on them, not on its lane.
        if (std::size_t(r.index) >= trace.threadCount() ||
            (std::size_t(r.index) < layout.slicesOfThread.size() &&
             layout.slicesOfThread[std::size_t(r.index)] >= 0))
            return {};
        return d.threadTrack(std::size_t(r.index)).instants();
    case LayoutRow::Kind::Instants:
        if (r.index < 0) return d.globalInstants;
        return std::size_t(r.index) < d.processes.size()
                   ? std::span<const Instant>(d.processes[std::size_t(r.index)].instants)
                   : std::span<const Instant>();
    default:
        return {};
    }
}

long instantNear(std::span<const Instant> instants, Time t, Time slop) {
    const auto first = std::partition_point(instants.begin(), instants.end(),
                                            [&](const Instant& i) { return i.time < t - slop; });
    long best = -1;
    Time bestDistance = slop + 1;
    for (auto it = first; it != instants.end() && it->time <= t + slop; ++it) {
        const Time distance = std::abs(it->time - t);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = long(it - instants.begin());
        }
    }
    return best;
}

long counterPointAt(const CounterTrack& c, Time t) {
    const auto it = std::partition_point(c.points.begin(), c.points.end(),
                                         [&](const CounterPoint& p) { return p.time <= t; });
    return it == c.points.begin() ? -1 : long(it - c.points.begin()) - 1;
}

namespace {

QString number(double v) {
    return QString::number(v, 'g', 10);
}

} // namespace

QString counterTooltip(const Trace& trace, int counter, Time t) {
    if (!trace.foreign() || counter < 0 || std::size_t(counter) >= trace.slices().counters.size())
        return {};
    const CounterTrack& c = trace.slices().counters[std::size_t(counter)];
    QString text = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(c.name).toHtmlEscaped());
    if (!c.series.empty())
        text += QStringLiteral(" \u00B7 %1").arg(QString::fromStdString(c.series).toHtmlEscaped());
    const long at = counterPointAt(c, t);
    if (at < 0) {
        text += QStringLiteral("<br>%1").arg(QObject::tr("no value yet"));
    } else {
        const CounterPoint& p = c.points[std::size_t(at)];
        text += QStringLiteral("<br>%1 %2<br>%3 %4")
                    .arg(QObject::tr("value:"), number(p.value), QObject::tr("since:"),
                         humanTime(p.time));
    }
    double peak = 0;
    for (const CounterPoint& p : c.points)
        peak = std::max(peak, p.value);
    text += QStringLiteral("<br>%1 %2").arg(QObject::tr("peak:"), number(peak));
    return text;
}

QString instantTooltip(const Trace& trace, const TimelineLayout& layout, const Hit& hit) {
    const std::span<const Instant> instants = rowInstants(trace, layout, hit.row);
    if (hit.instant < 0 || std::size_t(hit.instant) >= instants.size()) return {};
    const SliceData& d = trace.slices();
    const Instant& i = instants[std::size_t(hit.instant)];
    const LayoutRow& row = layout.rows[std::size_t(hit.row)];
    QString text = QStringLiteral("<b>%1</b>").arg(qs(d.name(i.label)).toHtmlEscaped());
    if (!d.category(i.label).empty())
        text += QStringLiteral("<br>%1 %2")
                    .arg(QObject::tr("category:"), qs(d.category(i.label)).toHtmlEscaped());
    QString scope;
    switch (row.kind) {
    case LayoutRow::Kind::Instants:
        scope = QObject::tr("the whole trace");
        if (row.index >= 0 && std::size_t(row.index) < d.processes.size()) {
            const ProcessInfo& p = d.processes[std::size_t(row.index)];
            scope = p.name.empty() ? QObject::tr("process %1").arg(p.pid)
                                   : QObject::tr("process %1 (pid %2)")
                                         .arg(QString::fromStdString(p.name).toHtmlEscaped())
                                         .arg(p.pid);
        }
        break;
    case LayoutRow::Kind::Async:
        scope = QObject::tr("async track %1").arg(row.label.toHtmlEscaped());
        break;
    default:
        scope = QObject::tr("thread %1")
                    .arg(QString::fromStdString(trace.thread(std::size_t(row.index)).name)
                             .toHtmlEscaped());
    }
    text += QStringLiteral("<br>%1 %2<br>%3 %4")
                .arg(QObject::tr("instant of:"), scope, QObject::tr("at:"), humanTime(i.time));
    if (i.args != 0 && !d.text(i.args).empty()) {
        constexpr std::size_t kMax = 400;
        const std::string_view args = d.text(i.args);
        QString a = qs(args.substr(0, kMax));
        if (args.size() > kMax) a += QStringLiteral("\u2026");
        text += QStringLiteral("<br>%1 <tt>%2</tt>").arg(QObject::tr("args:"), a.toHtmlEscaped());
    }
    return text;
}

} // namespace tl::ui

namespace tl::ui::paint {

void Painter::counterCharts() {
    if (!trace.foreign()) return;
    const SliceData& d = trace.slices();
    p.save();
    p.setClipRect(laneClip);
    for (const LayoutRow& row : L.rows) {
        if (row.kind != LayoutRow::Kind::Counter || !rowVisible(row.top, row.height)) continue;
        if (std::size_t(row.index) >= d.counters.size()) continue;
        const CounterTrack& c = d.counters[std::size_t(row.index)];
        if (c.points.empty()) continue;
        // Scaled from zero (or the lowest value, when it goes below) to the peak of the whole
        // trace, so zooming does not rescale the chart under the reader's eyes.
        double low = 0, high = 0;
        for (const CounterPoint& pt : c.points) {
            low = std::min(low, pt.value);
            high = std::max(high, pt.value);
        }
        const double span = high > low ? high - low : 1;
        const double top = bodyY(row.top) + 4, bottom = bodyY(row.top + row.height) - 3;
        auto yOf = [&](double v) { return bottom - (v - low) / span * (bottom - top); };
        const QColor ink = pal.sliceColour(c.series.empty() ? c.name : c.name + "/" + c.series);
        QColor fill = ink;
        fill.setAlpha(pal.dark ? 150 : 190);
        // From the point in force at the left edge to the first one past the right edge.
        long first = counterPointAt(c, st.range.start);
        if (first < 0) first = 0;
        QPolygonF outline;
        const double right = L.laneLeft + L.laneWidth;
        for (std::size_t k = std::size_t(first); k < c.points.size(); ++k) {
            const CounterPoint& pt = c.points[k];
            const double x0 = std::max(x(pt.time), L.laneLeft - 1);
            if (x0 > right + 1) break;
            const double x1 = k + 1 < c.points.size() ? std::min(x(c.points[k + 1].time), right + 1)
                                                      : x(trace.endTime());
            const double y = yOf(pt.value);
            if (x1 > x0) p.fillRect(QRectF(x0, y, x1 - x0, std::max(0.0, yOf(0) - y)), fill);
            outline << QPointF(x0, y) << QPointF(std::max(x0, x1), y);
        }
        p.setPen(QPen(ink.darker(pal.dark ? 60 : 150), 1));
        p.drawPolyline(outline);
        // The peak, so the chart has a scale.
        p.setFont(L.smallFont);
        p.setPen(pal.mutedText);
        p.drawText(QPointF(L.laneLeft + 4, top + small.ascent() - 2),
                   QObject::tr("peak %1").arg(QString::number(high, 'g', 6)));
    }
    p.restore();
}

void Painter::instantMarks() {
    if (!trace.foreign()) return;
    const SliceData& d = trace.slices();
    p.save();
    p.setClipRect(laneClip);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double w = std::max(3.0, std::round(L.sliceHeight * 0.3));
    for (std::size_t r = 0; r < L.rows.size(); ++r) {
        const LayoutRow& row = L.rows[r];
        if (!rowVisible(row.top, row.height)) continue;
        const std::span<const Instant> instants = rowInstants(trace, L, int(r));
        if (instants.empty()) continue;
        // The band the pins stand in: a slices row's first level, a lane's spans, a row's all.
        double top = bodyY(row.top) + 1, h = L.sliceHeight - 1;
        if (row.kind == LayoutRow::Kind::Lane) {
            const LaneSpec& lane = L.lanes[std::size_t(L.laneOfThread[std::size_t(row.index)])];
            top = bodyY(lane.top);
            h = lane.height;
        }
        const auto first =
            std::partition_point(instants.begin(), instants.end(),
                                 [&](const Instant& i) { return i.time < st.range.start; });
        double lastColumn = -1e9;
        for (auto it = first; it != instants.end() && it->time <= st.range.end; ++it) {
            const double cx = std::floor(x(it->time)) + 0.5;
            // One pin a pixel column: more is ink, not information.
            if (cx - lastColumn < 1) continue;
            lastColumn = cx;
            const QColor fill = pal.sliceColour(d.name(it->label));
            const QColor edge = pal.dark ? fill.lighter(150) : fill.darker(170);
            p.setPen(QPen(edge, 1));
            p.drawLine(QPointF(cx, top), QPointF(cx, top + h));
            const QPointF head[3] = {QPointF(cx - w, top), QPointF(cx + w, top),
                                     QPointF(cx, top + 1.6 * w)};
            p.setBrush(fill);
            p.drawPolygon(head, 3);
        }
    }
    p.restore();
}

void Painter::markRowName(const LayoutRow& row, double top) {
    const double avail = L.nameWidth - kMargin - kIndent - 6;
    if (row.kind == LayoutRow::Kind::Instants) {
        p.setFont(L.smallFont);
        p.setPen(pal.mutedText);
        p.drawText(QPointF(kMargin + kIndent, baseline(small, top + 1, L.sliceHeight)),
                   small.elidedText(row.label, Qt::ElideRight, avail));
        return;
    }
    // A counter: its name, and its series under it.
    const double nameTop = top + (row.height - fm.height() - small.height()) / 2;
    p.setFont(L.font);
    p.setPen(pal.text);
    p.drawText(QPointF(kMargin + kIndent, nameTop + fm.ascent()),
               fm.elidedText(row.label, Qt::ElideMiddle, avail));
    p.setFont(L.smallFont);
    p.setPen(pal.mutedText);
    const QString detail = row.detail.isEmpty() ? QObject::tr("counter") : row.detail;
    p.drawText(QPointF(kMargin + kIndent, nameTop + fm.height() + small.ascent()),
               small.elidedText(detail, Qt::ElideRight, avail));
}

} // namespace tl::ui::paint
