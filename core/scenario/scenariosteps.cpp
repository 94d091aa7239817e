// The steps of a role's program: each checked against its row of the step table
// (steptable.h) for the modifiers that may go with it and the kinds of object it names,
// then read by what is its own (a trylock's retry, a wait's timeout, a repeat's count). The
// steps on shared state name registers and variables in their expressions: those names are
// checked once the whole role is read, since a register may be set by a step after the one
// that uses it (in a loop).
#include "scenario/scenarioread.h"
#include "scenario/steptable.h"

#include <algorithm>

namespace tl::scenarioread {

namespace {

class StepReader {
public:
    StepReader(const Scenario& s, const std::set<std::string>& roles,
               std::vector<std::string>& registers)
        : m_s(s), m_roles(roles), m_registers(registers) {}

    std::vector<StepSpec> steps(const Value& v, const std::string& path) {
        if (!v.isArray())
            fail(path, "expected an array of steps, found " + std::string(json::typeName(v.type)));
        std::vector<StepSpec> out;
        for (std::size_t i = 0; i < v.array.size(); ++i)
            out.push_back(step(v.array[i], path + "[" + std::to_string(i) + "]"));
        return out;
    }

private:
    StepSpec step(const Value& v, const std::string& path) {
        if (!v.isObject())
            fail(path, "a step is an object such as {\"work\": \"2ms\"}, found " +
                           std::string(json::typeName(v.type)));
        StepSpec st;
        st.path = path;
        const StepVerb* verb = nullptr;
        const Value* arg = nullptr;
        for (const auto& [k, val] : v.members) {
            if (const StepVerb* found = findStepVerb(k)) {
                if (verb)
                    fail(path, "one step per object: found both \"" + std::string(verb->key) +
                                   "\" and \"" + k + "\"");
                verb = found;
                arg = &val;
            } else if (!stepModifier(k)) {
                fail(path, "unknown step \"" + k + "\"" + at(val));
            }
        }
        if (!verb) fail(path, "a step needs a verb such as work, lock, put or repeat" + at(v));
        st.kind = verb->kind;
        const std::string name(verb->key);
        for (const auto& [k, val] : v.members)
            if (k != verb->key && !(stepModifier(k) & verb->modifiers))
                fail(path, "\"" + k + "\" does not go with \"" + name + "\"");
        if (verb->shape == StepShape::Timed) st.duration = duration(*arg, path + "." + name);
        if (verb->objects.count) objectRef(st, *arg, verb->objects, name);
        own(st, v, *arg);
        return st;
    }

    // What a step reads beyond its row: bodies, branches, a timeout, a count, a role.
    void own(StepSpec& st, const Value& v, const Value& arg) {
        const std::string& path = st.path;
        switch (st.kind) {
        case StepKind::TryLock:
            branches(st, v);
            if (const Value* r = v.find("retry")) {
                if (v.find("else"))
                    fail(path, "a trylock with retry has no \"else\": it tries until it succeeds");
                st.hasRetry = true;
                st.duration.a = durationExpr(*r, path + ".retry");
            }
            break;
        case StepKind::WhileEmpty:
            st.body = steps(member(v, "do", path), path + ".do");
            break;
        case StepKind::Put:
            if (const Value* item = v.find("item")) {
                st.item = text(*item, path + ".item");
                if (st.item != "spawned")
                    fail(path + ".item",
                         "the only item kind is \"spawned\" (the last spawned thread)");
            }
            break;
        case StepKind::Drain:
            if (const Value* body = v.find("do")) st.body = steps(*body, path + ".do");
            break;
        case StepKind::Close:
            if (const Value* last = v.find("last")) {
                if (!last->isBool()) fail(path + ".last", "expected true or false");
                st.last = last->boolean;
            }
            break;
        case StepKind::Wait:
            wait(st, v);
            break;
        case StepKind::Spawn:
            st.expr = text(arg, path + ".spawn");
            if (!m_roles.count(st.expr)) fail(path, "spawn: no role named \"" + st.expr + "\"");
            break;
        case StepKind::Join:
            st.expr = text(arg, path + ".join");
            if (st.expr != "item" && st.expr != "spawned")
                fail(path, "join takes \"item\" (the thread got from a queue) or \"spawned\"");
            break;
        case StepKind::Repeat:
            st.expr = exprText(arg, path + ".repeat");
            checkExpr(m_s, st.expr, path + ".repeat", true);
            st.body = steps(member(v, "do", path), path + ".do");
            break;
        case StepKind::If:
            st.expr = exprText(arg, path + ".if");
            runtimeExpr(st.expr, path + ".if");
            if (!v.find("then")) fail(path, "an if needs \"then\"");
            branches(st, v);
            break;
        default:
            if (st.kind >= StepKind::Read) return dataStep(st, v, arg);
            break; // all of it is in the step's row
        }
    }

    // The steps on shared variables and registers, and the conditions decided during the run.
    void dataStep(StepSpec& st, const Value& v, const Value& arg) {
        const std::string& path = st.path;
        const std::string verb(stepVerb(st.kind).key);
        // A value: an expression of registers, variables and parameters; `fallback` when it
        // may be left out.
        auto value = [&](const char* key, std::string& out, const char* fallback = nullptr) {
            const Value* x = v.find(key);
            if (!x) {
                if (!fallback) fail(path, verb + " needs \"" + key + "\"" + at(v));
                out = fallback;
                return;
            }
            out = exprText(*x, path + "." + key);
            runtimeExpr(out, path + "." + key);
        };
        auto into = [&](bool required) {
            const Value* x = v.find("into");
            if (!x) {
                if (required) fail(path, verb + " needs \"into\": the register it sets" + at(v));
                return;
            }
            st.into = text(*x, path + ".into");
            registerName(st.into, path + ".into");
        };
        auto time = [&] {
            if (const Value* t = v.find("time")) {
                st.duration = duration(*t, path + ".time");
                st.hasTime = true;
            }
        };
        auto condition = [&] {
            st.expr = exprText(arg, path + "." + verb);
            runtimeExpr(st.expr, path + "." + verb);
        };
        switch (st.kind) {
        case StepKind::Read:
            into(true);
            break;
        case StepKind::Compute:
            condition();
            into(true);
            time();
            break;
        case StepKind::Write:
            value("value", st.expr);
            break;
        case StepKind::Increment:
            value("value", st.expr, "1");
            time();
            break;
        case StepKind::FetchAdd:
            value("value", st.expr, "1");
            into(false);
            break;
        case StepKind::Exchange:
            value("value", st.expr);
            into(false);
            break;
        case StepKind::CompareExchange:
            value("expected", st.expected);
            value("value", st.expr);
            into(false);
            branches(st, v);
            break;
        case StepKind::Fence:
            if (!arg.isBool() || !arg.boolean)
                fail(path, "a fence is written {\"fence\": true}" + at(arg));
            break;
        case StepKind::Assert:
            condition();
            break;
        case StepKind::While:
            condition();
            st.body = steps(member(v, "do", path), path + ".do");
            break;
        default:
            break;
        }
    }

    // Checks an expression that may name registers and variables; the names themselves are
    // checked by checkNames once the role is read.
    void runtimeExpr(const std::string& e, const std::string& path) {
        ExprNames names;
        try {
            names = exprNames(e);
        } catch (const ExprError& err) {
            fail(path, "\"" + e + "\": " + err.what());
        }
        for (const std::string& p : names.params)
            if (p != "index" && p != "count" && !m_s.parameter(p))
                fail(path, "unknown parameter \"$" + p + "\"");
        for (ExprNames::Name& n : names.names)
            m_uses.push_back({path, std::move(n)});
    }

    void registerName(const std::string& name, const std::string& path) {
        if (!isExprWord(name))
            fail(path, "\"" + name +
                           "\" is not a usable register name (letters, digits and _, "
                           "not starting with a digit)");
        if (isReservedExprWord(name))
            fail(path, "\"" + name + "\" is a word of expressions; choose another register name");
        if (const ObjectSpec* o = findObject(m_s, name))
            fail(path, "\"" + name + "\" is the " + std::string(objectKindName(o->kind)) +
                           " of that name; a register needs a name of its own");
        if (std::find(m_registers.begin(), m_registers.end(), name) == m_registers.end())
            m_registers.push_back(name);
    }

public:
    // Every bare name in the role's expressions is a variable (one of a set named with an
    // index) or a register that some step of the role sets.
    void checkNames() {
        for (const auto& [path, n] : m_uses) {
            const ObjectSpec* o = findObject(m_s, n.name);
            if (o && o->kind == ObjectKind::Variable) {
                if (n.indexed && o->count.empty())
                    fail(path, "\"" + n.name + "\" is a single variable; it takes no index");
                if (!n.indexed && !o->count.empty())
                    fail(path, "\"" + n.name + "\" is a set of variables; name one as " + n.name +
                                   "[index]");
                continue;
            }
            if (o)
                fail(path, "\"" + n.name + "\" is a " + std::string(objectKindName(o->kind)) +
                               "; an expression can name variables and registers");
            if (std::find(m_registers.begin(), m_registers.end(), n.name) == m_registers.end())
                fail(path, "\"" + n.name +
                               "\" is neither a variable nor a register that a step of " +
                               "this role sets (with \"into\"); a parameter is written $" + n.name);
            if (n.indexed) fail(path, "\"" + n.name + "\" is a register; it takes no index");
        }
        m_uses.clear();
    }

private:
    void wait(StepSpec& st, const Value& v) {
        if (const Value* t = v.find("timeout")) {
            if (m_lastKind != ObjectKind::Event)
                fail(st.path + ".timeout", "only a wait on an event takes a timeout");
            st.hasTimeout = true;
            st.duration.a = durationExpr(*t, st.path + ".timeout");
        }
        branches(st, v);
        if (const Value* m = v.find("meanwhile")) {
            if (!st.hasTimeout || v.find("else"))
                fail(st.path, "\"meanwhile\" needs a timeout and replaces \"else\": the steps to "
                              "do each time the wait times out before waiting again");
            st.other = steps(*m, st.path + ".meanwhile");
            st.meanwhile = true;
        }
    }

    DurationSpec duration(const Value& v, const std::string& path) {
        DurationSpec d;
        if (!v.isObject()) {
            d.a = durationExpr(v, path);
            return d;
        }
        if (v.members.size() != 1)
            fail(path, "a distribution is one of {\"fixed\": d}, {\"uniform\": [min, max]}, "
                       "{\"exponential\": mean}, {\"normal\": [mean, sd]}");
        // Named references, not a structured binding: clang 14 cannot capture those.
        const std::string& k = v.members.front().first;
        const Value& arg = v.members.front().second;
        auto pair = [&](DurationSpec::Dist dist) {
            if (!arg.isArray() || arg.array.size() != 2)
                fail(path + "." + k, "expected two durations");
            d.dist = dist;
            d.a = durationExpr(arg.array[0], path + "." + k + "[0]");
            d.b = durationExpr(arg.array[1], path + "." + k + "[1]");
        };
        if (k == "fixed") {
            d.a = durationExpr(arg, path + ".fixed");
        } else if (k == "exponential") {
            d.dist = DurationSpec::Exponential;
            d.a = durationExpr(arg, path + ".exponential");
        } else if (k == "uniform") {
            pair(DurationSpec::Uniform);
        } else if (k == "normal") {
            pair(DurationSpec::Normal);
        } else {
            fail(path,
                 "unknown distribution \"" + k + "\" (known: fixed, uniform, exponential, normal)");
        }
        return d;
    }

    std::string durationExpr(const Value& v, const std::string& path) {
        return scenarioread::durationExpr(m_s, v, path);
    }

    void objectRef(StepSpec& st, const Value& v, const StepObjects& kinds,
                   const std::string& verb) {
        st.object = text(v, st.path);
        const std::string base = st.object.substr(0, st.object.find('['));
        const ObjectSpec* o = findObject(m_s, base);
        if (!o) fail(st.path, verb + ": no object named \"" + base + "\"");
        const ObjectKind* end = kinds.kinds + kinds.count;
        if (std::find(kinds.kinds, end, o->kind) == end) {
            std::string want;
            for (const ObjectKind* k = kinds.kinds; k != end; ++k)
                want += (want.empty() ? "" : " or ") + std::string(objectKindName(*k));
            fail(st.path, verb + ": \"" + base + "\" is a " + std::string(objectKindName(o->kind)) +
                              "; " + verb + " needs a " + want);
        }
        const auto open = st.object.find('[');
        if (open != std::string::npos) {
            if (st.object.back() != ']')
                fail(st.path, "\"" + st.object + "\": an index is written name[expression]");
            if (o->count.empty())
                fail(st.path, "\"" + base + "\" is a single object; it takes no index");
            checkExpr(m_s, st.object.substr(open + 1, st.object.size() - open - 2), st.path, true);
        } else if (!o->count.empty()) {
            fail(st.path, "\"" + base + "\" is a set of objects; name one as " + base + "[index]");
        }
        m_lastKind = o->kind;
    }

    void branches(StepSpec& st, const Value& v) {
        if (const Value* t = v.find("then")) st.body = steps(*t, st.path + ".then");
        if (const Value* e = v.find("else")) st.other = steps(*e, st.path + ".else");
    }

    const Scenario& m_s;
    const std::set<std::string>& m_roles;
    std::vector<std::string>& m_registers;
    struct NameUse {
        std::string path;
        ExprNames::Name name;
    };
    std::vector<NameUse> m_uses;
    ObjectKind m_lastKind = ObjectKind::Mutex;
};

} // namespace

std::vector<StepSpec> readSteps(const Value& v, const std::string& path, const Scenario& s,
                                const std::set<std::string>& roles,
                                std::vector<std::string>& registers) {
    StepReader reader(s, roles, registers);
    std::vector<StepSpec> out = reader.steps(v, path);
    reader.checkNames();
    return out;
}

} // namespace tl::scenarioread
