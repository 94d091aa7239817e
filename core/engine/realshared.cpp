#include "engine/realshared.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace tl::real {

Memory::Memory(const Program& p) : m_program(p), m_cells(new Cell[p.objects.size()]) {
    for (std::size_t i = 0; i < p.objects.size(); ++i)
        if (p.objects[i].info.kind == ObjectKind::Variable)
            m_cells[i].v.store(std::int32_t(p.objects[i].info.capacity), std::memory_order_relaxed);
}

std::int64_t Memory::evaluate(const Actor& a, const CompiledThread& program,
                              const std::vector<std::int64_t>& registers, int expr) const {
    const CompiledExpr& e = program.exprs[std::size_t(expr)];
    try {
        return runExpr(e, registers.data());
    } catch (const ExprError& err) {
        throw Failure(a.name() + ": \"" + e.text + "\": " + err.what());
    }
}

// The simulator's rule and wording: a value beyond 32 bits ends the run.
std::int32_t Memory::storable(const Actor& a, const Instr& in, std::int64_t v) const {
    if (v < std::numeric_limits<std::int32_t>::min() ||
        v > std::numeric_limits<std::int32_t>::max())
        throw Failure(a.name() + " stores " + std::to_string(v) + " in \"" +
                      m_program.objects[std::size_t(in.object)].info.name +
                      "\", which holds a 32-bit integer");
    return std::int32_t(v);
}

std::int32_t Memory::access(Actor& a, const CompiledThread& program,
                            std::vector<std::int64_t>& registers, std::int32_t pc,
                            const Instr& in) {
    auto into = [&](std::int64_t v) {
        if (in.slot >= 0) registers[std::size_t(in.slot)] = v;
    };
    auto log = [&](Op o, std::int32_t v, std::uint8_t flags = 0) {
        a.logShared(in.object, o, std::uint32_t(v), flags);
    };
    switch (in.code) {
    case Code::Read: {
        const std::int32_t v = cell(in.object).load(std::memory_order_relaxed);
        into(v);
        log(Op::Read, v);
        break;
    }
    case Code::Write: {
        const std::int32_t v = storable(a, in, evaluate(a, program, registers, in.expr));
        cell(in.object).store(v, std::memory_order_relaxed);
        log(Op::Write, v, (in.flags & InstrUpdate) ? OpFlagUpdate : 0);
        break;
    }
    case Code::FetchAdd: {
        const std::int64_t add = evaluate(a, program, registers, in.expr);
        const std::int32_t delta = storable(a, in, add);
        const std::int32_t old = cell(in.object).fetch_add(delta);
        const std::int32_t now = storable(a, in, std::int64_t(old) + add); // the same check
        into(old);
        log(Op::FetchAdd, now);
        break;
    }
    case Code::Exchange: {
        const std::int32_t v = storable(a, in, evaluate(a, program, registers, in.expr));
        into(cell(in.object).exchange(v));
        log(Op::Exchange, v);
        break;
    }
    case Code::CompareExchange: {
        const std::int64_t expected = evaluate(a, program, registers, in.expr2);
        const std::int32_t desired = storable(a, in, evaluate(a, program, registers, in.expr));
        std::int32_t found = cell(in.object).load(std::memory_order_relaxed);
        bool ok = false;
        if (expected >= std::numeric_limits<std::int32_t>::min() &&
            expected <= std::numeric_limits<std::int32_t>::max()) {
            found = std::int32_t(expected);
            ok = cell(in.object).compare_exchange_strong(found, desired);
        }
        into(ok ? std::int32_t(expected) : found);
        if (ok) {
            log(Op::CasOk, desired);
        } else {
            log(Op::CasFailed, found);
            return in.jump;
        }
        break;
    }
    case Code::Fence:
        std::atomic_thread_fence(std::memory_order_seq_cst);
        log(Op::Fence, 0);
        break;
    default:
        break;
    }
    return pc + 1;
}

void Memory::compute(Actor& a, const CompiledThread& program, std::vector<std::int64_t>& registers,
                     const Instr& in) const {
    const std::int64_t v = evaluate(a, program, registers, in.expr);
    if (in.slot >= 0) registers[std::size_t(in.slot)] = v;
}

void Memory::check(Actor& a, const CompiledThread& program, std::vector<std::int64_t>& registers,
                   const Instr& in) const {
    const CompiledAssert& as = program.asserts[std::size_t(in.count)];
    for (const auto& [var, reg] : as.peeks)
        registers[std::size_t(reg)] = cell(var).load(std::memory_order_relaxed);
    if (evaluate(a, program, registers, in.expr) != 0) return;
    if (as.values.empty()) return a.logShared(in.object, Op::AssertFailed, 0, 0);
    for (std::size_t i = 0; i < as.values.size(); ++i)
        a.logShared(in.object, Op::AssertFailed,
                    std::uint32_t(registers[std::size_t(as.values[i])]), i ? OpFlagMore : 0);
}

void Memory::finish(Trace& trace, const std::vector<std::unique_ptr<Actor>>& actors) const {
    // Each thread's log is in its own time order; merged by (time, thread).
    using Key = std::pair<Time, std::size_t>;
    std::priority_queue<Key, std::vector<Key>, std::greater<>> heads;
    std::vector<std::size_t> pos(actors.size(), 0);
    for (std::size_t i = 0; i < actors.size(); ++i)
        if (!actors[i]->sharedLog().empty()) heads.emplace(actors[i]->sharedLog()[0].time, i);
    while (!heads.empty()) {
        const std::size_t i = heads.top().second;
        heads.pop();
        const std::vector<Event>& log = actors[i]->sharedLog();
        Event e = log[pos[i]];
        const std::uint16_t object = e.ref;
        e.ref = std::uint16_t(i);
        trace.objectEvents(object).append(e);
        if (++pos[i] < log.size()) heads.emplace(log[pos[i]].time, i);
    }
    for (std::size_t i = 0; i < m_program.objects.size(); ++i)
        if (m_program.objects[i].info.kind == ObjectKind::Variable)
            trace.setFinalValue(i, cell(int(i)).load(std::memory_order_relaxed));
}

} // namespace tl::real
