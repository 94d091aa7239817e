#include "session/showrequest.h"

#include <algorithm>

namespace tl::ui {

ShowRequest momentView(const Trace& trace, const Moment& m) {
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
    if (m.span.delta() > 0) {
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

} // namespace tl::ui
