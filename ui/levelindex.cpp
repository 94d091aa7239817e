#include "levelindex.h"

#include <algorithm>
#include <tuple>

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
    case ObjectKind::Threads:
        return TrackKind::None;
    }
    return TrackKind::None;
}

int initialLevel(const ObjectInfo& info) {
    switch (trackKind(info.kind)) {
    case TrackKind::Owner:
        return -1;
    case TrackKind::Counter:
        return info.kind == ObjectKind::Semaphore ? int(info.capacity) : 0;
    default:
        return 0;
    }
}

void applyOperation(ObjectKind kind, const Event& e, int& level, int& shared) {
    switch (kind) {
    case ObjectKind::Queue:
        if (e.op() == Op::Put) ++level;
        if (e.op() == Op::Get && !(e.arg & OpFlagClosed)) level = std::max(0, level - 1);
        break;
    case ObjectKind::Semaphore:
        // The engines record the permits available after each acquire and release.
        if (e.op() == Op::Acquire || e.op() == Op::Release) level = int(e.value);
        break;
    case ObjectKind::Barrier:
        if (e.op() == Op::Arrive) ++level;
        if (e.op() == Op::Pass) level = std::max(0, level - 1);
        break;
    case ObjectKind::Mutex:
    case ObjectKind::Gil:
    case ObjectKind::RwLock:
        if (e.arg & OpFlagShared) {
            if (e.op() == Op::Lock) ++shared;
            if (e.op() == Op::Unlock) shared = std::max(0, shared - 1);
        } else {
            if (e.op() == Op::Lock) level = e.ref == kNoRef ? -1 : int(e.ref);
            if (e.op() == Op::Unlock) level = -1;
        }
        break;
    case ObjectKind::Event:
        if (e.op() == Op::Set) level = 1;
        if (e.op() == Op::Clear) level = 0;
        break;
    case ObjectKind::Condition:
    case ObjectKind::Threads:
        break;
    }
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
        o.level = initialLevel(info);
        o.maxLevel = std::max<int>(std::max(o.level, 1),
                                   int(std::min<std::int64_t>(info.capacity, 1'000'000)));
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
            if (i % kBlock == 0) o.blocks.push_back({o.level, o.shared, INT32_MAX, INT32_MIN});
            applyOperation(o.kind, s[i], o.level, o.shared);
            Block& b = o.blocks.back();
            b.min = std::min(b.min, o.level);
            b.max = std::max(b.max, o.level);
            o.maxLevel = std::max(o.maxLevel, o.level);
        }
        if (n > o.count) m_applied += n - o.count;
        o.count = n;
    }
}

std::pair<int, int> LevelIndex::stateBefore(const Trace& trace, std::size_t object,
                                            std::size_t i) const {
    const Object& o = m_objects[object];
    i = std::min(i, o.count);
    if (i == o.count) return {o.level, o.shared};
    const std::size_t blockIndex = i / kBlock;
    const Block& b = o.blocks[blockIndex];
    int level = b.before;
    int shared = b.sharedBefore;
    const EventStream& s = trace.objectEvents(object);
    for (std::size_t j = blockIndex * kBlock; j < i; ++j)
        applyOperation(o.kind, s[j], level, shared);
    return {level, shared};
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
    auto [level, shared] = stateBefore(trace, object, a);
    std::size_t i = a;
    // Replay up to the first block boundary, take whole blocks from the index, replay the tail.
    const std::size_t headEnd = std::min(b, (a + kBlock - 1) / kBlock * kBlock);
    for (; i < headEnd; ++i) {
        applyOperation(o.kind, s[i], level, shared);
        lo = std::min(lo, level);
        hi = std::max(hi, level);
    }
    for (; i + kBlock <= b; i += kBlock) {
        const Block& blk = o.blocks[i / kBlock];
        lo = std::min(lo, int(blk.min));
        hi = std::max(hi, int(blk.max));
    }
    if (i < b) {
        std::tie(level, shared) = stateBefore(trace, object, i);
        for (; i < b; ++i) {
            applyOperation(o.kind, s[i], level, shared);
            lo = std::min(lo, level);
            hi = std::max(hi, level);
        }
    }
    return {lo, hi};
}

int LevelIndex::maxLevel(std::size_t object) const {
    return object < m_objects.size() ? m_objects[object].maxLevel : 1;
}

std::size_t LevelIndex::indexed(std::size_t object) const {
    return object < m_objects.size() ? m_objects[object].count : 0;
}

} // namespace tl::ui
