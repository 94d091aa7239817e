// Scratch memory (scratch.h): a block of 64 KB or more freed on a thread is handed out again
// on that thread, by its power of two; small ones are not kept; what is kept stays under
// kScratchKeepBytes; a thread's blocks are freed when it ends.
#include "model/scratch.h"

#include <QtTest>

#include <thread>
#include <vector>

using namespace tl;

class TestScratch : public QObject {
    Q_OBJECT
private slots:
    void aFreedBlockIsHandedOutAgain() {
        void* a = scratch::allocate(100 << 10);
        const std::size_t before = scratch::keptBytes();
        scratch::deallocate(a, 100 << 10);
        QCOMPARE(scratch::keptBytes(), before + (128 << 10)); // kept by its power of two
        void* b = scratch::allocate(90 << 10);                // of the same power of two
        QCOMPARE(b, a);
        QCOMPARE(scratch::keptBytes(), before);
        void* c = scratch::allocate(200 << 10); // another size: a block of its own
        QVERIFY(c != a);
        scratch::deallocate(b, 90 << 10);
        scratch::deallocate(c, 200 << 10);
        QCOMPARE(scratch::keptBytes(), before + (128 << 10) + (256 << 10));
    }

    void smallBlocksAreNotKept() {
        const std::size_t before = scratch::keptBytes();
        void* a = scratch::allocate(1000);
        scratch::deallocate(a, 1000);
        QCOMPARE(scratch::keptBytes(), before);
    }

    void whatIsKeptStaysUnderTheLimit() {
        std::vector<void*> blocks;
        const std::size_t block = std::size_t(4) << 20;
        for (std::size_t i = 0; i < 2 * kScratchKeepBytes / block; ++i)
            blocks.push_back(scratch::allocate(block));
        for (void* p : blocks)
            scratch::deallocate(p, block);
        QVERIFY(scratch::keptBytes() <= kScratchKeepBytes);
        QVERIFY(scratch::keptBytes() >= kScratchKeepBytes - block);
    }

    // A vector that grows through scratch memory keeps its contents.
    void aScratchVectorGrows() {
        ScratchVector<std::uint64_t> v;
        for (std::uint64_t i = 0; i < 100000; ++i)
            v.push_back(i * 3);
        for (std::uint64_t i = 0; i < v.size(); i += 997)
            QCOMPARE(v[i], i * 3);
    }

    // Another thread keeps its own, apart from this one's (the app's pool threads end after
    // 30 s idle, and what they kept goes with them).
    void aThreadKeepsItsOwn() {
        const std::size_t here = scratch::keptBytes();
        std::size_t there = 0;
        std::thread t([&] {
            void* p = scratch::allocate(1 << 20);
            scratch::deallocate(p, 1 << 20);
            there = scratch::keptBytes();
        });
        t.join();
        QCOMPARE(there, std::size_t(1) << 20);
        QCOMPARE(scratch::keptBytes(), here);
    }
};

QTEST_APPLESS_MAIN(TestScratch)
#include "tst_scratch.moc"
