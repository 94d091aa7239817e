#include "model/slices.h"

#include "model/scratch.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace tl {

namespace {
constexpr std::size_t kBlock = std::size_t(64) << 10; // names and args texts are short
} // namespace

struct StringPool::Index {
    IdTable ids;
};

StringPool::StringPool() : m_index(std::make_unique<Index>()) {
    m_strings.emplace_back();
    m_index->ids.insert(textHash({}), 0);
}
StringPool::~StringPool() = default;
StringPool::StringPool(StringPool&&) noexcept = default;
StringPool& StringPool::operator=(StringPool&&) noexcept = default;

std::uint32_t StringPool::intern(std::string_view s) {
    const std::size_t hash = textHash(s);
    const std::uint32_t found =
        m_index->ids.find(hash, [&](std::uint32_t id) { return sameText(m_strings[id], s); });
    if (found != IdTable::kNone) return found;
    char* at;
    if (s.size() > kBlock / 4) {
        // A long text gets a block of its own, so that it does not waste the current one.
        m_blocks.insert(m_blocks.begin(), std::make_unique<char[]>(s.size()));
        at = m_blocks.front().get();
        m_bytes += s.size();
    } else {
        if (m_blocks.empty() || m_blockUsed + s.size() > m_blockSize) {
            m_blocks.push_back(std::make_unique<char[]>(kBlock));
            m_blockUsed = 0;
            m_blockSize = kBlock;
            m_bytes += kBlock;
        }
        at = m_blocks.back().get() + m_blockUsed;
        m_blockUsed += s.size();
    }
    std::memcpy(at, s.data(), s.size());
    const auto id = std::uint32_t(m_strings.size());
    const std::string_view stored(at, s.size());
    m_strings.push_back(stored);
    m_index->ids.insert(hash, id);
    return id;
}

void StringPool::shrink() {
    m_index.reset();
    m_strings.shrink_to_fit();
}

std::size_t StringPool::memoryBytes() const {
    std::size_t bytes = m_strings.capacity() * sizeof(std::string_view) + m_bytes +
                        m_blocks.capacity() * sizeof(m_blocks[0]);
    if (m_index) bytes += m_index->ids.memoryBytes();
    return bytes;
}

std::span<const Slice> SliceTrack::level(std::size_t depth) const {
    if (depth >= m_lane.levels) return {};
    const std::uint32_t* starts = m_data->levelStarts.data() + m_lane.firstLevel;
    return std::span<const Slice>(m_data->slices.data() + starts[depth],
                                  starts[depth + 1] - starts[depth]);
}

std::span<const Instant> SliceTrack::instants() const {
    if (!m_data || m_lane.instantCount == 0) return {};
    return std::span<const Instant>(m_data->instants.data() + m_lane.firstInstant,
                                    m_lane.instantCount);
}

std::size_t SliceTrack::sliceIndex(std::size_t depth, std::size_t i) const {
    return m_data->levelStarts[m_lane.firstLevel + depth] + i;
}

std::size_t SliceTrack::sliceCount() const {
    if (m_lane.levels == 0) return 0;
    return m_data->levelStarts[m_lane.firstLevel + m_lane.levels] -
           m_data->levelStarts[m_lane.firstLevel];
}

std::pair<std::size_t, std::size_t> SliceTrack::slicesIn(std::size_t depth, TimeRange range) const {
    const std::span<const Slice> l = level(depth);
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
    const std::span<const Slice> l = level(depth);
    const auto up =
        std::partition_point(l.begin(), l.end(), [&](const Slice& s) { return s.start <= t; });
    if (up == l.begin()) return -1;
    const Slice& s = *(up - 1);
    return t < s.end() ? long(up - 1 - l.begin()) : -1;
}

Time SliceTrack::selfTime(std::size_t depth, std::size_t index) const {
    const Slice& s = level(depth)[index];
    return selfTime(depth, index, TimeRange{s.start, s.end()});
}

Time SliceTrack::selfTime(std::size_t depth, std::size_t index, TimeRange range) const {
    const Slice& s = level(depth)[index];
    const Time from = std::max(s.start, range.start);
    const Time to = std::min(s.end(), range.end);
    if (to <= from) return 0;
    Time self = to - from;
    if (depth + 1 < this->depth()) {
        const std::span<const Slice> children = level(depth + 1);
        const auto [a, b] = slicesIn(depth + 1, TimeRange{from, to});
        for (std::size_t i = a; i < b; ++i) {
            const Slice& c = children[i];
            self -= std::max<Time>(0, std::min(c.end(), to) - std::max(c.start, from));
        }
    }
    return std::max<Time>(0, self);
}

Lane layOutSlices(SliceData& data, std::span<Slice> slices, std::size_t* partialOverlaps,
                  std::span<const std::int32_t> tags, std::vector<std::int32_t>* tagsOut) {
    Lane lane;
    lane.firstLevel = std::uint32_t(data.levelStarts.size());
    if (partialOverlaps) *partialOverlaps = 0;
    if (slices.empty()) return lane;
    if (slices.size() == 1) { // one level of one slice (an async track of one span, say)
        data.levelStarts.push_back(std::uint32_t(data.slices.size()));
        data.slices.push_back(slices[0]);
        data.levelStarts.push_back(std::uint32_t(data.slices.size()));
        if (tagsOut) tagsOut->push_back(tags.empty() ? -1 : tags[0]);
        lane.levels = 1;
        return lane;
    }
    ScratchVector<std::uint32_t> order(slices.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto byStart = [&](std::uint32_t x, std::uint32_t y) {
        const Slice& a = slices[x];
        const Slice& b = slices[y];
        return a.start != b.start ? a.start < b.start : a.duration > b.duration;
    };
    if (!std::is_sorted(order.begin(), order.end(), byStart))
        std::stable_sort(order.begin(), order.end(), byStart);
    // The lowest free level for each slice: levels whose last slice has ended are free.
    ScratchVector<Time> openEnd; // per level: the end of its last slice
    ScratchVector<std::uint32_t> levelOf(slices.size());
    ScratchVector<std::uint32_t> perLevel;
    std::size_t overlaps = 0;
    auto place = [&](const Slice& s, std::uint32_t k, std::uint32_t level) {
        if (level == openEnd.size()) {
            openEnd.push_back(0);
            perLevel.push_back(0);
        }
        // A slice nests when it ends within the slice one level up that is still open.
        if (level > 0 && openEnd[level - 1] > s.start && s.end() > openEnd[level - 1]) ++overlaps;
        levelOf[k] = level;
        ++perLevel[level];
        openEnd[level] = s.end();
    };
    // A thread's slices nest a few levels deep: the free level is found by looking at each,
    // cheaper than the heaps below. A level is free exactly when its last slice ends by the
    // start (closed-open spans), so both ways give the same levels.
    constexpr std::size_t kFewLevels = 16;
    bool few = true;
    for (const std::uint32_t k : order) {
        const Slice& s = slices[k];
        std::uint32_t level = 0;
        while (level < openEnd.size() && openEnd[level] > s.start)
            ++level;
        if (level >= kFewLevels) {
            few = false;
            break;
        }
        place(s, k, level);
    }
    if (!few) {
        // Heaps keep it O(n log n) even for thousands of overlapping async spans.
        openEnd.clear();
        perLevel.clear();
        overlaps = 0;
        using Busy = std::pair<Time, std::uint32_t>; // (end, level)
        ScratchVector<Busy> busy;                    // min-heap by end
        ScratchVector<std::uint32_t> free;           // min-heap by level
        for (const std::uint32_t k : order) {
            const Slice& s = slices[k];
            while (!busy.empty() && busy.front().first <= s.start) {
                std::pop_heap(busy.begin(), busy.end(), std::greater<>{});
                free.push_back(busy.back().second);
                std::push_heap(free.begin(), free.end(), std::greater<>{});
                busy.pop_back();
            }
            std::uint32_t level = std::uint32_t(openEnd.size());
            if (!free.empty()) {
                std::pop_heap(free.begin(), free.end(), std::greater<>{});
                level = free.back();
                free.pop_back();
            }
            place(s, k, level);
            busy.emplace_back(s.end(), level);
            std::push_heap(busy.begin(), busy.end(), std::greater<>{});
        }
    }
    // Level by level, each in start order: a counting sort of the start order by level.
    ScratchVector<std::size_t> next(perLevel.size());
    std::size_t at = data.slices.size();
    for (std::size_t l = 0; l < perLevel.size(); ++l) {
        data.levelStarts.push_back(std::uint32_t(at));
        next[l] = at;
        at += perLevel[l];
    }
    data.levelStarts.push_back(std::uint32_t(at));
    const std::size_t base = data.slices.size();
    data.slices.resize(at);
    if (tagsOut) tagsOut->resize(tagsOut->size() + slices.size());
    const std::size_t tagBase = tagsOut ? tagsOut->size() - slices.size() : 0;
    for (const std::uint32_t k : order) {
        const std::size_t to = next[levelOf[k]]++;
        data.slices[to] = slices[k];
        if (tagsOut) (*tagsOut)[tagBase + (to - base)] = k < tags.size() ? tags[k] : -1;
    }
    lane.levels = std::uint32_t(perLevel.size());
    if (partialOverlaps) *partialOverlaps = overlaps;
    return lane;
}

SliceTrack SliceData::threadTrack(std::size_t thread) const {
    return thread < threadLanes.size() ? SliceTrack(this, threadLanes[thread]) : SliceTrack();
}

std::int32_t SliceData::asyncThread(std::size_t k, std::size_t d, std::size_t i) const {
    const std::size_t index = asyncTrack(k).sliceIndex(d, i);
    return index >= asyncSlices && index - asyncSlices < asyncThreads.size()
               ? asyncThreads[index - asyncSlices]
               : -1;
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

std::size_t SliceData::instantCount() const {
    std::size_t n = globalInstants.size() + instants.size();
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
    std::size_t bytes =
        sizeof(SliceData) + strings.memoryBytes() + labels.capacity() * sizeof(Label) +
        threads.capacity() * sizeof(ThreadOrigin) + slices.capacity() * sizeof(Slice) +
        levelStarts.capacity() * sizeof(std::uint32_t) + instants.capacity() * sizeof(Instant) +
        threadLanes.capacity() * sizeof(Lane) + async.capacity() * sizeof(AsyncTrack) +
        asyncThreads.capacity() * sizeof(std::int32_t) + flows.capacity() * sizeof(Flow) +
        globalInstants.capacity() * sizeof(Instant);
    for (const CounterTrack& c : counters)
        bytes += sizeof(CounterTrack) + c.name.capacity() + c.series.capacity() +
                 c.points.capacity() * sizeof(CounterPoint);
    for (const ProcessInfo& p : processes)
        bytes += sizeof(ProcessInfo) + p.name.capacity() + p.instants.capacity() * sizeof(Instant);
    return bytes;
}

bool SliceData::empty() const {
    return processes.empty() && slices.empty() && instants.empty() && counters.empty() &&
           flows.empty() && globalInstants.empty();
}

} // namespace tl
