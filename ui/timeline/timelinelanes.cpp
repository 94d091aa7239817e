// The thread lanes of the timeline's geometry: spans wide enough to see become rectangles,
// narrower ones are folded into their pixel column, and a column that holds more than one
// state becomes a stack of bands in proportion to each state's time (timelinegeometry.h).
#include "timeline/timelinegeometryimpl.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace tl::ui {

using Weights = std::array<std::uint64_t, kStateCount>; // ns per state

namespace {

// A lane lower than the number of states in a column: a pixel for each of the longest.
[[gnu::noinline]] Bands fewerPixelsThanStates(const Weights& time, int height) {
    Bands bands{};
    std::array<std::size_t, kStateCount> byTime{};
    for (std::size_t s = 0; s < byTime.size(); ++s)
        byTime[s] = s;
    std::stable_sort(byTime.begin(), byTime.end(),
                     [&](std::size_t a, std::size_t b) { return time[a] > time[b]; });
    for (int k = 0; k < height; ++k)
        bands[byTime[std::size_t(k)]] = 1;
    return bands;
}

// 2^32 / n for n up to 4096: bands() divides by a column's total time once per column of
// every lane, and a division's latency was a third of a dense frame's geometry.
const std::array<std::uint32_t, 4097> kReciprocal = [] {
    std::array<std::uint32_t, 4097> r{};
    for (std::uint64_t n = 1; n < r.size(); ++n)
        r[n] = std::uint32_t(((std::uint64_t(1) << 32) - 1) / n);
    return r;
}();

// Every state present gets a pixel and the rest of the height is shared in proportion to
// time, by rounding the running sum (so that the bands add up exactly). Without branches on
// which states are present: in a dense frame that changes from column to column, this runs
// for every column of every lane, and mispredictions would cost more than the arithmetic.
// The times are scaled to 12 bits first (an error of at most 1/2048 of the column, an
// eighth of a pixel on a 255 px lane) so that the division is a table's reciprocal.
inline Bands bands(const Weights& time, int height) {
    std::uint64_t total = 0;
    int present = 0;
    for (const std::uint64_t t : time) {
        total += t;
        present += t > 0;
    }
    height = std::min(height, kMaxBandPixels);
    if (total == 0 || height <= 0) return {};
    if (present > height) return fewerPixelsThanStates(time, height);
    const int shift = std::max(0, int(std::bit_width(total)) - 12);
    const std::uint64_t scale =
        std::uint64_t(kReciprocal[std::size_t(total >> shift)]) * std::uint64_t(height - present);
    std::uint64_t cum = 0, packed = 0;
    int counted = 0, below = 0;
    for (const ThreadState s : kBandOrder) {
        const std::uint64_t t = time[std::size_t(s)];
        cum += t;
        counted += t > 0;
        const int top = counted + int(((cum >> shift) * scale + 0x80000000u) >> 32);
        packed |= std::uint64_t(top - below) << (8 * unsigned(s));
        below = top;
    }
    Bands out;
    std::memcpy(out.data(), &packed, sizeof packed);
    return out;
}

} // namespace

Bands bandHeights(const Weights& time, int height) {
    return bands(time, height);
}

std::array<std::vector<QRectF>, kStateCount> mixedRects(const TimelineGeometry& g) {
    std::array<std::vector<QRectF>, kStateCount> out;
    if (g.mixedOffsets.size() != g.lanes.size() + 1) return out;
    for (std::size_t l = 0; l < g.lanes.size(); ++l) {
        const LaneSpec& lane = g.lanes[l];
        const double bottom = lane.top + lane.height;
        // Bands add up to the rounded height (or kMaxBandPixels): stretched to the lane.
        const int pixels = std::min(int(std::lround(lane.height)), kMaxBandPixels);
        const double scale = pixels > 0 ? lane.height / pixels : 1.0;
        for (std::uint32_t k = g.mixedOffsets[l]; k < g.mixedOffsets[l + 1]; ++k) {
            const MixedColumn& c = g.mixed[k];
            int below = 0;
            for (const ThreadState s : kBandOrder) {
                const int h = c.bands[std::size_t(s)];
                if (h == 0) continue;
                const double y1 = bottom - below * scale, y0 = bottom - (below + h) * scale;
                out[std::size_t(s)].emplace_back(c.x0, y0, c.x1 - c.x0, y1 - y0);
                below += h;
            }
        }
    }
    return out;
}

namespace geom {

namespace {

// How many spans of one pixel column are read one by one before the rest is summed from
// the mipmap (or, where the mipmap does not reach yet, skipped).
constexpr int kColumnBudget = 8;
// Spans past the mipmap's reach that a column still reads one by one before it gives up
// on exact sums and lets the span at its right edge stand for them.
constexpr std::size_t kUnindexedBudget = 64;

// Eight bytes compared as one word (std::array's == calls memcmp).
std::uint64_t packed(const Bands& b) {
    std::uint64_t v;
    std::memcpy(&v, b.data(), sizeof v);
    return v;
}

// Collects one lane's rectangles and mixed columns, merging neighbours that agree so a run
// of folded columns of one state (or of one mix) becomes a single rectangle.
class LaneSink {
public:
    LaneSink(TimelineGeometry& g, double top, double height)
        : m_out(g.states), m_mixed(g.mixed), m_first(g.mixed.size()), m_top(top), m_height(height),
          m_pixels(int(std::lround(height))) {}
    ~LaneSink() { flush(); }
    void add(int state, double x0, double x1) {
        if (x1 <= x0) return;
        if (state == m_state && x0 <= m_x1 + 1e-6) {
            m_x1 = std::max(m_x1, x1);
            return;
        }
        flush();
        m_state = state;
        m_x0 = x0;
        m_x1 = x1;
    }
    // A folded column: one state fills it; several share it as bands. `fallback` colours a
    // column whose spans all clipped to nothing.
    void column(const Weights& w, int fallback, double x0, double x1) {
        if (x1 <= x0) return;
        unsigned present = 0; // a bit per state
        for (std::size_t s = 0; s < std::size_t(kStateCount); ++s)
            present |= unsigned(w[s] != 0) << s;
        if ((present & (present - 1)) == 0) // one state, or none
            return add(present ? std::countr_zero(present) : fallback, x0, x1);
        const Bands mix = bands(w, m_pixels);
        flush();
        if (m_mixed.size() > m_first) {
            MixedColumn& last = m_mixed.back();
            if (packed(last.bands) == packed(mix) && x0 <= double(last.x1) + 1e-4) {
                last.x1 = std::max(last.x1, float(x1));
                return;
            }
        }
        m_mixed.push_back({float(x0), float(x1), mix});
    }
    void flush() {
        if (m_state >= 0)
            m_out[std::size_t(m_state)].emplace_back(m_x0, m_top, m_x1 - m_x0, m_height);
        m_state = -1;
    }

private:
    std::array<std::vector<QRectF>, kStateCount>& m_out;
    std::vector<MixedColumn>& m_mixed;
    std::size_t m_first; // this lane's first mixed column
    double m_top, m_height;
    int m_pixels;
    int m_state = -1;
    double m_x0 = 0, m_x1 = 0;
};

// Reads a thread's intervals clipped to the frame, one event load per step when walking
// forwards (the end of interval i is the start of i + 1).
class LaneReader {
public:
    struct Span {
        Time start;
        Time end;
        std::int64_t state; // a full word: see at()
    };

    LaneReader(const EventStream& s, Time traceEnd, const Frame& f)
        : m_s(s), m_size(s.size()), m_traceEnd(traceEnd), m_f(f) {}

    Span at(std::size_t i) {
        if (i == m_index) return m_span;
        ++m_reads;
        m_a = (i == m_index + 1 && m_hasB) ? m_b : m_s[i];
        m_hasB = i + 1 < m_size;
        if (m_hasB) m_b = m_s[i + 1];
        m_index = i;
        const Time end = m_hasB ? m_b.time : std::max(m_a.time, m_traceEnd);
        // Returned from the locals, not read back from m_span: GCC 12 stored the member in
        // pieces and loaded it whole, a store-forwarding stall that was a third of a dense
        // frame's build (perf annotate).
        const Span span{std::max(m_a.time, m_f.range.start), std::min(end, m_f.visibleEnd),
                        std::min<std::int64_t>(m_a.code, kStateCount - 1)};
        m_span = span;
        return span;
    }
    std::size_t reads() const { return m_reads; }
    void countBlock() { ++m_reads; }

private:
    const EventStream& m_s;
    std::size_t m_size;
    Time m_traceEnd;
    const Frame& m_f;
    std::size_t m_index = std::size_t(-1);
    Event m_a, m_b;
    bool m_hasB = false;
    Span m_span{};
    std::size_t m_reads = 0;
};

// Adds the time of intervals [a, b) by state, all of them inside the frame: whole mipmap
// blocks where they fit (aligned, complete), span by span at the ragged ends, so a column
// that holds a burst of thousands of spans costs a few dozen reads and still shows every
// state in it.
void addIntervals(const StateIndex& index, std::size_t thread, LaneReader& reader, std::size_t a,
                  std::size_t b, Weights& w) {
    const bool indexed = thread < index.threads() && index.levels(thread) > 0;
    const std::size_t reach = indexed ? std::min(b, index.indexed(thread)) : a;
    const std::size_t levels = indexed ? index.levels(thread) : 0;
    while (a < reach) {
        std::size_t level = 0, size = StateIndex::kBlock;
        if (a % size != 0 || a + size > reach) {
            const LaneReader::Span sp = reader.at(a++);
            w[std::size_t(sp.state)] += std::uint64_t(sp.end - sp.start);
            continue;
        }
        while (level + 1 < levels && a % (size * StateIndex::kFanout) == 0 &&
               a + size * StateIndex::kFanout <= reach) {
            size *= StateIndex::kFanout;
            ++level;
        }
        const StateIndex::Block& blk = index.blocks(thread, level)[a / size];
        for (std::size_t k = 0; k < std::size_t(kStateCount); ++k)
            w[k] += blk.weight[k];
        reader.countBlock();
        a += size;
    }
    if (a >= b) return;
    if (b - a <= kUnindexedBudget) {
        for (; a < b; ++a) {
            const LaneReader::Span sp = reader.at(a);
            w[std::size_t(sp.state)] += std::uint64_t(sp.end - sp.start);
        }
        return;
    }
    // Past the mipmap (a live trace's newest events) and too many to read: the last span
    // stands for them.
    const Time from = reader.at(a).start;
    const LaneReader::Span sp = reader.at(b - 1);
    w[std::size_t(sp.state)] += std::uint64_t(std::max<Time>(0, sp.end - from));
}

// Walks intervals [i, last) of a lane: spans at least kFoldPixels wide become rectangles,
// narrower ones are folded into their pixel column, whose time is weighed by state: its
// first spans one by one, the rest from the mipmap.
void walkLane(const EventStream& s, LaneReader& reader, const StateIndex& index, std::size_t thread,
              std::size_t i, std::size_t last, const Frame& f, LaneSink& sink, double& cursor,
              std::size_t& folded) {
    while (i < last) {
        const LaneReader::Span sp = reader.at(i);
        if (sp.end <= sp.start) {
            ++i;
            continue;
        }
        const double x0 = std::max(f.x(sp.start), cursor);
        const double x1 = f.x(sp.end);
        if (x1 - x0 >= kFoldPixels) {
            sink.add(int(sp.state), x0, x1);
            cursor = x1;
            ++i;
            continue;
        }
        const double col = floorNonNegative(x0);
        const double colRight = col + 1;
        const Time colEnd = std::max(f.timeAt(colRight), sp.start + 1);
        // What an earlier column already showed is not weighed again.
        const Time from = x0 > f.x(sp.start) ? std::max(sp.start, f.timeAt(x0)) : sp.start;
        Weights weight{};
        std::size_t j = i;
        int seen = 0;
        bool crossed = false;
        while (j < last && seen < kColumnBudget) {
            const LaneReader::Span w = reader.at(j);
            if (w.start >= colEnd) {
                crossed = true;
                break;
            }
            weight[std::size_t(w.state)] +=
                std::uint64_t(std::max<Time>(0, std::min(w.end, colEnd) - std::max(w.start, from)));
            ++seen;
            if (w.end > colEnd) {
                crossed = true;
                break;
            }
            ++j;
        }
        if (!crossed && j < last) {
            // More spans than the budget: k is the last one that starts inside the column;
            // those before it lie wholly inside and are summed, k is weighed up to the edge.
            const std::size_t k = gallopUpper(s, j, colEnd - 1, last) - 1;
            if (k + 1 > j && k < last) {
                addIntervals(index, thread, reader, j, k, weight);
                const LaneReader::Span w = reader.at(k);
                weight[std::size_t(w.state)] +=
                    std::uint64_t(std::max<Time>(0, std::min(w.end, colEnd) - w.start));
                j = w.end <= colEnd ? k + 1 : k;
            }
        }
        sink.column(weight, int(sp.state), x0, std::min(colRight, f.x(f.visibleEnd)));
        ++folded;
        cursor = colRight;
        i = j; // a span that crosses the edge is weighed again in the next column
    }
}

// Very dense lanes: weigh each pixel column from the summaries (at one level of the
// mipmap) of the blocks that start in it. Returns the first interval not covered: the
// summaries stop at the last complete one.
std::size_t summariseLane(const StateIndex& index, std::size_t thread, std::size_t level,
                          std::size_t first, const EventStream& s, const Frame& f, LaneSink& sink,
                          double& cursor, std::size_t& folded, std::size_t& reads) {
    const std::size_t K = StateIndex::blockSize(level);
    const std::vector<StateIndex::Block>& blocks = index.blocks(thread, level);
    const std::size_t covered = index.indexed(thread);
    std::size_t b = first / K;
    if (b >= blocks.size()) return first;
    Weights acc{};
    double col = floorNonNegative(f.x(blocks[b].start));
    Time colEnd = f.timeAt(col + 1);
    auto closeColumn = [&](double right) {
        sink.column(acc, 0, std::max(col, cursor), right);
        cursor = std::max(cursor, right);
        ++folded;
        acc = {};
    };
    for (; b < blocks.size(); ++b) {
        const StateIndex::Block& blk = blocks[b];
        if (blk.start >= colEnd) {
            if (blk.start >= f.visibleEnd) break;
            // A block that spans several columns colours all of them.
            const double c = std::max(col + 1, floorNonNegative(f.x(blk.start)));
            closeColumn(c);
            col = c;
            colEnd = std::max(f.timeAt(c + 1), blk.start + 1);
        }
        for (std::size_t k = 0; k < std::size_t(kStateCount); ++k)
            acc[k] += blk.weight[k];
    }
    // The last column ends where the summarised data ends (or the frame does).
    reads += b - first / K;
    const std::size_t next = std::min(covered, b * K);
    const Time end = next < s.size() ? std::min(s[next].time, f.visibleEnd) : f.visibleEnd;
    closeColumn(std::max(col + 1, std::min(f.x(end), f.width)));
    return next;
}

} // namespace

void buildLane(const Trace& trace, const LaneSpec& lane, const Frame& f, const StateIndex& states,
               TimelineGeometry& g) {
    const std::size_t th = std::size_t(lane.thread);
    const EventStream& s = trace.threadEvents(th);
    if (trace.intervalCount(th) == 0) return;
    const auto [first, last] = trace.intervalsIn(th, {f.range.start, f.visibleEnd});
    LaneSink sink(g, lane.top, lane.height);
    LaneReader reader(s, trace.endTime(), f);
    double cursor = 0; // nothing may be drawn left of this: it is already decided
    std::size_t i = first;
    // Summaries take over when a pixel column holds a block or more on average; the
    // coarsest level that still has a block per column keeps the work per column small.
    const double perColumn = double(last - first) / f.width;
    if (perColumn >= double(StateIndex::kBlock) && th < states.threads() && states.levels(th) > 0) {
        std::size_t level = 0;
        while (level + 1 < states.levels(th) &&
               double(StateIndex::blockSize(level + 1)) <= perColumn)
            ++level;
        i = std::max(
            i, summariseLane(states, th, level, first, s, f, sink, cursor, g.folded, g.spansRead));
    }
    walkLane(s, reader, states, th, i, last, f, sink, cursor, g.folded);
    g.spansRead += reader.reads();
}

} // namespace geom

} // namespace tl::ui
