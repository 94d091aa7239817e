// The simulated engine: a discrete-event simulation in virtual nanoseconds of a machine
// with a given number of cores. Deterministic: one thread of control, timers ordered by
// (time, sequence), FIFO queues everywhere, and one random generator per scenario thread.
//
// This file holds the machine: the run loop, the timers, the cores and the time slices,
// and how a run ends. A thread's program is interpreted in simengineprogram.cpp, the
// synchronisation objects' semantics are in simengineobjects.cpp and simenginelocks.cpp,
// and the shared records in simengineimpl.h.
#include "engine/simengineimpl.h"
#include "model/timefmt.h"

#include <algorithm>

namespace tl {

namespace sim {

Simulator::Simulator(const Program& p, Trace* trace, const RunOptions& o, std::stop_token stop,
                     Mode mode)
    : m_p(&p), m_trace(trace), m_o(&o), m_stop(std::move(stop)), m_mode(mode) {
    // The abstract machine gives every thread a core of its own: who goes next is chosen
    // from outside, not by who has a core.
    m_freeCores = mode == Mode::Abstract ? int(p.threads.size()) : std::clamp(o.cores, 1, 64);
    // A slice of no time would never let the clock move: at least a microsecond.
    m_quantum = std::max<Time>(o.quantum, 1000);
    m_limit = o.timeLimit > 0 ? o.timeLimit : p.timeLimit;
    m_threads.resize(p.threads.size());
    for (std::size_t i = 0; i < p.threads.size(); ++i) {
        SimThread& t = m_threads[i];
        t.program = &p.threads[i];
        t.id = int(i);
        t.counters.assign(std::size_t(t.program->counterSlots), 0);
        t.registers.assign(std::size_t(t.program->registers), 0);
        // One stream of draws per thread, so that a thread's durations do not depend on
        // how the others interleave.
        Random mix(o.seed * 0x100000001B3ull + i);
        t.rng = Random(mix.next());
    }
    m_objects.resize(p.objects.size());
    for (std::size_t i = 0; i < p.objects.size(); ++i) {
        SimObject& ob = m_objects[i];
        ob.kind = p.objects[i].info.kind;
        ob.capacity = p.objects[i].info.capacity;
        ob.mutex = p.objects[i].mutex;
        ob.available = ob.capacity;
        ob.policy = p.objects[i].policy;
        ob.interval = p.objects[i].interval;
        ob.switchCost = p.objects[i].switchCost;
        if (ob.kind == ObjectKind::Variable) ob.value = std::int32_t(ob.capacity);
        // The abstract machine leaves the GIL out: it changes hands when its interval runs out,
        // in time, so a switch can fall between any two operations of its holder, and every
        // order of the visible operations is one the GIL allows.
        if (ob.kind == ObjectKind::Gil && p.objects[i].enabled && mode != Mode::Abstract)
            m_gil = int(i);
    }
    // prepareTrace registers the "threads" pseudo-object after the program's, when it spawns.
    if (m_trace) {
        m_threadsObject = m_trace->findObject("threads");
    } else {
        for (const CompiledThread& t : p.threads)
            for (const Instr& in : t.code)
                if (in.code == Code::Spawn || in.code == Code::Join)
                    m_threadsObject = int(p.objects.size());
    }
}

void Simulator::run() {
    if (m_mode == Mode::Gated) {
        for (std::size_t i = 0; i < m_o->schedule.size(); ++i)
            if (m_o->schedule[i] < 0 || std::size_t(m_o->schedule[i]) >= m_threads.size())
                return finish(Outcome::Error,
                              "the schedule's step " + std::to_string(i + 1) + " names thread " +
                                  std::to_string(m_o->schedule[i] + 1) + "; the run has " +
                                  std::to_string(m_threads.size()) + " threads");
    }
    try {
        for (SimThread& t : m_threads)
            if (!t.program->spawned) start(t);
        loop();
    } catch (const RunFailure& e) {
        finish(Outcome::Error, e.what());
    } catch (const EventCapReached&) {
        finish(Outcome::EventLimit, eventLimitMessage());
    } catch (const StopRequested&) {
        finish(Outcome::Cancelled, "stopped");
    }
}

void Simulator::start(SimThread& t) {
    t.status = Status::Away;
    wantCore(t);
}

void Simulator::startSlice(SimThread& t) {
    t.sliceStart = m_now;
    if (t.overhead > 0) { // a GIL hand-off is paid in one piece
        state(t, ThreadState::Running);
        timer(t, m_now + t.overhead);
        return;
    }
    // The slice is what is left of the quantum since the thread got its core, however many
    // work steps it took: counted per step, 64 threads doing steps of 1 ms on 4 cores ran
    // in batches of four, each thread 100 ms straight while the others waited up to 1.5 s.
    Time left = t.quantumStart + m_quantum - m_now;
    if (left <= 0) {
        if (!m_runnable.empty()) return preempt(t);
        t.quantumStart = m_now; // nobody wants the core: a new slice
        left = m_quantum;
    }
    timer(t, m_now + std::min(t.remaining, left));
}

// The slice is used up and others wait: back of the run queue, the core goes to the head.
void Simulator::preempt(SimThread& t) {
    t.status = Status::Runnable;
    state(t, ThreadState::Runnable);
    m_runnable.push_back(t.id);
    const int next = m_runnable.front();
    m_runnable.pop_front();
    giveCore(m_threads[std::size_t(next)]);
}

void Simulator::loop() {
    std::uint64_t iterations = 0;
    for (;;) {
        while (!m_ready.empty()) {
            const int id = m_ready.front();
            m_ready.pop_front();
            resume(m_threads[std::size_t(id)]);
        }
        if (m_events > m_o->maxEvents) return finish(Outcome::EventLimit, eventLimitMessage());
        if ((++iterations & 1023) == 0 && m_stop.stop_requested())
            return finish(Outcome::Cancelled, "stopped");
        if (m_timers.empty()) break;
        const Timer tm = m_timers.top();
        m_timers.pop();
        // A superseded timer (the wait it guarded ended otherwise) is dropped first.
        const bool isGil = tm.thread < 0;
        if (tm.gen != (isGil ? m_objects[std::size_t(-1 - tm.thread)].timerGen
                             : m_threads[std::size_t(tm.thread)].timerGen))
            continue;
        if (tm.time > m_limit) {
            m_now = m_limit;
            return finish(Outcome::TimeLimit, "the run reached its time limit of " +
                                                  exactTime(m_limit) + " and was ended");
        }
        if (isGil) { // the GIL's drop request
            SimObject& g = m_objects[std::size_t(-1 - tm.thread)];
            g.timerPending = false;
            if (!g.waiters.empty()) { // nobody waits any more: nothing happens then
                m_now = tm.time;
                gilDropRequest();
            }
            continue;
        }
        SimThread& t = m_threads[std::size_t(tm.thread)];
        m_now = tm.time;
        onTimer(t);
    }
    if (m_mode == Mode::Gated)
        if (std::string problem = scheduleProblem(); !problem.empty())
            return finish(Outcome::Error, std::move(problem));
    if (m_mode == Mode::Gated && m_o->stopAtScheduleEnd)
        for (const SimThread& t : m_threads)
            if (t.gated || t.timeoutDue)
                return finish(Outcome::Cancelled, "waiting for the scheduler after step " +
                                                      std::to_string(m_o->schedule.size()) +
                                                      " of the schedule");
    for (const SimThread& t : m_threads)
        if (t.status != Status::Done && t.status != Status::NotStarted)
            return finish(Outcome::Deadlock, {});
    finish(Outcome::Completed, {});
}

void Simulator::onTimer(SimThread& t) {
    if (t.status == Status::OnCore && t.overhead > 0) { // the hand-off is paid
        t.overhead = 0;
        return resume(t);
    }
    if (t.status == Status::OnCore) { // a slice of CPU work ended
        t.remaining -= m_now - t.sliceStart;
        if (t.remaining <= 0) {
            t.remaining = 0;
            execute(t);
        } else {
            startSlice(t); // the quantum ran out: preempted if anyone waits for a core
        }
        return;
    }
    // io or sleep done, or a timed wait expired: a visible operation, which waits for its
    // turn when a schedule is followed.
    if (t.status == Status::Away && timedWaiting(t)) {
        if (m_mode == Mode::Gated && !mayPerform(t)) return;
        return timeOut(t);
    }
    wantCore(t);
}

bool Simulator::timedWaiting(const SimThread& t) const {
    const Instr& in = t.program->code[std::size_t(t.pc)];
    return in.code == Code::EventWait && in.timed && isWaitingOn(t, in.object);
}

void Simulator::timeOut(SimThread& t) {
    const Instr& in = t.program->code[std::size_t(t.pc)];
    SimObject& e = m_objects[std::size_t(in.object)];
    e.waiters.erase(std::find(e.waiters.begin(), e.waiters.end(), t.id));
    op(in.object, Op::Timeout, t);
    t.pc = in.jump;
    wantCore(t);
}

bool Simulator::isWaitingOn(const SimThread& t, int object) const {
    const auto& w = m_objects[std::size_t(object)].waiters;
    return std::find(w.begin(), w.end(), t.id) != w.end();
}

// The thread got a core: go on with its work or its program.
void Simulator::resume(SimThread& t) {
    if (t.overhead > 0) return startSlice(t);
    if (t.remaining > 0) {
        state(t, ThreadState::Working);
        startSlice(t);
        return;
    }
    execute(t);
}

void Simulator::block(SimThread& t, ThreadState s, int object, Reason r) {
    if (object != m_gil) releaseGil(t); // a thread that blocks in a C call lets the others run
    state(t, s, object, r);
    releaseCore(t);
}

void Simulator::impossible(const SimThread& t, int object, const std::string& what) {
    throw RunFailure(t.program->info.name + " " + what + " \"" +
                     m_p->objects[std::size_t(object)].info.name + "\"");
}

std::string Simulator::eventLimitMessage() const {
    return "the run reached the limit of " + std::to_string(m_o->maxEvents) +
           " events and was ended there";
}

void Simulator::finish(Outcome outcome, std::string message) {
    for (SimThread& t : m_threads)
        flush(t);
    finalValues();
    Trace& trace = *m_trace;
    trace.setEndTime(std::max(m_now, trace.endTime()));
    // Threads waiting for the scheduler: their runnable spans take the right half of the
    // picture (at least 5 us), room for what each would do next.
    if (outcome == Outcome::Cancelled && m_mode == Mode::Gated && m_o->stopAtScheduleEnd)
        trace.setEndTime(m_now + std::max<Time>(m_now, 5'000));
    if (outcome == Outcome::Deadlock) { // read off the trace: the cycle, when there is one
        message = deadlockMessage(trace, *m_o);
        // The threads would wait forever; the recording goes on a little (a fifth of the
        // run, at least 1 ms) so that their last blocked spans can be seen.
        trace.setEndTime(m_now + std::max<Time>(m_now / 5, 1'000'000));
    }
    trace.finish(outcome, std::move(message));
}

} // namespace sim

void runSimulated(const Program& program, Trace& trace, const RunOptions& options,
                  std::stop_token stop) {
    prepareTrace(program, trace, options);
    sim::Simulator(program, &trace, options, std::move(stop),
                   options.schedule.empty() && !options.stopAtScheduleEnd ? sim::Mode::Timed
                                                                          : sim::Mode::Gated)
        .run();
}

} // namespace tl
