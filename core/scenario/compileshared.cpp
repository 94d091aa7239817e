// Compiles the steps on shared state: variables, registers, the atomic operations, fences,
// asserts, and the if and while decided during the run. Expressions that name registers or
// variables become CompiledExpr programs with every parameter folded in; each variable an
// expression names is read (an access of its own, emitted just before the step), except in an
// assert, which only looks.
#include "scenario/compiler.h"

#include <algorithm>
#include <limits>
#include <set>

namespace tl::compiler {

namespace {

bool fitsVariable(std::int64_t v) {
    return v >= std::numeric_limits<std::int32_t>::min() &&
           v <= std::numeric_limits<std::int32_t>::max();
}

// The registers an expression reads.
std::vector<int> registersOf(const CompiledExpr& e) {
    std::vector<int> out;
    for (const ExprOp& op : e.ops)
        if (op.kind == ExprOp::Reg) out.push_back(int(op.arg));
    return out;
}

} // namespace

void Compiler::variable(const ObjectSpec& o, ObjectInfo& info) {
    auto value = [&](const std::string& e, const std::string& path) {
        const std::int64_t v = number(e, path);
        if (!fitsVariable(v))
            throw ScenarioError(path + ": " + std::to_string(v) +
                                " does not fit in a variable (a 32-bit integer)");
        return v;
    };
    info.capacity = value(o.initial, o.path + ".initial");
    if (!o.expect.empty()) {
        info.hasExpected = true;
        info.expected = number(o.expect, o.path + ".expect");
    }
    if (!o.atomic.empty()) info.atomic = number(o.atomic, o.path + ".atomic") != 0;
}

CompiledCondition Compiler::condition(const std::string& e, const std::string& path) {
    CompiledCondition c;
    const NameResolver resolve = [&](std::string_view name, std::optional<std::int64_t> index) {
        const auto set = m_sets.find(std::string(name));
        if (set == m_sets.end()) throw ExprError("\"" + std::string(name) + "\" is not a variable");
        int object = set->second.first;
        if (index) {
            if (*index < 1 || *index > set->second.count)
                throw ExprError(std::string(name) + "[" + std::to_string(*index) +
                                "] is outside 1.." + std::to_string(set->second.count));
            object += int(*index - 1);
        }
        const auto it = std::find(c.variables.begin(), c.variables.end(), object);
        if (it != c.variables.end()) return int(it - c.variables.begin());
        c.variables.push_back(object);
        return int(c.variables.size() - 1);
    };
    const ExprLookup params = [&](std::string_view name) -> std::optional<ExprValue> {
        auto it = m_values.find(name);
        if (it != m_values.end()) return it->second;
        if (const ParamSpec* spec = m_s.parameter(name)) return spec->def;
        return std::nullopt;
    };
    try {
        c.expr = compileExpr(e, params, resolve);
    } catch (const ExprError& err) {
        throw ScenarioError(path + ": \"" + e + "\": " + err.what());
    }
    return c;
}

void Compiler::conditions(Program& p) {
    if (!m_s.expect.empty()) {
        p.hasExpect = true;
        p.expect = condition(m_s.expect, "expect");
    }
    for (const GoalSpec& g : m_s.goals) {
        CompiledGoal goal;
        goal.name = g.name;
        goal.kind = g.kind;
        if (g.kind == GoalSpec::Kind::State || g.kind == GoalSpec::Kind::End)
            goal.when = condition(g.when, g.path + ".when");
        p.goals.push_back(std::move(goal));
    }
}

int Compiler::registerOf(const std::string& name) const {
    const auto& names = m_thread->registerNames;
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : int(it - names.begin());
}

// A register of the step's own, after the named ones: each is used by one step only, so the
// analysis in markUpdates can follow what each holds.
int Compiler::hiddenRegister() {
    return m_thread->registers++;
}

// The "fences" pseudo-object, or the assertion of that condition, made on first use.
int Compiler::pseudoObject(ObjectKind kind, const std::string& name) {
    auto& objects = m_program->objects;
    for (std::size_t i = 0; i < objects.size(); ++i)
        if (objects[i].info.kind == kind && objects[i].info.name == name) return int(i);
    if (std::int64_t(objects.size()) + 1 > kMaxObjectsPerRun)
        throw ScenarioError("more than " + std::to_string(kMaxObjectsPerRun) +
                            " objects in one run (with the asserts)");
    CompiledObject c;
    c.info.kind = kind;
    c.info.name = name;
    objects.push_back(std::move(c));
    return int(objects.size() - 1);
}

int Compiler::expression(const std::string& e, const std::string& path, std::vector<Instr>& code,
                         Loads loads, CompiledAssert* assert) {
    std::vector<std::pair<int, int>> loaded; // (variable, register)
    const NameResolver resolve = [&](std::string_view name, std::optional<std::int64_t> index) {
        const auto set = m_sets.find(std::string(name));
        if (set == m_sets.end()) {
            const int r = registerOf(std::string(name));
            if (r < 0) throw ExprError("\"" + std::string(name) + "\" is not a register here");
            if (assert &&
                std::find(assert->values.begin(), assert->values.end(), r) == assert->values.end())
                assert->values.push_back(r);
            return r;
        }
        int object = set->second.first;
        if (index) {
            if (*index < 1 || *index > set->second.count)
                throw ExprError(std::string(name) + "[" + std::to_string(*index) +
                                "] is outside 1.." + std::to_string(set->second.count));
            object += int(*index - 1);
        }
        for (const auto& [v, r] : loaded)
            if (v == object) return r;
        const int r = hiddenRegister();
        loaded.emplace_back(object, r);
        if (loads == Loads::Read) {
            Instr in;
            in.code = Code::Read;
            in.object = object;
            in.slot = r;
            code.push_back(in);
        } else {
            assert->peeks.emplace_back(object, r);
        }
        if (assert) assert->values.push_back(r);
        return r;
    };
    const ExprLookup params = [&](std::string_view name) -> std::optional<ExprValue> {
        if (name == "index") return ExprValue::of(m_index);
        if (name == "count") return ExprValue::of(m_count);
        auto it = m_values.find(name);
        if (it != m_values.end()) return it->second;
        if (const ParamSpec* spec = m_s.parameter(name)) return spec->def;
        return std::nullopt;
    };
    try {
        m_thread->exprs.push_back(compileExpr(e, params, resolve));
    } catch (const ExprError& err) {
        throw ScenarioError(path + ": \"" + e + "\": " + err.what());
    }
    return int(m_thread->exprs.size() - 1);
}

void Compiler::emitShared(const StepSpec& st, std::vector<Instr>& code) {
    Instr in;
    auto time = [&](Instr& i, const std::string& path) {
        if (st.hasTime) {
            duration(st.duration, path, i);
        } else {
            i.dist = DurationSpec::Fixed;
            i.a = kAccessTime;
        }
    };
    auto into = [&] { return st.into.empty() ? -1 : registerOf(st.into); };
    switch (st.kind) {
    case StepKind::Read:
        in.code = Code::Read;
        in.object = object(st);
        in.slot = into();
        code.push_back(in);
        return;
    case StepKind::Compute:
        in.code = Code::Compute;
        in.expr = expression(st.expr, st.path + ".compute", code);
        in.slot = into();
        time(in, st.path + ".time");
        code.push_back(in);
        return;
    case StepKind::Write:
        in.code = Code::Write;
        in.expr = expression(st.expr, st.path + ".value", code);
        in.object = object(st);
        code.push_back(in);
        return;
    case StepKind::Increment: {
        // counter += value, as the machine does it: load, add, store.
        const int value = expression(st.expr, st.path + ".value", code);
        const int var = object(st);
        const int r = hiddenRegister();
        Instr load;
        load.code = Code::Read;
        load.object = var;
        load.slot = r;
        code.push_back(load);
        CompiledExpr sum;
        sum.ops.push_back(ExprOp{ExprOp::Reg, r});
        const CompiledExpr& v = m_thread->exprs[std::size_t(value)];
        sum.ops.insert(sum.ops.end(), v.ops.begin(), v.ops.end());
        sum.ops.push_back(ExprOp{ExprOp::Add, 0});
        sum.depth = v.depth + 1;
        sum.text = st.object + " + " + v.text;
        const std::string text = sum.text;
        m_thread->exprs.push_back(std::move(sum));
        in.code = Code::Compute;
        in.slot = r;
        in.expr = int(m_thread->exprs.size() - 1);
        time(in, st.path + ".time");
        code.push_back(in);
        Instr store;
        store.code = Code::Write;
        store.object = var;
        store.expr = int(m_thread->exprs.size());
        m_thread->exprs.push_back(CompiledExpr{{ExprOp{ExprOp::Reg, r}}, 1, text});
        code.push_back(store);
        return;
    }
    case StepKind::FetchAdd:
    case StepKind::Exchange:
        in.code = st.kind == StepKind::FetchAdd ? Code::FetchAdd : Code::Exchange;
        in.expr = expression(st.expr, st.path + ".value", code);
        in.object = object(st);
        in.slot = into();
        code.push_back(in);
        return;
    case StepKind::CompareExchange: {
        in.code = Code::CompareExchange;
        in.expr2 = expression(st.expected, st.path + ".expected", code);
        in.expr = expression(st.expr, st.path + ".value", code);
        in.object = object(st);
        in.slot = into();
        const std::size_t at = placeholder(code, in); // jumps to "else" on failure
        emit(st.body, code);
        if (st.other.empty()) return patch(code, at);
        const std::size_t skip = placeholder(code, Instr{Code::Jump});
        patch(code, at);
        emit(st.other, code);
        patch(code, skip);
        return;
    }
    case StepKind::Fence:
        in.code = Code::Fence;
        in.object = pseudoObject(ObjectKind::Fences, "fences");
        code.push_back(in);
        return;
    case StepKind::Assert: {
        CompiledAssert a;
        in.code = Code::Assert;
        in.expr = expression(st.expr, st.path + ".assert", code, Loads::Peek, &a);
        in.object = pseudoObject(ObjectKind::Assertion, st.expr);
        in.count = std::int64_t(m_thread->asserts.size());
        m_thread->asserts.push_back(std::move(a));
        code.push_back(in);
        return;
    }
    case StepKind::While: {
        // top: read the condition's variables; if false, out; body; back to top.
        const std::size_t top = code.size();
        in.code = Code::JumpIfFalse;
        in.expr = expression(st.expr, st.path + ".while", code);
        const std::size_t at = placeholder(code, in);
        emit(st.body, code);
        code.push_back(Instr{Code::Jump, 0, -1, std::int32_t(top)});
        patch(code, at);
        return;
    }
    case StepKind::If: { // one decided during the run
        in.code = Code::JumpIfFalse;
        in.expr = expression(st.expr, st.path + ".if", code);
        const std::size_t at = placeholder(code, in);
        emit(st.body, code);
        if (st.other.empty()) return patch(code, at);
        const std::size_t skip = placeholder(code, Instr{Code::Jump});
        patch(code, at);
        emit(st.other, code);
        patch(code, skip);
        return;
    }
    default:
        return;
    }
}

// Which writes store a value the thread computed from its own read of the same variable (the
// store of a read-modify-write done by hand): what each register may hold, followed through
// reads, atomic operations and computes until nothing changes. The analysis ignores the order
// of steps, so it says "may": a write that could carry a value read from its variable.
void Compiler::markUpdates(CompiledThread& t) {
    std::vector<std::set<int>> from(std::size_t(t.registers)); // variables a register may hold
    auto load = [&](int reg, int var) {
        return reg >= 0 && from[std::size_t(reg)].insert(var).second;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (const Instr& in : t.code) {
            switch (in.code) {
            case Code::Read:
            case Code::FetchAdd:
            case Code::Exchange:
            case Code::CompareExchange:
                changed = load(in.slot, in.object) || changed;
                break;
            case Code::Compute:
                for (const int r : registersOf(t.exprs[std::size_t(in.expr)]))
                    for (const int var : std::set<int>(from[std::size_t(r)]))
                        changed = load(in.slot, var) || changed;
                break;
            default:
                break;
            }
        }
    }
    for (Instr& in : t.code) {
        if (in.code != Code::Write) continue;
        for (const int r : registersOf(t.exprs[std::size_t(in.expr)]))
            if (from[std::size_t(r)].count(in.object)) in.flags |= InstrUpdate;
    }
}

} // namespace tl::compiler
