#include "model/slices.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace tl {

namespace {
constexpr std::size_t kBlock = std::size_t(64) << 10; // names and args texts are short
} // namespace

struct StringPool::Index {
    std::unordered_map<std::string_view, std::uint32_t> ids;
};

StringPool::StringPool() : m_index(std::make_unique<Index>()) {
    m_strings.emplace_back();
    m_index->ids.emplace(std::string_view(), 0);
}
StringPool::~StringPool() = default;
StringPool::StringPool(StringPool&&) noexcept = default;
StringPool& StringPool::operator=(StringPool&&) noexcept = default;

std::uint32_t StringPool::intern(std::string_view s) {
    const auto it = m_index->ids.find(s);
    if (it != m_index->ids.end()) return it->second;
    char* at;
    if (s.size() > kBlock / 4) {
        // A long text gets a block of its own, so that it does not waste the current one.
        m_blocks.insert(m_blocks.begin(), std::make_unique<char[]>(s.size()));
        at = m_blocks.front().get();
    } else {
        if (m_blocks.empty() || m_blockUsed + s.size() > m_blockSize) {
            m_blocks.push_back(std::make_unique<char[]>(kBlock));
            m_blockUsed = 0;
            m_blockSize = kBlock;
        }
        at = m_blocks.back().get() + m_blockUsed;
        m_blockUsed += s.size();
    }
    std::memcpy(at, s.data(), s.size());
    const auto id = std::uint32_t(m_strings.size());
    const std::string_view stored(at, s.size());
    m_strings.push_back(stored);
    m_index->ids.emplace(stored, id);
    return id;
}

void StringPool::shrink() {
    m_index.reset();
    m_strings.shrink_to_fit();
}

std::size_t StringPool::memoryBytes() const {
    std::size_t bytes = m_strings.capacity() * sizeof(std::string_view);
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        bytes += kBlock; // long texts' blocks are smaller; an upper bound is enough here
    if (m_index) bytes += m_index->ids.size() * (sizeof(std::string_view) + 16);
    return bytes;
}

std::size_t SliceTrack::sliceCount() const {
    std::size_t n = 0;
    for (const auto& level : levels)
        n += level.size();
    return n;
}

std::pair<std::size_t, std::size_t> SliceTrack::slicesIn(std::size_t depth, TimeRange range) const {
    if (depth >= levels.size()) return {0, 0};
    const std::vector<Slice>& l = levels[depth];
    // Slices of a level are disjoint and in start order, so their ends are in order too. A
    // zero-length slice overlaps the range when it lies at or after its start.
    const auto first = std::partition_point(l.begin(), l.end(), [&](const Slice& s) {
        return s.end() < range.start || (s.end() == range.start && s.duration > 0);
    });
    const auto last =
        std::partition_point(first, l.end(), [&](const Slice& s) { return s.start < range.end; });
    return {std::size_t(first - l.begin()), std::size_t(last - l.begin())};
}

long SliceTrack::sliceAt(std::size_t depth, Time t) const {
    if (depth >= levels.size()) return -1;
    const std::vector<Slice>& l = levels[depth];
    const auto up =
        std::partition_point(l.begin(), l.end(), [&](const Slice& s) { return s.start <= t; });
    if (up == l.begin()) return -1;
    const Slice& s = *(up - 1);
    return t < s.end() ? long(up - 1 - l.begin()) : -1;
}

Time SliceTrack::selfTime(std::size_t depth, std::size_t index) const {
    const Slice& s = levels[depth][index];
    return selfTime(depth, index, TimeRange{s.start, s.end()});
}

Time SliceTrack::selfTime(std::size_t depth, std::size_t index, TimeRange range) const {
    const Slice& s = levels[depth][index];
    const Time from = std::max(s.start, range.start);
    const Time to = std::min(s.end(), range.end);
    if (to <= from) return 0;
    Time self = to - from;
    if (depth + 1 < levels.size()) {
        const auto [a, b] = slicesIn(depth + 1, TimeRange{from, to});
        for (std::size_t i = a; i < b; ++i) {
            const Slice& c = levels[depth + 1][i];
            self -= std::max<Time>(0, std::min(c.end(), to) - std::max(c.start, from));
        }
    }
    return std::max<Time>(0, self);
}

SliceTrack layOutSlices(std::vector<Slice> slices, std::vector<Instant> instants,
                        std::size_t* partialOverlaps, const std::vector<std::int32_t>* tags,
                        std::vector<std::vector<std::int32_t>>* tagLevels) {
    SliceTrack track;
    std::stable_sort(instants.begin(), instants.end(), byTime);
    track.instants = std::move(instants);
    if (partialOverlaps) *partialOverlaps = 0;
    if (slices.empty()) return track;
    std::vector<std::uint32_t> order(slices.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        const Slice& a = slices[x];
        const Slice& b = slices[y];
        return a.start != b.start ? a.start < b.start : a.duration > b.duration;
    });
    // The lowest free level for each slice: levels whose last slice has ended are free.
    // Heaps keep it O(n log n) even for thousands of overlapping async spans.
    using Busy = std::pair<Time, std::size_t>; // (end, level)
    std::vector<Busy> busy;                    // min-heap by end
    std::vector<std::size_t> free;             // min-heap by level
    std::vector<Time> openEnd;                 // per level: the end of its last slice
    std::size_t overlaps = 0;
    for (const std::uint32_t k : order) {
        const Slice& s = slices[k];
        // Closed-open spans: a slice that ends where s starts does not contain it.
        while (!busy.empty() && busy.front().first <= s.start) {
            std::pop_heap(busy.begin(), busy.end(), std::greater<>{});
            free.push_back(busy.back().second);
            std::push_heap(free.begin(), free.end(), std::greater<>{});
            busy.pop_back();
        }
        std::size_t level;
        if (!free.empty()) {
            std::pop_heap(free.begin(), free.end(), std::greater<>{});
            level = free.back();
            free.pop_back();
        } else {
            level = track.levels.size();
            track.levels.emplace_back();
            openEnd.push_back(0);
            if (tagLevels) tagLevels->emplace_back();
        }
        // A slice nests when it ends within the slice one level up that is still open.
        if (level > 0 && openEnd[level - 1] > s.start && s.end() > openEnd[level - 1]) ++overlaps;
        track.levels[level].push_back(s);
        if (tags && tagLevels) (*tagLevels)[level].push_back((*tags)[k]);
        openEnd[level] = s.end();
        busy.emplace_back(s.end(), level);
        std::push_heap(busy.begin(), busy.end(), std::greater<>{});
    }
    for (auto& level : track.levels)
        level.shrink_to_fit();
    if (partialOverlaps) *partialOverlaps = overlaps;
    return track;
}

const SliceTrack& SliceData::threadTrack(std::size_t thread) const {
    static const SliceTrack none;
    return thread < threadSlices.size() ? threadSlices[thread] : none;
}

const ProcessInfo* SliceData::processOf(std::size_t thread) const {
    if (thread >= threads.size()) return nullptr;
    const int p = threads[thread].process;
    return p >= 0 && std::size_t(p) < processes.size() ? &processes[std::size_t(p)] : nullptr;
}

std::pair<std::size_t, std::size_t> SliceData::flowsInto(std::size_t thread) const {
    const auto t = std::int32_t(thread);
    const auto a = std::partition_point(flows.begin(), flows.end(),
                                        [&](const Flow& f) { return f.toThread < t; });
    const auto b =
        std::partition_point(a, flows.end(), [&](const Flow& f) { return f.toThread <= t; });
    return {std::size_t(a - flows.begin()), std::size_t(b - flows.begin())};
}

long SliceData::flowInto(std::size_t thread, Time t) const {
    const auto [a, b] = flowsInto(thread);
    const auto it = std::partition_point(flows.begin() + long(a), flows.begin() + long(b),
                                         [&](const Flow& f) { return f.toTime < t; });
    return it != flows.begin() + long(b) && it->toTime == t ? long(it - flows.begin()) : -1;
}

std::size_t SliceData::sliceCount() const {
    std::size_t n = 0;
    for (const SliceTrack& t : threadSlices)
        n += t.sliceCount();
    for (const AsyncTrack& a : async)
        n += a.track.sliceCount();
    return n;
}

std::size_t SliceData::instantCount() const {
    std::size_t n = globalInstants.size();
    for (const SliceTrack& t : threadSlices)
        n += t.instants.size();
    for (const AsyncTrack& a : async)
        n += a.track.instants.size();
    for (const ProcessInfo& p : processes)
        n += p.instants.size();
    return n;
}

std::size_t SliceData::eventCount() const {
    std::size_t n = sliceCount() + instantCount() + flows.size();
    for (const CounterTrack& c : counters)
        n += c.points.size();
    return n;
}

std::size_t SliceData::memoryBytes() const {
    auto track = [](const SliceTrack& t) {
        std::size_t b = sizeof(SliceTrack) + t.instants.capacity() * sizeof(Instant);
        for (const auto& level : t.levels)
            b += sizeof(level) + level.capacity() * sizeof(Slice);
        return b;
    };
    std::size_t bytes = strings.memoryBytes() + labels.capacity() * sizeof(Label) +
                        threads.capacity() * sizeof(ThreadOrigin) +
                        flows.capacity() * sizeof(Flow) +
                        globalInstants.capacity() * sizeof(Instant);
    for (const SliceTrack& t : threadSlices)
        bytes += track(t);
    for (const AsyncTrack& a : async) {
        bytes += track(a.track) + sizeof(AsyncTrack);
        for (const auto& level : a.threads)
            bytes += level.capacity() * sizeof(std::int32_t);
    }
    for (const CounterTrack& c : counters)
        bytes += sizeof(CounterTrack) + c.points.capacity() * sizeof(CounterPoint);
    for (const ProcessInfo& p : processes)
        bytes += sizeof(ProcessInfo) + p.instants.capacity() * sizeof(Instant);
    return bytes;
}

bool SliceData::empty() const {
    return processes.empty() && async.empty() && counters.empty() && flows.empty() &&
           globalInstants.empty() &&
           std::all_of(threadSlices.begin(), threadSlices.end(),
                       [](const SliceTrack& t) { return t.empty(); });
}

} // namespace tl
