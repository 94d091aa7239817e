// The simulated engine's interpreter: runs a thread's compiled program step by step until
// it works, sleeps, waits or ends. Control flow (repeat, jump, loop while a queue holds
// items), CPU and I/O work, sleep, spawn, join and exit are here; each step on a
// synchronisation object is handed to that object (simengineobjects.cpp,
// simenginelocks.cpp), which says whether the thread goes on at once.
#include "engine/simengineimpl.h"

namespace tl::sim {

// Runs instantaneous steps until the thread works, sleeps, waits or ends.
void Simulator::execute(SimThread& t) {
    const std::vector<Instr>& code = t.program->code;
    std::size_t quiet = 0, seen = m_events;
    for (;;) {
        // The caps hold inside a burst of steps too: `repeat` of lock/unlock records
        // events without time passing, a loop of nothing records nothing.
        if (m_events != seen) {
            if (m_events > m_o->maxEvents) throw EventCapReached{};
            seen = m_events;
            quiet = 0;
        } else if (++quiet > kMaxQuietSteps) {
            throw RunFailure(t.program->info.name + " took " + std::to_string(kMaxQuietSteps) +
                             " steps in a row that take no time and do nothing; a loop with "
                             "nothing to wait for (such as whileEmpty with an empty body) "
                             "would never end");
        }
        const Instr& in = code[std::size_t(t.pc)];
        // A step on the interpreter needs the GIL: blocked on it, the thread runs the step once
        // it has it. Taken before a turn is spent, so that an access is done at once when its
        // turn comes (a thread held for its turn gives the GIL back: mayPerform).
        if (m_gil >= 0 && !t.holdsGil && needsGil(in.code) && !takeGil(t)) return;
        // Abstract and gated: a visible operation happens when it is chosen, or its turn comes.
        if (m_mode != Mode::Timed && isVisible(in.code) && !mayPerform(t)) return;
        switch (in.code) {
        case Code::Work: {
            ++t.pc;
            const Time d = duration(in, t);
            if (d <= 0) continue;
            t.remaining = d;
            state(t, ThreadState::Working);
            startSlice(t);
            return;
        }
        case Code::Io:
        case Code::Sleep: {
            ++t.pc;
            const Time d = duration(in, t);
            if (d <= 0) continue;
            releaseGil(t);
            state(t, in.code == Code::Io ? ThreadState::Io : ThreadState::Sleeping);
            releaseCore(t);
            timer(t, m_now + d);
            return;
        }
        case Code::Lock:
            if (lock(t, in)) continue;
            return;
        case Code::TryLock:
            tryLock(t, in);
            continue;
        case Code::Unlock:
            unlockStep(t, in);
            continue;
        case Code::Put:
            if (putStep(t, in)) continue;
            return;
        case Code::Get:
        case Code::Drain:
            if (getStep(t, in)) continue;
            return;
        case Code::Close:
            close(t, in);
            continue;
        case Code::Acquire:
            if (acquire(t, in)) continue;
            return;
        case Code::Release:
            release(t, in);
            continue;
        case Code::BarrierWait:
            if (barrierWait(t, in)) continue;
            return;
        case Code::Abort:
            abortBarrier(t, in);
            continue;
        case Code::CondWait:
            if (condWait(t, in)) continue;
            return;
        case Code::Notify:
        case Code::NotifyAll:
            notify(t, in);
            continue;
        case Code::Set:
            setEvent(t, in);
            continue;
        case Code::Clear:
            clearEvent(t, in);
            continue;
        case Code::EventWait:
            if (eventWait(t, in)) continue;
            return;
        case Code::ReadLock:
            if (readLock(t, in)) continue;
            return;
        case Code::ReadUnlock:
            readUnlock(t, in);
            continue;
        case Code::Spawn: {
            ++t.pc;
            SimThread* child = nullptr;
            for (SimThread& c : m_threads)
                if (c.status == Status::NotStarted && c.program->roleIndex == in.object) {
                    child = &c;
                    break;
                }
            if (!child)
                throw RunFailure(t.program->info.name + " spawns a " +
                                 m_p->roles[std::size_t(in.object)] +
                                 " but every thread of that role has been started");
            t.lastSpawned = child->id;
            op(m_threadsObject, Op::Spawn, t, std::uint32_t(child->id));
            start(*child);
            continue;
        }
        case Code::Join: {
            ++t.pc;
            const int target = in.count == 1 ? t.lastSpawned : int(t.lastItem) - 1;
            if (target < 0 || target >= int(m_threads.size()) || target == t.id)
                throw RunFailure(t.program->info.name + " joins a thread it has no handle of");
            SimThread& other = m_threads[std::size_t(target)];
            if (other.status == Status::Done) {
                op(m_threadsObject, Op::Join, t, std::uint32_t(target));
                continue;
            }
            other.joiners.push_back(t.id);
            return block(t, ThreadState::Waiting, m_threadsObject, Reason::Join);
        }
        case Code::RepeatBegin:
            t.counters[std::size_t(in.slot)] = in.count;
            ++t.pc;
            continue;
        case Code::RepeatEnd:
            t.pc = --t.counters[std::size_t(in.slot)] > 0 ? in.jump : t.pc + 1;
            continue;
        case Code::Jump:
            t.pc = in.jump;
            continue;
        case Code::JumpIfNotEmpty: {
            const SimObject& q = m_objects[std::size_t(in.object)];
            t.pc = !q.items.empty() || q.closed ? in.jump : t.pc + 1;
            continue;
        }
        case Code::Exit:
            exitThread(t);
            return;
        case Code::Read:
        case Code::Write:
        case Code::FetchAdd:
        case Code::Exchange:
        case Code::CompareExchange:
        case Code::Fence:
            // Each access is a moment of CPU work of its own (under the GIL, like work), so
            // another core's access can come between two of them, and so can a preemption.
            access(t, in);
            if (stayOnCore(t, kAccessTime)) continue;
            t.remaining = kAccessTime;
            state(t, ThreadState::Working);
            startSlice(t);
            return;
        case Code::Compute: {
            compute(t, in);
            const Time d = duration(in, t);
            if (d <= 0 || stayOnCore(t, d)) continue;
            t.remaining = d;
            state(t, ThreadState::Working);
            startSlice(t);
            return;
        }
        case Code::Assert:
            assertStep(t, in);
            continue;
        case Code::JumpIfFalse:
            t.pc = evaluate(t, in.expr) != 0 ? t.pc + 1 : in.jump;
            continue;
        }
    }
}

void Simulator::exitThread(SimThread& t) {
    releaseGil(t);
    flush(t);
    if (m_trace)
        m_trace->threadEvents(std::size_t(t.id))
            .append(Event{m_now, 0, kNoRef, std::uint8_t(ThreadState::Exited), 0});
    ++m_events;
    t.hasLast = false;
    releaseCore(t);
    t.status = Status::Done;
    for (const int id : t.joiners) {
        SimThread& j = m_threads[std::size_t(id)];
        op(m_threadsObject, Op::Join, j, std::uint32_t(t.id), OpFlagWaited);
        wantCore(j);
    }
    t.joiners.clear();
}

} // namespace tl::sim
