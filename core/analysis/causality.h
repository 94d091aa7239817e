#pragma once
// Who enabled whom: each operation that ended a wait, linked to the operation that made
// it possible (the unlock that let a blocked thread lock, the put of the item a consumer
// got, the get that made room for a waiting put, the release that freed a permit, the
// last arrival that opened a barrier, the notify or set that woke a waiter). Derived from
// the object streams alone, so it works the same for both engines and for traces read
// from files. The rules themselves are in linkrules.h, shared with the Chrome JSON
// export's flows.
#include "model/trace.h"

#include <optional>
#include <string>
#include <vector>

namespace tl {

struct Link {
    int object = -1;
    std::size_t from = 0; // index in the object's stream: the enabling operation
    std::size_t to = 0;   // index in the object's stream: the operation it enabled
};

// All links of one object, in the order of their destinations.
std::vector<Link> objectLinks(const Trace& trace, std::size_t object);

// The level of an object after each of its operations (ObjectLevel::count, levelrules.h):
// queue depth, permits available, threads waiting at a barrier or condition, the holders of
// a lock, 1/0 for a set event.
std::vector<std::int64_t> objectLevels(const Trace& trace, std::size_t object);

// Why a blocked or waiting interval ended: the operation of the thread that ended it
// (in the object's stream) and, when known, the link to the operation that enabled it,
// and the thread that held the lock when the wait began.
struct WaitCause {
    int object = -1;
    std::optional<std::size_t> ended; // the waiter's own lock/get/acquire/pass/wake
    std::optional<Link> link;         // the enabling operation
    int holderAtStart = -1;           // for locks: who held it when the wait began
};
std::optional<WaitCause> causeOfWait(const Trace& trace, std::size_t thread, std::size_t interval);

// "blocked 3.2 ms on counter-lock, held by worker 4, woken by worker 4's unlock"
std::string describeWait(const Trace& trace, std::size_t thread, std::size_t interval);

// A deadlock read off a trace that ended in one: the wait-for cycle among lock holders
// when there is one, otherwise every thread still waiting.
struct DeadlockReport {
    std::vector<int> threads; // in cycle order
    std::vector<int> objects; // objects[i] is what threads[i] waits for
    bool cycle = false;
    std::string text;
};
DeadlockReport analyseDeadlock(const Trace& trace);

} // namespace tl
