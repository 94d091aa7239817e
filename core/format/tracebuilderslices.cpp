// TraceBuilder's part for traces of other programs: named slices, instants, async tracks,
// counters, flows and processes, laid into a SliceData when the trace is built.
#include "format/tracebuilder.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <map>

namespace tl {

std::uint32_t TraceBuilder::label(std::string_view name, std::string_view category) {
    // Found by the texts in one lookup: interning the name and the category first took two
    // lookups more for every event of a file, where the pairs are a few dozen.
    const std::size_t hash = textHash(name) ^ std::rotl(textHash(category), 17);
    const StringPool& strings = m_data->strings;
    const std::uint32_t found = m_labelIds.find(hash, [&](std::uint32_t id) {
        const Label& l = m_data->labels[id];
        return sameText(strings[l.name], name) && sameText(strings[l.category], category);
    });
    if (found != IdTable::kNone) return found;
    const std::uint32_t n = m_data->strings.intern(name);
    const std::uint32_t c = m_data->strings.intern(category);
    const auto id = std::uint32_t(m_data->labels.size());
    m_labelIds.insert(hash, id);
    m_data->labels.push_back(Label{n, c});
    return id;
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

std::uint32_t TraceBuilder::newAsyncTrack(std::int64_t pid, std::string_view name) {
    m_async.push_back(AsyncData{pid, text(name)});
    return std::uint32_t(m_async.size() - 1);
}

void TraceBuilder::addAsyncSlice(std::uint32_t track, const Slice& slice, std::int32_t thread) {
    AsyncData& a = m_async[track];
    a.first = std::min(a.first, slice.start);
    ++a.slices;
    m_asyncSlices.push_back(AsyncSlice{slice, track, thread});
}

void TraceBuilder::addAsyncInstant(std::uint32_t track, const Instant& instant) {
    AsyncData& a = m_async[track];
    a.first = std::min(a.first, instant.time);
    ++a.instants;
    m_asyncInstants.push_back(AsyncInstant{instant, track});
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
    for (const AsyncData& a : m_async)
        t = std::min(t, a.first);
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
    for (AsyncData& a : m_async)
        if (a.first != INT64_MAX) a.first -= origin;
    for (AsyncSlice& s : m_asyncSlices)
        s.slice.start -= origin;
    for (AsyncInstant& i : m_asyncInstants)
        i.instant.time -= origin;
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
    for (const Slice& s : d.slices)
        t = std::max(t, s.end());
    for (const Instant& i : d.instants)
        t = std::max(t, i.time);
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
    std::vector<std::uint32_t> byIndex(threadCount); // builder id of each thread index
    for (std::size_t id = 0; id < m_threads.size(); ++id) {
        ThreadData& t = m_threads[id];
        data->threads[threadIndex[id]] = ThreadOrigin{t.tid, indexOf(t.pid), t.sortIndex};
        byIndex[threadIndex[id]] = std::uint32_t(id);
    }
    // The arrays at their final size from the start: grown by doubling, each growth faulted
    // in fresh pages and copied, and the shrink at the end copied the slices once more.
    std::size_t sliceTotal = m_asyncSlices.size(), instantTotal = m_asyncInstants.size();
    for (const ThreadData& t : m_threads) {
        sliceTotal += t.named.size();
        instantTotal += t.instants.size();
    }
    data->slices.reserve(sliceTotal);
    data->instants.reserve(instantTotal);
    data->asyncThreads.reserve(m_asyncSlices.size());
    // The threads' lanes, in thread order, then the async tracks' (slices.h).
    std::size_t overlaps = 0;
    data->threadLanes.resize(threadCount);
    std::size_t lastLane = 0;
    for (std::size_t index = 0; index < threadCount; ++index) {
        ThreadData& t = m_threads[byIndex[index]];
        std::size_t n = 0;
        Lane lane = layOutSlices(*data, t.named, &n);
        overlaps += n;
        std::stable_sort(t.instants.begin(), t.instants.end(), byTime);
        lane.firstInstant = std::uint32_t(data->instants.size());
        lane.instantCount = std::uint32_t(t.instants.size());
        data->instants.insert(data->instants.end(), t.instants.begin(), t.instants.end());
        data->threadLanes[index] = lane;
        if (lane.levels || lane.instantCount) lastLane = index + 1;
        t.named = {};
        t.instants = {};
    }
    data->threadLanes.resize(lastLane);
    if (overlaps)
        notice(std::to_string(overlaps) + (overlaps == 1 ? " slice overlaps" : " slices overlap") +
               " the slice it starts in without ending within it; shown one level deeper");

    // Async tracks by process, then by their first span.
    ScratchVector<std::uint32_t> asyncOrder(m_async.size());
    for (std::uint32_t i = 0; i < asyncOrder.size(); ++i)
        asyncOrder[i] = i;
    {
        // Each track's process looked up once, not at every comparison (a trace may have a
        // track per span: tens of thousands).
        ScratchVector<unsigned> processOf(m_async.size());
        for (std::size_t k = 0; k < m_async.size(); ++k)
            processOf[k] = unsigned(indexOf(m_async[k].pid)); // no process (-1) last
        std::stable_sort(asyncOrder.begin(), asyncOrder.end(),
                         [&](std::uint32_t a, std::uint32_t b) {
                             if (processOf[a] != processOf[b]) return processOf[a] < processOf[b];
                             return m_async[a].first < m_async[b].first;
                         });
    }
    // Each track's slices and instants together (a counting sort by track, stable).
    ScratchVector<std::size_t> sliceAt(m_async.size() + 1, 0), instantAt(m_async.size() + 1, 0);
    for (std::size_t k = 0; k < m_async.size(); ++k) {
        sliceAt[k + 1] = sliceAt[k] + m_async[k].slices;
        instantAt[k + 1] = instantAt[k] + m_async[k].instants;
    }
    ScratchVector<Slice> slices(m_asyncSlices.size());
    ScratchVector<std::int32_t> tags(m_asyncSlices.size());
    {
        ScratchVector<std::size_t> next(sliceAt.begin(), sliceAt.end() - 1);
        for (const AsyncSlice& s : m_asyncSlices) {
            const std::size_t to = next[s.track]++;
            slices[to] = s.slice;
            tags[to] = s.thread >= 0 ? std::int32_t(threadIndex[std::size_t(s.thread)]) : -1;
        }
        m_asyncSlices = {};
    }
    ScratchVector<Instant> instants(m_asyncInstants.size());
    {
        ScratchVector<std::size_t> next(instantAt.begin(), instantAt.end() - 1);
        for (const AsyncInstant& i : m_asyncInstants)
            instants[next[i.track]++] = i.instant;
        m_asyncInstants = {};
    }
    data->asyncSlices = data->slices.size();
    data->async.reserve(m_async.size());
    for (const std::uint32_t k : asyncOrder) {
        const std::span<Slice> mine(slices.data() + sliceAt[k], sliceAt[k + 1] - sliceAt[k]);
        const std::span<const std::int32_t> mineTags(tags.data() + sliceAt[k], mine.size());
        Lane lane = layOutSlices(*data, mine, nullptr, mineTags, &data->asyncThreads);
        std::span<Instant> in(instants.data() + instantAt[k], instantAt[k + 1] - instantAt[k]);
        std::stable_sort(in.begin(), in.end(), byTime);
        lane.firstInstant = std::uint32_t(data->instants.size());
        lane.instantCount = std::uint32_t(in.size());
        data->instants.insert(data->instants.end(), in.begin(), in.end());
        data->async.push_back(AsyncTrack{indexOf(m_async[k].pid), m_async[k].name, lane});
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
    data->slices.shrink_to_fit();
    data->levelStarts.shrink_to_fit();
    data->instants.shrink_to_fit();
    data->asyncThreads.shrink_to_fit();
    m_labelIds = {};
    return data;
}

} // namespace tl
