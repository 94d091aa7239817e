// The foreign-trace model (slices.h): the interning table finds every key after it has grown,
// the string pool keeps ids stable, and slices given in any order are laid into levels that
// are their nesting depth.
#include "model/slices.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace tl;

class TestSlices : public QObject {
    Q_OBJECT
private slots:
    // A table that grew (64 slots, then 128, ...) still finds its first keys: a slot is chosen
    // from the 32 bits of the hash that it keeps, as the growth moves it. node-workers.json's
    // 44 async identities were past the first growth, and half of their ends found no begin.
    void idTableFindsEveryKeyAfterGrowing() {
        IdTable table;
        std::vector<std::string> keys;
        for (int i = 0; i < 5000; ++i)
            keys.push_back("0x7f9d" + std::to_string(i * 7919));
        for (std::uint32_t i = 0; i < keys.size(); ++i) {
            const std::size_t h = textHash(keys[i]);
            QCOMPARE(table.find(h, [&](std::uint32_t k) { return keys[k] == keys[i]; }),
                     IdTable::kNone);
            table.insert(h, i);
        }
        QCOMPARE(table.size(), keys.size());
        for (std::uint32_t i = 0; i < keys.size(); ++i) {
            const std::size_t h = textHash(keys[i]);
            QCOMPARE(table.find(h, [&](std::uint32_t k) { return keys[k] == keys[i]; }), i);
        }
    }

    void stringPoolInternsOnce() {
        StringPool pool;
        QCOMPARE(pool.intern(""), 0u);
        const std::uint32_t a = pool.intern("RunAndClearNativeImmediates");
        for (int i = 0; i < 3000; ++i)
            pool.intern("name " + std::to_string(i));
        QCOMPARE(pool.intern("RunAndClearNativeImmediates"), a);
        QCOMPARE(pool[a], std::string_view("RunAndClearNativeImmediates"));
        QCOMPARE(pool.size(), std::size_t(3002));
    }

    // Out of order, with equal starts: the longer is the parent; a sibling starting where
    // another ends is on the same level; a partial overlap is counted.
    void layOutSlicesByDepth() {
        SliceData d;
        std::vector<Slice> s = {
            {10, 5, 0, 0}, // child of [0, 20)
            {0, 20, 1, 0}, // root
            {0, 3, 2, 0},  // child, same start as the root
            {20, 4, 3, 0}, // root sibling, starts where the first root ends
            {11, 2, 4, 0}, // grandchild
            {22, 6, 5, 0}, // overlaps [20, 24) in part
        };
        std::size_t partial = 0;
        const Lane lane = layOutSlices(d, s, &partial);
        d.threadLanes.push_back(lane);
        const SliceTrack t = d.threadTrack(0);
        QCOMPARE(t.depth(), std::size_t(3));
        QCOMPARE(t.level(0).size(), std::size_t(2));
        QCOMPARE(t.level(1).size(), std::size_t(3)); // 0+3, 10+5, and the partial overlap
        QCOMPARE(t.level(2).size(), std::size_t(1));
        QCOMPARE(partial, std::size_t(1));
        QCOMPARE(t.level(0)[0].duration, Time(20));
        QCOMPARE(t.sliceAt(1, 12), 1L);
        QCOMPARE(t.selfTime(0, 0), Time(20 - 3 - 5));
        QCOMPARE(t.selfTime(1, 1), Time(5 - 2));
    }

    // Few levels are found by looking at each, many (past 16) with heaps: both give each
    // slice the lowest level whose last slice has ended by its start, as worked out here
    // slice by slice, and count the same partial overlaps. Shapes: shallow nesting with
    // overlaps, then 40 spans open at once (node's async ids on one track).
    void layOutSlicesFewAndManyLevels() {
        for (const int depth : {3, 40}) {
            std::vector<Slice> s;
            std::uint64_t x = 12345;
            auto next = [&] {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                return Time(x >> 40);
            };
            for (std::uint32_t i = 0; i < 2000; ++i)
                s.push_back(
                    Slice{Time(i / depth) * 100 + next() % 50, 10 + next() % (100 * depth), i, 0});
            // The expected levels: by start, the longer first at equal starts (stable).
            std::vector<std::uint32_t> order(s.size());
            for (std::uint32_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
                return s[a].start != s[b].start ? s[a].start < s[b].start
                                                : s[a].duration > s[b].duration;
            });
            std::vector<Time> lastEnd;
            std::vector<std::vector<std::uint32_t>> levels; // labels, level by level
            std::size_t overlaps = 0;
            for (const std::uint32_t k : order) {
                std::size_t l = 0;
                while (l < lastEnd.size() && lastEnd[l] > s[k].start)
                    ++l;
                if (l == lastEnd.size()) {
                    lastEnd.push_back(0);
                    levels.emplace_back();
                }
                if (l > 0 && lastEnd[l - 1] > s[k].start && s[k].end() > lastEnd[l - 1]) ++overlaps;
                lastEnd[l] = s[k].end();
                levels[l].push_back(s[k].label);
            }
            QVERIFY(depth == 3 ? levels.size() < 16 : levels.size() > 16);

            SliceData d;
            std::size_t partial = 0;
            d.threadLanes.push_back(layOutSlices(d, s, &partial));
            const SliceTrack t = d.threadTrack(0);
            QCOMPARE(t.depth(), levels.size());
            for (std::size_t l = 0; l < levels.size(); ++l) {
                QCOMPARE(t.level(l).size(), levels[l].size());
                for (std::size_t i = 0; i < levels[l].size(); ++i)
                    QCOMPARE(t.level(l)[i].label, levels[l][i]);
            }
            QCOMPARE(partial, overlaps);
        }
    }
};

QTEST_APPLESS_MAIN(TestSlices)
#include "tst_slices.moc"
