#include "timeline/timelinehittest.h"

#include "analysis/causality.h"
#include "common/timetext.h"
#include "timeline/timecoords.h"

#include <QObject>
#include <QStringList>

#include <array>
#include <cmath>

namespace tl::ui {

namespace {

// English plurals without a translation file ("%n item(s)" would show the parentheses).
QString plural(int n, const QString& one, const QString& many) {
    return n == 1 ? one : many.arg(n);
}

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString objectText(const Trace& trace, int object) {
    if (object < 0 || std::size_t(object) >= trace.objectCount()) return {};
    const ObjectInfo& o = trace.object(std::size_t(object));
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(o.name).toHtmlEscaped(),
                                         qs(objectKindName(o.kind)));
}

QString threadText(const Trace& trace, std::size_t thread) {
    return thread < trace.threadCount()
               ? QString::fromStdString(trace.thread(thread).name).toHtmlEscaped()
               : QObject::tr("thread %1").arg(thread);
}

// The operation of an object nearest to t within the slop, optionally only one thread's.
long nearestOperation(const Trace& trace, std::size_t object, Time t, Time slop, Time dataEnd,
                      int thread) {
    const EventStream& s = trace.objectEvents(object);
    const std::size_t n = s.size();
    std::size_t i = s.lowerBound(t - slop, n);
    const std::size_t last = s.upperBound(std::min(t + slop, dataEnd), n);
    if (last - i > 256) return -1; // far too dense to point at one
    long best = -1;
    Time bestDistance = slop + 1;
    for (; i < last; ++i) {
        const Event& e = s[i];
        if (thread >= 0 && e.ref != thread) continue;
        const Time d = std::abs(e.time - t);
        if (d < bestDistance) {
            bestDistance = d;
            best = long(i);
        }
    }
    return best;
}

} // namespace

Hit hitTest(const Trace& trace, const TimelineLayout& layout, const HitView& view, QPointF pos) {
    Hit hit;
    if (pos.y() < layout.bodyTop) return hit;
    hit.row = layout.rowAt(pos.y() - layout.bodyTop + view.scrollY);
    if (hit.row < 0) return hit;
    hit.inLanes = pos.x() >= layout.laneLeft && pos.x() < layout.laneLeft + layout.laneWidth;
    const LayoutRow& row = layout.rows[std::size_t(hit.row)];
    if (row.kind == LayoutRow::Kind::Lane) hit.thread = row.index;
    if (row.kind == LayoutRow::Kind::Track) hit.object = row.index;
    if (row.kind == LayoutRow::Kind::Counter) hit.counter = row.index;
    if (row.kind == LayoutRow::Kind::Slices || row.kind == LayoutRow::Kind::Async) {
        hit.sliceTrack = row.index;
        hit.async = row.kind == LayoutRow::Kind::Async;
        const double y = pos.y() - layout.bodyTop + view.scrollY - row.top - 1;
        hit.sliceLevel = layout.sliceHeight > 0 ? int(std::floor(y / layout.sliceHeight)) : -1;
        if (hit.sliceLevel < 0 || hit.sliceLevel >= row.levels) hit.sliceLevel = -1;
    }
    if (!hit.inLanes) return hit;
    hit.time = xToTime(pos.x(), view.range, layout.laneWidth, layout.laneLeft);
    if (hit.time > view.dataEnd) return hit;
    // Instants are pins at the top of their row (a slices row's first level): the smaller
    // target, so they win over the slice or span under them.
    if (trace.foreign() && hit.sliceLevel <= 0) {
        const std::span<const Instant> instants = rowInstants(trace, layout, hit.row);
        if (!instants.empty())
            hit.instant = instantNear(
                instants, hit.time, widthToDuration(kHitSlopPixels, view.range, layout.laneWidth));
        if (hit.instant >= 0) return hit;
    }
    if (hit.sliceLevel >= 0) {
        hit.slice = sliceUnder(trace, hit,
                               widthToDuration(kHitSlopPixels / 2, view.range, layout.laneWidth));
        return hit;
    }
    const Time slop = widthToDuration(kHitSlopPixels, view.range, layout.laneWidth);

    if (hit.thread >= 0) {
        // Operations win over the span under them: they are the smaller target.
        Time bestDistance = slop + 1;
        for (std::size_t k = 0; k < trace.objectCount(); ++k) {
            const long op = nearestOperation(trace, k, hit.time, slop, view.dataEnd, hit.thread);
            if (op < 0) continue;
            const Time d = std::abs(trace.objectEvents(k)[std::size_t(op)].time - hit.time);
            if (d < bestDistance) {
                bestDistance = d;
                hit.object = int(k);
                hit.operation = op;
            }
        }
        hit.interval = trace.intervalAt(std::size_t(hit.thread), hit.time);
    } else if (hit.object >= 0) {
        hit.operation =
            nearestOperation(trace, std::size_t(hit.object), hit.time, slop, view.dataEnd, -1);
    }
    return hit;
}

QString intervalTooltip(const Trace& trace, int thread, long interval) {
    if (thread < 0 || std::size_t(thread) >= trace.threadCount() || interval < 0 ||
        std::size_t(interval) >= trace.intervalCount(std::size_t(thread)))
        return {};
    const Trace::Interval iv = trace.interval(std::size_t(thread), std::size_t(interval));
    QString text = QStringLiteral("<b>%1</b> &mdash; %2")
                       .arg(threadText(trace, std::size_t(thread)), qs(stateName(iv.state)));
    if (iv.object >= 0)
        text +=
            QStringLiteral("<br>%1 %2").arg(QObject::tr("object:"), objectText(trace, iv.object));
    if (iv.reason != Reason::None)
        text += QStringLiteral("<br>%1 %2").arg(QObject::tr("reason:"), qs(reasonName(iv.reason)));
    text += QStringLiteral("<br>%1 %2<br>%3 %4")
                .arg(QObject::tr("start:"), humanTime(iv.range.start), QObject::tr("duration:"),
                     humanTime(iv.range.delta()));
    // A scheduler trace: who woke the thread onto the CPU (at a working span's start) or
    // into the run queue (a runnable span ends where the wakeup's arrow does).
    if (trace.foreign()) {
        QString woken = iv.state == ThreadState::Runnable ? wokenBy(trace, thread, iv.range.end)
                                                          : wokenBy(trace, thread, iv.range.start);
        if (!woken.isEmpty()) text += QStringLiteral("<br><i>%1</i>").arg(woken.toHtmlEscaped());
    }
    // Why, in words: who held the lock, whose operation ended the wait. It replays the object's
    // stream, so a tooltip over a wait on an object with millions of operations goes without.
    constexpr std::size_t kDescribeLimit = 1'000'000;
    if ((iv.state == ThreadState::Blocked || iv.state == ThreadState::Waiting) && iv.object >= 0 &&
        std::size_t(iv.object) < trace.objectCount() &&
        trace.objectEvents(std::size_t(iv.object)).size() <= kDescribeLimit)
        text += QStringLiteral("<br><i>%1</i>")
                    .arg(QString::fromStdString(
                             describeWait(trace, std::size_t(thread), std::size_t(interval)))
                             .toHtmlEscaped());
    return text;
}

QString operationTooltip(const Trace& trace, int object, long index) {
    if (object < 0 || std::size_t(object) >= trace.objectCount() || index < 0 ||
        std::size_t(index) >= trace.objectEvents(std::size_t(object)).size())
        return {};
    const ObjectInfo& o = trace.object(std::size_t(object));
    const Event& e = trace.objectEvents(std::size_t(object))[std::size_t(index)];
    QString text = QStringLiteral("<b>%1</b> %2 %3")
                       .arg(qs(opName(e.op())), QObject::tr("on"), objectText(trace, object));
    text += QStringLiteral("<br>%1 %2").arg(QObject::tr("by"), threadText(trace, e.ref));
    text += QStringLiteral("<br>%1 %2").arg(QObject::tr("at"), humanTime(e.time));
    switch (e.op()) {
    case Op::Put:
    case Op::Get:
        if (!(e.arg & OpFlagClosed))
            text += QStringLiteral("<br>%1 %2").arg(QObject::tr("item")).arg(e.value);
        break;
    case Op::Acquire:
    case Op::Release:
        if (o.kind == ObjectKind::Semaphore)
            text += QStringLiteral("<br>%1").arg(
                plural(int(e.value), QObject::tr("1 permit left"), QObject::tr("%1 permits left")));
        break;
    case Op::Arrive:
    case Op::Pass:
    case Op::Abort:
        text += QStringLiteral("<br>%1 %2").arg(QObject::tr("generation")).arg(e.value);
        break;
    case Op::Spawn:
    case Op::Join:
        text += QStringLiteral("<br>%1 %2")
                    .arg(QObject::tr("thread"), threadText(trace, std::size_t(e.value)));
        break;
    case Op::Notify:
    case Op::NotifyAll:
        text += QStringLiteral("<br>%1").arg(
            plural(int(e.value), QObject::tr("1 waiter woken"), QObject::tr("%1 waiters woken")));
        break;
    default:
        break;
    }
    if (e.arg & OpFlagShared) text += QStringLiteral("<br>") + QObject::tr("shared (read) side");
    if (e.arg & OpFlagWaited) text += QStringLiteral("<br>") + QObject::tr("had to wait first");
    if (e.arg & OpFlagClosed)
        text += QStringLiteral("<br>") + QObject::tr("found the queue closed");
    if (e.arg & OpFlagBroken)
        text += QStringLiteral("<br>") + QObject::tr("the barrier was broken");
    return text;
}

QString trackTooltip(const Trace& trace, const LevelIndex& levels, int object, Time t) {
    if (object < 0 || std::size_t(object) >= trace.objectCount()) return {};
    const std::size_t k = std::size_t(object);
    const ObjectInfo& o = trace.object(k);
    const EventStream& s = trace.objectEvents(k);
    const std::size_t i = s.upperBound(t, std::min(s.size(), levels.indexed(k)));
    const ObjectLevel at = levels.stateBefore(trace, k, i);
    const std::int64_t level = at.count;
    QString what;
    switch (o.kind) {
    case ObjectKind::Queue:
        what = o.capacity > 0 ? QObject::tr("depth %1 of %2").arg(level).arg(o.capacity)
                              : QObject::tr("depth %1").arg(level);
        break;
    case ObjectKind::Semaphore:
        what = QObject::tr("%1 of %2 permits available").arg(level).arg(o.capacity);
        break;
    case ObjectKind::Barrier:
        what = QObject::tr("%1 of %2 parties waiting").arg(level).arg(o.capacity);
        break;
    case ObjectKind::Event:
        what = level > 0 ? QObject::tr("set") : QObject::tr("clear");
        break;
    case ObjectKind::Mutex:
    case ObjectKind::Gil:
    case ObjectKind::RwLock:
        if (at.owner >= 0)
            what = QObject::tr("held by %1").arg(threadText(trace, std::size_t(at.owner)));
        else if (at.readers > 0)
            what = plural(at.readers, QObject::tr("held by 1 reader"),
                          QObject::tr("held by %1 readers"));
        else
            what = QObject::tr("free");
        break;
    default:
        what =
            plural(int(i), QObject::tr("1 operation so far"), QObject::tr("%1 operations so far"));
        break;
    }
    return QStringLiteral("<b>%1</b><br>%2<br>%3 %4")
        .arg(objectText(trace, object), what, QObject::tr("at"), humanTime(t));
}

} // namespace tl::ui

namespace tl::ui {

QString laneTooltip(const Trace& trace, const StateIndex& states, int thread) {
    if (thread < 0 || std::size_t(thread) >= trace.threadCount()) return {};
    const std::size_t t = std::size_t(thread);
    const ThreadInfo& info = trace.thread(t);
    QString text = QStringLiteral("<b>%1</b><br>%2 %3 #%4")
                       .arg(threadText(trace, t), QObject::tr("role"),
                            QString::fromStdString(info.role).toHtmlEscaped())
                       .arg(info.index);
    if (t >= states.threads() || states.levels(t) == 0) return text;
    // The coarsest level of the mipmap holds a handful of blocks that cover the whole life.
    std::array<double, kStateCount> total{};
    double sum = 0;
    for (const StateIndex::Block& b : states.blocks(t, states.levels(t) - 1))
        for (std::size_t k = 0; k < kStateCount; ++k) {
            total[k] += double(b.weight[k]);
            sum += double(b.weight[k]);
        }
    if (sum <= 0) return text;
    QStringList parts;
    for (std::size_t k = 0; k < kStateCount; ++k) {
        const double share = total[k] / sum;
        if (share >= 0.005)
            parts << QStringLiteral("%1 %2%")
                         .arg(qs(stateName(ThreadState(k))))
                         .arg(share * 100, 0, 'f', share >= 0.1 ? 0 : 1);
    }
    return text + QStringLiteral("<br>") + parts.join(QStringLiteral(" &middot; "));
}

QString objectTooltip(const Trace& trace, int object) {
    if (object < 0 || std::size_t(object) >= trace.objectCount()) return {};
    const ObjectInfo& o = trace.object(std::size_t(object));
    QString text = QStringLiteral("<b>%1</b>").arg(objectText(trace, object));
    switch (o.kind) {
    case ObjectKind::Queue:
        if (o.capacity > 0)
            text += QStringLiteral("<br>") + QObject::tr("capacity %1").arg(o.capacity);
        break;
    case ObjectKind::Semaphore:
        text += QStringLiteral("<br>") + QObject::tr("%1 permits").arg(o.capacity);
        break;
    case ObjectKind::Barrier:
        text += QStringLiteral("<br>") + QObject::tr("%1 parties").arg(o.capacity);
        break;
    default:
        break;
    }
    const std::size_t n = trace.objectEvents(std::size_t(object)).size();
    return text + QStringLiteral("<br>") +
           plural(int(n), QObject::tr("1 operation"), QObject::tr("%1 operations"));
}

} // namespace tl::ui
