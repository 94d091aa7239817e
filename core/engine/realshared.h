#pragma once
// The real-thread engine's shared variables: one std::atomic word each, plain reads and
// writes as relaxed loads and stores (well-defined C++ that still loses updates on a
// multi-core machine, and whose stores may wait in a core's store buffer past a later load),
// the atomic steps as real read-modify-write operations, fences as
// std::atomic_thread_fence(seq_cst). Engine-private: only realengine.cpp includes it.
//
// Recording must not add the ordering it is there to show: a lock around each access would
// fence every store before the next load (on x86 any locked instruction drains the store
// buffer), and Peterson's algorithm could then never fail. So each thread logs its own
// accesses, fences and failed asserts with no lock (Actor::logShared); when the run is over
// the logs are merged into the objects' streams by time (mergeShared).
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
    void finish(Trace& trace, const std::vector<std::unique_ptr<Actor>>& actors) const;

private:
    std::int32_t storable(const Actor& a, const Instr& in, std::int64_t v) const;
    std::atomic<std::int32_t>& cell(int object) const { return m_cells[std::size_t(object)].v; }

    // A line each: threads that share a variable contend for it, not for its neighbours.
    struct alignas(64) Cell {
        std::atomic<std::int32_t> v{0};
    };
    const Program& m_program;
    std::unique_ptr<Cell[]> m_cells; // by object index; only variables' are used
};

} // namespace tl::real
