#include "eventindex.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace tl::ui {

namespace {
// Entry layout: bit 63 = operation, bits 48..62 = stream, bits 0..47 = index.
constexpr std::uint64_t kOpBit = std::uint64_t(1) << 63;
constexpr int kStreamShift = 48;
constexpr std::uint64_t kIndexMask = (std::uint64_t(1) << kStreamShift) - 1;

struct Cursor {
    const EventStream* events;
    std::size_t next;
    std::size_t end;
    int stream;
    bool isState;
    int order; // ties at equal times break by stream order: states first, then objects
};
} // namespace

std::uint64_t EventIndex::pack(EventRef r) {
    return (r.isState ? 0 : kOpBit) | (std::uint64_t(r.stream) << kStreamShift) |
           (std::uint64_t(r.index) & kIndexMask);
}

EventRef EventIndex::at(std::size_t row) const {
    const std::uint64_t e = m_entries[row];
    return EventRef{(e & kOpBit) == 0, int((e & ~kOpBit) >> kStreamShift), e & kIndexMask};
}

const Event& EventIndex::event(const Trace& trace, std::size_t row) const {
    const EventRef r = at(row);
    return r.isState ? trace.threadEvents(std::size_t(r.stream))[r.index]
                     : trace.objectEvents(std::size_t(r.stream))[r.index];
}

EventIndex EventIndex::build(const Trace& trace, EventFilter filter, std::stop_token stop) {
    EventIndex index;
    index.m_filter = filter;
    std::vector<Cursor> cursors;
    std::size_t total = 0;
    const int threads = int(trace.threadCount());
    const int objects = int(trace.objectCount());
    for (int t = 0; t < threads; ++t) {
        if (filter.thread >= 0 && filter.thread != t) continue;
        const EventStream& s = trace.threadEvents(std::size_t(t));
        cursors.push_back({&s, 0, s.size(), t, true, t});
        total += s.size();
    }
    for (int o = 0; o < objects; ++o) {
        if (filter.object >= 0 && filter.object != o) continue;
        const EventStream& s = trace.objectEvents(std::size_t(o));
        cursors.push_back({&s, 0, s.size(), o, false, threads + o});
        total += s.size();
    }
    const auto keep = [&](const Cursor& c, const Event& e) {
        if (c.isState) return filter.object < 0 || e.ref == filter.object;
        return filter.thread < 0 || e.ref == filter.thread;
    };
    index.m_entries.reserve(filter == EventFilter{} ? total : total / 4);

    // A k-way merge: every stream is already in time order.
    using Head = std::pair<Time, int>; // time, cursor
    auto later = [&](const Head& a, const Head& b) {
        if (a.first != b.first) return a.first > b.first;
        return cursors[std::size_t(a.second)].order > cursors[std::size_t(b.second)].order;
    };
    std::priority_queue<Head, std::vector<Head>, decltype(later)> heap(later);
    for (std::size_t i = 0; i < cursors.size(); ++i)
        if (cursors[i].end > 0) heap.push({(*cursors[i].events)[0].time, int(i)});
    std::size_t steps = 0;
    while (!heap.empty()) {
        if ((++steps & 0xFFFF) == 0 && stop.stop_requested()) break;
        Cursor& c = cursors[std::size_t(heap.top().second)];
        heap.pop();
        // Take every event of this stream up to the next stream's head in one go: long
        // runs from one stream are common (a thread's states between operations).
        const Time limit = heap.empty() ? std::numeric_limits<Time>::max() : heap.top().first;
        do {
            const Event& e = (*c.events)[c.next];
            if (keep(c, e)) index.m_entries.push_back(pack({c.isState, c.stream, c.next}));
            ++c.next;
        } while (c.next < c.end && (*c.events)[c.next].time < limit);
        if (c.next < c.end) heap.push({(*c.events)[c.next].time, int(&c - cursors.data())});
    }
    return index;
}

std::size_t EventIndex::lowerBound(const Trace& trace, Time t) const {
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (time(trace, mid) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

std::size_t EventIndex::upperBound(const Trace& trace, Time t) const {
    std::size_t lo = 0, hi = size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (time(trace, mid) <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

std::optional<std::size_t> EventIndex::rowOf(const Trace& trace, EventRef ref) const {
    const EventStream& s = ref.isState ? trace.threadEvents(std::size_t(ref.stream))
                                       : trace.objectEvents(std::size_t(ref.stream));
    if (ref.index >= s.size()) return std::nullopt;
    const Time t = s[ref.index].time;
    const std::uint64_t want = pack(ref);
    for (std::size_t row = lowerBound(trace, t); row < size() && time(trace, row) == t; ++row)
        if (m_entries[row] == want) return row;
    return std::nullopt;
}

namespace {
template <typename Visit> void forEachStream(const Trace& trace, Visit visit) {
    for (std::size_t t = 0; t < trace.threadCount(); ++t)
        visit(trace.threadEvents(t));
    for (std::size_t o = 0; o < trace.objectCount(); ++o)
        visit(trace.objectEvents(o));
}
} // namespace

std::optional<Time> nextEventTime(const Trace& trace, Time t) {
    std::optional<Time> best;
    forEachStream(trace, [&](const EventStream& s) {
        const std::size_t n = s.size();
        const std::size_t i = s.upperBound(t, n);
        if (i < n && (!best || s[i].time < *best)) best = s[i].time;
    });
    return best;
}

std::optional<Time> previousEventTime(const Trace& trace, Time t) {
    std::optional<Time> best;
    forEachStream(trace, [&](const EventStream& s) {
        const std::size_t i = s.lowerBound(t, s.size());
        if (i > 0 && (!best || s[i - 1].time > *best)) best = s[i - 1].time;
    });
    return best;
}

} // namespace tl::ui
