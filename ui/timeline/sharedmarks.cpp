#include "timeline/sharedmarks.h"

#include "common/timetext.h"

#include <QObject>
#include <QStringList>

namespace tl::ui {

std::shared_ptr<const SharedMarks> findSharedMarks(const Trace& trace) {
    if (!trace.finished()) return nullptr;
    bool shared = false;
    for (std::size_t o = 0, n = trace.objectCount(); o < n && !shared; ++o)
        shared = trace.object(o).kind == ObjectKind::Variable ||
                 trace.object(o).kind == ObjectKind::Assertion;
    if (!shared) return nullptr;
    auto marks = std::make_shared<SharedMarks>();
    for (std::size_t o = 0, n = trace.objectCount(); o < n; ++o) {
        if (trace.object(o).kind != ObjectKind::Assertion) continue;
        const EventStream& s = trace.objectEvents(o);
        for (std::size_t i = 0, k = s.size(); i < k; ++i)
            if (s[i].op() == Op::AssertFailed && !(s[i].arg & OpFlagMore))
                marks->failedAsserts.emplace_back(int(o), i);
    }
    marks->lost = findLostUpdates(trace);
    RaceReport races = findRaces(trace);
    marks->races = std::move(races.races);
    marks->raceTotal = races.total;
    return marks;
}

QString sharedMarkText(const Trace& trace, const SharedMarks& marks, int object, long index) {
    if (object < 0 || index < 0 || std::size_t(object) >= trace.objectCount()) return {};
    const auto i = std::size_t(index);
    if (trace.object(std::size_t(object)).kind == ObjectKind::Assertion) {
        const EventStream& s = trace.objectEvents(std::size_t(object));
        std::size_t first = i; // a continuation belongs to the failure before it
        while (first > 0 && first < s.size() && (s[first].arg & OpFlagMore))
            --first;
        return first < s.size() ? QString::fromStdString(
                                      describeAssertFailure(trace, std::size_t(object), first))
                                : QString();
    }
    QStringList lines;
    std::size_t losing = 0;
    for (const LostUpdate& l : marks.lost) {
        if (l.variable != object) continue;
        if (l.write == i && losing++ == 0)
            lines << QString::fromStdString(describeLostUpdate(trace, l));
        if (l.overwritten == i) lines << QString::fromStdString(describeLostUpdate(trace, l));
        if (l.staleRead == i && lines.isEmpty()) {
            const EventStream& s = trace.objectEvents(std::size_t(object));
            lines << QObject::tr("%1 read %2 here; by its write at %3 that value was out of date")
                         .arg(QString::fromStdString(trace.thread(s[i].ref).name))
                         .arg(signedValue(s[i]))
                         .arg(humanTime(s[l.write].time));
        }
    }
    // One write can overwrite several stores: said once, with how many.
    if (losing > 1)
        lines.front() += QObject::tr(" (and %n more lost at this write)", "", int(losing - 1));
    for (const Race& r : marks.races)
        if (r.variable == object && (r.first == i || r.second == i)) {
            lines
                << QObject::tr("Data race: %1").arg(QString::fromStdString(describeRace(trace, r)));
            break;
        }
    return lines.join(QStringLiteral("\n"));
}

} // namespace tl::ui
