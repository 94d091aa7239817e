#pragma once
// The real-thread engine's shared variables: one std::atomic word each, plain reads and
// writes as relaxed loads and stores (well-defined C++ that still loses updates on a
// multi-core machine, and whose stores may wait in a core's store buffer past a later load),
// the atomic steps as real read-modify-write operations, fences as
// std::atomic_thread_fence(seq_cst); a variable declared atomic has seq_cst loads and stores.
// Engine-private: only realengine.cpp includes it (and tst_sharedreal, which hands mergeShared a
// made-up pair of logs).
//
// Recording must not add the ordering it is there to show: a lock around each access would
// fence every store before the next load (on x86 any locked instruction drains the store
// buffer), and Peterson's algorithm could then never fail. So each thread logs its own
// accesses, fences and failed asserts with no lock (Actor::logShared); when the run is over
// the logs are merged into the objects' streams by time (mergeShared).
//
// A stamp is read just after its access, and a thread can be preempted in between: its
// exchange that gave a spin lock back can be stamped after the compare-exchange of another
// thread that then took the lock, and the race check, which follows time, would see the
// counter's accesses under the lock as unordered. So each word also counts its
// modifications: the high half of a 64-bit word is a version that every atomic operation
// raises in the same atomic instruction, and every access logs the version it made or saw.
// mergeShared puts a variable's atomic operations back into that order by moving stamps
// earlier, never before the thread's previous event: the access happened in between.
#include "engine/realobjects.h"

#include <atomic>
#include <memory>
#include <vector>

namespace tl::real {

class Memory {
public:
    explicit Memory(const Program& p);

    // A read, write, atomic operation or fence of `a`; returns the next instruction (a failed
    // compare-exchange jumps).
    std::int32_t access(Actor& a, const CompiledThread& program,
                        std::vector<std::int64_t>& registers, std::int32_t pc, const Instr& in);
    void compute(Actor& a, const CompiledThread& program, std::vector<std::int64_t>& registers,
                 const Instr& in) const;
    // Looks at the variables (relaxed loads, recorded nowhere) and records a failure.
    void check(Actor& a, const CompiledThread& program, std::vector<std::int64_t>& registers,
               const Instr& in) const;
    std::int64_t evaluate(const Actor& a, const CompiledThread& program,
                          const std::vector<std::int64_t>& registers, int expr) const;

    // After every thread has been joined: the logs into the streams, in time order, and the
    // variables' final values into the trace.
    void finish(Trace& trace, std::vector<std::unique_ptr<Actor>>& actors) const;

private:
    std::int32_t storable(const Actor& a, const Instr& in, std::int64_t v) const;
    std::atomic<std::uint64_t>& cell(int object) const { return m_cells[std::size_t(object)].v; }
    std::int32_t load(int object) const {
        return std::int32_t(std::uint32_t(cell(object).load(std::memory_order_relaxed)));
    }

    // A line each: threads that share a variable contend for it, not for its neighbours.
    // The word: version (high 32 bits) | value (low 32 bits).
    struct alignas(64) Cell {
        std::atomic<std::uint64_t> v{0};
    };
    const Program& m_program;
    std::unique_ptr<Cell[]> m_cells; // by object index; only variables' are used
};

// The threads' logs (by thread index) into the objects' streams of `trace`, in time order,
// after moving each variable's atomic operations (an atomic variable's writes among them) into
// their modification order: an atomic operation's stamp becomes at most the next one's minus
// 1 ns, and a plain read's at most that of the first atomic operation that made a later
// version, never earlier than the stamp of the thread's event before it plus 1 ns (nor later
// than its own).
// The logs' stamps are moved in place.
void mergeShared(Trace& trace, const std::vector<std::vector<Logged>*>& logs);

} // namespace tl::real
