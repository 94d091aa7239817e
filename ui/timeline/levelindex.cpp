#include "timeline/levelindex.h"

#include <algorithm>
#include <climits>

namespace tl::ui {

TrackKind trackKind(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::Queue:
    case ObjectKind::Semaphore:
    case ObjectKind::Barrier:
        return TrackKind::Counter;
    case ObjectKind::Mutex:
    case ObjectKind::Gil:
    case ObjectKind::RwLock:
        return TrackKind::Owner;
    case ObjectKind::Event:
        return TrackKind::Flag;
    case ObjectKind::Condition:
        return TrackKind::Marks;
    case ObjectKind::Variable:
        return TrackKind::Value;
    case ObjectKind::Threads:
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        return TrackKind::None;
    }
    return TrackKind::None;
}

int trackLevel(TrackKind kind, const ObjectLevel& level) {
    switch (kind) {
    case TrackKind::Owner:
        return level.owner;
    case TrackKind::Counter:
    case TrackKind::Flag:
    case TrackKind::Value:
        return int(std::clamp<std::int64_t>(level.count, INT32_MIN, INT32_MAX));
    case TrackKind::Marks:
    case TrackKind::None:
        break;
    }
    return 0;
}

void LevelIndex::clear() {
    m_trace = nullptr;
    m_objects.clear();
    m_applied = 0;
}

void LevelIndex::update(const Trace& trace, Time upTo) {
    if (m_trace != &trace) {
        clear();
        m_trace = &trace;
    }
    const std::size_t objects = trace.objectCount();
    while (m_objects.size() < objects) {
        const ObjectInfo& info = trace.object(m_objects.size());
        Object o;
        o.kind = info.kind;
        o.track = trackKind(info.kind);
        o.level = initialLevel(info);
        o.maxLevel = std::max<int>(std::max(trackLevel(o.track, o.level), 1),
                                   int(std::min<std::int64_t>(info.capacity, 1'000'000)));
        o.minLevel = std::min(0, trackLevel(o.track, o.level));
        m_objects.push_back(std::move(o));
    }
    for (std::size_t k = 0; k < objects; ++k) {
        Object& o = m_objects[k];
        const EventStream& s = trace.objectEvents(k);
        std::size_t n = s.size();
        for (std::size_t i = o.count; i < n; ++i) {
            if (s[i].time > upTo) {
                n = i;
                break;
            }
            if (i % kBlock == 0) o.blocks.push_back({o.level, INT32_MAX, INT32_MIN});
            applyOperation(o.kind, s[i], o.level);
            const int drawn = trackLevel(o.track, o.level);
            Block& b = o.blocks.back();
            b.min = std::min(b.min, drawn);
            b.max = std::max(b.max, drawn);
            o.maxLevel = std::max(o.maxLevel, drawn);
            o.minLevel = std::min(o.minLevel, drawn);
        }
        if (n > o.count) m_applied += n - o.count;
        o.count = n;
    }
}

ObjectLevel LevelIndex::stateBefore(const Trace& trace, std::size_t object, std::size_t i) const {
    const Object& o = m_objects[object];
    i = std::min(i, o.count);
    if (i == o.count) return o.level;
    const std::size_t blockIndex = i / kBlock;
    ObjectLevel level = o.blocks[blockIndex].before;
    const EventStream& s = trace.objectEvents(object);
    for (std::size_t j = blockIndex * kBlock; j < i; ++j)
        applyOperation(o.kind, s[j], level);
    return level;
}

int LevelIndex::levelBefore(const Trace& trace, std::size_t object, std::size_t i) const {
    return trackLevel(m_objects[object].track, stateBefore(trace, object, i));
}

std::pair<int, int> LevelIndex::levelRange(const Trace& trace, std::size_t object, std::size_t a,
                                           std::size_t b) const {
    const Object& o = m_objects[object];
    b = std::min(b, o.count);
    int lo = INT32_MAX, hi = INT32_MIN;
    if (a >= b) {
        const int l = levelBefore(trace, object, a);
        return {l, l};
    }
    const EventStream& s = trace.objectEvents(object);
    ObjectLevel level = stateBefore(trace, object, a);
    auto step = [&](std::size_t k) {
        applyOperation(o.kind, s[k], level);
        const int drawn = trackLevel(o.track, level);
        lo = std::min(lo, drawn);
        hi = std::max(hi, drawn);
    };
    std::size_t i = a;
    // Replay up to the first block boundary, take whole blocks from the index, replay the tail.
    const std::size_t headEnd = std::min(b, (a + kBlock - 1) / kBlock * kBlock);
    for (; i < headEnd; ++i)
        step(i);
    for (; i + kBlock <= b; i += kBlock) {
        const Block& blk = o.blocks[i / kBlock];
        lo = std::min(lo, int(blk.min));
        hi = std::max(hi, int(blk.max));
    }
    if (i < b) {
        level = stateBefore(trace, object, i);
        for (; i < b; ++i)
            step(i);
    }
    return {lo, hi};
}

int LevelIndex::maxLevel(std::size_t object) const {
    return object < m_objects.size() ? m_objects[object].maxLevel : 1;
}

int LevelIndex::minLevel(std::size_t object) const {
    return object < m_objects.size() ? m_objects[object].minLevel : 0;
}

std::size_t LevelIndex::indexed(std::size_t object) const {
    return object < m_objects.size() ? m_objects[object].count : 0;
}

} // namespace tl::ui
