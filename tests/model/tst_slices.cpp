// The foreign-trace model (slices.h): the interning table finds every key after it has grown,
// the string pool keeps ids stable, and slices given in any order are laid into levels that
// are their nesting depth.
#include "model/slices.h"

#include <QtTest>

#include <string>

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
};

QTEST_APPLESS_MAIN(TestSlices)
#include "tst_slices.moc"
