#include "session/showrequest.h"

#include <algorithm>

namespace tl::ui {

ShowRequest momentView(const Trace& trace, const Moment& m, bool accesses) {
    ShowRequest r;
    const Time run = std::max<Time>(trace.endTime(), 1);
    r.cursor = m.span.start;
    if (m.thread < 0 && m.object < 0) {
        r.range = TimeRange{m.span.start - run / 6, m.span.start + run / 60};
        return r;
    }
    if (m.interval >= 0 && m.thread >= 0) {
        r.thread = m.thread;
        r.interval = m.interval;
    } else if (m.object >= 0 && m.index >= 0) {
        r.object = m.object;
        r.operation = m.index;
    }
    if (accesses && m.span.delta() > 0) {
        const Time margin = std::max<Time>(m.span.delta(), 100);
        r.range = TimeRange{m.span.start - margin, m.span.end + margin};
    } else if (accesses) {
        const Time half = 100;
        r.range = TimeRange{m.span.start - half, m.span.start + half};
    } else if (m.span.delta() > 0) {
        const Time margin = std::max<Time>(m.span.delta() / 3, run / 100);
        r.range = TimeRange{m.span.start - margin, m.span.end + margin};
    } else {
        const Time half = std::max<Time>(run / 50, 1000);
        r.range = TimeRange{m.span.start - half, m.span.start + half};
    }
    return r;
}

ShowRequest deadlockView(const Trace& trace, const DeadlockReport& report) {
    ShowRequest r;
    if (report.threads.empty()) return r;
    Time first = trace.endTime(), closed = 0;
    for (const int t : report.threads) {
        const std::size_t n = trace.intervalCount(std::size_t(t));
        if (n == 0) continue;
        const Time start = trace.interval(std::size_t(t), n - 1).range.start;
        first = std::min(first, start);
        closed = std::max(closed, start);
    }
    const Time end = std::max<Time>(trace.endTime(), 1);
    const Time margin = std::max<Time>({(end - first) / 3, end / 50, 1000});
    const int lead = report.threads.front();
    if (const std::size_t n = trace.intervalCount(std::size_t(lead)); n > 0) {
        r.thread = lead;
        r.interval = long(n - 1);
    }
    r.range = TimeRange{first - margin, end + margin / 3};
    r.cursor = closed;
    return r;
}

ShowRequest problemView(const Trace& trace, const SharedMarks& shared) {
    ShowRequest r;
    Time a = 0, b = 0;
    if (!shared.failedAsserts.empty()) {
        const auto& [object, index] = shared.failedAsserts.front();
        r.object = object;
        r.operation = long(index);
        a = b = trace.objectEvents(std::size_t(object))[index].time;
    } else if (!shared.races.empty()) {
        const Race& race = shared.races.front();
        const EventStream& s = trace.objectEvents(std::size_t(race.variable));
        r.object = race.variable;
        r.operation = long(race.second);
        a = s[race.first].time;
        b = s[race.second].time;
    } else {
        return r;
    }
    const Time run = std::max<Time>(trace.endTime(), 1);
    const Time margin = std::max<Time>((b - a) / 2, run / 200);
    r.range = TimeRange{std::max<Time>(0, a - margin), b + margin};
    r.cursor = b;
    return r;
}

} // namespace tl::ui
