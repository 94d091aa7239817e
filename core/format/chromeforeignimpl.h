#pragma once
// Internals of ChromeForeign (chromeforeign.h), shared by its two units: taking each event as
// it is read (chromeforeign.cpp), and pairing what waits for the end (async spans, flows) and
// saying what was noticed (chromeforeignpair.cpp).
#include "format/chromeforeign.h"
#include "format/chunkedvector.h"
#include "format/textfile.h"
#include "model/scratch.h"

#include <array>
#include <cstdio>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace tl::foreign {

// What the reader noticed, each kind said once with its count and its first place.
enum Kind {
    UnknownPhase,
    NoPh,
    NotObject,
    NoTs,
    BadTime,
    NoDur,
    NegativeDur,
    TooLate,
    EWithoutB,
    ENameMismatch,
    BNeverEnds,
    AsyncWithoutId,
    AsyncEWithoutB,
    AsyncBNeverEnds,
    FlowWithoutStart,
    FlowWithoutEnd,
    FlowDuplicate,
    CounterWithoutValues,
    BadId,
    KindCount
};

struct Problem {
    std::size_t count = 0;
    std::string first; // "event 12 at byte 3456" and what it was
};

inline std::string place(std::size_t index, std::size_t byte) {
    return "event " + std::to_string(index) + " at byte " + std::to_string(byte);
}

inline std::string quoted(std::string_view s) {
    std::string q(1, '"');
    q.append(s.substr(0, 80));
    if (s.size() > 80) q += "...";
    q += '"';
    return q;
}

inline std::string micros(Time ns) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.3f us", double(ns) / 1000.0);
    return buf;
}

struct OpenSlice {
    std::string_view name, cat;
    std::string_view args;
    Time start = 0;
    std::size_t index = 0, byte = 0;
};

// An async span's identity: (category, scope, id), and the pid for an id2 "local".
struct AsyncKey {
    std::string_view cat, scope, id;
    std::int64_t pid;
    bool operator==(const AsyncKey& o) const {
        return pid == o.pid && sameText(id, o.id) && sameText(cat, o.cat) &&
               sameText(scope, o.scope);
    }
};
struct AsyncKeyHash {
    std::size_t operator()(const AsyncKey& k) const {
        return textHash(k.id) ^ (textHash(k.cat) * 31) ^ (textHash(k.scope) * 131) ^
               std::size_t(k.pid) * 1000003;
    }
};

// A flow's identity: (category, name, id), and the pid for an id2 "local".
struct FlowKey {
    std::string_view cat, name, id;
    std::int64_t pid;
    bool operator==(const FlowKey& o) const {
        return pid == o.pid && sameText(id, o.id) && sameText(cat, o.cat) && sameText(name, o.name);
    }
};
struct FlowKeyHash {
    std::size_t operator()(const FlowKey& k) const {
        return textHash(k.id) ^ (textHash(k.cat) * 31) ^ (textHash(k.name) * 131) ^
               std::size_t(k.pid) * 1000003;
    }
};

// An async or flow event, resolved while its text is still in the cache (identity, label,
// args, thread) and paired later in time order: files need not be sorted. 48 bytes: its
// name is its label's and its id its identity's, and a file is under 4 GB
// (kMaxTraceBytes, textfile.h), so that a trace of many spans grows it less.
struct Deferred {
    Time ts = 0;
    std::int64_t tid = 0;
    std::uint32_t key = 0;   // the async track or flow identity (State's numbering)
    std::uint32_t label = 0; // its name and category
    std::uint32_t args = 0;
    std::int32_t thread = -1; // builder thread id, or -1
    std::uint32_t index = 0;  // event index and byte offset, for notices
    std::uint32_t byte = 0;
    char ph = 0;
};
static_assert(sizeof(Deferred) == 48);
static_assert(kMaxTraceBytes <= std::size_t(UINT32_MAX)); // the byte offsets fit

} // namespace tl::foreign

namespace tl {

struct ChromeForeign::State {
    explicit State(TraceBuilder& b) : builder(b) {}

    TraceBuilder& builder;
    std::array<foreign::Problem, foreign::KindCount> problems{};
    std::array<std::size_t, 128> phases{}; // unknown phases by character
    std::size_t otherPhases = 0;           // not ASCII
    Time latest = std::numeric_limits<Time>::min();

    std::vector<std::vector<foreign::OpenSlice>> stacks; // B/E, by builder thread id
    ChunkedVector<foreign::Deferred> deferred;           // b/e/n and s/t/f, paired in time order
    BasicIdTable<ScratchAllocator> asyncIds;
    ScratchVector<foreign::AsyncKey> asyncKeys;
    ScratchVector<std::uint32_t> asyncTracks; // builder track of each async identity
    BasicIdTable<ScratchAllocator> flowIds;
    ScratchVector<foreign::FlowKey> flowKeys;
    std::uint32_t emptyName = 0;
    std::size_t asyncBegins = 0; // "b" events deferred: at most as many async slices
    std::unordered_map<std::string, std::int64_t, TextHash, std::equal_to<>> namedIds; // names
    std::vector<std::pair<std::string, double>> numbers;

    void note(foreign::Kind k, std::size_t index, std::size_t byte, const std::string& what) {
        foreign::Problem& p = problems[k];
        if (p.count++ == 0)
            p.first = foreign::place(index, byte) + (what.empty() ? "" : ": " + what);
    }
    void note(foreign::Kind k, const ChromeEvent& e, const std::string& what = {}) {
        note(k, e.index, e.byte, what);
    }

    // A pid or tid given as a string is a name: it gets a number of its own, above any
    // Linux pid (PID_MAX_LIMIT is 2^22) and below 2^32, as viewers want.
    std::int64_t namedId(std::string_view name, bool process) {
        if (const auto it = namedIds.find(name); it != namedIds.end()) return it->second;
        const std::int64_t id = std::int64_t(0x40000000) + std::int64_t(namedIds.size());
        namedIds.emplace(std::string(name), id);
        if (process) builder.nameProcess(id, std::string(name));
        return id;
    }
    std::int64_t pidOf(const ChromeEvent& e) {
        if (!e.pidName.empty()) return namedId(e.pidName, true);
        return e.pid;
    }
    std::uint32_t threadOf(const ChromeEvent& e) {
        const std::int64_t pid = pidOf(e);
        std::int64_t tid = e.tid;
        if (!e.tidName.empty()) {
            tid = namedId(e.tidName, false);
        } else if (tid == TraceBuilder::kNoPid) {
            tid = pid == TraceBuilder::kNoPid ? 0 : pid; // as Perfetto: no tid, the pid's
        }
        const std::uint32_t t = builder.thread(pid, tid);
        if (!e.tidName.empty() && builder.threadName(t).empty())
            builder.nameThread(t, std::string(e.tidName));
        return t;
    }

    std::uint32_t argsId(std::string_view args) {
        if (args.size() <= 2) return 0; // "" or "{}"
        return builder.text(args);
    }

    void metadata(const ChromeEvent& e);
    void slice(const ChromeEvent& e);
    void begin(const ChromeEvent& e);
    void end(const ChromeEvent& e);
    void instant(const ChromeEvent& e);
    void counter(const ChromeEvent& e);
    void defer(const ChromeEvent& e);
    void async(const ScratchVector<std::uint32_t>& order);
    void flows(const ScratchVector<std::uint32_t>& order);
    void report();
};

} // namespace tl
