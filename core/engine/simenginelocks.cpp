// The simulated engine's locks with a policy of their own: the readers-writer lock (who
// is admitted, in the policy's order) and the global interpreter lock (the holder asked
// to drop it after an interval, the hand-off's cost growing with the threads that wait).
#include "engine/simengineimpl.h"

#include <algorithm>

namespace tl::sim {

// ---- readers-writer lock ----

// The read half; the write half is the plain lock and unlock steps (simengineobjects.cpp).
bool Simulator::readLock(SimThread& t, const Instr& in) {
    ++t.pc;
    if (rwTryLock(t, in.object, false)) return true;
    block(t, ThreadState::Blocked, in.object, Reason::ReadLock);
    return false;
}

void Simulator::readUnlock(SimThread& t, const Instr& in) {
    ++t.pc;
    rwUnlock(t, in.object, false);
}

// May t take the lock now? Readers share it; a writer needs it alone. The policy
// decides whether waiting writers hold back new readers (writers first), whether
// anyone waiting does (fair: first come, first served), or nobody (readers first).
bool Simulator::rwMayEnter(const SimObject& rw, bool write) const {
    if (rw.owner >= 0) return false;
    if (write) return rw.readers == 0 && (rw.policy != RwPolicy::Fair || rw.waiters.empty());
    switch (rw.policy) {
    case RwPolicy::ReadersFirst:
        return true;
    case RwPolicy::Fair:
        return rw.waiters.empty();
    case RwPolicy::WritersFirst:
        for (const int id : rw.waiters)
            if (m_threads[std::size_t(id)].wantsWrite) return false;
        return true;
    }
    return true;
}

bool Simulator::rwTryLock(SimThread& t, int object, bool write) {
    SimObject& rw = m_objects[std::size_t(object)];
    if (rw.owner == t.id) impossible(t, object, "locks again the lock it holds:");
    if (rwMayEnter(rw, write)) {
        enterRw(t, object, write, false);
        return true;
    }
    t.wantsWrite = write;
    rw.waiters.push_back(t.id);
    return false;
}

void Simulator::enterRw(SimThread& t, int object, bool write, bool waited) {
    SimObject& rw = m_objects[std::size_t(object)];
    if (write)
        rw.owner = t.id;
    else
        ++rw.readers;
    op(object, Op::Lock, t, std::uint32_t(rw.readers),
       std::uint8_t((write ? 0 : OpFlagShared) | (waited ? OpFlagWaited : 0)));
}

void Simulator::rwUnlock(SimThread& t, int object, bool write) {
    SimObject& rw = m_objects[std::size_t(object)];
    if (write ? rw.owner != t.id : rw.readers <= 0)
        impossible(t, object, "unlocks a lock it does not hold:");
    if (write)
        rw.owner = -1;
    else
        --rw.readers;
    op(object, Op::Unlock, t, std::uint32_t(rw.readers), write ? 0 : OpFlagShared);
    // Admit waiters in the policy's order: a writer alone, or every reader that may go.
    bool admitted = true;
    while (admitted && !rw.waiters.empty()) {
        admitted = false;
        for (auto it = rw.waiters.begin(); it != rw.waiters.end(); ++it) {
            SimThread& w = m_threads[std::size_t(*it)];
            const bool wantWrite = w.wantsWrite;
            if (rw.policy == RwPolicy::Fair && it != rw.waiters.begin())
                break; // strictly first come, first served
            if (rw.policy == RwPolicy::ReadersFirst && wantWrite && readerWaiting(rw))
                continue; // readers go before any writer
            if (rw.policy == RwPolicy::WritersFirst && !wantWrite && writerWaiting(rw)) continue;
            const bool ok = wantWrite ? rw.owner < 0 && rw.readers == 0 : rw.owner < 0;
            if (!ok) break;
            rw.waiters.erase(it);
            enterRw(w, object, wantWrite, true);
            wantCore(w);
            admitted = !wantWrite;
            break;
        }
    }
}
bool Simulator::readerWaiting(const SimObject& rw) const {
    for (const int id : rw.waiters)
        if (!m_threads[std::size_t(id)].wantsWrite) return true;
    return false;
}
bool Simulator::writerWaiting(const SimObject& rw) const {
    for (const int id : rw.waiters)
        if (m_threads[std::size_t(id)].wantsWrite) return true;
    return false;
}

// ---- global interpreter lock ----
// Returns true when t holds the GIL now; otherwise t is blocked on it.
bool Simulator::takeGil(SimThread& t) {
    SimObject& g = m_objects[std::size_t(m_gil)];
    if (g.owner < 0) {
        g.owner = t.id;
        g.acquiredAt = m_now;
        t.holdsGil = true;
        op(m_gil, Op::Lock, t);
        return true;
    }
    g.waiters.push_back(t.id);
    block(t, ThreadState::Blocked, m_gil, Reason::Gil);
    armGilTimer(g.acquiredAt + g.interval);
    return false;
}

// A waiter asks the holder to drop the GIL once it has held it for an interval.
void Simulator::armGilTimer(Time at) {
    SimObject& g = m_objects[std::size_t(m_gil)];
    if (g.timerPending) return;
    g.timerPending = true;
    m_timers.push(Timer{std::max(at, m_now), m_seq++, -1 - m_gil, ++g.timerGen});
}

void Simulator::releaseGil(SimThread& t) {
    if (!t.holdsGil) return;
    SimObject& g = m_objects[std::size_t(m_gil)];
    t.holdsGil = false;
    g.owner = -1;
    op(m_gil, Op::Unlock, t);
    if (g.waiters.empty()) return;
    SimThread& w = m_threads[std::size_t(g.waiters.front())];
    g.waiters.pop_front();
    g.owner = w.id;
    w.holdsGil = true;
    // Every waiter is woken to compete for the GIL and all but one go back to sleep:
    // the hand-off costs more the more threads wait (the convoy). The switch interval
    // counts from when the new holder runs again.
    w.overhead = g.switchCost * Time(1 + g.waiters.size());
    g.acquiredAt = m_now + w.overhead;
    op(m_gil, Op::Lock, w, 0, OpFlagWaited);
    wantCore(w);
    if (!g.waiters.empty()) armGilTimer(g.acquiredAt + g.interval);
}

void Simulator::gilDropRequest() {
    SimObject& g = m_objects[std::size_t(m_gil)];
    if (g.waiters.empty() || g.owner < 0) return;
    if (m_now < g.acquiredAt + g.interval) return armGilTimer(g.acquiredAt + g.interval);
    SimThread& h = m_threads[std::size_t(g.owner)];
    if (h.status != Status::OnCore || h.overhead > 0)
        return armGilTimer(m_now + g.interval); // it drops it at its next chance
    // The holder stops mid-work, hands the GIL over and queues for it again.
    ++h.timerGen;
    h.remaining -= m_now - h.sliceStart;
    if (h.remaining <= 0) {
        h.remaining = 0;
    }
    releaseGil(h);
    g.waiters.push_back(h.id);
    state(h, ThreadState::Blocked, m_gil, Reason::Gil);
    releaseCore(h);
    armGilTimer(g.acquiredAt + g.interval);
}

} // namespace tl::sim
