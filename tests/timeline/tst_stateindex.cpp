// The state mipmap: block sums per level, coarser levels that add up, and incremental growth
// that ends where a full rebuild would.
#include "timeline/stateindex.h"

#include <QTest>

#include <numeric>
#include <random>

using namespace tl;
using namespace tl::ui;

namespace {

// One thread, `n` intervals of pseudo-random states and lengths.
void fill(Trace& trace, int n, Time& now, std::mt19937& rng) {
    for (int i = 0; i < n; ++i) {
        trace.setState(0, now, ThreadState(rng() % kStateCount));
        now += 1 + Time(rng() % 1000);
    }
}

std::uint64_t total(const StateIndex::Block& b) {
    return std::accumulate(b.weight.begin(), b.weight.end(), std::uint64_t(0));
}

} // namespace

class TestStateIndex : public QObject {
    Q_OBJECT
private slots:
    void blockSizes();
    void levelZeroSumsIntervals();
    void coarserLevelsAddUp();
    void growsIncrementally();
    void openIntervalIsNotSummarised();
};

void TestStateIndex::blockSizes() {
    QCOMPARE(StateIndex::blockSize(0), std::size_t(8));
    QCOMPARE(StateIndex::blockSize(1), std::size_t(32));
    QCOMPARE(StateIndex::blockSize(2), std::size_t(128));
}

void TestStateIndex::levelZeroSumsIntervals() {
    Trace trace;
    trace.addThread({"t", "r", 1});
    // 8 intervals of 10 ns working, then 8 of 5 ns blocked.
    for (int i = 0; i < 16; ++i)
        trace.setState(0, Time(i < 8 ? i * 10 : 80 + (i - 8) * 5),
                       i < 8 ? ThreadState::Working : ThreadState::Blocked);
    trace.setState(0, 120, ThreadState::Exited);
    StateIndex index;
    index.update(trace);
    QCOMPARE(index.indexed(0), std::size_t(16));
    const auto& blocks = index.blocks(0, 0);
    QCOMPARE(blocks.size(), std::size_t(2));
    QCOMPARE(blocks[0].start, Time(0));
    QCOMPARE(blocks[0].weight[std::size_t(ThreadState::Working)], 80u);
    QCOMPARE(blocks[1].start, Time(80));
    QCOMPARE(blocks[1].weight[std::size_t(ThreadState::Blocked)], 40u);
    QCOMPARE(total(blocks[1]), std::uint64_t(40));
}

void TestStateIndex::coarserLevelsAddUp() {
    Trace trace;
    trace.addThread({"t", "r", 1});
    std::mt19937 rng(7);
    Time now = 0;
    fill(trace, 5000, now, rng);
    trace.setState(0, now, ThreadState::Exited);
    StateIndex index;
    index.update(trace);
    QVERIFY(index.levels(0) >= 4);
    for (std::size_t level = 0; level < index.levels(0); ++level) {
        const auto& blocks = index.blocks(0, level);
        // Every level covers the whole life: the sums equal the thread's lifetime.
        std::uint64_t sum = 0;
        for (const auto& b : blocks)
            sum += total(b);
        QCOMPARE(sum, std::uint64_t(now));
        QCOMPARE(blocks.size(), (std::size_t(5000) + StateIndex::blockSize(level) - 1) /
                                    StateIndex::blockSize(level));
        if (level == 0) continue;
        // A block starts where its first block of the level below starts.
        const auto& below = index.blocks(0, level - 1);
        for (std::size_t b = 0; b < blocks.size(); ++b)
            QCOMPARE(blocks[b].start, below[b * StateIndex::kFanout].start);
    }
}

void TestStateIndex::growsIncrementally() {
    Trace grown, whole;
    grown.addThread({"t", "r", 1});
    whole.addThread({"t", "r", 1});
    std::mt19937 a(3), b(3);
    Time nowA = 0, nowB = 0;
    StateIndex incremental;
    for (int step = 0; step < 20; ++step) {
        fill(grown, 37 + step, nowA, a);
        incremental.update(grown);
    }
    for (int step = 0; step < 20; ++step)
        fill(whole, 37 + step, nowB, b);
    StateIndex rebuilt;
    rebuilt.update(whole);
    QCOMPARE(incremental.indexed(0), rebuilt.indexed(0));
    QCOMPARE(incremental.levels(0), rebuilt.levels(0));
    for (std::size_t level = 0; level < rebuilt.levels(0); ++level) {
        const auto& x = incremental.blocks(0, level);
        const auto& y = rebuilt.blocks(0, level);
        QCOMPARE(x.size(), y.size());
        for (std::size_t k = 0; k < x.size(); ++k) {
            QCOMPARE(x[k].start, y[k].start);
            QVERIFY(x[k].weight == y[k].weight);
        }
    }
}

void TestStateIndex::openIntervalIsNotSummarised() {
    Trace trace;
    trace.addThread({"t", "r", 1});
    trace.setState(0, 0, ThreadState::Working);
    trace.setState(0, 100, ThreadState::Waiting);
    trace.setEndTime(500);
    StateIndex index;
    index.update(trace);
    // The waiting interval is still open (it ends at the trace's end, which moves).
    QCOMPARE(index.indexed(0), std::size_t(1));
    QCOMPARE(total(index.blocks(0, 0).front()), std::uint64_t(100));
}

QTEST_GUILESS_MAIN(TestStateIndex)
#include "tst_stateindex.moc"
