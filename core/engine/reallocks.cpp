#include "engine/reallocks.h"

#include <algorithm>

namespace tl::real {

// ---- RwLock ----

void RwLock::lock(Actor& a, bool write) {
    std::unique_lock lock(m_mutex);
    if (m_writer == a.id()) a.fail(m_index, "locks again the lock it holds:");
    if (mayEnter(write)) {
        enter(a, a.id(), write, false);
        return;
    }
    Waiter me{a.id(), write, false};
    m_waiters.push_back(&me);
    a.setState(ThreadState::Blocked, m_index, write ? Reason::WriteLock : Reason::ReadLock, true);
    if (!m_cv.wait(lock, a.stopToken(), [&] { return me.admitted; })) {
        // Nobody admits anybody any more: the run is ending.
        std::erase(m_waiters, &me);
        throw Stopped{};
    }
    lock.unlock();
    a.running();
}

void RwLock::unlock(Actor& a, bool write) {
    std::unique_lock lock(m_mutex);
    // Like the simulator, a read unlock only needs some reader inside.
    if (write ? m_writer != a.id() : m_readers <= 0)
        a.fail(m_index, "unlocks a lock it does not hold:");
    if (write)
        m_writer = -1;
    else
        --m_readers;
    a.op(m_index, Op::Unlock, a.id(), std::uint32_t(m_readers), write ? 0 : OpFlagShared);
    const std::size_t before = m_waiters.size();
    admitWaiters(a);
    const bool admitted = m_waiters.size() != before;
    lock.unlock();
    // Every waiter checks its own flag; notify_one might wake one that was not admitted.
    if (admitted) m_cv.notify_all();
}

// May a newcomer go in now? Readers share it, a writer needs it alone; the policy decides
// whether waiting writers hold back new readers (writers first), whether anyone waiting does
// (fair: first come, first served), or nobody (readers first).
bool RwLock::mayEnter(bool write) const {
    if (m_writer >= 0) return false;
    if (write) return m_readers == 0 && (m_policy != RwPolicy::Fair || m_waiters.empty());
    switch (m_policy) {
    case RwPolicy::ReadersFirst:
        return true;
    case RwPolicy::Fair:
        return m_waiters.empty();
    case RwPolicy::WritersFirst:
        return !anyWaiting(true);
    }
    return true;
}

void RwLock::enter(Actor& a, int thread, bool write, bool waited) {
    if (write)
        m_writer = thread;
    else
        ++m_readers;
    a.op(m_index, Op::Lock, thread, std::uint32_t(m_readers),
         std::uint8_t((write ? 0 : OpFlagShared) | (waited ? OpFlagWaited : 0)));
}

// In the policy's order: a writer alone, or every reader that may go, one at a time so
// that each admission sees the ones before it.
void RwLock::admitWaiters(Actor& a) {
    bool admitted = true;
    while (admitted && !m_waiters.empty()) {
        admitted = false;
        for (auto it = m_waiters.begin(); it != m_waiters.end(); ++it) {
            Waiter* w = *it;
            if (m_policy == RwPolicy::Fair && it != m_waiters.begin())
                break; // strictly first come, first served
            if (m_policy == RwPolicy::ReadersFirst && w->write && anyWaiting(false))
                continue; // readers go before any writer
            if (m_policy == RwPolicy::WritersFirst && !w->write && anyWaiting(true)) continue;
            const bool ok = w->write ? m_writer < 0 && m_readers == 0 : m_writer < 0;
            if (!ok) break;
            m_waiters.erase(it);
            w->admitted = true;
            enter(a, w->thread, w->write, true);
            admitted = !w->write;
            break;
        }
    }
}

bool RwLock::anyWaiting(bool write) const {
    return std::any_of(m_waiters.begin(), m_waiters.end(),
                       [write](const Waiter* w) { return w->write == write; });
}

// ---- Gil ----

void Gil::acquire(Actor& a) {
    std::unique_lock lock(m_mutex);
    if (m_owner < 0) { // free: a hand-off would have given it to a waiter
        m_owner = a.id();
        a.setHoldsGil(true);
        a.op(m_index, Op::Lock);
        lock.unlock();
        m_heldSince = a.now();
        return;
    }
    Waiter me{a.id()};
    m_waiters.push_back(&me);
    a.setState(ThreadState::Blocked, m_index, Reason::Gil, true);
    await(lock, a, me);
    lock.unlock();
    started(a, me.overhead);
}

void Gil::yield(Actor& a) {
    std::unique_lock lock(m_mutex);
    if (m_waiters.empty()) {
        // Whoever asked has gone (the run is ending); nothing happens, as in the simulator.
        m_dropRequest.store(false, std::memory_order_relaxed);
        return;
    }
    // The working span ends before the GIL changes hands, so that a thread is never seen
    // working without it.
    a.setState(ThreadState::Blocked, m_index, Reason::Gil, true);
    handOff(a);
    Waiter me{a.id()};
    m_waiters.push_back(&me);
    m_cv.notify_all(); // the one that got it; the others find they did not and wait on
    await(lock, a, me);
    lock.unlock();
    started(a, me.overhead);
}

void Gil::release(Actor& a) {
    {
        std::lock_guard lock(m_mutex);
        handOff(a);
    }
    m_cv.notify_all();
}

// Under m_mutex. Recorded like the simulator's releaseGil: the holder's unlock, then the
// lock of the longest waiter, who owns it from this moment on.
void Gil::handOff(Actor& a) {
    a.setHoldsGil(false);
    m_owner = -1;
    m_dropRequest.store(false, std::memory_order_relaxed);
    a.op(m_index, Op::Unlock);
    if (m_waiters.empty()) return;
    Waiter* w = m_waiters.front();
    m_waiters.pop_front();
    // Every waiter is woken to compete for the GIL and all but one go back to sleep: the
    // hand-off costs more the more threads wait (the convoy).
    w->overhead = m_switchCost * Time(1 + m_waiters.size());
    w->granted = true;
    m_owner = w->thread;
    ++m_switches;
    a.op(m_index, Op::Lock, w->thread, 0, OpFlagWaited);
}

// Under m_mutex, until `me` has been granted the GIL.
void Gil::await(std::unique_lock<std::mutex>& lock, Actor& a, Waiter& me) {
    while (!me.granted) {
        // CPython's take_gil: wait one interval; if it passed with no hand-off meanwhile,
        // ask the holder to drop the GIL. A hand-off starts a new interval.
        const std::uint64_t switches = m_switches;
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::nanoseconds(m_interval);
        if (m_cv.wait_until(lock, a.stopToken(), deadline,
                            [&] { return me.granted || m_switches != switches; }))
            continue;
        if (a.stopping()) {
            std::erase(m_waiters, &me);
            throw Stopped{};
        }
        if (m_owner >= 0) m_dropRequest.store(true, std::memory_order_relaxed);
    }
    a.setHoldsGil(true); // from here on, leaving the thread gives it back
}

// The new holder pays for the hand-off in the running state; its interval starts after.
void Gil::started(Actor& a, Time overhead) {
    a.running();
    if (overhead > 0) a.spin(overhead);
    m_heldSince = a.now();
}

} // namespace tl::real
