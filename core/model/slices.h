#pragma once
// What a trace from another tool carries beyond thread states: named slices per thread with
// their nesting depth, instants, async spans on lanes of their own, counter tracks, flows
// (arrows between two moments of two threads) and the processes that group the threads.
// A Trace made by an engine has none of it; a trace read from a Chrome trace of another
// tool or from `perf script` text has it in a SliceData (Trace::slices()).
//
// Built once by a reader (TraceBuilder), never changed afterwards: no live readers, so plain
// vectors. Memory is the budget (docs/performance.md: 32 bytes per event in the viewer):
// a slice is 24 bytes, names and categories are interned once per distinct (name, category)
// pair, args texts once per distinct text, and a slice's depth is the level it sits in.
#include "model/event.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl {

// Strings stored once each, in blocks that never move; id 0 is "". The index that finds
// a string's id is kept only while the pool grows (shrink() drops it).
class StringPool {
public:
    StringPool();
    ~StringPool();
    StringPool(StringPool&&) noexcept;
    StringPool& operator=(StringPool&&) noexcept;

    std::uint32_t intern(std::string_view s);
    std::string_view operator[](std::uint32_t id) const { return m_strings[id]; }
    std::size_t size() const { return m_strings.size(); }
    // Drops the index: intern() may not be called afterwards.
    void shrink();
    std::size_t memoryBytes() const;

private:
    struct Index;
    std::vector<std::string_view> m_strings;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_blockUsed = 0, m_blockSize = 0;
    std::unique_ptr<Index> m_index;
};

// A slice's (name, category) pair, as ids into SliceData::strings.
struct Label {
    std::uint32_t name = 0;
    std::uint32_t category = 0;
};

// A named span: start and length in ns, its label and the text of its args (a JSON
// object as the file wrote it, or "" when it had none).
struct Slice {
    Time start = 0;
    Time duration = 0;
    std::uint32_t label = 0; // SliceData::labels
    std::uint32_t args = 0;  // SliceData::strings
    Time end() const { return start + duration; }
};
static_assert(sizeof(Slice) == 24, "slices must stay 24 bytes");

struct Instant {
    Time time = 0;
    std::uint32_t label = 0;
    std::uint32_t args = 0;
};

// The slices of one lane group: a thread's, or an async track's. levels[d] holds the slices
// at depth d in start order, and slices of one level never overlap, so a time range is a
// binary search per level. A slice at depth d+1 lies within one at depth d when the file
// nests them properly; one that overlaps its parent only in part goes to the first level
// where it fits (SliceData::notices says so).
struct SliceTrack {
    std::vector<std::vector<Slice>> levels;
    std::vector<Instant> instants; // by time

    std::size_t sliceCount() const;
    bool empty() const { return levels.empty() && instants.empty(); }
    // Index range [first, last) of the slices of a level that overlap range.
    std::pair<std::size_t, std::size_t> slicesIn(std::size_t depth, TimeRange range) const;
    // The slice of a level that contains t, or -1.
    long sliceAt(std::size_t depth, Time t) const;
    // A slice's length minus the time its children (the next level's slices) cover in it;
    // with a range, both counted within the range only.
    Time selfTime(std::size_t depth, std::size_t index) const;
    Time selfTime(std::size_t depth, std::size_t index, TimeRange range) const;
};

// Lays slices given in any order into levels: by start, a longer one first at equal starts,
// each on the lowest level whose last slice has ended (the nesting depth, when the slices
// nest). Sorts the instants. partialOverlaps counts slices that overlap a slice of a lower
// level without lying within it (so their level is not a depth). With `tags` (one per slice),
// *tagLevels gets them laid out as the slices are.
SliceTrack layOutSlices(std::vector<Slice> slices, std::vector<Instant> instants,
                        std::size_t* partialOverlaps = nullptr,
                        const std::vector<std::int32_t>* tags = nullptr,
                        std::vector<std::vector<std::int32_t>>* tagLevels = nullptr);

// Async spans that share an identity (category, scope, id), on a lane of their own.
struct AsyncTrack {
    int process = -1; // SliceData::processes
    std::string name; // the first span's name
    SliceTrack track;
    // threads[d][i]: the thread that began track.levels[d][i], or -1.
    std::vector<std::vector<std::int32_t>> threads;
};

struct CounterPoint {
    Time time = 0;
    double value = 0;
};
// One series of a counter, process-wide: its value from each point to the next. A Chrome
// "C" event {"name":"heap","args":{"used":5,"total":9}} makes two: heap/used, heap/total.
struct CounterTrack {
    int process = -1;
    std::string name;
    std::string series;
    std::vector<CounterPoint> points; // by time
};

// An arrow from one thread at one moment to another thread at a later (or the same) moment:
// a flow of the file (s -> t -> f) or, in a scheduler trace, a wakeup from the task that
// woke a thread to that thread's next switch-in. fromThread is -1 when the source is no
// thread of the trace (an idle CPU, a task filtered out); args then says what it was.
struct Flow {
    Time fromTime = 0;
    Time toTime = 0;
    std::int32_t fromThread = -1;
    std::int32_t toThread = -1;
    std::uint32_t label = 0; // SliceData::labels: the flow's name and category
    std::uint32_t args = 0;  // SliceData::strings
};

struct ProcessInfo {
    std::int64_t pid = 0;
    std::string name; // "" when the file does not name it
    std::int64_t sortIndex = 0;
    std::vector<Instant> instants; // process-wide instants, by time
};

// Where a thread of the trace comes from.
struct ThreadOrigin {
    std::int64_t tid = 0;
    int process = -1; // SliceData::processes
    std::int64_t sortIndex = 0;
};

struct SliceData {
    StringPool strings;
    std::vector<Label> labels;
    std::vector<ProcessInfo> processes;   // in display order
    std::vector<ThreadOrigin> threads;    // by thread index of the Trace
    std::vector<SliceTrack> threadSlices; // by thread index; may be shorter than threads
    std::vector<AsyncTrack> async;        // in display order: by process, then first start
    std::vector<CounterTrack> counters;   // by process, then name
    std::vector<Flow> flows;              // by (toThread, toTime): arrows into a thread
    std::vector<Instant> globalInstants;  // instants of the whole trace, by time

    std::string_view name(std::uint32_t label) const { return strings[labels[label].name]; }
    std::string_view category(std::uint32_t label) const { return strings[labels[label].category]; }
    std::string_view text(std::uint32_t id) const { return strings[id]; }
    // A thread's slices, or an empty track.
    const SliceTrack& threadTrack(std::size_t thread) const;
    // The process of a thread, or nullptr.
    const ProcessInfo* processOf(std::size_t thread) const;
    // The flows that end on a thread, as an index range into flows.
    std::pair<std::size_t, std::size_t> flowsInto(std::size_t thread) const;
    // The flow that ends on a thread exactly at t, or -1.
    long flowInto(std::size_t thread, Time t) const;

    std::size_t sliceCount() const;   // threads' and async tracks'
    std::size_t instantCount() const; // all scopes
    std::size_t eventCount() const;   // slices, instants, counter points and flows
    std::size_t memoryBytes() const;
    bool empty() const;
};

// The earliest of a time-ordered list's events.
inline bool byTime(const Instant& a, const Instant& b) {
    return a.time < b.time;
}

} // namespace tl
