#include "session/eventindex.h"

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
    // A stopped build took a prefix of each stream: what is left sorts after all it took.
    index.m_threadTaken.assign(std::size_t(threads), 0);
    index.m_objectTaken.assign(std::size_t(objects), 0);
    for (const Cursor& c : cursors)
        (c.isState ? index.m_threadTaken : index.m_objectTaken)[std::size_t(c.stream)] = c.next;
    return index;
}

std::vector<EventIndex::Arrival> EventIndex::take(const Trace& trace, Time until) {
    std::vector<Arrival> out;
    const std::size_t threads = trace.threadCount();
    const std::size_t objects = trace.objectCount();
    // Threads and objects registered since (threads spawned during the run) start at 0.
    if (m_threadTaken.size() < threads) m_threadTaken.resize(threads, 0);
    if (m_objectTaken.size() < objects) m_objectTaken.resize(objects, 0);
    const auto collect = [&](const EventStream& s, std::size_t& taken, bool isState, int stream,
                             auto keep) {
        const std::size_t n = s.size(); // published: everything below it is written
        std::size_t i = taken;
        for (; i < n; ++i) {
            const Event& e = s[i];
            if (e.time > until) break; // a stream is in time order
            if (keep(e)) out.push_back({e.time, pack({isState, stream, i})});
        }
        taken = i;
    };
    for (std::size_t t = 0; t < threads; ++t) {
        if (m_filter.thread >= 0 && std::size_t(m_filter.thread) != t) continue;
        collect(trace.threadEvents(t), m_threadTaken[t], true, int(t),
                [&](const Event& e) { return m_filter.object < 0 || e.ref == m_filter.object; });
    }
    for (std::size_t o = 0; o < objects; ++o) {
        if (m_filter.object >= 0 && std::size_t(m_filter.object) != o) continue;
        collect(trace.objectEvents(o), m_objectTaken[o], false, int(o),
                [&](const Event& e) { return m_filter.thread < 0 || e.ref == m_filter.thread; });
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool EventIndex::before(const Trace& trace, const Arrival& a) const {
    if (m_entries.empty()) return false;
    return a < Arrival{time(trace, size() - 1), m_entries.back()};
}

std::size_t EventIndex::insertionRow(const Trace& trace, const Arrival& a) const {
    std::size_t row = upperBound(trace, a.time);
    // Among rows of the same time, the stream order decides.
    while (row > 0 && time(trace, row - 1) == a.time && m_entries[row - 1] > a.entry)
        --row;
    return row;
}

void EventIndex::insert(std::size_t row, std::span<const Arrival> arrivals) {
    std::vector<std::uint64_t> entries;
    entries.reserve(arrivals.size());
    for (const Arrival& a : arrivals)
        entries.push_back(a.entry);
    m_entries.insert(m_entries.begin() + std::ptrdiff_t(row), entries.begin(), entries.end());
}

void EventIndex::append(std::span<const Arrival> arrivals) {
    // No reserve: an exact one per step would copy the whole index every step.
    for (const Arrival& a : arrivals)
        m_entries.push_back(a.entry);
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
