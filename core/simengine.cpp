// The simulated engine: a discrete-event simulation in virtual nanoseconds of a machine
// with a given number of cores. Deterministic: one thread of control, timers ordered by
// (time, sequence), FIFO queues everywhere, and one random generator per scenario thread.
#include "causality.h"
#include "engine.h"

#include <algorithm>
#include <deque>
#include <queue>
#include <stdexcept>

namespace tl {

namespace {

struct RunFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The event cap, reached in the middle of a thread's instantaneous steps.
struct EventCapReached {};

// Steps in a row that neither record anything nor let time pass: only a loop with nothing
// to wait for (whileEmpty with an empty body, nested repeats of nothing) gets near this,
// and virtual time would never reach the time limit to end it.
constexpr std::size_t kMaxQuietSteps = 1'000'000;

enum class Status : std::uint8_t { NotStarted, OnCore, Runnable, Away, Done };

struct SimThread {
    const CompiledThread* program = nullptr;
    int id = 0;
    std::int32_t pc = 0;
    Status status = Status::NotStarted;
    std::vector<std::int64_t> counters;
    Random rng{0};
    Time remaining = 0; // CPU work left in the current work step
    Time sliceStart = 0;
    std::uint32_t timerGen = 0;
    std::uint32_t lastItem = 0;
    int lastSpawned = -1;
    std::vector<int> joiners;
    std::uint32_t carry = 0; // the item a blocked putter brings
    bool holdsGil = false;
    Time overhead = 0;       // GIL hand-off cost still to pay before going on
    bool wantsWrite = false; // what a thread waiting on a readers-writer lock asked for

    // State recording with coalescing: a state set at the same instant as the previous
    // one replaces it, so no zero-length intervals are recorded.
    Event pending{};
    bool hasPending = false;
    Event last{};
    bool hasLast = false;
};

struct SimObject {
    ObjectKind kind = ObjectKind::Mutex;
    std::int64_t capacity = 0;
    int mutex = -1;
    // mutex
    int owner = -1;
    std::deque<int> waiters; // threads blocked or waiting on this object, FIFO
    // queue
    std::deque<std::uint32_t> items;
    std::deque<int> putters;
    bool closed = false;
    std::int64_t closeArrivals = 0;
    std::uint32_t nextItem = 1;
    // semaphore
    std::int64_t available = 0;
    // barrier
    std::int64_t arrived = 0;
    std::uint32_t generation = 0;
    bool broken = false;
    // event
    bool set = false;
    // readers-writer lock
    std::int64_t readers = 0;
    RwPolicy policy = RwPolicy::Fair;
    // gil
    Time interval = 0;
    Time switchCost = 0;
    Time acquiredAt = 0;
    std::uint32_t timerGen = 0;
    bool timerPending = false;
};

struct Timer {
    Time time;
    std::uint64_t seq;
    int thread;
    std::uint32_t gen;
    bool operator>(const Timer& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

class Simulator {
public:
    Simulator(const Program& p, Trace& trace, const RunOptions& o, std::stop_token stop)
        : m_p(p), m_trace(trace), m_o(o), m_stop(std::move(stop)) {
        m_freeCores = std::clamp(o.cores, 1, 64);
        // A slice of no time would never let the clock move: at least a microsecond.
        m_quantum = std::max<Time>(o.quantum, 1000);
        m_limit = o.timeLimit > 0 ? o.timeLimit : p.timeLimit;
        m_threads.resize(p.threads.size());
        for (std::size_t i = 0; i < p.threads.size(); ++i) {
            SimThread& t = m_threads[i];
            t.program = &p.threads[i];
            t.id = int(i);
            t.counters.assign(std::size_t(t.program->counterSlots), 0);
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
            if (ob.kind == ObjectKind::Gil && p.objects[i].enabled) m_gil = int(i);
        }
        m_threadsObject = m_trace.findObject("threads");
    }

    void run() {
        try {
            for (SimThread& t : m_threads)
                if (!t.program->spawned) start(t);
            loop();
        } catch (const RunFailure& e) {
            finish(Outcome::Error, e.what());
        } catch (const EventCapReached&) {
            finish(Outcome::EventLimit, eventLimitMessage());
        }
    }

private:
    // ---- recording ----
    void state(SimThread& t, ThreadState s, int object = -1, Reason r = Reason::None) {
        const Event e{m_now, 0, object < 0 ? kNoRef : std::uint16_t(object), std::uint8_t(s),
                      std::uint8_t(r)};
        if (t.hasPending) {
            if (t.pending.time == m_now) {
                if (t.hasLast && sameState(t.last, e))
                    t.hasPending = false; // back to what was recorded: drop the blip
                else
                    t.pending = e;
                return;
            }
            if (sameState(t.pending, e)) return;
            flush(t);
        } else if (t.hasLast && sameState(t.last, e)) {
            return;
        }
        t.pending = e;
        t.hasPending = true;
    }
    static bool sameState(const Event& a, const Event& b) {
        return a.code == b.code && a.ref == b.ref && a.arg == b.arg;
    }
    void flush(SimThread& t) {
        if (!t.hasPending) return;
        m_trace.threadEvents(std::size_t(t.id)).append(t.pending);
        ++m_events;
        t.last = t.pending;
        t.hasLast = true;
        t.hasPending = false;
    }
    void op(int object, Op o, const SimThread& t, std::uint32_t value = 0, std::uint8_t flags = 0) {
        m_trace.objectEvents(std::size_t(object))
            .append(Event{m_now, value, std::uint16_t(t.id), std::uint8_t(o), flags});
        ++m_events;
    }

    // ---- scheduling ----
    void timer(SimThread& t, Time at) { m_timers.push(Timer{at, m_seq++, t.id, ++t.timerGen}); }

    void start(SimThread& t) {
        t.status = Status::Away;
        wantCore(t);
    }

    // A thread that can go on needs a core; without a free one it is runnable.
    void wantCore(SimThread& t) {
        if (m_freeCores > 0) {
            --m_freeCores;
            t.status = Status::OnCore;
            m_ready.push_back(t.id);
        } else {
            t.status = Status::Runnable;
            state(t, ThreadState::Runnable);
            m_runnable.push_back(t.id);
        }
    }

    void releaseCore(SimThread& t) {
        t.status = Status::Away;
        if (!m_runnable.empty()) {
            const int next = m_runnable.front();
            m_runnable.pop_front();
            m_threads[std::size_t(next)].status = Status::OnCore;
            m_ready.push_back(next);
        } else {
            ++m_freeCores;
        }
    }

    void startSlice(SimThread& t) {
        t.sliceStart = m_now;
        if (t.overhead > 0) { // a GIL hand-off is paid in one piece
            state(t, ThreadState::Running);
            timer(t, m_now + t.overhead);
            return;
        }
        timer(t, m_now + std::min(t.remaining, m_quantum));
    }

    void loop() {
        std::uint64_t iterations = 0;
        for (;;) {
            while (!m_ready.empty()) {
                const int id = m_ready.front();
                m_ready.pop_front();
                resume(m_threads[std::size_t(id)]);
            }
            if (m_events > m_o.maxEvents) return finish(Outcome::EventLimit, eventLimitMessage());
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
                                                      formatDuration(m_limit) + " and was ended");
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
        for (const SimThread& t : m_threads)
            if (t.status != Status::Done && t.status != Status::NotStarted)
                return finish(Outcome::Deadlock, {});
        finish(Outcome::Completed, {});
    }

    void onTimer(SimThread& t) {
        if (t.status == Status::OnCore && t.overhead > 0) { // the hand-off is paid
            t.overhead = 0;
            return resume(t);
        }
        if (t.status == Status::OnCore) { // a slice of CPU work ended
            t.remaining -= m_now - t.sliceStart;
            if (t.remaining <= 0) {
                t.remaining = 0;
                execute(t);
            } else if (!m_runnable.empty()) {
                // Preempted: back of the run queue, the core goes to the head.
                t.status = Status::Runnable;
                state(t, ThreadState::Runnable);
                m_runnable.push_back(t.id);
                const int next = m_runnable.front();
                m_runnable.pop_front();
                m_threads[std::size_t(next)].status = Status::OnCore;
                m_ready.push_back(next);
            } else {
                startSlice(t);
            }
            return;
        }
        // io or sleep done, or a timed wait expired
        const Instr& in = t.program->code[std::size_t(t.pc)];
        if (t.status == Status::Away && in.code == Code::EventWait && in.timed &&
            isWaitingOn(t, in.object)) {
            SimObject& e = m_objects[std::size_t(in.object)];
            e.waiters.erase(std::find(e.waiters.begin(), e.waiters.end(), t.id));
            op(in.object, Op::Timeout, t);
            t.pc = in.jump;
        }
        wantCore(t);
    }

    bool isWaitingOn(const SimThread& t, int object) const {
        const auto& w = m_objects[std::size_t(object)].waiters;
        return std::find(w.begin(), w.end(), t.id) != w.end();
    }

    // The thread got a core: go on with its work or its program.
    void resume(SimThread& t) {
        if (t.overhead > 0) return startSlice(t);
        if (t.remaining > 0) {
            state(t, ThreadState::Working);
            startSlice(t);
            return;
        }
        execute(t);
    }

    void block(SimThread& t, ThreadState s, int object, Reason r) {
        if (object != m_gil) releaseGil(t); // a thread that blocks in a C call lets the others run
        state(t, s, object, r);
        releaseCore(t);
    }

    [[noreturn]] void impossible(const SimThread& t, int object, const std::string& what) {
        throw RunFailure(t.program->info.name + " " + what + " \"" +
                         m_p.objects[std::size_t(object)].info.name + "\"");
    }

    std::string eventLimitMessage() const {
        return "the run reached the limit of " + std::to_string(m_o.maxEvents) +
               " events and was ended there";
    }

    // Runs instantaneous steps until the thread works, sleeps, waits or ends.
    void execute(SimThread& t) {
        const std::vector<Instr>& code = t.program->code;
        std::size_t quiet = 0, seen = m_events;
        for (;;) {
            // The caps hold inside a burst of steps too: `repeat` of lock/unlock records
            // events without time passing, a loop of nothing records nothing.
            if (m_events != seen) {
                if (m_events > m_o.maxEvents) throw EventCapReached{};
                seen = m_events;
                quiet = 0;
            } else if (++quiet > kMaxQuietSteps) {
                throw RunFailure(t.program->info.name + " took " + std::to_string(kMaxQuietSteps) +
                                 " steps in a row that take no time and do nothing; a loop with "
                                 "nothing to wait for (such as whileEmpty with an empty body) "
                                 "would never end");
            }
            const Instr& in = code[std::size_t(t.pc)];
            switch (in.code) {
            case Code::Work: {
                if (m_gil >= 0 && !t.holdsGil && !takeGil(t))
                    return; // blocked on the GIL; the work step runs once it has it
                ++t.pc;
                const Time d = drawDuration(in, t.rng);
                if (d <= 0) continue;
                t.remaining = d;
                state(t, ThreadState::Working);
                startSlice(t);
                return;
            }
            case Code::Io:
            case Code::Sleep: {
                ++t.pc;
                const Time d = drawDuration(in, t.rng);
                if (d <= 0) continue;
                releaseGil(t);
                state(t, in.code == Code::Io ? ThreadState::Io : ThreadState::Sleeping);
                releaseCore(t);
                timer(t, m_now + d);
                return;
            }
            case Code::Lock: {
                SimObject& m = m_objects[std::size_t(in.object)];
                ++t.pc;
                if (m.kind == ObjectKind::RwLock) {
                    if (rwTryLock(t, in.object, true)) continue;
                    return block(t, ThreadState::Blocked, in.object, Reason::WriteLock);
                }
                if (m.owner == t.id) impossible(t, in.object, "locks again the lock it holds:");
                if (m.owner < 0) {
                    m.owner = t.id;
                    op(in.object, Op::Lock, t);
                    continue;
                }
                m.waiters.push_back(t.id);
                return block(t, ThreadState::Blocked, in.object, Reason::Lock);
            }
            case Code::TryLock: {
                SimObject& m = m_objects[std::size_t(in.object)];
                if (m.owner < 0) {
                    m.owner = t.id;
                    op(in.object, Op::Lock, t);
                    ++t.pc;
                } else {
                    op(in.object, Op::TrylockFailed, t);
                    t.pc = in.jump;
                }
                continue;
            }
            case Code::Unlock:
                ++t.pc;
                if (m_objects[std::size_t(in.object)].kind == ObjectKind::RwLock)
                    rwUnlock(t, in.object, true);
                else
                    unlock(t, in.object);
                continue;
            case Code::Put: {
                SimObject& q = m_objects[std::size_t(in.object)];
                ++t.pc;
                if (q.closed) impossible(t, in.object, "puts into the closed queue");
                const std::uint32_t item =
                    (in.flags & InstrPutSpawned) ? std::uint32_t(t.lastSpawned + 1) : q.nextItem++;
                if (std::int64_t(q.items.size()) < q.capacity) {
                    put(t, in.object, item, false);
                    continue;
                }
                t.carry = item;
                q.putters.push_back(t.id);
                return block(t, ThreadState::Waiting, in.object, Reason::QueueFull);
            }
            case Code::Get:
            case Code::Drain: {
                SimObject& q = m_objects[std::size_t(in.object)];
                if (!q.items.empty()) {
                    ++t.pc;
                    take(t, in.object, false);
                    continue;
                }
                if (q.closed) {
                    if (in.code == Code::Get)
                        impossible(t, in.object, "gets from the closed, empty queue");
                    t.pc = in.jump;
                    continue;
                }
                q.waiters.push_back(t.id);
                return block(t, ThreadState::Waiting, in.object, Reason::QueueEmpty);
            }
            case Code::Close: {
                SimObject& q = m_objects[std::size_t(in.object)];
                ++t.pc;
                if ((in.flags & InstrLast) && ++q.closeArrivals < in.count) continue;
                if (q.closed) continue;
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
                continue;
            }
            case Code::Acquire: {
                SimObject& s = m_objects[std::size_t(in.object)];
                ++t.pc;
                if (s.available > 0) {
                    --s.available;
                    op(in.object, Op::Acquire, t, std::uint32_t(s.available));
                    continue;
                }
                s.waiters.push_back(t.id);
                return block(t, ThreadState::Waiting, in.object, Reason::NoPermits);
            }
            case Code::Release: {
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
                continue;
            }
            case Code::BarrierWait: {
                SimObject& b = m_objects[std::size_t(in.object)];
                ++t.pc;
                op(in.object, Op::Arrive, t, b.generation);
                if (b.broken) {
                    op(in.object, Op::Pass, t, b.generation, OpFlagBroken);
                    continue;
                }
                if (++b.arrived < b.capacity) {
                    b.waiters.push_back(t.id);
                    return block(t, ThreadState::Waiting, in.object, Reason::Barrier);
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
                continue;
            }
            case Code::Abort: {
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
                continue;
            }
            case Code::CondWait: {
                SimObject& c = m_objects[std::size_t(in.object)];
                ++t.pc;
                if (m_objects[std::size_t(c.mutex)].owner != t.id)
                    impossible(t, in.object, "waits without holding the mutex of condition");
                op(in.object, Op::Wait, t);
                unlock(t, c.mutex);
                c.waiters.push_back(t.id);
                return block(t, ThreadState::Waiting, in.object, Reason::Condition);
            }
            case Code::Notify:
            case Code::NotifyAll: {
                SimObject& c = m_objects[std::size_t(in.object)];
                ++t.pc;
                const bool all = in.code == Code::NotifyAll;
                const std::size_t n =
                    all ? c.waiters.size() : std::min<std::size_t>(1, c.waiters.size());
                op(in.object, all ? Op::NotifyAll : Op::Notify, t, std::uint32_t(n));
                for (std::size_t k = 0; k < n; ++k) {
                    SimThread& w = m_threads[std::size_t(c.waiters.front())];
                    c.waiters.pop_front();
                    op(in.object, Op::Wake, w);
                    relock(w, c.mutex);
                }
                continue;
            }
            case Code::Set: {
                SimObject& e = m_objects[std::size_t(in.object)];
                ++t.pc;
                e.set = true;
                op(in.object, Op::Set, t);
                for (const int id : e.waiters) {
                    SimThread& w = m_threads[std::size_t(id)];
                    ++w.timerGen; // cancels its timeout
                    ++w.pc;       // the "then" branch
                    op(in.object, Op::Wake, w);
                    wantCore(w);
                }
                e.waiters.clear();
                continue;
            }
            case Code::Clear:
                ++t.pc;
                m_objects[std::size_t(in.object)].set = false;
                op(in.object, Op::Clear, t);
                continue;
            case Code::EventWait: {
                SimObject& e = m_objects[std::size_t(in.object)];
                op(in.object, Op::Wait, t);
                if (e.set) {
                    ++t.pc;
                    continue;
                }
                e.waiters.push_back(t.id);
                block(t, ThreadState::Waiting, in.object, Reason::Event);
                if (in.timed) timer(t, m_now + in.a);
                return;
            }
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
                                     m_p.roles[std::size_t(in.object)] +
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
            case Code::ReadLock:
                ++t.pc;
                if (rwTryLock(t, in.object, false)) continue;
                return block(t, ThreadState::Blocked, in.object, Reason::ReadLock);
            case Code::ReadUnlock:
                ++t.pc;
                rwUnlock(t, in.object, false);
                continue;
            case Code::Exit:
                exitThread(t);
                return;
            }
        }
    }

    // ---- readers-writer lock ----
    // May t take the lock now? Readers share it; a writer needs it alone. The policy
    // decides whether waiting writers hold back new readers (writers first), whether
    // anyone waiting does (fair: first come, first served), or nobody (readers first).
    bool rwMayEnter(const SimObject& rw, bool write) const {
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

    bool rwTryLock(SimThread& t, int object, bool write) {
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

    void enterRw(SimThread& t, int object, bool write, bool waited) {
        SimObject& rw = m_objects[std::size_t(object)];
        if (write)
            rw.owner = t.id;
        else
            ++rw.readers;
        op(object, Op::Lock, t, std::uint32_t(rw.readers),
           std::uint8_t((write ? 0 : OpFlagShared) | (waited ? OpFlagWaited : 0)));
    }

    void rwUnlock(SimThread& t, int object, bool write) {
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
                if (rw.policy == RwPolicy::WritersFirst && !wantWrite && writerWaiting(rw))
                    continue;
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
    bool readerWaiting(const SimObject& rw) const {
        for (const int id : rw.waiters)
            if (!m_threads[std::size_t(id)].wantsWrite) return true;
        return false;
    }
    bool writerWaiting(const SimObject& rw) const {
        for (const int id : rw.waiters)
            if (m_threads[std::size_t(id)].wantsWrite) return true;
        return false;
    }

    // ---- global interpreter lock ----
    // Returns true when t holds the GIL now; otherwise t is blocked on it.
    bool takeGil(SimThread& t) {
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
    void armGilTimer(Time at) {
        SimObject& g = m_objects[std::size_t(m_gil)];
        if (g.timerPending) return;
        g.timerPending = true;
        m_timers.push(Timer{std::max(at, m_now), m_seq++, -1 - m_gil, ++g.timerGen});
    }

    void releaseGil(SimThread& t) {
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

    void gilDropRequest() {
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

    void unlock(SimThread& t, int object) {
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
    void relock(SimThread& w, int mutex) {
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

    void put(SimThread& t, int object, std::uint32_t item, bool waited) {
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

    void take(SimThread& t, int object, bool waited) {
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

    void exitThread(SimThread& t) {
        releaseGil(t);
        flush(t);
        m_trace.threadEvents(std::size_t(t.id))
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

    void finish(Outcome outcome, std::string message) {
        for (SimThread& t : m_threads)
            flush(t);
        m_trace.setEndTime(std::max(m_now, m_trace.endTime()));
        if (outcome == Outcome::Deadlock) { // read off the trace: the cycle, when there is one
            message = analyseDeadlock(m_trace).text;
            // The threads would wait forever; the recording goes on a little (a fifth of the
            // run, at least 1 ms) so that their last blocked spans can be seen.
            m_trace.setEndTime(m_now + std::max<Time>(m_now / 5, 1'000'000));
        }
        m_trace.setMessage(std::move(message));
        m_trace.setOutcome(outcome);
    }

    const Program& m_p;
    Trace& m_trace;
    const RunOptions& m_o;
    std::stop_token m_stop;
    Time m_now = 0;
    Time m_limit = 0;
    Time m_quantum = 0;
    int m_freeCores = 0;
    std::uint64_t m_seq = 0;
    std::size_t m_events = 0;
    int m_threadsObject = -1;
    int m_gil = -1; // the enabled GIL, if the scenario has one
    std::vector<SimThread> m_threads;
    std::vector<SimObject> m_objects;
    std::deque<int> m_ready;
    std::deque<int> m_runnable;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
};

} // namespace

void runSimulated(const Program& program, Trace& trace, const RunOptions& options,
                  std::stop_token stop) {
    prepareTrace(program, trace, options);
    Simulator(program, trace, options, std::move(stop)).run();
}

} // namespace tl
