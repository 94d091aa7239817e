#pragma once
// Assembles a Trace from the events of a file, which name threads by (pid, tid) and objects
// by name and may come in any order (files from other tools do).
//
// A run of ours (RunInfo::source Run) keeps its layout: threads in tid order, objects in
// their declared order and then in the order first named, of the kind their operations
// show. A trace of another program also gets a SliceData (slices.h): processes ordered by
// sort index then pid, each process's threads by sort index then tid; named slices laid
// into nesting levels; its times start at 0 at its first event (TraceSource::origin keeps
// where that was). State slices become state changes; a thread ends where its last state
// slice does unless that slice was unfinished.
#include "model/scratch.h"
#include "model/slices.h"
#include "model/trace.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tl {

class TraceBuilder {
public:
    TraceBuilder();
    ~TraceBuilder();

    struct StateSlice {
        Time start = 0;
        Time duration = 0;
        std::uint32_t value = 0;
        std::uint16_t object = kNoRef; // an object() id
        ThreadState state = ThreadState::Working;
        Reason reason = Reason::None;
        bool unfinished = false; // the recording stopped while the thread was in this state
    };

    static constexpr std::int64_t kNoPid = INT64_MIN;

    // The builder's ids for a thread and an object name, registered at first sight; both
    // throw TraceReadError past Trace::kMaxThreads / kMaxObjects. A thread is known by
    // (pid, tid); an event without a pid (kNoPid) belongs to the thread of that tid seen
    // first, and a thread first seen without a pid takes the first one it is seen with.
    std::uint32_t thread(std::int64_t tid) { return thread(kNoPid, tid); }
    std::uint32_t thread(std::int64_t pid, std::int64_t tid);
    std::uint16_t object(std::string_view name);
    std::size_t threadCount() const { return m_threads.size(); }
    std::int64_t threadTid(std::uint32_t thread) const { return m_threads[thread].tid; }
    std::int64_t threadPid(std::uint32_t thread) const { return m_threads[thread].pid; }
    const std::string& threadName(std::uint32_t thread) const { return m_threads[thread].name; }

    void nameThread(std::uint32_t thread, std::string name);
    void sortThread(std::uint32_t thread, std::int64_t index);
    // Moves a thread into a process (a scheduler trace learns the process late).
    void setPid(std::uint32_t thread, std::int64_t pid);
    void nameProcess(std::int64_t pid, std::string name);
    void sortProcess(std::int64_t pid, std::int64_t index);
    // An object as the file's own list describes it, in registration order.
    void declareObject(ObjectInfo info);
    void addSlice(std::uint32_t thread, const StateSlice& slice);
    // An operation in happening order. For spawn and join, value is the target's tid.
    void addOperation(std::uint16_t object, std::uint32_t thread, Time time, Op op,
                      std::uint32_t value, std::uint8_t flags);

    // What traces of other programs carry (slices.h). Labels and texts are interned.
    std::uint32_t label(std::string_view name, std::string_view category);
    std::uint32_t text(std::string_view s) { return m_data->strings.intern(s); }
    std::uint32_t labelName(std::uint32_t label) const { return m_data->labels[label].name; }
    std::string_view labelText(std::uint32_t label) const {
        return m_data->strings[m_data->labels[label].name];
    }
    void addNamedSlice(std::uint32_t thread, const Slice& slice);
    void addInstant(std::uint32_t thread, const Instant& instant);
    void addProcessInstant(std::int64_t pid, const Instant& instant);
    void addGlobalInstant(const Instant& instant);
    // A new async track, named after its first span (the caller keeps identities apart).
    std::uint32_t newAsyncTrack(std::int64_t pid, std::string_view name);
    // As many as will be added, when the caller knows it.
    void reserveAsyncSlices(std::size_t n) { m_asyncSlices.reserve(n); }
    // thread: the thread() id that began it, or -1.
    void addAsyncSlice(std::uint32_t track, const Slice& slice, std::int32_t thread = -1);
    void addAsyncInstant(std::uint32_t track, const Instant& instant);
    void addCounter(std::int64_t pid, std::string_view name, std::string_view series, Time time,
                    double value);
    // Threads as thread() ids (or -1 for none).
    void addFlow(const Flow& flow);
    // Said once in TraceSource::notices, in the order given.
    void notice(std::string text);
    std::size_t noticeCount() const { return m_notices.size(); }
    // The file's time of time 0 (a file we converted says it); otherwise its first event.
    void setOrigin(Time origin) {
        m_origin = origin;
        m_originGiven = true;
    }

    // Without an end time, the run ends with its last slice or operation.
    std::unique_ptr<Trace> build(RunInfo info, Outcome outcome, std::string message,
                                 const Time* endTime);

private:
    struct ThreadData {
        std::int64_t pid = kNoPid;
        std::int64_t tid = 0;
        std::int64_t sortIndex = 0;
        std::string name;
        std::vector<StateSlice> slices;
        ScratchVector<Slice> named; // laid into the SliceData at the end
        ScratchVector<Instant> instants;
    };
    struct ObjectData {
        std::string name;
        std::vector<Event> ops;        // ref = thread id of this builder
        std::uint32_t opsSeen = 0;     // a bit per Op
        std::uint32_t reasonsSeen = 0; // a bit per Reason of slices waiting on it
    };
    struct ProcessData {
        std::string name;
        std::int64_t sortIndex = 0;
        std::vector<Instant> instants;
    };
    struct AsyncData {
        std::int64_t pid = kNoPid;
        std::uint32_t name = 0; // a text() id
        Time first = INT64_MAX;
        std::uint32_t slices = 0, instants = 0;
    };
    // Async tracks' slices and instants, all in one list each: there may be one track per
    // span (a trace whose every request has its own id).
    struct AsyncSlice {
        Slice slice;
        std::uint32_t track;
        std::int32_t thread;
    };
    struct AsyncInstant {
        Instant instant;
        std::uint32_t track;
    };
    struct CounterData {
        std::int64_t pid = kNoPid;
        std::string name, series;
        std::vector<CounterPoint> points;
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using StringMap = std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>;

    static ObjectKind inferKind(const ObjectData& o);
    std::uint32_t targetIndex(std::uint32_t tid, const std::vector<std::uint16_t>& index) const;
    std::uint32_t newThread(std::int64_t pid, std::int64_t tid);
    ProcessData& process(std::int64_t pid);
    Time earliest() const;
    static Time latest(const SliceData& data);
    void rebase(Time origin);
    std::vector<std::uint32_t> threadOrder(bool foreign);
    std::unique_ptr<SliceData> buildSlices(const std::vector<std::uint16_t>& threadIndex,
                                           std::size_t threadCount);

    std::vector<ThreadData> m_threads;
    std::vector<std::int32_t> m_smallTids; // tid -> id + 1, for tids below 65536 of m_firstPid
    std::unordered_map<std::int64_t, std::uint32_t> m_bigTids;
    std::unordered_map<std::int64_t, std::uint32_t> m_firstOfTid; // other pids' tids
    struct PidTidHash {
        std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const {
            return std::hash<std::int64_t>{}(k.first * 1000003 ^ k.second);
        }
    };
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::uint32_t, PidTidHash> m_pidTids;
    std::int64_t m_firstPid = kNoPid;
    std::int64_t m_lastPid = kNoPid, m_lastTid = 0; // of m_pidTids' last answer
    std::uint32_t m_lastThread = 0;
    std::vector<ObjectData> m_objects;
    std::unordered_map<std::string, std::uint16_t, StringHash, std::equal_to<>> m_objectIds;
    std::string_view m_lastName; // consecutive events mostly name the same object
    std::uint16_t m_lastObject = kNoRef;
    std::vector<ObjectInfo> m_declared;

    std::unique_ptr<SliceData> m_data;
    IdTable m_labelIds; // (name, category) -> label
    std::unordered_map<std::int64_t, ProcessData> m_processes;
    ScratchVector<AsyncData> m_async;
    ScratchVector<AsyncSlice> m_asyncSlices;
    ScratchVector<AsyncInstant> m_asyncInstants;
    std::vector<CounterData> m_counters;
    StringMap m_counterIds;
    std::vector<Flow> m_flows;
    std::vector<Instant> m_globalInstants;
    std::vector<std::string> m_notices;
    Time m_origin = 0;
    bool m_originGiven = false;
};

} // namespace tl
