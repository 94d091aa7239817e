#pragma once
// The building blocks of the real-thread engine: the per-thread recorder (Actor) and the
// synchronisation objects, each a real std primitive wrapped so that every operation on
// it is recorded. Engine-private: only realengine.cpp includes this header.
//
// Recording rules shared by every object:
// - a thread writes its own state stream only (single writer, no lock);
// - an object's stream is written by whichever thread operates on it, so its appends are
//   serialised per object (its own mutex, or a tiny spin lock) and the timestamp is taken
//   inside that serialisation: each object stream is in time order and in happening order;
// - a lock or permit is recorded after it is obtained and before it is given back, so a
//   replay of the stream never shows more holders than there really were.
#include "model/trace.h"
#include "scenario/scenario.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <semaphore>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace tl::real {

// Thrown out of any wait once the run is being stopped; unwinds a thread's interpreter.
struct Stopped {};

// The scenario did something impossible; the run ends with Outcome::Error and this text.
class Failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Gil;

// One entry of a thread's own log of shared accesses (Actor::logShared). The stamp is read
// just after the access, so the access happened between `floor`, the stamp of the thread's
// event before it, and event.time: mergeShared (realshared.h) moves the stamps of a
// variable's atomic operations within that window into their modification order.
// 24 bytes: a spinning run can log millions before the event limit.
struct Logged {
    Event event;               // ref: the object
    std::uint32_t version = 0; // the variable's version the access made or saw
    // event.time - floor, at most 2^32 - 1 ns (4.3 s): a longer gap keeps a later floor,
    // which only lets the stamp move less.
    std::uint32_t sinceFloor = 0;
    Time floor() const { return event.time - Time(sinceFloor); }
};
static_assert(sizeof(Logged) == 24);

// The calling thread's CPU time: what a work step spends.
Time threadCpuTime();

// How long one slice of a wait on a primitive that cannot watch a stop_token lasts
// (std::timed_mutex, std::counting_semaphore): a stop is noticed within this much.
inline constexpr std::chrono::milliseconds kWaitSlice{20};

// What the deadlock watchdog reads of a thread.
enum class Phase : std::uint8_t {
    NotStarted,
    Active, // running, working, sleeping, in I/O or in a wait that times out
    Stuck,  // blocked or waiting with no timeout: only another thread can release it
            // (a GIL waiter too: its timeout only asks the holder to hand the GIL over)
    Done,
};

// What every thread of a run shares: the trace, the clock, the stop token and the budget
// of events left under RunOptions::maxEvents.
struct Shared {
    Shared(Trace& t, const Program& p, std::stop_token s)
        : trace(t), program(p), stop(std::move(s)) {}

    Trace& trace;
    const Program& program;
    std::stop_token stop;
    std::chrono::steady_clock::time_point start{};
    // Events not yet handed out. Threads take them in small grants, so the cap costs one
    // atomic operation per grant instead of one contended counter per event.
    std::atomic<std::int64_t> budget{0};
    std::int64_t grant = 1;
    std::atomic<bool> limitHit{false};
    Gil* gil = nullptr; // the scenario's enabled GIL, if any

    Time now() const {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now() - start)
            .count();
    }
};

// One scenario thread as the objects see it: its identity and its recorder.
class Actor {
public:
    Actor(Shared& shared, int id);
    Actor(const Actor&) = delete;
    Actor& operator=(const Actor&) = delete;

    int id() const { return m_id; }
    const std::string& name() const;
    const std::stop_token& stopToken() const { return m_shared.stop; }
    bool stopping() const { return m_shared.stop.stop_requested(); }
    void checkStop() const {
        if (stopping()) throw Stopped{};
    }
    Time now() const { return m_shared.now(); }

    // Records a state change unless it repeats the current state. `stuck` marks a wait
    // with no timeout, which the deadlock watchdog counts. A GIL holder that goes into any
    // state but working or running (I/O, sleep, any wait) gives the GIL back first, as a
    // thread that blocks in a C call does, so that the others can run meanwhile.
    void setState(ThreadState s, int object = -1, Reason r = Reason::None, bool stuck = false);
    void running() { setState(ThreadState::Running); }
    void exited(); // the last event of the thread's stream
    // Appends an operation to an object's stream, timestamped now. The caller serialises
    // appends to that object. `thread` is the thread the operation concerns (usually id()).
    void op(int object, Op o, int thread, std::uint32_t value = 0, std::uint8_t flags = 0);
    void op(int object, Op o) { op(object, o, m_id); }
    // An access to a shared variable, a fence or a failed assert, timestamped now, into this
    // thread's own log, which the engine merges into the objects' streams once the run is
    // over (realshared.h says why). `version`: the variable's modification count the access
    // saw or made.
    void logShared(int object, Op o, std::uint32_t value, std::uint8_t flags,
                   std::uint32_t version = 0);
    // Read, and restamped, once the thread has been joined.
    std::vector<Logged>& sharedLog() { return m_sharedLog; }

    // CPU work: spins until this thread has used `d` more CPU time, or until `interrupted()`
    // (polled between two looks at the clock) says to stop early; returns the CPU time
    // still to spend then, 0 when done. I/O and sleep: a wait that a stop request cuts
    // short. Both throw Stopped when the run ends meanwhile.
    template <class Interrupted> Time spin(Time d, Interrupted interrupted) {
        const Time end = threadCpuTime() + d;
        for (;;) {
            const Time used = threadCpuTime();
            if (used >= end) return 0;
            checkStop();
            if (interrupted()) return end - used;
        }
    }
    void spin(Time d) {
        spin(d, [] { return false; });
    }
    void pause(Time d);

    // Whether this thread holds the GIL; set by the GIL, read by the thread itself.
    bool holdsGil() const { return m_holdsGil; }
    void setHoldsGil(bool holds) { m_holdsGil = holds; }

    // "producer 1 puts into the closed queue \"jobs\"": the simulator's wording.
    [[noreturn]] void fail(int object, const std::string& what) const;

    bool overLimit() const { return m_overLimit; }

    // Read by the watchdog from another thread.
    Phase phase() const { return m_phase.load(std::memory_order_acquire); }
    void setPhase(Phase p) { m_phase.store(p, std::memory_order_release); }
    std::uint64_t events() const { return m_events.load(std::memory_order_relaxed); }

private:
    void count();
    // now(), remembered as the stamp of this thread's latest recorded event.
    Time stamp() { return m_lastStamp = now(); }

    Shared& m_shared;
    const int m_id;
    // Thread-private.
    std::uint32_t m_last = 0xFFFFFFFF; // packed state of the last recorded change
    std::int64_t m_grant = 0;
    bool m_overLimit = false;
    bool m_holdsGil = false;
    Time m_lastStamp = 0;
    std::vector<Logged> m_sharedLog;
    std::mutex m_pauseMutex;
    std::condition_variable_any m_pauseCv;
    // Published.
    std::atomic<Phase> m_phase{Phase::NotStarted};
    std::atomic<std::uint64_t> m_events{0};
};

// A test-and-set lock around the few instructions that append one operation, for objects
// whose own primitive (std::timed_mutex, std::counting_semaphore) cannot protect it.
class SpinLock {
public:
    void lock() noexcept;
    void unlock() noexcept { m_flag.clear(std::memory_order_release); }

private:
    std::atomic_flag m_flag; // clear from the start (C++20)
};

class Object {
public:
    Object(int index, const CompiledObject& spec) : m_index(index), m_spec(spec) {}
    virtual ~Object() = default;
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;
    int index() const { return m_index; }
    const CompiledObject& spec() const { return m_spec; }

protected:
    const int m_index;
    const CompiledObject& m_spec;
};

class Mutex : public Object {
public:
    using Object::Object;
    // `relock`: taking the mutex back after a condition wait, always recorded as waited.
    void lock(Actor& a, bool relock = false);
    bool tryLock(Actor& a);
    void unlock(Actor& a);
    int owner() const { return m_owner.load(std::memory_order_acquire); }
    // Gives the mutex back without recording, when a thread leaves a stopped run.
    void abandon(Actor& a);

private:
    void obtained(Actor& a, std::uint8_t flags);

    std::timed_mutex m_mutex;
    SpinLock m_record;
    std::atomic<int> m_owner{-1}; // as recorded: set with the lock op, cleared with the unlock
};

class Queue : public Object {
public:
    Queue(int index, const CompiledObject& spec);
    // Without an item, the queue's next item id is drawn (ids count from 1 per queue).
    void put(Actor& a, std::optional<std::uint32_t> item);
    // False when the queue is closed and empty (a drain ends; a get is an error).
    bool get(Actor& a, bool drain, std::uint32_t& item);
    void close(Actor& a, bool last, std::int64_t roleCount);
    // True when the queue holds an item or is closed (a whileEmpty loop ends).
    bool hasItemOrClosed() {
        std::lock_guard lock(m_mutex);
        return !m_items.empty() || m_closed;
    }

private:
    std::mutex m_mutex;
    std::condition_variable_any m_notEmpty;
    std::condition_variable_any m_notFull;
    std::deque<std::uint32_t> m_items;
    std::size_t m_capacity;
    bool m_closed = false;
    std::int64_t m_closeArrivals = 0;
    std::uint32_t m_nextItem = 1;
};

class Semaphore : public Object {
public:
    Semaphore(int index, const CompiledObject& spec);
    void acquire(Actor& a);
    void release(Actor& a);

private:
    std::counting_semaphore<> m_semaphore;
    SpinLock m_record;
    std::int64_t m_available; // as recorded, guarded by m_record
};

// Not std::barrier: a thread blocked in std::barrier::arrive_and_wait cannot be woken by a
// stop request, the barrier cannot be broken (abort), and it does not say who waited.
// This one counts generations on a mutex and a condition_variable_any that watches the
// stop token.
class Barrier : public Object {
public:
    Barrier(int index, const CompiledObject& spec);
    void wait(Actor& a);
    void abort(Actor& a);

private:
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::vector<int> m_waiters; // threads waiting in the current generation
    std::int64_t m_parties;
    std::int64_t m_arrived = 0;
    std::uint32_t m_generation = 0;
    bool m_broken = false;
};

// A waiter parked on a condition or an event, in the waiter's own frame. The waker takes
// it off the object's list and marks it, under the object's mutex, so a notify wakes
// exactly the threads that were waiting when it happened, first come first woken.
struct Waiter {
    int thread = -1;
    bool woken = false;
};

class Condition : public Object {
public:
    Condition(int index, const CompiledObject& spec, Mutex& mutex);
    void wait(Actor& a);
    void notify(Actor& a, bool all);

private:
    Mutex& m_lock; // the mutex the waiter holds, gives up while it waits and takes back
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::deque<Waiter*> m_waiters;
};

// A scenario "event": a flag that threads wait for, set and cleared (named so as not to
// clash with tl::Event, the recorded event).
class EventFlag : public Object {
public:
    using Object::Object;
    // True when the event was or became set; false when the timeout passed first.
    bool wait(Actor& a, bool timed, Time timeout);
    void set(Actor& a);
    void clear(Actor& a);

private:
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::vector<Waiter*> m_waiters;
    bool m_set = false;
};

} // namespace tl::real
