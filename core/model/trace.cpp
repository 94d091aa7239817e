#include "model/trace.h"

#include "model/slices.h"

#include <algorithm>
#include <array>

namespace tl {

namespace {
constexpr std::array<std::string_view, 12> kKindNames = {
    "mutex",  "queue", "semaphore", "barrier", "condition", "event",
    "rwlock", "gil",   "variable",  "threads", "fences",    "assertion"};
constexpr std::array<std::string_view, 7> kOutcomeNames = {
    "running", "completed", "cancelled", "time limit", "deadlock", "event limit", "error"};
constexpr std::array<std::string_view, 3> kSourceNames = {"run", "chrome", "perf"};
} // namespace

std::string_view sourceKindName(SourceKind k) {
    return kSourceNames[std::size_t(k)];
}
bool parseSourceKindName(std::string_view name, SourceKind& out) {
    for (std::size_t i = 0; i < kSourceNames.size(); ++i)
        if (kSourceNames[i] == name) {
            out = SourceKind(i);
            return true;
        }
    return false;
}

std::string_view objectKindName(ObjectKind k) {
    return kKindNames[std::size_t(k)];
}
bool parseObjectKindName(std::string_view name, ObjectKind& out) {
    // The pseudo-objects (threads, fences, assertions) are not declarable.
    for (std::size_t i = 0; i < std::size_t(ObjectKind::Threads); ++i)
        if (kKindNames[i] == name) {
            out = ObjectKind(i);
            return true;
        }
    return false;
}
std::string_view outcomeName(Outcome o) {
    return kOutcomeNames[std::size_t(o)];
}
std::string_view outcomeLabel(Outcome o) {
    return o == Outcome::Cancelled ? "stopped" : outcomeName(o);
}

Trace::Trace(RunInfo info)
    : m_info(std::move(info)), m_threads(new std::unique_ptr<ThreadTrack>[kMaxThreads]),
      m_objects(new std::unique_ptr<ObjectTrack>[kMaxObjects]) {}

void Trace::finish(Outcome outcome, std::string message) {
    // Only the writer calls this, so its own read of the outcome races with nothing.
    if (finished() || outcome == Outcome::Running) return;
    m_message = std::move(message);
    m_outcome.store(outcome, std::memory_order_release);
}

Trace::~Trace() = default;

void Trace::setSlices(std::unique_ptr<SliceData> slices) {
    m_slices = std::move(slices);
}
std::unique_ptr<SliceData> Trace::takeSlices() {
    return std::move(m_slices);
}

int Trace::addThread(ThreadInfo info) {
    std::lock_guard lock(m_registerMutex);
    const std::size_t n = m_threadCount.load(std::memory_order_relaxed);
    if (n >= kMaxThreads) return -1;
    m_threads[n] = std::make_unique<ThreadTrack>();
    m_threads[n]->info = std::move(info);
    m_threadCount.store(n + 1, std::memory_order_release);
    return int(n);
}

int Trace::addObject(ObjectInfo info) {
    std::lock_guard lock(m_registerMutex);
    const std::size_t n = m_objectCount.load(std::memory_order_relaxed);
    if (n >= kMaxObjects) return -1;
    m_objects[n] = std::make_unique<ObjectTrack>();
    m_objects[n]->info = std::move(info);
    m_objectCount.store(n + 1, std::memory_order_release);
    return int(n);
}

void Trace::setFinalValue(std::size_t object, std::int64_t value) {
    if (m_finalValues.size() <= object) m_finalValues.resize(object + 1);
    m_finalValues[object] = value;
}

std::optional<std::int64_t> Trace::recordedFinalValue(std::size_t object) const {
    return object < m_finalValues.size() ? m_finalValues[object] : std::nullopt;
}

int Trace::findObject(std::string_view name) const {
    for (std::size_t i = 0, n = objectCount(); i < n; ++i)
        if (m_objects[i]->info.name == name) return int(i);
    return -1;
}

int Trace::findThread(std::string_view name) const {
    for (std::size_t i = 0, n = threadCount(); i < n; ++i)
        if (m_threads[i]->info.name == name) return int(i);
    return -1;
}

Time Trace::endTime() const {
    Time end = m_end.load(std::memory_order_acquire);
    auto later = [&end](const EventStream& s) {
        if (const std::size_t n = s.size()) end = std::max(end, s[n - 1].time);
    };
    for (std::size_t i = 0, c = threadCount(); i < c; ++i)
        later(m_threads[i]->events);
    for (std::size_t i = 0, c = objectCount(); i < c; ++i)
        later(m_objects[i]->events);
    return end;
}

const SliceData& Trace::slices() const {
    static const SliceData none;
    return m_slices ? *m_slices : none;
}

std::size_t Trace::eventCount() const {
    std::size_t n = m_slices ? m_slices->eventCount() : 0;
    for (std::size_t i = 0, c = threadCount(); i < c; ++i)
        n += m_threads[i]->events.size();
    for (std::size_t i = 0, c = objectCount(); i < c; ++i)
        n += m_objects[i]->events.size();
    return n;
}

std::size_t Trace::memoryBytes() const {
    std::size_t n = m_slices ? m_slices->memoryBytes() : 0;
    for (std::size_t i = 0, c = threadCount(); i < c; ++i)
        n += m_threads[i]->events.memoryBytes();
    for (std::size_t i = 0, c = objectCount(); i < c; ++i)
        n += m_objects[i]->events.memoryBytes();
    return n;
}

std::size_t Trace::intervalCount(std::size_t thread) const {
    const EventStream& s = m_threads[thread]->events;
    const std::size_t n = s.size();
    if (n == 0) return 0;
    return s[n - 1].state() == ThreadState::Exited ? n - 1 : n;
}

Trace::Interval Trace::interval(std::size_t thread, std::size_t i) const {
    const EventStream& s = m_threads[thread]->events;
    const Event& e = s[i];
    const Time end = i + 1 < s.size() ? s[i + 1].time : std::max(e.time, endTime());
    return Interval{{e.time, end}, e.state(), e.ref == kNoRef ? -1 : int(e.ref), e.reason()};
}

std::pair<std::size_t, std::size_t> Trace::intervalsIn(std::size_t thread, TimeRange range) const {
    const EventStream& s = m_threads[thread]->events;
    const std::size_t n = intervalCount(thread);
    // The first interval overlapping range.start is the last one starting at or before it.
    std::size_t first = s.upperBound(range.start, n);
    if (first > 0) --first;
    const std::size_t last = s.lowerBound(range.end, n);
    if (first > last) first = last;
    return {first, last};
}

long Trace::intervalAt(std::size_t thread, Time t) const {
    const std::size_t n = intervalCount(thread);
    const std::size_t up = m_threads[thread]->events.upperBound(t, n);
    if (up == 0) return -1;
    const Interval iv = interval(thread, up - 1);
    return iv.range.contains(t) ? long(up - 1) : -1;
}

} // namespace tl
