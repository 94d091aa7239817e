#pragma once
// The two locks of the real-thread engine that are policies rather than std primitives: a
// readers-writer lock and a global interpreter lock. Both keep their own queue of waiters
// on a std::mutex and a condition_variable_any that watches the run's stop token, so that
// the order in which waiters get in is the simulator's (policy order for the readers-writer
// lock, first come first served for the GIL), not whichever thread the OS wakes first.
// Engine-private, like realobjects.h.
#include "engine/realobjects.h"

namespace tl::real {

// Readers share it, a writer has it alone; the policy (RwPolicy) decides who goes first
// when both wait, exactly as simengine.cpp does (rwMayEnter / rwUnlock). Whoever unlocks
// admits the waiters and records their lock operations, so the stream shows each
// admission at the moment it happened, in happening order.
class RwLock : public Object {
public:
    RwLock(int index, const CompiledObject& spec) : Object(index, spec), m_policy(spec.policy) {}
    void lock(Actor& a, bool write);
    void unlock(Actor& a, bool write);

private:
    struct Waiter {
        int thread = -1;
        bool write = false;
        bool admitted = false;
    };
    bool mayEnter(bool write) const;
    void enter(Actor& a, int thread, bool write, bool waited);
    void admitWaiters(Actor& a);
    bool anyWaiting(bool write) const;

    const RwPolicy m_policy;
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::deque<Waiter*> m_waiters; // in arrival order; each lives in its waiter's frame
    int m_writer = -1;
    std::int64_t m_readers = 0;
};

// CPython's "new GIL" on real threads. CPU work needs it. A waiter waits with a timeout of
// the switch interval; when that passes with no hand-off meanwhile it sets the drop
// request, which the holder polls while it spins (Actor::spin). The holder then hands the
// GIL to the longest waiter and queues again. The new holder pays the switch cost, once per
// thread that was woken to compete, spinning in the running state before it goes on.
// I/O, sleep, any other wait and the end of the thread give the GIL back (Actor::setState
// and the engine call release).
class Gil : public Object {
public:
    Gil(int index, const CompiledObject& spec)
        : Object(index, spec), m_interval(spec.interval), m_switchCost(spec.switchCost) {}

    // Returns once `a` holds the GIL and has paid for the hand-off.
    void acquire(Actor& a);
    // Polled by the holder while it works: someone has asked for the GIL, and the holder has
    // had it for a whole interval (so that a costly hand-off still leaves it time to work).
    bool dropWanted(const Actor& a) const {
        return m_dropRequest.load(std::memory_order_relaxed) && a.now() - m_heldSince >= m_interval;
    }
    // The holder hands the GIL over and queues for it again; returns holding it.
    void yield(Actor& a);
    // The holder gives it back (to the longest waiter, if any).
    void release(Actor& a);

private:
    struct Waiter {
        int thread = -1;
        bool granted = false;
        Time overhead = 0; // the hand-off cost this waiter pays once it runs
    };
    void handOff(Actor& a);
    void await(std::unique_lock<std::mutex>& lock, Actor& a, Waiter& me);
    void started(Actor& a, Time overhead);

    const Time m_interval;
    const Time m_switchCost;
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    std::deque<Waiter*> m_waiters;
    int m_owner = -1;
    std::uint64_t m_switches = 0; // hand-offs so far: a waiter asks only if none happened
    std::atomic<bool> m_dropRequest{false};
    // When the holder started its interval; touched only by the holder, and ownership
    // passes under m_mutex.
    Time m_heldSince = 0;
};

} // namespace tl::real
