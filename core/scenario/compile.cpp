// Compiles a parsed scenario and parameter values into flat per-thread programs: objects,
// threads and the synchronisation steps here, the steps on shared state in compileshared.cpp.
#include "scenario/compiler.h"
#include "scenario/steptable.h"

#include <algorithm>
#include <cmath>

namespace tl {

namespace compiler {

Program Compiler::run() {
    Program p;
    p.info.scenarioId = m_s.id;
    p.info.title = m_s.title;
    for (const ParamSpec& spec : m_s.parameters) {
        auto it = m_values.find(spec.name);
        p.info.parameters.emplace_back(
            spec.name, formatParamValue(spec, it != m_values.end() ? it->second : spec.def));
    }
    p.timeLimit = number(m_s.timeLimit, "stop.timeLimit");
    if (p.timeLimit <= 0) throw ScenarioError("stop.timeLimit: must be above zero");
    checkDuration(p.timeLimit, "stop.timeLimit");

    objects(p);
    threads(p);
    conditions(p);
    return p;
}

// Objects; a set ("fork" x N) becomes "fork 1".."fork N".
void Compiler::objects(Program& p) {
    for (const ObjectSpec& o : m_s.objects) {
        Set set;
        set.first = int(p.objects.size());
        set.count = 1;
        set.isSet = !o.count.empty();
        if (set.isSet) {
            set.count = number(o.count, o.path + ".count");
            if (set.count < 1 || set.count > kMaxObjectsPerSet)
                throw ScenarioError(o.path + ".count: " + std::to_string(set.count) +
                                    " is outside 1.." + std::to_string(kMaxObjectsPerSet));
        }
        if (std::int64_t(p.objects.size()) + set.count > kMaxObjectsPerRun)
            throw ScenarioError(o.path + ": more than " + std::to_string(kMaxObjectsPerRun) +
                                " objects in one run");
        std::int64_t size = 0;
        if (!o.size.empty()) {
            size = number(o.size, o.path);
            if (size < (o.kind == ObjectKind::Semaphore ? 0 : 1) || size > 1'000'000)
                throw ScenarioError(o.path + ": size " + std::to_string(size) +
                                    " is outside the allowed range");
        }
        const RwPolicy policy = o.policy.empty() ? RwPolicy::Fair : rwPolicy(o);
        for (std::int64_t k = 1; k <= set.count; ++k) {
            CompiledObject c;
            c.info.kind = o.kind;
            c.info.name = set.isSet ? o.name + " " + std::to_string(k) : o.name;
            c.info.capacity = size;
            c.policy = policy;
            if (o.kind == ObjectKind::Gil) gil(o, c);
            if (o.kind == ObjectKind::Condition) c.mutex = m_sets.at(o.mutex).first;
            if (o.kind == ObjectKind::Variable) variable(o, c.info);
            p.objects.push_back(std::move(c));
        }
        m_sets[o.name] = set;
    }
}

RwPolicy Compiler::rwPolicy(const ObjectSpec& o) {
    const ExprValue v = eval(o.policy, o.path + ".policy", nullptr);
    const std::string t = v.isString ? v.text : "";
    if (t == "readers") return RwPolicy::ReadersFirst;
    if (t == "writers") return RwPolicy::WritersFirst;
    if (t == "fair") return RwPolicy::Fair;
    throw ScenarioError(o.path + ".policy: expected 'readers', 'writers' or 'fair'");
}

void Compiler::gil(const ObjectSpec& o, CompiledObject& c) {
    if (!o.interval.empty()) c.interval = number(o.interval, o.path + ".interval");
    if (!o.switchCost.empty()) c.switchCost = number(o.switchCost, o.path + ".switchCost");
    if (!o.enabled.empty()) c.enabled = number(o.enabled, o.path + ".enabled") != 0;
    if (c.interval <= 0 || c.switchCost < 0)
        throw ScenarioError(o.path + ": the interval must be above zero and the switch cost "
                                     "not negative");
    checkDuration(c.interval, o.path + ".interval");
    checkDuration(c.switchCost, o.path + ".switchCost");
}

// Threads: every role's count first, so that spawn can find its role's threads.
void Compiler::threads(Program& p) {
    std::vector<std::int64_t> counts;
    std::int64_t total = 0;
    for (const RoleSpec& r : m_s.roles) {
        const std::int64_t n = number(r.count, r.path + ".count");
        if (n < 0 || n > kMaxThreadsPerRun)
            throw ScenarioError(r.path + ".count: " + std::to_string(n) + " is outside 0.." +
                                std::to_string(kMaxThreadsPerRun));
        counts.push_back(n);
        total += n;
        p.roles.push_back(r.name);
    }
    if (total > kMaxThreadsPerRun)
        throw ScenarioError("roles: " + std::to_string(total) + " threads; at most " +
                            std::to_string(kMaxThreadsPerRun) + " in one run");
    if (total == 0) throw ScenarioError("roles: the scenario has no threads with these parameters");
    // Refused before any copy is made when even the smallest possible programs are too
    // many steps; the check after each thread below catches the rest.
    std::size_t atLeast = 0;
    for (std::size_t ri = 0; ri < m_s.roles.size(); ++ri) {
        atLeast += std::size_t(counts[ri]) * (leastSteps(m_s.roles[ri].program) + 1);
        if (atLeast > kMaxInstructions) tooLarge(m_s.roles[ri], total);
    }
    for (std::size_t ri = 0; ri < m_s.roles.size(); ++ri) {
        const RoleSpec& r = m_s.roles[ri];
        for (std::int64_t k = 1; k <= counts[ri]; ++k) {
            CompiledThread t;
            t.info.role = r.name;
            t.info.index = int(k);
            t.info.name = counts[ri] == 1 ? r.name : r.name + " " + std::to_string(k);
            t.roleIndex = int(ri);
            t.spawned = r.spawned;
            m_index = k;
            m_count = counts[ri];
            m_slots = 0;
            m_roleCount = counts[ri];
            m_program = &p;
            m_thread = &t;
            t.registerNames = r.registers;
            t.registers = int(r.registers.size());
            emit(r.program, t.code);
            t.code.push_back(Instr{});
            t.counterSlots = m_slots;
            markUpdates(t);
            m_instructions += t.code.size();
            if (m_instructions > kMaxInstructions) tooLarge(r, total);
            p.threads.push_back(std::move(t));
        }
    }
}

[[noreturn]] void Compiler::tooLarge(const RoleSpec& r, std::int64_t threads) {
    throw ScenarioError(r.path + ": the program is too large for " + std::to_string(threads) +
                        " threads (more than " + std::to_string(kMaxInstructions) +
                        " steps in all); use repeat rather than copies");
}

// The fewest instructions a program compiles to: a repeat may run zero times, an if
// takes one branch, an untimed wait has no "else" to emit; every other step emits
// itself and all of its nested steps.
std::size_t Compiler::leastSteps(const std::vector<StepSpec>& steps) {
    std::size_t n = 0;
    for (const StepSpec& st : steps) {
        if (st.kind == StepKind::Repeat) continue;
        if (st.kind == StepKind::If) {
            n += std::min(leastSteps(st.body), leastSteps(st.other));
            continue;
        }
        const bool other = st.kind != StepKind::Wait || st.hasTimeout;
        n += 1 + leastSteps(st.body) + (other ? leastSteps(st.other) : 0);
    }
    return n;
}

ExprValue Compiler::eval(const std::string& e, const std::string& path, const void* inRole) {
    const ExprLookup lookup = [&](std::string_view name) -> std::optional<ExprValue> {
        if (inRole && name == "index") return ExprValue::of(m_index);
        if (inRole && name == "count") return ExprValue::of(m_count);
        auto it = m_values.find(name);
        if (it != m_values.end()) return it->second;
        if (const ParamSpec* spec = m_s.parameter(name)) return spec->def;
        return std::nullopt;
    };
    try {
        return evaluate(e, lookup);
    } catch (const ExprError& err) {
        throw ScenarioError(path + ": \"" + e + "\": " + err.what());
    }
}

std::int64_t Compiler::number(const std::string& e, const std::string& path, bool inRole) {
    const ExprValue v = eval(e, path, inRole ? this : nullptr);
    if (v.isString)
        throw ScenarioError(path + ": \"" + e + "\" is text ('" + v.text + "'); expected a number");
    return v.number;
}

int Compiler::object(const StepSpec& st) {
    const auto open = st.object.find('[');
    const std::string base = st.object.substr(0, open);
    const Set& set = m_sets.at(base);
    if (open == std::string::npos) return set.first;
    const std::int64_t k =
        number(st.object.substr(open + 1, st.object.size() - open - 2), st.path, true);
    if (k < 1 || k > set.count)
        throw ScenarioError(st.path + ": " + base + "[" + std::to_string(k) + "] is outside 1.." +
                            std::to_string(set.count));
    return set.first + int(k - 1);
}

void Compiler::duration(const DurationSpec& d, const std::string& path, Instr& in) {
    in.dist = d.dist;
    in.a = number(d.a, path, true);
    if (!d.b.empty()) in.b = number(d.b, path, true);
    checkDuration(in.a, path);
    checkDuration(in.b, path);
    if (d.dist == DurationSpec::Uniform && in.b < in.a)
        throw ScenarioError(path + ": the uniform range ends before it starts");
}

void Compiler::emit(const std::vector<StepSpec>& steps, std::vector<Instr>& code) {
    for (const StepSpec& st : steps)
        emit(st, code);
}

// Appends a forward jump and returns its position, to patch once the target is known.
std::size_t Compiler::placeholder(std::vector<Instr>& code, Instr in) {
    code.push_back(in);
    return code.size() - 1;
}
void Compiler::patch(std::vector<Instr>& code, std::size_t at) {
    code[at].jump = std::int32_t(code.size());
}

// A step by its row of the step table (steptable.h), or by a rule of its own.
void Compiler::emit(const StepSpec& st, std::vector<Instr>& code) {
    const StepVerb& verb = stepVerb(st.kind);
    Instr in;
    in.code = verb.code;
    switch (verb.shape) {
    case StepShape::Timed:
        duration(st.duration, st.path + "." + std::string(verb.key), in);
        code.push_back(in);
        return;
    case StepShape::OnObject:
        in.object = object(st);
        code.push_back(in);
        return;
    case StepShape::Own:
        break;
    }
    switch (st.kind) {
    case StepKind::Put:
        in.object = object(st);
        in.flags = st.item == "spawned" ? InstrPutSpawned : 0;
        code.push_back(in);
        return;
    case StepKind::Close:
        in.object = object(st);
        in.flags = st.last ? InstrLast : 0;
        in.count = m_roleCount;
        code.push_back(in);
        return;
    case StepKind::Drain:
    case StepKind::WhileEmpty:
        return loop(verb.code, st, code);
    case StepKind::TryLock:
    case StepKind::Wait:
        return attempt(st, code);
    case StepKind::Spawn:
        for (std::size_t i = 0; i < m_s.roles.size(); ++i)
            if (m_s.roles[i].name == st.expr) in.object = int(i);
        code.push_back(in);
        return;
    case StepKind::Join:
        in.count = st.expr == "spawned" ? 1 : 0;
        code.push_back(in);
        return;
    case StepKind::Repeat:
        return repeat(st, code);
    case StepKind::Read:
    case StepKind::Compute:
    case StepKind::Write:
    case StepKind::Increment:
    case StepKind::FetchAdd:
    case StepKind::Exchange:
    case StepKind::CompareExchange:
    case StepKind::Fence:
    case StepKind::Assert:
    case StepKind::While:
        return emitShared(st, code);
    case StepKind::If:
        // Decided during the run when it names registers or variables.
        if (!exprNames(st.expr).names.empty()) return emitShared(st, code);
        if (number(st.expr, st.path + ".if", true) != 0)
            emit(st.body, code);
        else
            emit(st.other, code);
        return;
    default: // the step table says all of the others
        return;
    }
}

// A trylock or a wait: one instruction, and the branches it takes on success and on
// failure (a failed try, a timed-out wait), or a retry after a pause until it succeeds.
void Compiler::attempt(const StepSpec& st, std::vector<Instr>& code) {
    Instr in;
    in.object = object(st);
    if (st.kind == StepKind::TryLock) {
        in.code = Code::TryLock;
    } else {
        const ObjectKind kind = m_objectKinds(in.object);
        in.code = kind == ObjectKind::Barrier ? Code::BarrierWait
                  : kind == ObjectKind::Event ? Code::EventWait
                                              : Code::CondWait;
        if (st.hasTimeout) {
            in.timed = true;
            in.a = number(st.duration.a, st.path + ".timeout", true);
            checkDuration(in.a, st.path + ".timeout");
        }
    }
    if (st.hasRetry) {
        // top: trylock (on failure to retry); then-body; jump end; retry: sleep; jump top
        const std::size_t top = code.size();
        const std::size_t at = placeholder(code, in);
        emit(st.body, code);
        const std::size_t skip = placeholder(code, Instr{Code::Jump});
        patch(code, at);
        Instr pause;
        pause.code = Code::Sleep;
        pause.a = number(st.duration.a, st.path + ".retry", true);
        checkDuration(pause.a, st.path + ".retry");
        code.push_back(pause);
        code.push_back(Instr{Code::Jump, 0, -1, std::int32_t(top)});
        patch(code, skip);
        return;
    }
    const bool branching = st.kind == StepKind::TryLock || in.timed;
    if (!branching) {
        code.push_back(in);
        emit(st.body, code);
        return;
    }
    const std::size_t top = code.size();
    const std::size_t at = placeholder(code, in); // jumps to "else" on failure
    emit(st.body, code);
    const std::size_t skip = placeholder(code, Instr{Code::Jump});
    patch(code, at);
    emit(st.other, code);
    if (st.meanwhile) // after the meanwhile steps, wait again
        code.push_back(Instr{Code::Jump, 0, -1, std::int32_t(top)});
    patch(code, skip);
}

void Compiler::repeat(const StepSpec& st, std::vector<Instr>& code) {
    const std::int64_t n = number(st.expr, st.path + ".repeat", true);
    if (n < 0 || n > kMaxRepeat)
        throw ScenarioError(st.path + ".repeat: " + std::to_string(n) + " is outside 0.." +
                            std::to_string(kMaxRepeat));
    if (n == 0) return;
    const int slot = m_slots++;
    Instr in;
    in.code = Code::RepeatBegin;
    in.slot = slot;
    in.count = n;
    code.push_back(in);
    const std::size_t body = code.size();
    emit(st.body, code);
    Instr end;
    end.code = Code::RepeatEnd;
    end.slot = slot;
    end.jump = std::int32_t(body);
    code.push_back(end);
}

ObjectKind Compiler::m_objectKinds(int objectIndex) const {
    for (const auto& [name, set] : m_sets)
        if (objectIndex >= set.first && objectIndex < set.first + set.count)
            for (const ObjectSpec& o : m_s.objects)
                if (o.name == name) return o.kind;
    return ObjectKind::Mutex;
}

// top: test (jumps out when done); body; jump top. Drain leaves when the queue is
// closed and empty, whileEmpty when it holds an item.
void Compiler::loop(Code test, const StepSpec& st, std::vector<Instr>& code) {
    const std::size_t top = code.size();
    Instr in;
    in.code = test;
    in.object = object(st);
    const std::size_t at = placeholder(code, in);
    emit(st.body, code);
    code.push_back(Instr{Code::Jump, 0, -1, std::int32_t(top)});
    patch(code, at);
}

} // namespace compiler

Program compile(const Scenario& s, const ParamValues& values) {
    return compiler::Compiler(s, values).run();
}

Time drawDuration(const Instr& in, Random& rng) {
    double v = 0;
    switch (in.dist) {
    case DurationSpec::Fixed:
        return in.a;
    case DurationSpec::Uniform:
        return in.a + Time(rng.uniform() * double(in.b - in.a + 1));
    case DurationSpec::Exponential: {
        const double u = 1.0 - rng.uniform(); // (0, 1]
        v = -std::log(u) * double(in.a);
        break;
    }
    case DurationSpec::Normal: {
        const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
        v = double(in.a) +
            double(in.b) * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        break;
    }
    }
    // Round to whole nanoseconds; a duration is never negative nor absurdly long.
    if (!(v > 0)) return 0;
    return Time(std::min(v, 1e15));
}

} // namespace tl
