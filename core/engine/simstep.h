#pragma once
// The simulated machine with time abstracted away, one visible operation at a time: what the
// explorer (experiment/explore.h) drives to try every order of the threads' operations.
//
// The same Simulator as runSimulated, the same rules for every object (there is one
// interpreter of them), in its abstract mode: every duration is 0 and every thread has a core
// of its own, and a thread stops before each visible operation (simengineimpl.h, isVisible:
// every operation on an object or a variable, spawn and join). When every thread has stopped,
// blocked or ended, the caller chooses which of the enabled ones goes: it performs that one
// operation (which may block it: a lock held by another, an empty queue), and then every
// thread that can go on runs its invisible steps up to its next visible operation. A wait with
// a timeout can also time out: the waiting thread is enabled, and choosing it is the timeout.
//
// A stepper is a value: copying it copies the whole machine (a checkpoint to come back to),
// and assigning one to another reuses the other's memory.
#include "engine/engine.h"

#include <memory>
#include <vector>

namespace tl {

namespace sim {
class Simulator;
}

// What a step did: an operation on an object (its index; spawn and join are on the "threads"
// pseudo-object, which comes after the program's objects: SimStepper::threadsObject).
struct StepOp {
    int object = -1;
    Event event;
};

class SimStepper {
public:
    enum class ThreadStatus : std::uint8_t { NotStarted, Ready, Blocked, Done };

    // Starts the threads and runs each up to its first visible operation. A GIL is left out:
    // it changes hands in time, between any two operations, so it forbids no order of them.
    explicit SimStepper(const Program& program);
    SimStepper(const SimStepper& other);
    SimStepper& operator=(const SimStepper& other);
    SimStepper(SimStepper&& other) noexcept;
    SimStepper& operator=(SimStepper&& other) noexcept;
    ~SimStepper();

    const Program& program() const { return *m_program; }
    // The program's GIL is on: every access to a variable is made holding it.
    bool gilOn() const { return m_gilOn; }
    std::size_t threadCount() const;
    bool enabled(int thread) const;
    // The enabled threads, in index order, into `out` (cleared first).
    void enabledThreads(std::vector<int>& out) const;
    ThreadStatus status(int thread) const;
    // The instruction the thread is at: the visible operation an enabled thread performs when
    // chosen, or the wait it times out of (timingOut).
    const Instr& next(int thread) const;
    // Enabled by a wait with a timeout: choosing it is the timeout.
    bool timingOut(int thread) const;
    // Throws std::invalid_argument when the thread is not enabled.
    void step(int thread);
    // What the last step did (or the start, before any step), in order.
    const std::vector<StepOp>& lastOps() const;

    // Nobody is enabled, or an operation was impossible (error()).
    bool finished() const;
    // Once finished: Completed (every started thread ended), Deadlock or Error.
    Outcome outcome() const;
    const std::string& error() const;
    std::int64_t value(int object) const; // a variable's value now
    std::size_t assertFailures() const;   // asserts failed so far
    int threadsObject() const;
    // A hash of everything the rest of the run depends on (time excluded): equal machines
    // hash equal, and different ones almost surely differ (64 bits).
    std::uint64_t hash() const;

private:
    const Program* m_program;
    std::unique_ptr<sim::Simulator> m_sim;
    bool m_gilOn = false;
};

} // namespace tl
