#pragma once
// The recording of one run: a registry of threads and objects, one event stream per
// thread (its state changes) and one per object (the operations on it, in the order
// they happened), and the run's metadata. A live view may read a trace while an engine
// grows it: registries and streams publish with release stores, never under a global lock.
#include "model/event.h"
#include "model/eventstream.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tl {

enum class ObjectKind : std::uint8_t {
    Mutex,
    Queue,
    Semaphore,
    Barrier,
    Condition,
    Event,
    RwLock,
    Gil,
    Threads, // the pseudo-object that records spawn and join
};
std::string_view objectKindName(ObjectKind k);
bool parseObjectKindName(std::string_view name, ObjectKind& out);

struct ThreadInfo {
    std::string name; // "producer 1"
    std::string role; // "producer"
    int index = 1;    // 1-based within the role
};

struct ObjectInfo {
    ObjectKind kind = ObjectKind::Mutex;
    std::string name;
    std::int64_t capacity = 0; // queue capacity, semaphore permits, barrier parties
};

enum class Outcome : std::uint8_t {
    Running,
    Completed,
    Cancelled,
    TimeLimit,
    Deadlock,
    EventLimit,
    Error, // the scenario did something impossible (unlock of a lock it does not hold, ...)
};
std::string_view outcomeName(Outcome o); // as files and CSV spell it: "cancelled"
// As people read it, in summaries and pictures: "stopped" for a run the user stopped (the
// app's Stop, Ctrl+C), the outcome's name otherwise.
std::string_view outcomeLabel(Outcome o);

struct RunInfo {
    std::string scenarioId;
    std::string title;
    std::vector<std::pair<std::string, std::string>> parameters; // in declaration order
    std::string engine = "simulated";                            // or "real"
    std::uint64_t seed = 1;
    int cores = 4;
    std::string version = THREADLENS_VERSION;
};

class Trace {
public:
    static constexpr std::size_t kMaxThreads = 4096;
    static constexpr std::size_t kMaxObjects = 4096;

    Trace();
    ~Trace();
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

    RunInfo& info() { return m_info; }
    const RunInfo& info() const { return m_info; }

    // Registration may happen during a run (spawned threads); it is rare and serialised.
    int addThread(ThreadInfo info);
    int addObject(ObjectInfo info);

    std::size_t threadCount() const { return m_threadCount.load(std::memory_order_acquire); }
    std::size_t objectCount() const { return m_objectCount.load(std::memory_order_acquire); }
    const ThreadInfo& thread(std::size_t i) const { return m_threads[i]->info; }
    const ObjectInfo& object(std::size_t i) const { return m_objects[i]->info; }
    int findObject(std::string_view name) const;
    int findThread(std::string_view name) const;

    EventStream& threadEvents(std::size_t i) { return m_threads[i]->events; }
    const EventStream& threadEvents(std::size_t i) const { return m_threads[i]->events; }
    EventStream& objectEvents(std::size_t i) { return m_objects[i]->events; }
    const EventStream& objectEvents(std::size_t i) const { return m_objects[i]->events; }

    // Recording helpers; each appends to a stream that only the caller writes now, and
    // nothing else: no write shared between recording threads (see endTime()).
    void setState(int thread, Time t, ThreadState s, int object = -1, Reason r = Reason::None) {
        m_threads[thread]->events.append(Event{t, 0, object < 0 ? kNoRef : std::uint16_t(object),
                                               std::uint8_t(s), std::uint8_t(r)});
    }
    void operation(int object, Time t, Op op, int thread, std::uint32_t value = 0,
                   std::uint8_t flags = 0) {
        m_objects[object]->events.append(
            Event{t, value, std::uint16_t(thread), std::uint8_t(op), flags});
    }

    // The latest time recorded so far: the end time set, or the last event of a stream if
    // that is later. It is read off the streams rather than moved by every event, because a
    // shared atomic written by every event bounced its cache line between recording threads
    // (28 ns per event on two threads against 7 on one; bench_core BM_Record_TraceSetState).
    Time endTime() const;
    void setEndTime(Time t) { m_end.store(t, std::memory_order_release); }
    // How the run ended.
    Outcome outcome() const { return m_outcome.load(std::memory_order_acquire); }
    void setOutcome(Outcome o) { m_outcome.store(o, std::memory_order_release); }
    const std::string& message() const { return m_message; } // e.g. the deadlock cycle
    void setMessage(std::string m) { m_message = std::move(m); }
    bool finished() const { return outcome() != Outcome::Running; }

    std::size_t eventCount() const;
    std::size_t memoryBytes() const;

    // State intervals of one thread, derived from its stream: interval i spans
    // [events[i].time, events[i+1].time); the last one ends at the thread's Exited
    // event or, while it still runs, at endTime().
    struct Interval {
        TimeRange range;
        ThreadState state;
        int object; // -1 when none
        Reason reason;
    };
    std::size_t intervalCount(std::size_t thread) const;
    Interval interval(std::size_t thread, std::size_t i) const;
    // Index range of the intervals of a thread that overlap [range.start, range.end).
    std::pair<std::size_t, std::size_t> intervalsIn(std::size_t thread, TimeRange range) const;
    // The interval of a thread at time t, or -1.
    long intervalAt(std::size_t thread, Time t) const;

private:
    struct ThreadTrack {
        ThreadInfo info;
        EventStream events;
    };
    struct ObjectTrack {
        ObjectInfo info;
        EventStream events;
    };

    RunInfo m_info;
    std::unique_ptr<std::unique_ptr<ThreadTrack>[]> m_threads;
    std::unique_ptr<std::unique_ptr<ObjectTrack>[]> m_objects;
    std::atomic<std::size_t> m_threadCount{0};
    std::atomic<std::size_t> m_objectCount{0};
    std::mutex m_registerMutex;
    std::atomic<Time> m_end{0};
    std::atomic<Outcome> m_outcome{Outcome::Running};
    std::string m_message;
};

} // namespace tl
