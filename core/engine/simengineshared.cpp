// The simulated engine's shared state: variables, the registers of each thread, atomic
// operations, fences and asserts. The machine is sequentially consistent: every access
// happens at one moment, in one order that every thread sees, and then takes the thread
// kAccessTime of CPU (simengineprogram.cpp), so accesses of threads on other cores fall
// between a thread's read and its write exactly as their moments say.
#include "engine/simengineimpl.h"

#include <limits>

namespace tl::sim {

std::int64_t Simulator::evaluate(const SimThread& t, int expr) const {
    const CompiledExpr& e = t.program->exprs[std::size_t(expr)];
    try {
        return runExpr(e, t.registers.data());
    } catch (const ExprError& err) {
        throw RunFailure(t.program->info.name + ": \"" + e.text + "\": " + err.what());
    }
}

// A variable holds a 32-bit integer: a value beyond that ends the run rather than wrapping.
std::int32_t Simulator::storable(const SimThread& t, const Instr& in, std::int64_t v) const {
    if (v < std::numeric_limits<std::int32_t>::min() ||
        v > std::numeric_limits<std::int32_t>::max())
        throw RunFailure(t.program->info.name + " stores " + std::to_string(v) + " in \"" +
                         m_p->objects[std::size_t(in.object)].info.name +
                         "\", which holds a 32-bit integer");
    return std::int32_t(v);
}

void Simulator::access(SimThread& t, const Instr& in) {
    SimObject& var = m_objects[std::size_t(in.object)];
    auto into = [&](std::int64_t v) {
        if (in.slot >= 0) t.registers[std::size_t(in.slot)] = v;
    };
    ++t.pc;
    switch (in.code) {
    case Code::Read:
        into(var.value);
        op(in.object, Op::Read, t, std::uint32_t(var.value));
        return;
    case Code::Write:
        var.value = storable(t, in, evaluate(t, in.expr));
        op(in.object, Op::Write, t, std::uint32_t(var.value),
           (in.flags & InstrUpdate) ? OpFlagUpdate : 0);
        return;
    case Code::FetchAdd: {
        const std::int32_t old = var.value;
        var.value = storable(t, in, std::int64_t(old) + evaluate(t, in.expr));
        into(old);
        op(in.object, Op::FetchAdd, t, std::uint32_t(var.value));
        return;
    }
    case Code::Exchange: {
        const std::int32_t old = var.value;
        var.value = storable(t, in, evaluate(t, in.expr));
        into(old);
        op(in.object, Op::Exchange, t, std::uint32_t(var.value));
        return;
    }
    case Code::CompareExchange: {
        const std::int64_t expected = evaluate(t, in.expr2);
        const std::int64_t desired = evaluate(t, in.expr);
        const std::int32_t old = var.value;
        into(old);
        if (old == expected) {
            var.value = storable(t, in, desired);
            op(in.object, Op::CasOk, t, std::uint32_t(var.value));
        } else {
            op(in.object, Op::CasFailed, t, std::uint32_t(old));
            t.pc = in.jump;
        }
        return;
    }
    case Code::Fence:
        op(in.object, Op::Fence, t);
        return;
    default:
        return;
    }
}

void Simulator::compute(SimThread& t, const Instr& in) {
    const std::int64_t v = evaluate(t, in.expr);
    if (in.slot >= 0) t.registers[std::size_t(in.slot)] = v;
    ++t.pc;
}

// An assert looks at its variables without an access: no time, nothing recorded unless it
// fails. A failure is recorded with the value of each name of the condition, in order.
void Simulator::assertStep(SimThread& t, const Instr& in) {
    ++t.pc;
    const CompiledAssert& a = t.program->asserts[std::size_t(in.count)];
    for (const auto& [var, reg] : a.peeks)
        t.registers[std::size_t(reg)] = m_objects[std::size_t(var)].value;
    if (evaluate(t, in.expr) != 0) return;
    ++m_assertFailures;
    if (a.values.empty()) return op(in.object, Op::AssertFailed, t);
    for (std::size_t i = 0; i < a.values.size(); ++i)
        op(in.object, Op::AssertFailed, t, std::uint32_t(t.registers[std::size_t(a.values[i])]),
           i ? OpFlagMore : 0);
}

void Simulator::finalValues() {
    for (std::size_t i = 0; i < m_objects.size(); ++i)
        if (m_objects[i].kind == ObjectKind::Variable)
            m_trace->setFinalValue(i, m_objects[i].value);
    settleExpectation(*m_p, *m_trace);
}

} // namespace tl::sim
