// Object levels from the operation streams: each kind's rule, the checkpointed replay
// against a brute-force replay, and min/max over ranges.
#include "timeline/levelindex.h"

#include <QTest>

#include <algorithm>
#include <random>
#include <tuple>

using namespace tl;
using namespace tl::ui;

class TestLevelIndex : public QObject {
    Q_OBJECT
private slots:
    void kinds();
    void semaphoreTakesRecordedPermits();
    void readersWriterLock();
    void replayMatchesBruteForce();
};

void TestLevelIndex::kinds() {
    QCOMPARE(trackKind(ObjectKind::Queue), TrackKind::Counter);
    QCOMPARE(trackKind(ObjectKind::Semaphore), TrackKind::Counter);
    QCOMPARE(trackKind(ObjectKind::Barrier), TrackKind::Counter);
    QCOMPARE(trackKind(ObjectKind::Mutex), TrackKind::Owner);
    QCOMPARE(trackKind(ObjectKind::Gil), TrackKind::Owner);
    QCOMPARE(trackKind(ObjectKind::RwLock), TrackKind::Owner);
    QCOMPARE(trackKind(ObjectKind::Event), TrackKind::Flag);
    QCOMPARE(trackKind(ObjectKind::Condition), TrackKind::Marks);
    QCOMPARE(trackKind(ObjectKind::Threads), TrackKind::None);

    Trace trace;
    trace.addThread({"a", "r", 1});
    const int q = trace.addObject({ObjectKind::Queue, "q", 2});
    const int b = trace.addObject({ObjectKind::Barrier, "b", 3});
    const int m = trace.addObject({ObjectKind::Mutex, "m", 0});
    const int e = trace.addObject({ObjectKind::Event, "e", 0});
    trace.operation(q, 1, Op::Put, 0, 1);
    trace.operation(q, 2, Op::Get, 0, 1);
    trace.operation(q, 3, Op::Get, 0, 0, OpFlagClosed); // found it closed: no item taken
    trace.operation(b, 1, Op::Arrive, 0);
    trace.operation(b, 2, Op::Arrive, 0);
    trace.operation(b, 3, Op::Pass, 0);
    trace.operation(m, 1, Op::Lock, 0);
    trace.operation(m, 2, Op::Unlock, 0);
    trace.operation(e, 1, Op::Set, 0);
    trace.operation(e, 2, Op::Clear, 0);
    LevelIndex index;
    index.update(trace);
    QCOMPARE(index.levelBefore(trace, std::size_t(q), 1), 1);
    QCOMPARE(index.levelBefore(trace, std::size_t(q), 3), 0);
    QCOMPARE(index.levelBefore(trace, std::size_t(b), 2), 2);
    QCOMPARE(index.levelBefore(trace, std::size_t(b), 3), 1);
    QCOMPARE(index.levelBefore(trace, std::size_t(m), 0), -1);
    QCOMPARE(index.levelBefore(trace, std::size_t(m), 1), 0);
    QCOMPARE(index.levelBefore(trace, std::size_t(m), 2), -1);
    QCOMPARE(index.levelBefore(trace, std::size_t(e), 1), 1);
    QCOMPARE(index.levelBefore(trace, std::size_t(e), 2), 0);
    QCOMPARE(index.maxLevel(std::size_t(q)), 2); // the capacity
    QCOMPARE(index.maxLevel(std::size_t(b)), 3); // the parties
}

void TestLevelIndex::semaphoreTakesRecordedPermits() {
    Trace trace;
    trace.addThread({"a", "r", 1});
    const int s = trace.addObject({ObjectKind::Semaphore, "s", 3});
    trace.operation(s, 1, Op::Acquire, 0, 2);
    trace.operation(s, 2, Op::Acquire, 0, 1);
    trace.operation(s, 3, Op::Release, 0, 2);
    LevelIndex index;
    index.update(trace);
    QCOMPARE(index.levelBefore(trace, std::size_t(s), 0), 3); // starts with all permits
    QCOMPARE(index.levelBefore(trace, std::size_t(s), 2), 1);
    QCOMPARE(index.levelBefore(trace, std::size_t(s), 3), 2);
    QCOMPARE(index.levelRange(trace, std::size_t(s), 0, 3), (std::pair<int, int>{1, 2}));
}

void TestLevelIndex::readersWriterLock() {
    Trace trace;
    trace.addThread({"r1", "r", 1});
    trace.addThread({"r2", "r", 2});
    trace.addThread({"w", "w", 1});
    const int l = trace.addObject({ObjectKind::RwLock, "l", 0});
    trace.operation(l, 1, Op::Lock, 0, 0, OpFlagShared);
    trace.operation(l, 2, Op::Lock, 1, 0, OpFlagShared);
    trace.operation(l, 3, Op::Unlock, 0, 0, OpFlagShared);
    trace.operation(l, 4, Op::Unlock, 1, 0, OpFlagShared);
    trace.operation(l, 5, Op::Lock, 2);
    LevelIndex index;
    index.update(trace);
    // (owner, readers, holders) before each operation.
    auto before = [&](std::size_t i) {
        const ObjectLevel s = index.stateBefore(trace, std::size_t(l), i);
        return std::tuple(s.owner, s.readers, s.count);
    };
    QCOMPARE(before(2), std::tuple(-1, 2, std::int64_t(2)));
    QCOMPARE(before(4), std::tuple(-1, 0, std::int64_t(0)));
    QCOMPARE(before(5), std::tuple(2, 0, std::int64_t(1)));
    // The track draws the writer; readers alone draw no owner.
    QCOMPARE(index.levelBefore(trace, std::size_t(l), 2), -1);
    QCOMPARE(index.levelBefore(trace, std::size_t(l), 5), 2);
}

void TestLevelIndex::replayMatchesBruteForce() {
    // A queue with thousands of puts and gets, indexed in several steps as a live run grows.
    Trace trace;
    trace.addThread({"a", "r", 1});
    const int q = trace.addObject({ObjectKind::Queue, "q", 0});
    std::mt19937 rng(11);
    std::vector<int> levels{0}; // level before operation i
    int depth = 0;
    LevelIndex index;
    for (int step = 0; step < 7; ++step) {
        for (int i = 0; i < 700; ++i) {
            const bool put = depth == 0 || rng() % 2;
            trace.operation(q, Time(levels.size()), put ? Op::Put : Op::Get, 0);
            depth += put ? 1 : -1;
            levels.push_back(depth);
        }
        index.update(trace);
    }
    const std::size_t n = levels.size() - 1;
    QCOMPARE(index.indexed(std::size_t(q)), n);
    for (std::size_t i = 0; i <= n; i += 13)
        QCOMPARE(index.levelBefore(trace, std::size_t(q), i), levels[i]);
    QCOMPARE(index.maxLevel(std::size_t(q)), *std::max_element(levels.begin(), levels.end()));
    for (int k = 0; k < 200; ++k) {
        std::size_t a = rng() % n, b = rng() % n;
        if (a > b) std::swap(a, b);
        ++b;
        // Levels after operations a..b-1 are levels[a+1..b].
        const auto [lo, hi] =
            std::minmax_element(levels.begin() + long(a) + 1, levels.begin() + long(b) + 1);
        QCOMPARE(index.levelRange(trace, std::size_t(q), a, b), (std::pair<int, int>{*lo, *hi}));
    }
}

QTEST_GUILESS_MAIN(TestLevelIndex)
#include "tst_levelindex.moc"
