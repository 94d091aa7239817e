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
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl {

// A quick hash of a short text (names, categories, args), eight bytes at a time: the
// standard library's takes a byte at a time, and interning hashes every event's texts.
// The last bytes are read as whole words too (overlapping, the length is in the hash): copied
// byte by byte into a word, they stalled the word's read on every text.
inline std::size_t textHash(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    while (n >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xA0761D6478BD642Full;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        std::uint64_t w;
        if (s.size() >= 8) {
            std::memcpy(&w, p + n - 8, 8); // the last 8 bytes
        } else if (n >= 4) {
            std::uint32_t a, b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            w = std::uint64_t(a) << 32 | b;
        } else {
            w = std::uint64_t(static_cast<unsigned char>(p[0])) << 16 |
                std::uint64_t(static_cast<unsigned char>(p[n / 2])) << 8 |
                static_cast<unsigned char>(p[n - 1]);
        }
        h = (h ^ w) * 0xE7037ED1A0B428DBull;
    }
    return std::size_t(h ^ (h >> 32));
}
// Whether two short texts are the same, inline: names, categories and ids are compared for
// every event, and a call to memcmp cost more than the compare.
inline bool sameText(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char* p = a.data();
    const char* q = b.data();
    if (n >= 8 && n <= 16) {
        std::uint64_t x0, y0, x1, y1;
        std::memcpy(&x0, p, 8);
        std::memcpy(&y0, q, 8);
        std::memcpy(&x1, p + n - 8, 8);
        std::memcpy(&y1, q + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n >= 4 && n < 8) {
        std::uint32_t x0, y0, x1, y1;
        std::memcpy(&x0, p, 4);
        std::memcpy(&y0, q, 4);
        std::memcpy(&x1, p + n - 4, 4);
        std::memcpy(&y1, q + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    return n == 0 || std::memcmp(p, q, n) == 0;
}

struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return textHash(s); }
};

// Ids by hash, for interning tables whose keys live elsewhere (a StringPool's strings, a
// reader's identities): open addressing with linear probing over a power-of-two table, so a
// lookup is a multiply, a mask and usually one cache line; no node per key, no division.
// `same(id)` says whether the key with that id is the one looked for. Alloc: where its slots
// live (a reader's own tables take scratch memory, scratch.h).
template <template <typename> class Alloc = std::allocator> class BasicIdTable {
public:
    template <typename Same> std::uint32_t find(std::size_t hash, Same&& same) const {
        if (m_slots.empty()) return kNone;
        for (std::size_t i = slot(hash);; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (s.id == kNone) return kNone;
            if (s.hash == std::uint32_t(hash) && same(s.id)) return s.id;
        }
    }
    // Starts fetching the slot find() will look at first, for a table too large to stay in
    // the cache: call it, do other work, then find().
    void prefetch(std::size_t hash) const {
        if (!m_slots.empty()) __builtin_prefetch(&m_slots[slot(hash)]);
    }
    // Call after find() returned kNone for this key.
    void insert(std::size_t hash, std::uint32_t id) {
        if ((m_count + 1) * 4 > m_slots.size() * 3) grow();
        std::size_t i = slot(hash);
        while (m_slots[i].id != kNone)
            i = (i + 1) & m_mask;
        m_slots[i] = Slot{std::uint32_t(hash), id};
        ++m_count;
    }
    std::size_t size() const { return m_count; }
    std::size_t memoryBytes() const { return m_slots.capacity() * sizeof(Slot); }
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t id = kNone;
    };
    // Only the low 32 bits, the ones a slot keeps: grow() places keys by the kept bits, so
    // find() and insert() must too.
    std::size_t slot(std::size_t hash) const {
        return std::size_t((std::uint64_t(std::uint32_t(hash)) * 0x9E3779B97F4A7C15ull) >> 32) &
               m_mask;
    }
    void grow() {
        std::vector<Slot, Alloc<Slot>> old = std::move(m_slots);
        m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot{});
        m_mask = m_slots.size() - 1;
        for (const Slot& s : old)
            if (s.id != kNone) {
                std::size_t i = slot(s.hash);
                while (m_slots[i].id != kNone)
                    i = (i + 1) & m_mask;
                m_slots[i] = s;
            }
    }
    std::vector<Slot, Alloc<Slot>> m_slots;
    std::size_t m_mask = 0, m_count = 0;
};
using IdTable = BasicIdTable<>;

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
    std::size_t m_bytes = 0; // of the blocks
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

// Where a lane's slices and instants are in SliceData's arrays: level d of the lane is
// slices[levelStarts[firstLevel + d], levelStarts[firstLevel + d + 1]).
struct Lane {
    std::uint32_t firstLevel = 0; // into SliceData::levelStarts; it has levels + 1 entries
    std::uint32_t levels = 0;
    std::uint32_t firstInstant = 0; // into SliceData::instants
    std::uint32_t instantCount = 0;
};

struct SliceData;

// The slices of one lane: a thread's, or an async track's; a view into SliceData. Level d
// holds the slices at depth d in start order, and slices of one level never overlap, so a
// time range is a binary search per level. A slice at depth d+1 lies within one at depth d
// when the file nests them properly; one that overlaps its parent only in part goes to the
// first level where it fits (SliceData::notices says so).
class SliceTrack {
public:
    SliceTrack() = default;
    SliceTrack(const SliceData* data, const Lane& lane) : m_data(data), m_lane(lane) {}

    std::size_t depth() const { return m_lane.levels; } // the number of levels
    std::span<const Slice> level(std::size_t depth) const;
    std::span<const Instant> instants() const;
    // The index of level(depth)[i] in SliceData::slices.
    std::size_t sliceIndex(std::size_t depth, std::size_t i) const;

    std::size_t sliceCount() const;
    bool empty() const { return m_lane.levels == 0 && m_lane.instantCount == 0; }
    // Index range [first, last) of the slices of a level that overlap range.
    std::pair<std::size_t, std::size_t> slicesIn(std::size_t depth, TimeRange range) const;
    // The slice of a level that contains t, or -1.
    long sliceAt(std::size_t depth, Time t) const;
    // A slice's length minus the time its children (the next level's slices) cover in it;
    // with a range, both counted within the range only.
    Time selfTime(std::size_t depth, std::size_t index) const;
    Time selfTime(std::size_t depth, std::size_t index, TimeRange range) const;

private:
    const SliceData* m_data = nullptr;
    Lane m_lane;
};

// Async spans that share an identity (category, scope, id), on a lane of their own.
struct AsyncTrack {
    int process = -1;       // SliceData::processes
    std::uint32_t name = 0; // SliceData::strings: the first span's name
    Lane lane;
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
    std::vector<ProcessInfo> processes; // in display order
    std::vector<ThreadOrigin> threads;  // by thread index of the Trace
    // Every lane's slices and instants: the threads' lanes first, by thread index, then the
    // async tracks', each lane's slices level by level, each level by start.
    std::vector<Slice> slices;
    std::vector<std::uint32_t> levelStarts;
    std::vector<Instant> instants;
    std::vector<Lane> threadLanes; // by thread index; may be shorter than threads
    std::vector<AsyncTrack> async; // in display order: by process, then first start
    // The thread that began each async slice (or -1): asyncThreads[i - asyncSlices] for
    // slices[i], i >= asyncSlices.
    std::size_t asyncSlices = 0;
    std::vector<std::int32_t> asyncThreads;
    std::vector<CounterTrack> counters;  // by process, then name and series
    std::vector<Flow> flows;             // by (toThread, toTime): arrows into a thread
    std::vector<Instant> globalInstants; // instants of the whole trace, by time

    std::string_view name(std::uint32_t label) const { return strings[labels[label].name]; }
    std::string_view category(std::uint32_t label) const { return strings[labels[label].category]; }
    std::string_view text(std::uint32_t id) const { return strings[id]; }
    // A thread's slices (an empty track when it has none), an async track's.
    SliceTrack threadTrack(std::size_t thread) const;
    SliceTrack asyncTrack(std::size_t k) const { return SliceTrack(this, async[k].lane); }
    std::string_view asyncName(std::size_t k) const { return strings[async[k].name]; }
    // The thread that began an async track's slice (level d, index i), or -1.
    std::int32_t asyncThread(std::size_t k, std::size_t d, std::size_t i) const;
    // The process of a thread, or nullptr.
    const ProcessInfo* processOf(std::size_t thread) const;
    // The flows that end on a thread, as an index range into flows.
    std::pair<std::size_t, std::size_t> flowsInto(std::size_t thread) const;
    // The flow that ends on a thread exactly at t, or -1.
    long flowInto(std::size_t thread, Time t) const;

    std::size_t sliceCount() const { return slices.size(); } // threads' and async tracks'
    std::size_t instantCount() const;                        // all scopes
    std::size_t eventCount() const; // slices, instants, counter points and flows
    std::size_t memoryBytes() const;
    bool empty() const;
};

// Lays one lane's slices, given in any order, into levels: by start, a longer one first at
// equal starts, each on the lowest level whose last slice has ended (the nesting depth, when
// the slices nest); appends them to data.slices and the level boundaries to
// data.levelStarts, and returns the lane (its instants are the caller's). With `tags`, one
// per slice, tagsOut gets them in the slices' new order. partialOverlaps counts slices that
// overlap a slice of a lower level without lying within it (so their level is not a depth).
Lane layOutSlices(SliceData& data, std::span<Slice> slices, std::size_t* partialOverlaps = nullptr,
                  std::span<const std::int32_t> tags = {},
                  std::vector<std::int32_t>* tagsOut = nullptr);

// The earliest of a time-ordered list's events.
inline bool byTime(const Instant& a, const Instant& b) {
    return a.time < b.time;
}

} // namespace tl
