#include "format/tracebuilder.h"

#include "format/chromejson.h"

#include <algorithm>
#include <charconv>

namespace tl {

namespace {

[[noreturn]] void tooMany(const char* what, std::size_t limit) {
    throw TraceReadError("the trace has more than " + std::to_string(limit) + " " + what);
}

// "producer 12" -> role "producer", index 12; a name without a number is its own role.
ThreadInfo threadInfo(std::string name) {
    ThreadInfo info;
    info.index = 1;
    const std::size_t space = name.find_last_of(' ');
    if (space != std::string::npos && space > 0 && space + 1 < name.size()) {
        const char* b = name.data() + space + 1;
        const char* e = name.data() + name.size();
        int index = 0;
        const auto [p, ec] = std::from_chars(b, e, index);
        if (ec == std::errc() && p == e && index >= 0) {
            info.role = name.substr(0, space);
            info.index = index;
        }
    }
    if (info.role.empty()) info.role = name;
    info.name = std::move(name);
    return info;
}

} // namespace

TraceBuilder::TraceBuilder() : m_data(std::make_unique<SliceData>()) {}
TraceBuilder::~TraceBuilder() = default;

std::uint32_t TraceBuilder::newThread(std::int64_t pid, std::int64_t tid) {
    const auto id = std::uint32_t(m_threads.size());
    if (id >= Trace::kMaxThreads) tooMany("threads", Trace::kMaxThreads);
    m_threads.push_back(ThreadData{pid, tid, 0, {}, {}, {}, {}});
    return id;
}

std::uint32_t TraceBuilder::thread(std::int64_t pid, std::int64_t tid) {
    if (pid != kNoPid && m_firstPid == kNoPid) m_firstPid = pid;
    if (pid == kNoPid || pid == m_firstPid) {
        // The first process's threads (all of them, in our own files) by a table.
        std::int32_t* slot = nullptr;
        if (tid >= 0 && tid < 65536) {
            if (m_smallTids.size() <= std::size_t(tid)) m_smallTids.resize(std::size_t(tid) + 1, 0);
            slot = &m_smallTids[std::size_t(tid)];
            if (*slot) {
                ThreadData& t = m_threads[std::size_t(*slot - 1)];
                if (t.pid == kNoPid) t.pid = pid;
                return std::uint32_t(*slot - 1);
            }
        } else if (const auto it = m_bigTids.find(tid); it != m_bigTids.end()) {
            if (m_threads[it->second].pid == kNoPid) m_threads[it->second].pid = pid;
            return it->second;
        }
        if (pid == kNoPid)
            if (const auto it = m_firstOfTid.find(tid); it != m_firstOfTid.end()) return it->second;
        const std::uint32_t id = newThread(pid, tid);
        if (slot)
            *slot = std::int32_t(id) + 1;
        else
            m_bigTids.emplace(tid, id);
        return id;
    }
    // Consecutive events are mostly of one thread: the last one found saves the lookup.
    if (pid == m_lastPid && tid == m_lastTid) return m_lastThread;
    const auto key = std::make_pair(pid, tid);
    std::uint32_t id;
    if (const auto it = m_pidTids.find(key); it != m_pidTids.end()) {
        id = it->second;
    } else {
        id = newThread(pid, tid);
        m_pidTids.emplace(key, id);
        m_firstOfTid.emplace(tid, id);
    }
    m_lastPid = pid;
    m_lastTid = tid;
    m_lastThread = id;
    return id;
}

std::uint16_t TraceBuilder::object(std::string_view name) {
    if (m_lastObject != kNoRef && name == m_lastName) return m_lastObject;
    auto it = m_objectIds.find(name);
    if (it == m_objectIds.end()) {
        if (m_objects.size() >= Trace::kMaxObjects) tooMany("objects", Trace::kMaxObjects);
        it = m_objectIds.emplace(std::string(name), std::uint16_t(m_objects.size())).first;
        m_objects.push_back(ObjectData{std::string(name), {}, 0, 0});
    }
    m_lastName = it->first; // the map's key: it stays where it is
    m_lastObject = it->second;
    return it->second;
}

void TraceBuilder::nameThread(std::uint32_t thread, std::string name) {
    m_threads[thread].name = std::move(name);
}

void TraceBuilder::sortThread(std::uint32_t thread, std::int64_t index) {
    m_threads[thread].sortIndex = index;
}

void TraceBuilder::setPid(std::uint32_t thread, std::int64_t pid) {
    m_threads[thread].pid = pid;
}

TraceBuilder::ProcessData& TraceBuilder::process(std::int64_t pid) {
    return m_processes[pid];
}

void TraceBuilder::nameProcess(std::int64_t pid, std::string name) {
    process(pid).name = std::move(name);
}

void TraceBuilder::sortProcess(std::int64_t pid, std::int64_t index) {
    process(pid).sortIndex = index;
}

void TraceBuilder::declareObject(ObjectInfo info) {
    if (m_declared.size() >= Trace::kMaxObjects) tooMany("objects", Trace::kMaxObjects);
    m_declared.push_back(std::move(info));
}

void TraceBuilder::addSlice(std::uint32_t thread, const StateSlice& slice) {
    if (slice.object != kNoRef) m_objects[slice.object].reasonsSeen |= 1u << unsigned(slice.reason);
    m_threads[thread].slices.push_back(slice);
}

void TraceBuilder::addOperation(std::uint16_t object, std::uint32_t thread, Time time, Op op,
                                std::uint32_t value, std::uint8_t flags) {
    ObjectData& o = m_objects[object];
    o.opsSeen |= 1u << unsigned(op);
    o.ops.push_back(Event{time, value, std::uint16_t(thread), std::uint8_t(op), flags});
}

ObjectKind TraceBuilder::inferKind(const ObjectData& o) {
    auto saw = [&](std::initializer_list<Op> ops) {
        return std::any_of(ops.begin(), ops.end(),
                           [&](Op op) { return o.opsSeen & (1u << unsigned(op)); });
    };
    auto waited = [&](std::initializer_list<Reason> reasons) {
        return std::any_of(reasons.begin(), reasons.end(),
                           [&](Reason r) { return o.reasonsSeen & (1u << unsigned(r)); });
    };
    if (saw({Op::Read, Op::Write, Op::FetchAdd, Op::Exchange, Op::CasOk, Op::CasFailed}))
        return ObjectKind::Variable;
    if (saw({Op::Fence})) return ObjectKind::Fences;
    if (saw({Op::AssertFailed})) return ObjectKind::Assertion;
    if (saw({Op::Lock, Op::Unlock, Op::TrylockFailed}))
        return waited({Reason::ReadLock, Reason::WriteLock}) ? ObjectKind::RwLock
               : waited({Reason::Gil})                       ? ObjectKind::Gil
                                                             : ObjectKind::Mutex;
    if (saw({Op::Put, Op::Get, Op::Close})) return ObjectKind::Queue;
    if (saw({Op::Acquire, Op::Release})) return ObjectKind::Semaphore;
    if (saw({Op::Arrive, Op::Pass, Op::Abort})) return ObjectKind::Barrier;
    if (saw({Op::Spawn, Op::Join})) return ObjectKind::Threads;
    if (saw({Op::Set, Op::Clear})) return ObjectKind::Event;
    if (saw({Op::Notify, Op::NotifyAll})) return ObjectKind::Condition;
    if (waited({Reason::QueueEmpty, Reason::QueueFull})) return ObjectKind::Queue;
    if (waited({Reason::NoPermits})) return ObjectKind::Semaphore;
    if (waited({Reason::Barrier})) return ObjectKind::Barrier;
    if (waited({Reason::Event})) return ObjectKind::Event;
    if (waited({Reason::Condition}) || saw({Op::Wait, Op::Wake, Op::Timeout}))
        return ObjectKind::Condition;
    if (waited({Reason::Join})) return ObjectKind::Threads;
    if (waited({Reason::ReadLock, Reason::WriteLock})) return ObjectKind::RwLock;
    if (waited({Reason::Gil})) return ObjectKind::Gil;
    return ObjectKind::Mutex;
}

std::uint32_t TraceBuilder::targetIndex(std::uint32_t tid,
                                        const std::vector<std::uint16_t>& index) const {
    if (tid < m_smallTids.size() && m_smallTids[tid])
        return index[std::size_t(m_smallTids[tid] - 1)];
    const auto it = m_bigTids.find(tid);
    return it != m_bigTids.end() ? index[it->second] : tid - 1; // not registered: kept as is
}

std::unique_ptr<Trace> TraceBuilder::build(RunInfo info, Outcome outcome, std::string message,
                                           const Time* endTime) {
    const bool foreign = info.source.kind != SourceKind::Run;
    if (foreign) {
        info.source.origin = m_originGiven ? m_origin : earliest();
        rebase(info.source.origin);
    }

    // Ours in tid order (1..N, so the indexes come back as they were); other programs' by
    // process, then sort index and tid.
    const std::vector<std::uint32_t> order = threadOrder(foreign);
    std::vector<std::uint16_t> threadIndex(m_threads.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        threadIndex[order[k]] = std::uint16_t(k);
    // The slices first: laying them out may notice something, and info is whole at once.
    std::unique_ptr<SliceData> data;
    if (foreign) data = buildSlices(threadIndex, order.size());
    info.source.notices = std::move(m_notices);
    auto trace = std::make_unique<Trace>(std::move(info));
    for (const std::uint32_t id : order) {
        ThreadData& t = m_threads[id];
        if (t.name.empty()) t.name = "thread " + std::to_string(t.tid);
        trace->addThread(threadInfo(t.name));
    }

    // The declared objects first, in their order, so that the round trip is exact.
    std::vector<std::uint16_t> objectIndex(m_objects.size(), kNoRef);
    for (ObjectInfo& d : m_declared) {
        const auto it = m_objectIds.find(std::string_view(d.name));
        const int index = trace->addObject(std::move(d));
        if (index < 0) tooMany("objects", Trace::kMaxObjects);
        if (it != m_objectIds.end() && objectIndex[it->second] == kNoRef)
            objectIndex[it->second] = std::uint16_t(index);
    }
    for (std::size_t i = 0; i < m_objects.size(); ++i) {
        if (objectIndex[i] != kNoRef) continue;
        const int index =
            trace->addObject(ObjectInfo{inferKind(m_objects[i]), m_objects[i].name, 0});
        if (index < 0) tooMany("objects", Trace::kMaxObjects);
        objectIndex[i] = std::uint16_t(index);
    }

    Time end = 0;
    for (std::size_t id = 0; id < m_threads.size(); ++id) {
        std::vector<StateSlice>& slices = m_threads[id].slices;
        if (slices.empty()) continue;
        auto byStart = [](const StateSlice& a, const StateSlice& b) { return a.start < b.start; };
        if (!std::is_sorted(slices.begin(), slices.end(), byStart))
            std::stable_sort(slices.begin(), slices.end(), byStart);
        EventStream& s = trace->threadEvents(threadIndex[id]);
        for (const StateSlice& sl : slices)
            s.append(Event{sl.start, sl.value,
                           sl.object == kNoRef ? kNoRef : objectIndex[sl.object],
                           std::uint8_t(sl.state), std::uint8_t(sl.reason)});
        const StateSlice& last = slices.back();
        const Time lastEnd = last.start + last.duration;
        end = std::max(end, lastEnd);
        if (!last.unfinished)
            s.append(Event{lastEnd, 0, kNoRef, std::uint8_t(ThreadState::Exited), 0});
    }
    for (std::size_t id = 0; id < m_objects.size(); ++id) {
        std::vector<Event>& ops = m_objects[id].ops;
        // File order is happening order; only other tools' files may need sorting, and a
        // stable sort keeps the order of operations at one instant.
        auto byTime = [](const Event& a, const Event& b) { return a.time < b.time; };
        if (!std::is_sorted(ops.begin(), ops.end(), byTime))
            std::stable_sort(ops.begin(), ops.end(), byTime);
        EventStream& s = trace->objectEvents(objectIndex[id]);
        for (Event e : ops) {
            e.ref = threadIndex[e.ref];
            if (e.op() == Op::Spawn || e.op() == Op::Join)
                e.value = targetIndex(e.value, threadIndex);
            s.append(e);
        }
        if (!ops.empty()) end = std::max(end, ops.back().time);
    }
    if (data) {
        end = std::max(end, latest(*data));
        trace->setSlices(std::move(data));
    }
    trace->setEndTime(endTime ? *endTime : end);
    trace->finish(outcome, std::move(message));
    return trace;
}

} // namespace tl
