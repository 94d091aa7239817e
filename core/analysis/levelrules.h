#pragma once
// The level of an object after each of its operations: how deep a queue is, how many permits
// a semaphore has, how many threads wait at a barrier or a condition, whether an event is
// set, and who holds a lock. One set of rules, fed an object's operations in stream order,
// for everything that shows a level: the Chrome JSON export's counters (chromejson.cpp), the
// levels the narration and the statistics read (objectLevels, causality.cpp) and the
// timeline's object tracks (ui LevelIndex). It is inline for the same reason as linkrules.h:
// the export applies it once per operation at gigabytes a second.
//
// Where the three used to differ, the rules settle it:
// - a semaphore's level is the permits the engine recorded with the operation (its value),
//   not the capacity counted down by acquires: a trace from elsewhere need not say the
//   capacity, and the recorded number is what the program saw. Both engines record exactly
//   the counted number (tst_levelrules checks it on every bundled scenario);
// - a lock has both a count of holders (the export's "held", the analysis' level) and the
//   thread that holds it exclusively with the readers inside (the timeline's bar): both
//   are kept here, side by side, so that they move on the same operations;
// - a level never goes below zero, and stays there: an unlock of a free lock or a get from
//   an empty queue (only a file from elsewhere can hold one) leaves it at 0, and the next
//   lock or put makes it 1.
#include "model/trace.h"

#include <cstdint>

namespace tl {

struct ObjectLevel {
    // Queue: items in it. Semaphore: permits available. Barrier, condition: threads waiting.
    // Event: 1 while set. Mutex, GIL, readers-writer lock: threads holding it (the writer or
    // the readers).
    std::int64_t count = 0;
    int owner = -1;  // locks: the thread that holds it exclusively; -1: nobody (or unknown)
    int readers = 0; // readers-writer lock: readers inside
    bool operator==(const ObjectLevel&) const = default;
};

// Before the object's first operation: a semaphore has all its permits, the rest are empty,
// free or clear.
inline ObjectLevel initialLevel(const ObjectInfo& info) {
    ObjectLevel l;
    // A variable starts at its initial value, which ObjectInfo keeps as its capacity.
    if (info.kind == ObjectKind::Semaphore || info.kind == ObjectKind::Variable)
        l.count = info.capacity;
    return l;
}

// Applies operation `e` of an object of `kind`. Returns whether the operation is one that
// sets the object's level (the export writes a counter for exactly these); the others
// (notify, close, abort, trylock-failed, spawn, join…) leave it alone and return false.
inline bool applyOperation(ObjectKind kind, const Event& e, ObjectLevel& l) {
    const Op op = e.op();
    // Never below zero.
    auto down = [](auto& v) {
        if (v > 0) --v;
    };
    switch (kind) {
    case ObjectKind::Mutex:
    case ObjectKind::RwLock:
    case ObjectKind::Gil:
        if (op == Op::Lock) {
            ++l.count;
            if (e.arg & OpFlagShared)
                ++l.readers;
            else
                l.owner = e.ref == kNoRef ? -1 : int(e.ref);
            return true;
        }
        if (op == Op::Unlock) {
            down(l.count);
            if (e.arg & OpFlagShared)
                down(l.readers);
            else
                l.owner = -1;
            return true;
        }
        return false;
    case ObjectKind::Queue:
        if (op == Op::Put) {
            ++l.count;
            return true;
        }
        // A get that found the queue closed and empty took nothing.
        if (op == Op::Get && !(e.arg & OpFlagClosed)) {
            down(l.count);
            return true;
        }
        return false;
    case ObjectKind::Semaphore:
        if (op == Op::Acquire || op == Op::Release) {
            l.count = e.value; // the permits available after it, as recorded
            return true;
        }
        return false;
    case ObjectKind::Barrier:
        if (op == Op::Arrive) {
            ++l.count;
            return true;
        }
        if (op == Op::Pass) {
            down(l.count);
            return true;
        }
        return false;
    case ObjectKind::Condition:
        if (op == Op::Wait) {
            ++l.count;
            return true;
        }
        if (op == Op::Wake || op == Op::Timeout) {
            down(l.count);
            return true;
        }
        return false;
    case ObjectKind::Event:
        if (op == Op::Set || op == Op::Clear) {
            l.count = op == Op::Set ? 1 : 0;
            return true;
        }
        return false;
    case ObjectKind::Variable: // its value, which may be below zero
        if (storesValue(op)) {
            l.count = signedValue(e);
            return true;
        }
        return false;
    case ObjectKind::Threads:
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        return false;
    }
    return false;
}

} // namespace tl
