#include "analysis/moments.h"

#include "analysis/races.h"
#include "analysis/variables.h"

namespace tl {

namespace {

bool objectMatches(const Trace& trace, int object, const std::string& name) {
    if (name.empty()) return true;
    if (object < 0) return false;
    const std::string& full = trace.object(std::size_t(object)).name;
    // "fork" matches the members of a set: "fork 1", "fork 2" ...
    return full == name || (full.size() > name.size() && full.compare(0, name.size(), name) == 0 &&
                            full[name.size()] == ' ');
}

} // namespace

std::optional<Moment> findMoment(const Trace& trace, const MomentQuery& q) {
    if (!q.valid) return std::nullopt;
    if (q.end) {
        const Time end = trace.endTime();
        return Moment{{end, end}, -1, -1, -1, -1};
    }
    // A lost update spans its stale read to the write that lost the other; a race its two
    // accesses. The moment names the later one.
    auto between = [&](int object, std::size_t from, std::size_t to) {
        const EventStream& s = trace.objectEvents(std::size_t(object));
        return Moment{{s[from].time, s[to].time}, int(s[to].ref), -1, object, long(to)};
    };
    if (q.lostUpdate) {
        std::optional<Moment> first;
        for (const LostUpdate& l : findLostUpdates(trace)) {
            const Moment m = between(l.variable, l.staleRead, l.write);
            if (!first || m.span.end < first->span.end) first = m;
        }
        return first;
    }
    if (q.race) {
        const RaceReport report = findRaces(trace);
        if (report.races.empty()) return std::nullopt;
        const Race& r = report.races.front();
        return between(r.variable, r.first, r.second);
    }
    std::optional<Moment> best;
    if (!q.op.empty()) {
        Op op;
        if (!parseOpName(q.op, op)) return std::nullopt;
        for (std::size_t o = 0; o < trace.objectCount(); ++o) {
            if (!objectMatches(trace, int(o), q.object)) continue;
            const EventStream& s = trace.objectEvents(o);
            for (std::size_t i = 0, n = s.size(); i < n; ++i) {
                const Event& e = s[i];
                if (e.op() != op || (!q.role.empty() && trace.thread(e.ref).role != q.role))
                    continue;
                if (!best || e.time < best->span.start)
                    best = Moment{{e.time, e.time}, int(e.ref), -1, int(o), long(i)};
                break; // the first of this object
            }
        }
        return best;
    }
    ThreadState state{};
    Reason reason{};
    const bool byState = !q.state.empty() && parseStateName(q.state, state);
    const bool byReason = !q.reason.empty() && parseReasonName(q.reason, reason);
    for (std::size_t t = 0; t < trace.threadCount(); ++t) {
        if (!q.role.empty() && trace.thread(t).role != q.role) continue;
        for (std::size_t i = 0, n = trace.intervalCount(t); i < n; ++i) {
            const Trace::Interval iv = trace.interval(t, i);
            if ((byState && iv.state != state) || (byReason && iv.reason != reason) ||
                iv.range.delta() == 0 || !objectMatches(trace, iv.object, q.object))
                continue;
            const bool better = !best || (q.longest ? iv.range.delta() > best->span.delta()
                                                    : iv.range.start < best->span.start);
            if (better) best = Moment{iv.range, int(t), long(i), iv.object, -1};
            if (!q.longest) break; // later intervals of this thread start later
        }
    }
    return best;
}

} // namespace tl
