#include "engine/realshared.h"
#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <queue>
#include <tuple>

namespace {

// A sequentially consistent fence. ThreadSanitizer does not model fences (gcc refuses them under
// -fsanitize=thread): there a seq_cst read-modify-write of one word that every fence touches
// stands in, which orders at least as much, so the sanitizer sees what the fence orders.
#if defined(__SANITIZE_THREAD__)
std::atomic<int> g_fenceWord{0};
void fence() {
    g_fenceWord.fetch_add(1, std::memory_order_seq_cst);
}
#else
void fence() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
}
#endif

} // namespace

namespace tl::real {

namespace {

constexpr std::uint64_t kVersionOne = std::uint64_t(1) << 32;
std::uint32_t versionOf(std::uint64_t w) {
    return std::uint32_t(w >> 32);
}
std::int32_t valueOf(std::uint64_t w) {
    return std::int32_t(std::uint32_t(w));
}
std::uint64_t word(std::uint32_t version, std::int32_t value) {
    return (std::uint64_t(version) << 32) | std::uint32_t(value);
}

} // namespace

Memory::Memory(const Program& p) : m_program(p), m_cells(new Cell[p.objects.size()]) {
    for (std::size_t i = 0; i < p.objects.size(); ++i)
        if (p.objects[i].info.kind == ObjectKind::Variable)
            m_cells[i].v.store(word(0, std::int32_t(p.objects[i].info.capacity)),
                               std::memory_order_relaxed);
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
    auto log = [&](Op o, std::int32_t v, std::uint32_t version, std::uint8_t flags = 0) {
        a.logShared(in.object, o, std::uint32_t(v), flags, version);
    };
    std::atomic<std::uint64_t>& c = cell(in.object);
    // An atomic variable's reads are seq_cst loads and its writes seq_cst stores.
    const bool atomic = m_program.objects[std::size_t(in.object)].info.atomic;
    switch (in.code) {
    case Code::Read: {
        const std::uint64_t w =
            c.load(atomic ? std::memory_order_seq_cst : std::memory_order_relaxed);
        into(valueOf(w));
        log(Op::Read, valueOf(w), versionOf(w));
        break;
    }
    case Code::Write: {
        // A relaxed load and a relaxed store, two plain moves on x86: no locked instruction,
        // so the store may wait in the store buffer as a plain store does. The version it
        // stores is one more than the one it saw; a write racing with others may repeat one.
        const std::int32_t v = storable(a, in, evaluate(a, program, registers, in.expr));
        const std::uint8_t flags = (in.flags & InstrUpdate) ? OpFlagUpdate : 0;
        if (atomic) { // a locked instruction, as a seq_cst store is on x86 (xchg): nothing
                      // overtakes it, and it raises the version in the same instruction
            std::uint64_t w = c.load(std::memory_order_relaxed);
            while (!c.compare_exchange_weak(w, word(versionOf(w) + 1, v))) {
            }
            log(Op::Write, v, versionOf(w) + 1, flags);
            break;
        }
        const std::uint32_t version = versionOf(c.load(std::memory_order_relaxed)) + 1;
        c.store(word(version, v), std::memory_order_relaxed);
        log(Op::Write, v, version, flags);
        break;
    }
    case Code::FetchAdd: {
        const std::int64_t add = evaluate(a, program, registers, in.expr);
        const std::int32_t delta = storable(a, in, add);
        // One lock xadd adds to the value and 1 to the version; a carry out of the value
        // (a negative sum's bit pattern) adds 1 more, which keeps the versions increasing.
        const std::uint64_t step = kVersionOne + std::uint32_t(delta);
        const std::uint64_t old = c.fetch_add(step);
        const std::int32_t now =
            storable(a, in, std::int64_t(valueOf(old)) + add); // the same check
        into(valueOf(old));
        log(Op::FetchAdd, now, versionOf(old + step));
        break;
    }
    case Code::Exchange: {
        const std::int32_t v = storable(a, in, evaluate(a, program, registers, in.expr));
        std::uint64_t w = c.load(std::memory_order_relaxed);
        while (!c.compare_exchange_weak(w, word(versionOf(w) + 1, v))) {
        }
        into(valueOf(w));
        log(Op::Exchange, v, versionOf(w) + 1);
        break;
    }
    case Code::CompareExchange: {
        const std::int64_t expected = evaluate(a, program, registers, in.expr2);
        const std::int32_t desired = storable(a, in, evaluate(a, program, registers, in.expr));
        const bool representable = expected >= std::numeric_limits<std::int32_t>::min() &&
                                   expected <= std::numeric_limits<std::int32_t>::max();
        // A failed try is a locked instruction too, as compare_exchange_strong's lock cmpxchg
        // is on x86: it writes the value it found back with the next version, so every
        // atomic operation has a version of its own.
        std::uint64_t w = c.load(std::memory_order_relaxed);
        bool ok = false;
        for (;;) {
            ok = representable && valueOf(w) == std::int32_t(expected);
            if (c.compare_exchange_weak(w, ok ? word(versionOf(w) + 1, desired) : w + kVersionOne))
                break;
        }
        into(valueOf(w));
        if (ok) {
            log(Op::CasOk, desired, versionOf(w) + 1);
        } else {
            log(Op::CasFailed, valueOf(w), versionOf(w) + 1);
            return in.jump;
        }
        break;
    }
    case Code::Fence:
        fence();
        log(Op::Fence, 0, 0);
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
        registers[std::size_t(reg)] = load(var);
    if (evaluate(a, program, registers, in.expr) != 0) return;
    if (as.values.empty()) return a.logShared(in.object, Op::AssertFailed, 0, 0);
    for (std::size_t i = 0; i < as.values.size(); ++i)
        a.logShared(in.object, Op::AssertFailed,
                    std::uint32_t(registers[std::size_t(as.values[i])]), i ? OpFlagMore : 0);
}

void Memory::finish(Trace& trace, std::vector<std::unique_ptr<Actor>>& actors) const {
    std::vector<std::vector<Logged>*> logs;
    logs.reserve(actors.size());
    for (const auto& a : actors)
        logs.push_back(&a->sharedLog());
    mergeShared(trace, logs);
    for (std::size_t i = 0; i < m_program.objects.size(); ++i)
        if (m_program.objects[i].info.kind == ObjectKind::Variable)
            trace.setFinalValue(i, load(int(i)));
    settleExpectation(m_program, trace);
}

void mergeShared(Trace& trace, const std::vector<std::vector<Logged>*>& logs) {
    // A variable's atomic operation: 12 bytes, its stamp read from the log.
    struct Ref {
        std::uint32_t version, thread, pos;
    };
    auto at = [&](const Ref& r) -> Logged& { return (*logs[r.thread])[r.pos]; };
    // Within its window: after the thread's event before it, at most its own stamp. Each
    // entry is placed once at most.
    auto place = [](Logged& l, Time limit) {
        l.event.time =
            std::max(std::min(l.event.time, limit), std::min(l.event.time, l.floor() + 1));
        return l.event.time;
    };
    const std::size_t objects = trace.objectCount();
    std::vector<std::vector<Ref>> atomics(objects);
    for (std::size_t i = 0; i < logs.size(); ++i)
        for (std::size_t p = 0; p < logs[i]->size(); ++p) {
            const Logged& l = (*logs[i])[p];
            // An atomic variable's writes too: each raises the version in its instruction.
            if (isAtomicAccess(l.event.op()) ||
                (l.event.op() == Op::Write && trace.object(l.event.ref).atomic))
                atomics[l.event.ref].push_back({l.version, std::uint32_t(i), std::uint32_t(p)});
        }
    for (std::vector<Ref>& ops : atomics) {
        // Versions are unique but for a plain write that raced with atomic operations (it
        // stores one more than it saw); ties keep the stamps' order.
        std::sort(ops.begin(), ops.end(), [&](const Ref& x, const Ref& y) {
            return std::tie(x.version, at(x).event.time, x.thread) <
                   std::tie(y.version, at(y).event.time, y.thread);
        });
        Time next = std::numeric_limits<Time>::max();
        for (std::size_t k = ops.size(); k-- > 0;)
            next = place(at(ops[k]), k + 1 == ops.size() ? next : next - 1);
    }
    // A plain read of version v came before the first atomic operation that made a later one.
    for (std::vector<Logged>* log : logs)
        for (Logged& l : *log) {
            if (l.event.op() != Op::Read) continue;
            const std::vector<Ref>& ops = atomics[l.event.ref];
            const auto after =
                std::upper_bound(ops.begin(), ops.end(), l.version,
                                 [](std::uint32_t v, const Ref& op) { return v < op.version; });
            if (after != ops.end()) place(l, at(*after).event.time - 1);
        }
    // Each thread's log stays in its own time order (a stamp moves back no further than the
    // thread's previous event); merged by (time, thread).
    using Key = std::pair<Time, std::size_t>;
    std::priority_queue<Key, std::vector<Key>, std::greater<>> heads;
    std::vector<std::size_t> pos(logs.size(), 0);
    for (std::size_t i = 0; i < logs.size(); ++i)
        if (!logs[i]->empty()) heads.emplace((*logs[i])[0].event.time, i);
    while (!heads.empty()) {
        const std::size_t i = heads.top().second;
        heads.pop();
        const std::vector<Logged>& log = *logs[i];
        Event e = log[pos[i]].event;
        const std::uint16_t object = e.ref;
        e.ref = std::uint16_t(i);
        trace.objectEvents(object).append(e);
        if (++pos[i] < log.size()) heads.emplace(log[pos[i]].event.time, i);
    }
}

} // namespace tl::real
