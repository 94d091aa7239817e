#include "timeline/stateindex.h"

#include <algorithm>
#include <limits>

namespace tl::ui {

std::size_t StateIndex::blockSize(std::size_t level) {
    std::size_t k = kBlock;
    while (level-- > 0)
        k *= kFanout;
    return k;
}

void StateIndex::clear() {
    m_trace = nullptr;
    m_threads.clear();
    m_added = 0;
}

namespace {
constexpr Time kMaxWeight = std::numeric_limits<std::uint32_t>::max();
void addWeight(std::uint32_t& w, Time d) {
    w = std::uint32_t(std::min<Time>(kMaxWeight, Time(w) + d));
}
} // namespace

// Adds interval number `index` of a thread to the block holding it at every level.
void StateIndex::add(std::vector<std::vector<Block>>& levels, std::size_t index, Time start,
                     std::size_t state, Time duration) {
    if (levels.empty()) levels.emplace_back();
    std::size_t k = kBlock;
    for (std::vector<Block>& blocks : levels) {
        if (index % k == 0) blocks.push_back({start, {}});
        addWeight(blocks.back().weight[state], duration);
        k *= kFanout;
    }
    // A level gets a coarser one above it once it has more than kFanout blocks.
    while (levels.back().size() > kFanout) {
        std::vector<Block> up;
        const std::vector<Block>& below = levels.back();
        for (std::size_t b = 0; b < below.size(); ++b) {
            if (b % kFanout == 0) up.push_back({below[b].start, {}});
            for (std::size_t st = 0; st < kStateCount; ++st)
                addWeight(up.back().weight[st], below[b].weight[st]);
        }
        levels.push_back(std::move(up));
    }
}

void StateIndex::update(const Trace& trace, Time upTo) {
    if (m_trace != &trace) {
        clear();
        m_trace = &trace;
    }
    const std::size_t threads = trace.threadCount();
    if (m_threads.size() < threads) m_threads.resize(threads);
    for (std::size_t t = 0; t < threads; ++t) {
        Thread& th = m_threads[t];
        const EventStream& s = trace.threadEvents(t);
        const std::size_t size = s.size();
        if (size < 2) continue;
        const std::size_t complete = size - 1; // interval i is complete once event i + 1 exists
        if (th.count >= complete) continue;
        Event cur = s[th.count];
        std::size_t i = th.count;
        for (; i < complete; ++i) {
            const Event next = s[i + 1];
            if (next.time > upTo) break;
            add(th.levels, i, cur.time, std::min<std::size_t>(cur.code, kStateCount - 1),
                next.time - cur.time);
            cur = next;
        }
        m_added += i - th.count;
        th.count = i;
    }
}

} // namespace tl::ui
