#pragma once
// The vocabulary of a recording: thread states, operations on synchronisation objects,
// and the 16-byte event that carries either.
#include <cstdint>
#include <string_view>

namespace tl {

using Time = std::int64_t; // nanoseconds since the start of the run

inline constexpr std::uint16_t kNoRef = 0xFFFF;

enum class ThreadState : std::uint8_t {
    Working,
    Io,
    Sleeping,
    Runnable,
    Blocked,
    Waiting,
    Running,
    Exited, // not a state: marks the end of the thread's last interval
};
inline constexpr int kStateCount = 7;

// Why a thread is blocked or waiting. The names (reasonName) are those of the trace file and
// of docs/architecture.md, "Vocabulary".
enum class Reason : std::uint8_t {
    None,
    Lock,
    QueueEmpty,
    QueueFull,
    NoPermits,
    Barrier,
    Condition,
    Event,
    Join,
    ReadLock,
    WriteLock,
    Gil,
    // A scheduler trace's reasons (perf sched): the state the kernel recorded at a switch-out,
    // and how a thread became runnable.
    Sleep,           // waiting: S, an interruptible sleep (futex, nanosleep, poll, ...)
    Uninterruptible, // io: D, an uninterruptible wait (disk, some locks, page faults)
    KernelIdle,      // waiting: I, an idle kernel thread
    Stopped,         // waiting: T or t, stopped by a signal or a tracer
    Parked,          // waiting: P, a parked kernel thread
    Preempted,       // runnable: R, switched out while it could still run
    PreemptedKernel, // runnable: R+, preempted inside the kernel
    Woken,           // runnable: woken, not yet on a CPU
    Created,         // runnable: a new thread, not yet on a CPU
    // A run that follows a schedule (RunOptions::schedule, Step as Scheduler): runnable, held
    // at its next visible operation until the schedule gives it its turn.
    Turn,
};
inline constexpr int kReasonCount = 22;

enum class Op : std::uint8_t {
    Lock,
    Unlock,
    TrylockFailed,
    Put,
    Get,
    Close,
    Acquire,
    Release,
    Arrive,
    Pass,
    Wait,
    Notify,
    NotifyAll,
    Wake,
    Set,
    Clear,
    Timeout,
    Spawn,
    Join,
    Abort,
    // On a shared variable: the value read, or the value the variable holds after it.
    Read,
    Write,
    FetchAdd,
    Exchange,
    CasOk,        // a compare-exchange that found the expected value and wrote
    CasFailed,    // one that did not: value is what it found
    Fence,        // on the "fences" pseudo-object
    AssertFailed, // on an assertion: value is the first name's value (see OpFlagMore)
};
inline constexpr int kOpCount = 28;

// Flags carried in Event::arg of an operation.
enum OpFlag : std::uint8_t {
    OpFlagNone = 0,
    OpFlagShared = 1, // lock/unlock of the read side of a readers-writer lock
    OpFlagBroken = 2, // a barrier pass that left with a broken-barrier outcome
    OpFlagClosed = 4, // a get that found the queue closed and empty
    OpFlagWaited = 8, // the operation had to wait before it completed
    // A plain write whose value the thread computed from its own read of the variable: the
    // store of a read-modify-write done by hand, which loses an update when another write
    // falls between the two.
    OpFlagUpdate = 16,
    // An assert-failed that carries the value of the next name of the condition, not a
    // failure of its own.
    OpFlagMore = 32,
};

// One recorded event. In a thread's stream it is a state change (code = ThreadState,
// ref = object waited on, arg = Reason); in an object's stream it is an operation
// (code = Op, ref = thread, arg = OpFlag bits). value carries the item id, barrier
// generation, target thread or count that the operation concerns.
struct Event {
    Time time = 0;
    std::uint32_t value = 0;
    std::uint16_t ref = kNoRef;
    std::uint8_t code = 0;
    std::uint8_t arg = 0;

    ThreadState state() const { return static_cast<ThreadState>(code); }
    Reason reason() const { return static_cast<Reason>(arg); }
    Op op() const { return static_cast<Op>(code); }
    bool operator==(const Event&) const = default;
};
static_assert(sizeof(Event) == 16, "events must stay 16 bytes");

struct TimeRange {
    Time start = 0;
    Time end = 0;
    Time delta() const { return end - start; }
    bool contains(Time t) const { return t >= start && t < end; }
    bool overlaps(const TimeRange& o) const { return start < o.end && o.start < end; }
    bool operator==(const TimeRange&) const = default;
};

// Accesses to a shared variable, and which of them are atomic read-modify-writes. A
// variable's value is a 32-bit signed integer, carried in Event::value as its bit pattern.
constexpr bool isAccess(Op o) {
    return o >= Op::Read && o <= Op::CasFailed;
}
constexpr bool isAtomicAccess(Op o) {
    return o >= Op::FetchAdd && o <= Op::CasFailed;
}
// The accesses after which the variable holds Event::value: every one that stores.
constexpr bool storesValue(Op o) {
    return o == Op::Write || o == Op::FetchAdd || o == Op::Exchange || o == Op::CasOk;
}
constexpr std::int32_t signedValue(const Event& e) {
    return static_cast<std::int32_t>(e.value);
}

std::string_view stateName(ThreadState s);
std::string_view reasonName(Reason r);
std::string_view opName(Op o);
bool parseStateName(std::string_view name, ThreadState& out);
bool parseOpName(std::string_view name, Op& out);
bool parseReasonName(std::string_view name, Reason& out);

} // namespace tl
