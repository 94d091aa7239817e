// TraceBuilder's part for traces of other programs: named slices, instants, async tracks,
// counters, flows and processes, laid into a SliceData when the trace is built.
#include "format/tracebuilder.h"

#include <algorithm>
#include <limits>
#include <map>

namespace tl {

std::uint32_t TraceBuilder::label(std::string_view name, std::string_view category) {
    const std::uint32_t n = m_data->strings.intern(name);
    const std::uint32_t c = m_data->strings.intern(category);
    const std::uint64_t key = std::uint64_t(n) << 32 | c;
    const auto [it, added] = m_labelIds.emplace(key, std::uint32_t(m_data->labels.size()));
    if (added) m_data->labels.push_back(Label{n, c});
    return it->second;
}

void TraceBuilder::addNamedSlice(std::uint32_t thread, const Slice& slice) {
    m_threads[thread].named.push_back(slice);
}

void TraceBuilder::addInstant(std::uint32_t thread, const Instant& instant) {
    m_threads[thread].instants.push_back(instant);
}

void TraceBuilder::addProcessInstant(std::int64_t pid, const Instant& instant) {
    process(pid).instants.push_back(instant);
}

void TraceBuilder::addGlobalInstant(const Instant& instant) {
    m_globalInstants.push_back(instant);
}

std::uint32_t TraceBuilder::asyncTrack(std::int64_t pid, std::string_view identity,
                                       std::string_view name) {
    const auto it = m_asyncIds.find(identity);
    if (it != m_asyncIds.end()) return it->second;
    const auto id = std::uint32_t(m_async.size());
    m_async.push_back(AsyncData{pid, std::string(name), {}, {}, {}});
    m_asyncIds.emplace(std::string(identity), id);
    return id;
}

void TraceBuilder::addAsyncSlice(std::uint32_t track, const Slice& slice, std::int32_t thread) {
    m_async[track].slices.push_back(slice);
    m_async[track].threads.push_back(thread);
}

void TraceBuilder::addAsyncInstant(std::uint32_t track, const Instant& instant) {
    m_async[track].instants.push_back(instant);
}

void TraceBuilder::addCounter(std::int64_t pid, std::string_view name, std::string_view series,
                              Time time, double value) {
    std::string key = std::to_string(pid);
    key += '\x1f';
    key += name;
    key += '\x1f';
    key += series;
    auto it = m_counterIds.find(key);
    if (it == m_counterIds.end()) {
        it = m_counterIds.emplace(std::move(key), std::uint32_t(m_counters.size())).first;
        m_counters.push_back(CounterData{pid, std::string(name), std::string(series), {}});
    }
    m_counters[it->second].points.push_back(CounterPoint{time, value});
}

void TraceBuilder::addFlow(const Flow& flow) {
    m_flows.push_back(flow);
}

void TraceBuilder::notice(std::string text) {
    m_notices.push_back(std::move(text));
}

Time TraceBuilder::earliest() const {
    Time t = std::numeric_limits<Time>::max();
    for (const ThreadData& th : m_threads) {
        for (const StateSlice& s : th.slices)
            t = std::min(t, s.start);
        for (const Slice& s : th.named)
            t = std::min(t, s.start);
        for (const Instant& i : th.instants)
            t = std::min(t, i.time);
    }
    for (const ObjectData& o : m_objects)
        for (const Event& e : o.ops)
            t = std::min(t, e.time);
    for (const auto& [pid, p] : m_processes)
        for (const Instant& i : p.instants)
            t = std::min(t, i.time);
    for (const AsyncData& a : m_async) {
        for (const Slice& s : a.slices)
            t = std::min(t, s.start);
        for (const Instant& i : a.instants)
            t = std::min(t, i.time);
    }
    for (const CounterData& c : m_counters)
        for (const CounterPoint& p : c.points)
            t = std::min(t, p.time);
    for (const Flow& f : m_flows)
        t = std::min(t, f.fromTime);
    for (const Instant& i : m_globalInstants)
        t = std::min(t, i.time);
    return t == std::numeric_limits<Time>::max() ? 0 : t;
}

void TraceBuilder::rebase(Time origin) {
    if (origin == 0) return;
    for (ThreadData& th : m_threads) {
        for (StateSlice& s : th.slices)
            s.start -= origin;
        for (Slice& s : th.named)
            s.start -= origin;
        for (Instant& i : th.instants)
            i.time -= origin;
    }
    for (ObjectData& o : m_objects)
        for (Event& e : o.ops)
            e.time -= origin;
    for (auto& [pid, p] : m_processes)
        for (Instant& i : p.instants)
            i.time -= origin;
    for (AsyncData& a : m_async) {
        for (Slice& s : a.slices)
            s.start -= origin;
        for (Instant& i : a.instants)
            i.time -= origin;
    }
    for (CounterData& c : m_counters)
        for (CounterPoint& p : c.points)
            p.time -= origin;
    for (Flow& f : m_flows) {
        f.fromTime -= origin;
        f.toTime -= origin;
    }
    for (Instant& i : m_globalInstants)
        i.time -= origin;
}

// The end of the last named slice, instant, counter point or flow.
Time TraceBuilder::latest(const SliceData& d) {
    Time t = 0;
    for (const SliceTrack& tr : d.threadSlices) {
        for (const auto& level : tr.levels)
            for (const Slice& s : level)
                t = std::max(t, s.end());
        if (!tr.instants.empty()) t = std::max(t, tr.instants.back().time);
    }
    for (const AsyncTrack& a : d.async) {
        for (const auto& level : a.track.levels)
            for (const Slice& s : level)
                t = std::max(t, s.end());
        if (!a.track.instants.empty()) t = std::max(t, a.track.instants.back().time);
    }
    for (const ProcessInfo& p : d.processes)
        if (!p.instants.empty()) t = std::max(t, p.instants.back().time);
    for (const CounterTrack& c : d.counters)
        if (!c.points.empty()) t = std::max(t, c.points.back().time);
    for (const Flow& f : d.flows)
        t = std::max(t, f.toTime);
    if (!d.globalInstants.empty()) t = std::max(t, d.globalInstants.back().time);
    return t;
}

std::vector<std::uint32_t> TraceBuilder::threadOrder(bool foreign) {
    std::vector<std::uint32_t> order(m_threads.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    if (!foreign) {
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return m_threads[a].tid < m_threads[b].tid;
        });
        return order;
    }
    // A thread never seen with a pid belongs to the file's first process, if it has one.
    for (ThreadData& t : m_threads)
        if (t.pid == kNoPid) t.pid = m_firstPid;
    for (const ThreadData& t : m_threads)
        if (t.pid != kNoPid) process(t.pid);
    auto processKey = [&](std::int64_t pid) {
        if (pid == kNoPid) return std::make_pair(std::numeric_limits<std::int64_t>::max(), pid);
        return std::make_pair(m_processes[pid].sortIndex, pid);
    };
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const ThreadData& x = m_threads[a];
        const ThreadData& y = m_threads[b];
        const auto px = processKey(x.pid), py = processKey(y.pid);
        if (px != py) return px < py;
        if (x.sortIndex != y.sortIndex) return x.sortIndex < y.sortIndex;
        return x.tid < y.tid;
    });
    return order;
}

std::unique_ptr<SliceData> TraceBuilder::buildSlices(const std::vector<std::uint16_t>& threadIndex,
                                                     std::size_t threadCount) {
    std::unique_ptr<SliceData> data = std::move(m_data);
    m_data = std::make_unique<SliceData>();

    // Processes by sort index, then pid.
    std::vector<std::pair<std::pair<std::int64_t, std::int64_t>, std::int64_t>> pids;
    for (const auto& [pid, p] : m_processes)
        if (pid != kNoPid) pids.push_back({{p.sortIndex, pid}, pid});
    std::sort(pids.begin(), pids.end());
    std::map<std::int64_t, int> processIndex;
    for (const auto& [key, pid] : pids) {
        ProcessData& p = m_processes[pid];
        processIndex[pid] = int(data->processes.size());
        std::stable_sort(p.instants.begin(), p.instants.end(), byTime);
        data->processes.push_back(
            ProcessInfo{pid, std::move(p.name), p.sortIndex, std::move(p.instants)});
    }
    auto indexOf = [&](std::int64_t pid) {
        const auto it = processIndex.find(pid);
        return it == processIndex.end() ? -1 : it->second;
    };

    data->threads.resize(threadCount);
    data->threadSlices.resize(threadCount);
    std::size_t overlaps = 0;
    for (std::size_t id = 0; id < m_threads.size(); ++id) {
        ThreadData& t = m_threads[id];
        const std::size_t index = threadIndex[id];
        data->threads[index] = ThreadOrigin{t.tid, indexOf(t.pid), t.sortIndex};
        std::size_t n = 0;
        data->threadSlices[index] = layOutSlices(std::move(t.named), std::move(t.instants), &n);
        overlaps += n;
    }
    while (!data->threadSlices.empty() && data->threadSlices.back().empty())
        data->threadSlices.pop_back();
    if (overlaps)
        notice(std::to_string(overlaps) + (overlaps == 1 ? " slice overlaps" : " slices overlap") +
               " the slice it starts in without ending within it; shown one level deeper");

    // Async tracks by process, then by their first span.
    std::vector<std::size_t> asyncOrder(m_async.size());
    for (std::size_t i = 0; i < asyncOrder.size(); ++i)
        asyncOrder[i] = i;
    auto firstTime = [&](const AsyncData& a) {
        Time f = std::numeric_limits<Time>::max();
        for (const Slice& s : a.slices)
            f = std::min(f, s.start);
        for (const Instant& i : a.instants)
            f = std::min(f, i.time);
        return f;
    };
    std::vector<Time> firsts(m_async.size());
    for (std::size_t i = 0; i < m_async.size(); ++i)
        firsts[i] = firstTime(m_async[i]);
    std::stable_sort(asyncOrder.begin(), asyncOrder.end(), [&](std::size_t a, std::size_t b) {
        const int pa = indexOf(m_async[a].pid), pb = indexOf(m_async[b].pid);
        if (pa != pb) return unsigned(pa) < unsigned(pb); // no process last
        return firsts[a] < firsts[b];
    });
    for (const std::size_t i : asyncOrder) {
        AsyncData& a = m_async[i];
        for (std::int32_t& t : a.threads)
            if (t >= 0) t = threadIndex[std::size_t(t)];
        AsyncTrack track{indexOf(a.pid), std::move(a.name), {}, {}};
        track.track = layOutSlices(std::move(a.slices), std::move(a.instants), nullptr, &a.threads,
                                   &track.threads);
        data->async.push_back(std::move(track));
    }

    std::stable_sort(m_counters.begin(), m_counters.end(),
                     [&](const CounterData& a, const CounterData& b) {
                         const int pa = indexOf(a.pid), pb = indexOf(b.pid);
                         if (pa != pb) return unsigned(pa) < unsigned(pb);
                         return a.name != b.name ? a.name < b.name : a.series < b.series;
                     });
    for (CounterData& c : m_counters) {
        std::stable_sort(
            c.points.begin(), c.points.end(),
            [](const CounterPoint& a, const CounterPoint& b) { return a.time < b.time; });
        data->counters.push_back(CounterTrack{indexOf(c.pid), std::move(c.name),
                                              std::move(c.series), std::move(c.points)});
    }

    for (Flow& f : m_flows) {
        if (f.fromThread >= 0) f.fromThread = threadIndex[std::size_t(f.fromThread)];
        if (f.toThread >= 0) f.toThread = threadIndex[std::size_t(f.toThread)];
    }
    std::stable_sort(m_flows.begin(), m_flows.end(), [](const Flow& a, const Flow& b) {
        return a.toThread != b.toThread ? a.toThread < b.toThread : a.toTime < b.toTime;
    });
    data->flows = std::move(m_flows);
    std::stable_sort(m_globalInstants.begin(), m_globalInstants.end(), byTime);
    data->globalInstants = std::move(m_globalInstants);
    data->strings.shrink();
    data->labels.shrink_to_fit();
    m_labelIds.clear();
    return data;
}

} // namespace tl
