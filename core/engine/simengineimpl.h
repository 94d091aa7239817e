#pragma once
// Internal to the simulated engine (simengine.cpp, simengineprogram.cpp,
// simengineobjects.cpp, simenginelocks.cpp): the simulator's thread, object and timer
// records and the Simulator class, whose members those files define. Everything else
// uses runSimulated() from engine.h.
//
// The recording helpers (state, op, flush, timer) and the core hand-out (wantCore,
// releaseCore) are defined here, inline, because every part of the engine calls them on
// its hot path.
#include "engine/engine.h"
#include "engine/simstep.h"

#include <cstdint>
#include <functional>
#include <queue>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace tl::sim {

struct RunFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// The event cap, reached in the middle of a thread's instantaneous steps.
struct EventCapReached {};
// A stop request noticed while a thread spent its accesses' time without the timer queue.
struct StopRequested {};

// Steps in a row that neither record anything nor let time pass: only a loop with nothing
// to wait for (whileEmpty with an empty body, nested repeats of nothing) gets near this,
// and virtual time would never reach the time limit to end it.
inline constexpr std::size_t kMaxQuietSteps = 1'000'000;

enum class Status : std::uint8_t { NotStarted, OnCore, Runnable, Away, Done };

// A first-in, first-out queue in one vector: pop_front moves a head index, and the space
// before it is given back once it is half the vector. Unlike std::deque, an empty one
// allocates nothing and a copy is one allocation at most: the explorer copies the whole
// machine at every state (a std::deque allocates 576 bytes even empty, and the machine has
// three per object: a copy of 3 philosophers' machine took 14 allocations and 294 ns).
template <class T> class Fifo {
public:
    using iterator = typename std::vector<T>::iterator;
    using const_iterator = typename std::vector<T>::const_iterator;
    bool empty() const { return m_head == m_items.size(); }
    std::size_t size() const { return m_items.size() - m_head; }
    T& front() { return m_items[m_head]; }
    const T& front() const { return m_items[m_head]; }
    void push_back(T x) { m_items.push_back(x); }
    void pop_front() {
        if (++m_head == m_items.size()) {
            clear();
        } else if (m_head >= 32 && m_head * 2 >= m_items.size()) {
            m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head));
            m_head = 0;
        }
    }
    iterator begin() { return m_items.begin() + std::ptrdiff_t(m_head); }
    iterator end() { return m_items.end(); }
    const_iterator begin() const { return m_items.begin() + std::ptrdiff_t(m_head); }
    const_iterator end() const { return m_items.end(); }
    iterator erase(iterator it) { return m_items.erase(it); }
    void clear() {
        m_items.clear();
        m_head = 0;
    }

private:
    std::vector<T> m_items;
    std::size_t m_head = 0;
};

// How the machine is driven.
enum class Mode : std::uint8_t {
    Timed,    // in virtual time, in the machine's own order (runSimulated)
    Abstract, // time abstracted away: every duration is 0, every thread has a core, and the
              // next visible operation is chosen from outside, one at a time (SimStepper)
    Gated,    // in virtual time, the visible operations in a given order (RunOptions::schedule)
};

// A visible instruction is one another thread could be affected by, or see the effect of:
// every operation on an object or a variable (an assert's look and a drain's look at its
// queue too), spawn and join. The rest (work, io, sleep, compute, the jumps of repeat, if and
// while, exit) touch only the thread's own registers and counters: where they fall between
// other threads' operations changes nothing anyone can tell.
inline bool isVisible(Code c) {
    switch (c) {
    case Code::Work:
    case Code::Io:
    case Code::Sleep:
    case Code::RepeatBegin:
    case Code::RepeatEnd:
    case Code::Jump:
    case Code::Exit:
    case Code::Compute:
    case Code::JumpIfFalse:
        return false;
    default:
        return true;
    }
}

// The steps that run on the interpreter, so need the GIL when it is on: CPU work, computing,
// and every access to a variable (a load or a store is a bytecode).
inline bool needsGil(Code c) {
    switch (c) {
    case Code::Work:
    case Code::Compute:
    case Code::Read:
    case Code::Write:
    case Code::FetchAdd:
    case Code::Exchange:
    case Code::CompareExchange:
    case Code::Fence:
        return true;
    default:
        return false;
    }
}

struct SimThread {
    const CompiledThread* program = nullptr;
    int id = 0;
    std::int32_t pc = 0;
    Status status = Status::NotStarted;
    std::vector<std::int64_t> counters;
    Random rng{0};
    Time remaining = 0;  // CPU work left in the current work step
    Time sliceStart = 0; // when the current piece of that work began
    // When the thread got its core, or its time slice was renewed because nobody wanted
    // the core: the slice is the CPU time used since then, across work steps, so a thread
    // whose steps are each shorter than the quantum is preempted like any other.
    Time quantumStart = 0;
    std::uint32_t timerGen = 0;
    std::uint32_t lastItem = 0;
    int lastSpawned = -1;
    std::vector<int> joiners;
    std::uint32_t carry = 0; // the item a blocked putter brings
    bool holdsGil = false;
    Time overhead = 0;       // GIL hand-off cost still to pay before going on
    bool wantsWrite = false; // what a thread waiting on a readers-writer lock asked for
    std::vector<std::int64_t> registers;
    bool parked = false;     // abstract: stopped at its next visible instruction
    bool granted = false;    // abstract: may perform the visible instruction it is at
    bool gated = false;      // gated: held at its next visible instruction until its turn
    bool timeoutDue = false; // gated: its wait's timeout came before its turn

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
    Fifo<int> waiters; // threads blocked or waiting on this object, FIFO
    // queue
    Fifo<std::uint32_t> items;
    Fifo<int> putters;
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
    // variable
    std::int32_t value = 0;
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
    // Timed or Gated (by options.schedule) with a trace; Abstract without one (trace null).
    Simulator(const Program& p, Trace* trace, const RunOptions& o, std::stop_token stop, Mode mode);
    void run();

    // ---- the abstract machine (simstep.cpp drives it) ----
    // Starts the threads and runs each up to its first visible instruction.
    void begin();
    // The thread performs its next visible operation (or, waiting on an event with a timeout,
    // times out), then every thread that can go on runs up to its next visible instruction.
    void step(int thread);
    // Whether the thread can be chosen: at a visible instruction, or in a wait that can time
    // out.
    bool enabled(const SimThread& t) const {
        return t.parked || (t.status == Status::Away && timedWaiting(t));
    }
    bool timedWaiting(const SimThread& t) const;
    const std::vector<SimThread>& threads() const { return m_threads; }
    const std::vector<SimObject>& objects() const { return m_objects; }
    // What the last step (or begin) did, in order.
    const std::vector<StepOp>& stepOps() const { return m_log; }
    // The message of an impossible operation or a limit that ended the run; empty otherwise.
    const std::string& error() const { return m_error; }
    std::size_t assertFailures() const { return m_assertFailures; }
    // Everything the future of the run depends on, time excluded: a hash of each thread's
    // place, status, counters and registers and of each object's holders, waiters, items,
    // permits, arrivals and value.
    std::uint64_t stateHash() const;
    int threadsObject() const { return m_threadsObject; }

private:
    // ---- recording ----
    void state(SimThread& t, ThreadState s, int object = -1, Reason r = Reason::None) {
        if (!m_trace) return;
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
        m_trace->threadEvents(std::size_t(t.id)).append(t.pending);
        ++m_events;
        t.last = t.pending;
        t.hasLast = true;
        t.hasPending = false;
    }
    void op(int object, Op o, const SimThread& t, std::uint32_t value = 0, std::uint8_t flags = 0) {
        const Event e{m_now, value, std::uint16_t(t.id), std::uint8_t(o), flags};
        if (m_trace)
            m_trace->objectEvents(std::size_t(object)).append(e);
        else
            m_log.push_back(StepOp{object, e});
        ++m_events;
    }

    // ---- scheduling (simengine.cpp) ----
    void timer(SimThread& t, Time at) { m_timers.push(Timer{at, m_seq++, t.id, ++t.timerGen}); }
    void start(SimThread& t);

    // CPU time of an access or a compute, spent at once when nothing can happen meanwhile: no
    // other thread is ready at this instant, no timer falls before the time is spent (nor at
    // it: an earlier timer of that time would go first), the slice has room, and the time
    // limit is not passed. That is what scheduling the end of the work and taking it from the
    // timer queue next would do, without the queue: a thread's accesses in a row cost a
    // comparison each rather than a push and a pop. The stop request is looked at every 1024.
    bool stayOnCore(SimThread& t, Time d) {
        if (m_mode == Mode::Abstract) return true; // no time passes
        const Time end = m_now + d;
        if (!m_ready.empty() || end > m_limit || end > t.quantumStart + m_quantum) return false;
        if (!m_timers.empty() && m_timers.top().time <= end) return false;
        state(t, ThreadState::Working);
        m_now = end;
        if ((++m_quickSteps & 1023) == 0 && m_stop.stop_requested()) throw StopRequested{};
        return true;
    }

    // The thread gets a core now and goes on from the ready queue, with a fresh slice.
    void giveCore(SimThread& t) {
        t.status = Status::OnCore;
        t.quantumStart = m_now;
        m_ready.push_back(t.id);
    }

    // A thread that can go on needs a core; without a free one it is runnable.
    void wantCore(SimThread& t) {
        if (m_freeCores > 0) {
            --m_freeCores;
            giveCore(t);
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
            giveCore(m_threads[std::size_t(next)]);
        } else {
            ++m_freeCores;
        }
    }

    void startSlice(SimThread& t);
    void preempt(SimThread& t);
    void loop();
    void onTimer(SimThread& t);
    void timeOut(SimThread& t);
    // The durations of the abstract machine are all 0.
    Time duration(const Instr& in, SimThread& t) {
        return m_mode == Mode::Abstract ? 0 : drawDuration(in, t.rng);
    }
    // ---- visible operations, abstract and gated (simstep.cpp) ----
    // May t perform the visible instruction it is at? If not it parks (abstract) or waits for
    // its turn (gated), and execute returns.
    bool mayPerform(SimThread& t);
    // Gated: lets the thread whose turn is next go on, or every held thread when the schedule
    // has run out.
    void admitNext();
    void drain();
    // Gated, at the end: why the schedule could not be followed; empty when it was.
    std::string scheduleProblem() const;
    bool isWaitingOn(const SimThread& t, int object) const;
    void resume(SimThread& t);
    void block(SimThread& t, ThreadState s, int object, Reason r);
    [[noreturn]] void impossible(const SimThread& t, int object, const std::string& what);
    std::string eventLimitMessage() const;
    void finish(Outcome outcome, std::string message);

    // ---- the program (simengineprogram.cpp) ----
    void execute(SimThread& t);
    void exitThread(SimThread& t);

    // ---- mutex, queue, semaphore, barrier, condition, event (simengineobjects.cpp) ----
    // The steps of a program on an object: each returns true when the thread goes on with
    // its next step at once, false when it blocked or waits.
    bool lock(SimThread& t, const Instr& in);
    void tryLock(SimThread& t, const Instr& in);
    void unlockStep(SimThread& t, const Instr& in);
    bool putStep(SimThread& t, const Instr& in);
    bool getStep(SimThread& t, const Instr& in);
    void close(SimThread& t, const Instr& in);
    bool acquire(SimThread& t, const Instr& in);
    void release(SimThread& t, const Instr& in);
    bool barrierWait(SimThread& t, const Instr& in);
    void abortBarrier(SimThread& t, const Instr& in);
    bool condWait(SimThread& t, const Instr& in);
    void notify(SimThread& t, const Instr& in);
    void setEvent(SimThread& t, const Instr& in);
    void clearEvent(SimThread& t, const Instr& in);
    bool eventWait(SimThread& t, const Instr& in);
    void unlock(SimThread& t, int object);
    void relock(SimThread& w, int mutex);
    void put(SimThread& t, int object, std::uint32_t item, bool waited);
    void take(SimThread& t, int object, bool waited);

    // ---- shared variables, registers, fences, asserts (simengineshared.cpp) ----
    // The access an instruction makes, at this moment; then the thread works kAccessTime.
    void access(SimThread& t, const Instr& in);
    void compute(SimThread& t, const Instr& in);
    void assertStep(SimThread& t, const Instr& in);
    std::int64_t evaluate(const SimThread& t, int expr) const;
    std::int32_t storable(const SimThread& t, const Instr& in, std::int64_t v) const;
    void finalValues();

    // ---- readers-writer lock and GIL (simenginelocks.cpp) ----
    bool readLock(SimThread& t, const Instr& in);
    void readUnlock(SimThread& t, const Instr& in);
    bool rwMayEnter(const SimObject& rw, bool write) const;
    bool rwTryLock(SimThread& t, int object, bool write);
    void enterRw(SimThread& t, int object, bool write, bool waited);
    void rwUnlock(SimThread& t, int object, bool write);
    bool readerWaiting(const SimObject& rw) const;
    bool writerWaiting(const SimObject& rw) const;
    bool takeGil(SimThread& t);
    void armGilTimer(Time at);
    void releaseGil(SimThread& t);
    void gilDropRequest();

    // Pointers, not references, so that a machine can be copied onto another (a checkpoint).
    const Program* m_p;
    Trace* m_trace = nullptr; // null on the abstract machine, which records nothing
    const RunOptions* m_o;
    std::stop_token m_stop;
    Mode m_mode = Mode::Timed;
    std::size_t m_turn = 0; // gated: the schedule's next entry
    std::vector<StepOp> m_log;
    std::string m_error;
    std::size_t m_assertFailures = 0;
    Time m_now = 0;
    Time m_limit = 0;
    Time m_quantum = 0;
    int m_freeCores = 0;
    std::uint64_t m_seq = 0;
    std::size_t m_events = 0;
    std::uint64_t m_quickSteps = 0; // CPU time spent by stayOnCore
    int m_threadsObject = -1;
    int m_gil = -1; // the enabled GIL, if the scenario has one
    std::vector<SimThread> m_threads;
    std::vector<SimObject> m_objects;
    Fifo<int> m_ready;
    Fifo<int> m_runnable;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
};

} // namespace tl::sim
