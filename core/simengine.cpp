// The simulated engine: a discrete-event simulation in virtual nanoseconds of a machine
// with a given number of cores. Deterministic: one thread of control, timers ordered by
// (time, sequence), FIFO queues everywhere, and one random generator per scenario thread.
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
        timer(t, m_now + std::min(t.remaining, m_o.quantum));
    }

    void loop() {
        std::uint64_t iterations = 0;
        for (;;) {
            while (!m_ready.empty()) {
                const int id = m_ready.front();
                m_ready.pop_front();
                resume(m_threads[std::size_t(id)]);
            }
            if (m_events > m_o.maxEvents)
                return finish(Outcome::EventLimit, "the run reached the limit of " +
                                                       std::to_string(m_o.maxEvents) +
                                                       " events and was ended there");
            if ((++iterations & 1023) == 0 && m_stop.stop_requested())
                return finish(Outcome::Cancelled, "stopped");
            if (m_timers.empty()) break;
            const Timer tm = m_timers.top();
            m_timers.pop();
            SimThread& t = m_threads[std::size_t(tm.thread)];
            if (tm.gen != t.timerGen) continue; // superseded: the wait it guarded ended otherwise
            if (tm.time > m_limit) {
                m_now = m_limit;
                return finish(Outcome::TimeLimit, "the run reached its time limit of " +
                                                      formatDuration(m_limit) + " and was ended");
            }
            m_now = tm.time;
            onTimer(t);
        }
        for (const SimThread& t : m_threads)
            if (t.status != Status::Done && t.status != Status::NotStarted)
                return finish(Outcome::Deadlock, describeDeadlock());
        finish(Outcome::Completed, {});
    }

    void onTimer(SimThread& t) {
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
        if (t.remaining > 0) {
            state(t, ThreadState::Working);
            startSlice(t);
            return;
        }
        execute(t);
    }

    void block(SimThread& t, ThreadState s, int object, Reason r) {
        state(t, s, object, r);
        releaseCore(t);
    }

    [[noreturn]] void impossible(const SimThread& t, int object, const std::string& what) {
        throw RunFailure(t.program->info.name + " " + what + " \"" +
                         m_p.objects[std::size_t(object)].info.name + "\"");
    }

    // Runs instantaneous steps until the thread works, sleeps, waits or ends.
    void execute(SimThread& t) {
        const std::vector<Instr>& code = t.program->code;
        for (;;) {
            const Instr& in = code[std::size_t(t.pc)];
            switch (in.code) {
            case Code::Work: {
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
                state(t, in.code == Code::Io ? ThreadState::Io : ThreadState::Sleeping);
                releaseCore(t);
                timer(t, m_now + d);
                return;
            }
            case Code::Lock: {
                SimObject& m = m_objects[std::size_t(in.object)];
                ++t.pc;
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
            case Code::ReadLock:
            case Code::ReadUnlock:
                throw RunFailure("readers-writer locks are not supported by this engine yet");
            case Code::Exit:
                exitThread(t);
                return;
            }
        }
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

    std::string describeDeadlock() const {
        std::string out = "deadlock: no thread can go on.";
        for (const SimThread& t : m_threads) {
            if (t.status == Status::Done || t.status == Status::NotStarted) continue;
            const Event& e = t.hasPending ? t.pending : t.last;
            if (!(t.hasPending || t.hasLast) || e.ref == kNoRef) continue;
            const CompiledObject& o = m_p.objects[e.ref];
            out += " " + t.program->info.name + " is " + std::string(stateName(e.state())) +
                   " on " + o.info.name;
            const SimObject& so = m_objects[e.ref];
            if (o.info.kind == ObjectKind::Mutex && so.owner >= 0)
                out += " (held by " + m_threads[std::size_t(so.owner)].program->info.name + ")";
            out += ";";
        }
        if (out.back() == ';') out.back() = '.';
        return out;
    }

    void finish(Outcome outcome, std::string message) {
        for (SimThread& t : m_threads)
            flush(t);
        m_trace.setEndTime(std::max(m_now, m_trace.endTime()));
        m_trace.setMessage(std::move(message));
        m_trace.setOutcome(outcome);
    }

    const Program& m_p;
    Trace& m_trace;
    const RunOptions& m_o;
    std::stop_token m_stop;
    Time m_now = 0;
    Time m_limit = 0;
    int m_freeCores = 0;
    std::uint64_t m_seq = 0;
    std::size_t m_events = 0;
    int m_threadsObject = -1;
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
