#pragma once
// The recording of one run: a registry of threads and objects, one event stream per
// thread (its state changes) and one per object (the operations on it, in the order
// they happened), and the run's metadata. A live view may read a trace while an engine
// grows it: registries and streams publish with release stores, never under a global lock.
//
// What may be read while a run is going, and from when (the engine writes; any other thread
// may read, from the moment it is handed the trace):
// - info(): at once. It is given to the constructor and never changes, so it is whole before
//   anyone else can see the trace (the app shares a trace before its engine starts).
// - threadCount(), objectCount(), and thread(i), object(i), threadEvents(i), objectEvents(i)
//   for i below a count read earlier: at once. A registration publishes its count after the
//   slot is written (release, acquire), and a registered thread's or object's info never
//   changes.
// - a stream's size() and every element below a size read earlier: at once (eventstream.h).
//   Read the size once and keep to it: it may grow between two reads.
// - endTime(), outcome(), finished(): at once; they are atomics, and endTime() only grows.
// - message(): only once finished() has returned true. finish() writes it before it
//   publishes the outcome, and nothing writes it after.
// - intervalCount(), interval(), intervalsIn(), intervalAt(), eventCount(), memoryBytes():
//   at once; they read the above and are as current as the sizes they read.
// A trace read from a file (TraceBuilder) is finished when it is handed over, and nothing
// writes it again; that includes slices(), which only a reader sets, before it hands it over.
#include "model/event.h"
#include "model/eventstream.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tl {

struct SliceData;

enum class ObjectKind : std::uint8_t {
    Mutex,
    Queue,
    Semaphore,
    Barrier,
    Condition,
    Event,
    RwLock,
    Gil,
    Variable, // a shared integer variable: reads, writes and atomic operations
    // Pseudo-objects, never declared in a scenario: they are added when a program needs them.
    Threads,   // records spawn and join
    Fences,    // records the fences of every thread
    Assertion, // one per assert condition (its name is the condition): records failures
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
    std::int64_t capacity = 0; // queue capacity, semaphore permits, barrier parties; a
                               // variable's initial value
    // A variable's value expected at the end of the run, when the scenario states one.
    bool hasExpected = false;
    std::int64_t expected = 0;
    // A variable every access of which is atomic and sequentially consistent (a std::atomic
    // with the default order): its reads and writes never race.
    bool atomic = false;
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

// Where a trace comes from. A run of a scenario (ours, or a file we wrote of one) has an
// engine, a seed and cores; a trace of another program has none of those, only the file it
// was read from.
enum class SourceKind : std::uint8_t {
    Run,    // a scenario run by one of our engines
    Chrome, // a Chrome Trace Event file of another tool
    Perf,   // `perf script` text of a `perf sched record` recording
};
std::string_view sourceKindName(SourceKind k); // "run", "chrome", "perf"
bool parseSourceKindName(std::string_view name, SourceKind& out);

struct TraceSource {
    SourceKind kind = SourceKind::Run;
    std::string file;        // the name of the file it was read from ("node.json"), if any
    Time origin = 0;         // the file's timestamp of time 0, in ns (its first event)
    std::string displayUnit; // a Chrome file's displayTimeUnit ("ms", "ns"), or ""
    // What the reader could not take as it was, each said once, in file order: events of
    // phases it does not read (counted), an E with no B open, a B that never ends (and where
    // it is: the event's index and byte offset, or the line).
    std::vector<std::string> notices;
    bool operator==(const TraceSource&) const = default;
};

struct RunInfo {
    std::string scenarioId;
    std::string title;
    std::vector<std::pair<std::string, std::string>> parameters; // in declaration order
    std::string engine = "simulated";                            // or "real"
    std::uint64_t seed = 1;
    int cores = 4;
    std::string version = THREADLENS_VERSION;
    TraceSource source; // for a foreign trace, engine is "", seed and cores 0
    // A run that followed a schedule (threadlens explore, its replay): the thread index of
    // each visible operation, in order (RunOptions::schedule). Empty: the machine's own order.
    std::vector<int> schedule{};
    bool operator==(const RunInfo&) const = default;
};

// The scenario's own statement of how a run must end ("expect": "counter == $workers *
// $increments"), as written, and whether it held for the values the variables ended with.
struct Expectation {
    std::string text;
    bool held = true;
    bool operator==(const Expectation&) const = default;
};

class Trace {
public:
    static constexpr std::size_t kMaxThreads = 4096;
    static constexpr std::size_t kMaxObjects = 4096;

    // The run's metadata is fixed here, before the trace can be shared (runInfo, engine.h,
    // makes it for a run; TraceBuilder for a file).
    explicit Trace(RunInfo info = {});
    ~Trace();
    Trace(const Trace&) = delete;
    Trace& operator=(const Trace&) = delete;

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
    // How the run ended: Running until finish().
    Outcome outcome() const { return m_outcome.load(std::memory_order_acquire); }
    // The value a variable held when the run ended, as the engine read it from memory (or as
    // the file says). Set by the engine before finish(), like the message; until then, and
    // for a file that does not say, there is none and the value is the last one stored
    // (finalValue in model/varvalue.h).
    void setFinalValue(std::size_t object, std::int64_t value);
    std::optional<std::int64_t> recordedFinalValue(std::size_t object) const;
    // The scenario's expectation of the end, evaluated by the engine once the final values are
    // set (or read from the file); none when the scenario states none. Set before finish().
    void setExpectation(Expectation e) { m_expectation = std::move(e); }
    const std::optional<Expectation>& expectation() const { return m_expectation; }
    bool finished() const { return outcome() != Outcome::Running; }
    // Why, in words (e.g. the deadlock cycle); read it only once finished().
    const std::string& message() const { return m_message; }
    // The writer's last act: the message, then the outcome (a release store: a live view polls
    // finished() and then reads the message). Once only; a second call is ignored, because a
    // reader may already be reading the message.
    void finish(Outcome outcome, std::string message = {});

    std::size_t eventCount() const;
    std::size_t memoryBytes() const;

    // A trace of another program (info().source.kind is not Run).
    bool foreign() const { return m_info.source.kind != SourceKind::Run; }
    // Named slices, instants, async tracks, counters, flows and processes of a trace read
    // from another tool's file (slices.h); empty for a run. Set once, by the reader.
    const SliceData& slices() const;
    // Out of line: SliceData is only declared here (slices.h), so that its users alone
    // rebuild when it changes.
    void setSlices(std::unique_ptr<SliceData> slices);
    std::unique_ptr<SliceData> takeSlices();

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

    const RunInfo m_info;
    std::unique_ptr<std::unique_ptr<ThreadTrack>[]> m_threads;
    std::unique_ptr<std::unique_ptr<ObjectTrack>[]> m_objects;
    std::atomic<std::size_t> m_threadCount{0};
    std::atomic<std::size_t> m_objectCount{0};
    std::mutex m_registerMutex;
    std::atomic<Time> m_end{0};
    std::atomic<Outcome> m_outcome{Outcome::Running};
    std::string m_message;
    std::vector<std::optional<std::int64_t>> m_finalValues; // by object index
    std::optional<Expectation> m_expectation;
    std::unique_ptr<SliceData> m_slices;
};

} // namespace tl
