// The simulated engine's synchronisation objects: what a program's step does to a mutex,
// a queue, a semaphore, a barrier, a condition variable or an event, and whom it hands
// the object to. Hand-offs are FIFO: the first waiter gets the lock, the item, the
// permit. The readers-writer lock and the GIL are in simenginelocks.cpp.
#include "engine/simengineimpl.h"

#include <algorithm>

namespace tl::sim {

// ---- mutex ----

bool Simulator::lock(SimThread& t, const Instr& in) {
    SimObject& m = m_objects[std::size_t(in.object)];
    ++t.pc;
    if (m.kind == ObjectKind::RwLock) {
        if (rwTryLock(t, in.object, true)) return true;
        block(t, ThreadState::Blocked, in.object, Reason::WriteLock);
        return false;
    }
    if (m.owner == t.id) impossible(t, in.object, "locks again the lock it holds:");
    if (m.owner < 0) {
        m.owner = t.id;
        op(in.object, Op::Lock, t);
        return true;
    }
    m.waiters.push_back(t.id);
    block(t, ThreadState::Blocked, in.object, Reason::Lock);
    return false;
}

void Simulator::tryLock(SimThread& t, const Instr& in) {
    SimObject& m = m_objects[std::size_t(in.object)];
    if (m.owner < 0) {
        m.owner = t.id;
        op(in.object, Op::Lock, t);
        ++t.pc;
    } else {
        op(in.object, Op::TrylockFailed, t);
        t.pc = in.jump;
    }
}

void Simulator::unlockStep(SimThread& t, const Instr& in) {
    ++t.pc;
    if (m_objects[std::size_t(in.object)].kind == ObjectKind::RwLock)
        rwUnlock(t, in.object, true);
    else
        unlock(t, in.object);
}

void Simulator::unlock(SimThread& t, int object) {
    SimObject& m = m_objects[std::size_t(object)];
    if (m.owner != t.id) impossible(t, object, "unlocks a lock it does not hold:");
    op(object, Op::Unlock, t);
    m.owner = -1;
    if (!m.waiters.empty()) { // FIFO hand-off: the first waiter owns it now
        SimThread& w = m_threads[std::size_t(m.waiters.front())];
        m.waiters.pop_front();
        m.owner = w.id;
        op(object, Op::Lock, w, 0, OpFlagWaited);
        wantCore(w);
    }
}

// A woken condition waiter must take its mutex back before it goes on.
void Simulator::relock(SimThread& w, int mutex) {
    SimObject& m = m_objects[std::size_t(mutex)];
    if (m.owner < 0) {
        m.owner = w.id;
        op(mutex, Op::Lock, w, 0, OpFlagWaited);
        wantCore(w);
    } else {
        m.waiters.push_back(w.id);
        state(w, ThreadState::Blocked, mutex, Reason::Lock);
    }
}

// ---- queue ----

bool Simulator::putStep(SimThread& t, const Instr& in) {
    SimObject& q = m_objects[std::size_t(in.object)];
    ++t.pc;
    if (q.closed) impossible(t, in.object, "puts into the closed queue");
    const std::uint32_t item =
        (in.flags & InstrPutSpawned) ? std::uint32_t(t.lastSpawned + 1) : q.nextItem++;
    if (std::int64_t(q.items.size()) < q.capacity) {
        put(t, in.object, item, false);
        return true;
    }
    t.carry = item;
    q.putters.push_back(t.id);
    block(t, ThreadState::Waiting, in.object, Reason::QueueFull);
    return false;
}

// Get, or Drain: a drain of the closed, empty queue jumps instead of failing.
bool Simulator::getStep(SimThread& t, const Instr& in) {
    SimObject& q = m_objects[std::size_t(in.object)];
    if (!q.items.empty()) {
        ++t.pc;
        take(t, in.object, false);
        return true;
    }
    if (q.closed) {
        if (in.code == Code::Get) impossible(t, in.object, "gets from the closed, empty queue");
        t.pc = in.jump;
        return true;
    }
    q.waiters.push_back(t.id);
    block(t, ThreadState::Waiting, in.object, Reason::QueueEmpty);
    return false;
}

void Simulator::close(SimThread& t, const Instr& in) {
    SimObject& q = m_objects[std::size_t(in.object)];
    ++t.pc;
    if ((in.flags & InstrLast) && ++q.closeArrivals < in.count) return;
    if (q.closed) return;
    q.closed = true;
    op(in.object, Op::Close, t);
    if (!q.putters.empty())
        impossible(m_threads[std::size_t(q.putters.front())], in.object,
                   "waits to put into the queue being closed:");
    // Every consumer still waiting learns that nothing more will come.
    while (!q.waiters.empty()) {
        SimThread& w = m_threads[std::size_t(q.waiters.front())];
        q.waiters.pop_front();
        const Instr& wi = w.program->code[std::size_t(w.pc)];
        if (wi.code == Code::Get)
            impossible(w, in.object, "waits to get from the queue being closed:");
        w.pc = wi.jump;
        wantCore(w);
    }
}

void Simulator::put(SimThread& t, int object, std::uint32_t item, bool waited) {
    SimObject& q = m_objects[std::size_t(object)];
    q.items.push_back(item);
    op(object, Op::Put, t, item, waited ? OpFlagWaited : 0);
    if (!q.waiters.empty()) { // the first waiting consumer takes it at once
        SimThread& w = m_threads[std::size_t(q.waiters.front())];
        q.waiters.pop_front();
        ++w.pc;
        take(w, object, true);
        wantCore(w);
    }
}

void Simulator::take(SimThread& t, int object, bool waited) {
    SimObject& q = m_objects[std::size_t(object)];
    const std::uint32_t item = q.items.front();
    q.items.pop_front();
    t.lastItem = item;
    op(object, Op::Get, t, item, waited ? OpFlagWaited : 0);
    if (!q.putters.empty()) { // room now: the first waiting producer's item goes in
        SimThread& p = m_threads[std::size_t(q.putters.front())];
        q.putters.pop_front();
        put(p, object, p.carry, true);
        wantCore(p);
    }
}

// ---- semaphore ----

bool Simulator::acquire(SimThread& t, const Instr& in) {
    SimObject& s = m_objects[std::size_t(in.object)];
    ++t.pc;
    if (s.available > 0) {
        --s.available;
        op(in.object, Op::Acquire, t, std::uint32_t(s.available));
        return true;
    }
    s.waiters.push_back(t.id);
    block(t, ThreadState::Waiting, in.object, Reason::NoPermits);
    return false;
}

void Simulator::release(SimThread& t, const Instr& in) {
    SimObject& s = m_objects[std::size_t(in.object)];
    ++t.pc;
    op(in.object, Op::Release, t, std::uint32_t(s.available + 1));
    if (!s.waiters.empty()) { // hand the permit straight to the first waiter
        SimThread& w = m_threads[std::size_t(s.waiters.front())];
        s.waiters.pop_front();
        op(in.object, Op::Acquire, w, std::uint32_t(s.available), OpFlagWaited);
        wantCore(w);
    } else {
        ++s.available;
    }
}

// ---- barrier ----

bool Simulator::barrierWait(SimThread& t, const Instr& in) {
    SimObject& b = m_objects[std::size_t(in.object)];
    ++t.pc;
    op(in.object, Op::Arrive, t, b.generation);
    if (b.broken) {
        op(in.object, Op::Pass, t, b.generation, OpFlagBroken);
        return true;
    }
    if (++b.arrived < b.capacity) {
        b.waiters.push_back(t.id);
        block(t, ThreadState::Waiting, in.object, Reason::Barrier);
        return false;
    }
    // The last arrival opens the barrier for everyone of this generation.
    for (const int id : b.waiters) {
        SimThread& w = m_threads[std::size_t(id)];
        op(in.object, Op::Pass, w, b.generation, OpFlagWaited);
        wantCore(w);
    }
    op(in.object, Op::Pass, t, b.generation);
    b.waiters.clear();
    b.arrived = 0;
    ++b.generation;
    return true;
}

void Simulator::abortBarrier(SimThread& t, const Instr& in) {
    SimObject& b = m_objects[std::size_t(in.object)];
    ++t.pc;
    op(in.object, Op::Abort, t, b.generation);
    b.broken = true;
    for (const int id : b.waiters) {
        SimThread& w = m_threads[std::size_t(id)];
        op(in.object, Op::Pass, w, b.generation, OpFlagBroken | OpFlagWaited);
        wantCore(w);
    }
    b.waiters.clear();
}

// ---- condition variable ----

bool Simulator::condWait(SimThread& t, const Instr& in) {
    SimObject& c = m_objects[std::size_t(in.object)];
    ++t.pc;
    if (m_objects[std::size_t(c.mutex)].owner != t.id)
        impossible(t, in.object, "waits without holding the mutex of condition");
    op(in.object, Op::Wait, t);
    unlock(t, c.mutex);
    c.waiters.push_back(t.id);
    block(t, ThreadState::Waiting, in.object, Reason::Condition);
    return false;
}

// Notify or NotifyAll.
void Simulator::notify(SimThread& t, const Instr& in) {
    SimObject& c = m_objects[std::size_t(in.object)];
    ++t.pc;
    const bool all = in.code == Code::NotifyAll;
    const std::size_t n = all ? c.waiters.size() : std::min<std::size_t>(1, c.waiters.size());
    op(in.object, all ? Op::NotifyAll : Op::Notify, t, std::uint32_t(n));
    for (std::size_t k = 0; k < n; ++k) {
        SimThread& w = m_threads[std::size_t(c.waiters.front())];
        c.waiters.pop_front();
        op(in.object, Op::Wake, w);
        relock(w, c.mutex);
    }
}

// ---- event ----

void Simulator::setEvent(SimThread& t, const Instr& in) {
    SimObject& e = m_objects[std::size_t(in.object)];
    ++t.pc;
    e.set = true;
    op(in.object, Op::Set, t);
    for (const int id : e.waiters) {
        SimThread& w = m_threads[std::size_t(id)];
        ++w.timerGen;         // cancels its timeout
        w.timeoutDue = false; // and one that waited for its turn
        ++w.pc;               // the "then" branch
        op(in.object, Op::Wake, w);
        wantCore(w);
    }
    e.waiters.clear();
}

void Simulator::clearEvent(SimThread& t, const Instr& in) {
    ++t.pc;
    m_objects[std::size_t(in.object)].set = false;
    op(in.object, Op::Clear, t);
}

// A timed wait that expires is ended by the scheduler (Simulator::onTimer).
bool Simulator::eventWait(SimThread& t, const Instr& in) {
    SimObject& e = m_objects[std::size_t(in.object)];
    op(in.object, Op::Wait, t);
    if (e.set) {
        ++t.pc;
        return true;
    }
    e.waiters.push_back(t.id);
    block(t, ThreadState::Waiting, in.object, Reason::Event);
    if (in.timed && m_mode != Mode::Abstract) timer(t, m_now + in.a); // abstract: a choice
    return false;
}

} // namespace tl::sim
