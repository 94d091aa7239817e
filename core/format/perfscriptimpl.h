#pragma once
// Internals of the `perf script` reader (perfscript.h), shared by its three units: the line
// parser (perfscript.cpp), the state machine (perfscriptread.cpp) and the grouping into
// processes and the trace (perfscriptbuild.cpp).
#include "model/progress.h"
#include "model/trace.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tl::perf {

inline constexpr std::int64_t kNone = -2;

// One sample line's header and the rest of it.
struct Header {
    std::string_view comm;
    std::int64_t pid = kNone; // with `perf script -F +pid`
    std::int64_t tid = 0;     // -1 when perf had no thread for the sample
    int cpu = 0;
    Time time = 0;            // ns, as printed (µs, or ns with --ns)
    std::string_view event;   // "sched:sched_switch", "PERF_RECORD_COMM", ...
    std::string_view payload; // the tracepoint's text
};

bool parseHeader(std::string_view line, Header& h);
bool parseTail(std::string_view rest, Header& h);
std::string_view field(std::string_view payload, std::string_view key, std::string_view next);
bool number(std::string_view payload, std::string_view key, std::int64_t& out);
void switchedOutAs(std::string_view state, ThreadState& s, Reason& r, bool& exited);

struct Change {
    Time time = 0;
    ThreadState state = ThreadState::Working;
    Reason reason = Reason::None;
};

struct Migration {
    Time time = 0;
    int from = 0, to = 0;
};

struct Task {
    std::int64_t tid = 0;
    std::int64_t pid = kNone;    // known from -F +pid or a PERF_RECORD_FORK line
    std::int64_t parent = kNone; // the task that forked it
    std::string parentComm;      // the forker's comm at the fork
    bool exec = false;           // it called exec: a process of its own
    std::string comm;
    std::vector<Change> changes; // its states in time order; Exited last if it ended
    bool ended = false;
    bool pending = false; // woken, not yet switched in
    bool pendingNew = false;
    Time wokenAt = 0;
    std::int64_t waker = kNone; // tid; 0 = an idle CPU; kNone = unknown
    int wakeCpu = 0;
    std::vector<Migration> migrations;

    bool known() const { return !changes.empty(); }
    ThreadState state() const { return changes.back().state; }
};

struct Wakeup {
    Time from = 0, to = 0;
    std::int64_t waker = kNone; // tid, 0 for idle
    std::int64_t woken = 0;     // tid
    int cpu = 0;
    bool created = false; // sched_wakeup_new
};

class Reader {
public:
    explicit Reader(const Progress* progress) : m_progress(progress) {}
    // Reads every line; progress goes from `from` to 0.9.
    void read(std::string_view text, double from);
    // The trace, of one process when `process` names one (by name or pid), read from `file`.
    std::unique_ptr<Trace> build(const std::string& process, const std::string& file);

private:
    Task& task(std::int64_t tid);
    Task* find(std::int64_t tid);
    void set(Task& t, Time time, ThreadState s, Reason r = Reason::None);
    void line(std::string_view text);
    void sample(const Header& h);
    void resync(const Header& h);
    void switched(const Header& h);
    void woken(const Header& h, bool created);
    void taskEvent(const Header& h);
    void unparsed(std::string_view text);
    std::int64_t processOf(Task& t);
    std::string processName(std::int64_t pid) const;

    const Progress* m_progress;
    std::vector<Task> m_tasks;
    std::vector<std::int32_t> m_smallTids; // tid -> index + 1
    std::unordered_map<std::int64_t, std::size_t> m_bigTids;
    std::vector<std::int64_t> m_current; // per CPU: the running tid, -1 unknown, 0 idle
    std::vector<Wakeup> m_wakeups;
    Time m_first = 0, m_last = 0;
    bool m_started = false;
    std::size_t m_line = 0;
    // What it could not take, said once each at the end.
    std::size_t m_unparsed = 0, m_resyncs = 0, m_backwards = 0, m_lost = 0;
    std::size_t m_firstUnparsed = 0, m_firstResync = 0, m_firstBackwards = 0;
    std::string m_unparsedText;
    std::unordered_map<std::string, std::size_t> m_otherEvents;
    std::unordered_map<std::int64_t, std::int64_t> m_processOf; // resolved, memo
};

} // namespace tl::perf
