#include "scenario/scenario.h"

#include "model/timefmt.h"
#include "scenario/json.h"
#include "scenario/sweeplink.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace tl {

namespace {

using json::Type;
using json::Value;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw ScenarioError(path.empty() ? what : path + ": " + what);
}

std::string at(const Value& v) {
    return " (line " + std::to_string(v.where.line) + ")";
}

// Far more than any real scenario declares; they keep the name checks, which compare each
// declaration with the ones before it, from taking quadratic time on a hostile file.
constexpr std::size_t kMaxParameters = 256;
constexpr std::size_t kMaxObjectDeclarations = 4095;
constexpr std::size_t kMaxRoles = 1024;

void checkCount(const Value& array, std::size_t max, const std::string& path,
                const std::string& what) {
    if (array.array.size() > max)
        fail(path, std::to_string(array.array.size()) + " " + what + "; at most " +
                       std::to_string(max) + at(array));
}

const Value& member(const Value& obj, const std::string& key, const std::string& path) {
    const Value* v = obj.find(key);
    if (!v) fail(path, "missing \"" + key + "\"" + at(obj));
    return *v;
}

std::string text(const Value& v, const std::string& path) {
    if (!v.isString())
        fail(path, "expected a string, found " + std::string(json::typeName(v.type)) + at(v));
    return v.string;
}

// An expression may be written as a JSON number or as a string.
std::string exprText(const Value& v, const std::string& path) {
    if (v.isNumber()) {
        if (!v.integral)
            fail(path, "expected a whole number, found " + std::to_string(v.number) + at(v));
        return std::to_string(v.integer);
    }
    if (v.isBool()) return v.boolean ? "1" : "0";
    return text(v, path);
}

void onlyKeys(const Value& obj, std::initializer_list<std::string_view> keys,
              const std::string& path) {
    for (const auto& [k, v] : obj.members)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
            std::string known;
            for (auto key : keys)
                known += (known.empty() ? "" : ", ") + std::string(key);
            fail(path, "unknown member \"" + k + "\"" + at(v) + " (known: " + known + ")");
        }
}

struct StepVerb {
    std::string_view key;
    StepKind kind;
};
constexpr StepVerb kVerbs[] = {
    {"work", StepKind::Work},
    {"io", StepKind::Io},
    {"sleep", StepKind::Sleep},
    {"lock", StepKind::Lock},
    {"unlock", StepKind::Unlock},
    {"trylock", StepKind::TryLock},
    {"readLock", StepKind::ReadLock},
    {"readUnlock", StepKind::ReadUnlock},
    {"put", StepKind::Put},
    {"get", StepKind::Get},
    {"drain", StepKind::Drain},
    {"close", StepKind::Close},
    {"acquire", StepKind::Acquire},
    {"release", StepKind::Release},
    {"wait", StepKind::Wait},
    {"abort", StepKind::Abort},
    {"notify", StepKind::Notify},
    {"notifyAll", StepKind::NotifyAll},
    {"set", StepKind::Set},
    {"clear", StepKind::Clear},
    {"spawn", StepKind::Spawn},
    {"join", StepKind::Join},
    {"repeat", StepKind::Repeat},
    {"if", StepKind::If},
    {"whileEmpty", StepKind::WhileEmpty},
};
constexpr std::string_view kModifiers[] = {"do",   "then", "else",  "timeout",
                                           "last", "item", "retry", "meanwhile"};

class ScenarioParser {
public:
    Scenario run(const Value& root, const std::string& origin) {
        if (!root.isObject())
            fail("", "a scenario file is a JSON object, found " +
                         std::string(json::typeName(root.type)));
        onlyKeys(
            root,
            {"id", "title", "explanation", "lookFor", "parameters", "objects", "roles", "stop"},
            "");
        Scenario s;
        s.origin = origin;
        s.id = text(member(root, "id", ""), "id");
        if (s.id.empty() || s.id.find_first_of(" /\\\"") != std::string::npos)
            fail("id", "\"" + s.id + "\" is not a usable id (no spaces, slashes or quotes)");
        s.title = text(member(root, "title", ""), "title");
        if (const Value* e = root.find("explanation")) s.explanation = text(*e, "explanation");
        if (const Value* l = root.find("lookFor")) {
            if (!l->isArray()) fail("lookFor", "expected an array of bullets");
            for (std::size_t i = 0; i < l->array.size(); ++i)
                lookFor(l->array[i], "lookFor[" + std::to_string(i) + "]", s);
        }
        if (const Value* p = root.find("parameters")) parameters(*p, s);
        // A sweep names parameters: read once they are known.
        for (const auto& [bullet, sweep, path] : m_sweeps)
            s.lookForSweeps[bullet] = parseSweepLink(*sweep, s, path);
        m_scenario = &s;
        if (const Value* o = root.find("objects")) objects(*o, s);
        const Value& roles = member(root, "roles", "");
        if (!roles.isArray() || roles.array.empty())
            fail("roles", "expected a non-empty array of roles");
        checkCount(roles, kMaxRoles, "roles", "roles");
        // Role names first: a spawn step may name a role declared after it.
        for (std::size_t i = 0; i < roles.array.size(); ++i) {
            const std::string path = "roles[" + std::to_string(i) + "]";
            if (!roles.array[i].isObject()) fail(path, "expected an object");
            m_roles.insert(text(member(roles.array[i], "name", path), path + ".name"));
        }
        for (std::size_t i = 0; i < roles.array.size(); ++i)
            s.roles.push_back(role(roles.array[i], "roles[" + std::to_string(i) + "]"));
        if (const Value* stop = root.find("stop")) {
            if (!stop->isObject()) fail("stop", "expected an object");
            onlyKeys(*stop, {"timeLimit"}, "stop");
            if (const Value* t = stop->find("timeLimit")) {
                s.timeLimit = exprText(*t, "stop.timeLimit");
                checkExpr(s.timeLimit, "stop.timeLimit", false);
            }
        }
        return s;
    }

private:
    // A bullet is a string, or {"text": "...", "find": {...}} naming the moment it shows, or
    // {"text": "...", "sweep": {...}} naming the runs it compares.
    void lookFor(const Value& v, const std::string& path, Scenario& s) {
        MomentQuery q;
        s.lookForSweeps.emplace_back();
        if (v.isString()) {
            s.lookFor.push_back(v.string);
            s.lookForMoments.push_back(q);
            return;
        }
        if (!v.isObject()) fail(path, "expected a string or {\"text\": ..., \"find\": {...}}");
        onlyKeys(v, {"text", "find", "sweep"}, path);
        s.lookFor.push_back(text(member(v, "text", path), path + ".text"));
        if (const Value* sweep = v.find("sweep")) {
            if (v.find("find"))
                fail(path, "a bullet shows a moment (\"find\") or a sweep (\"sweep\"), not both");
            m_sweeps.emplace_back(s.lookFor.size() - 1, sweep, path + ".sweep");
        }
        if (const Value* f = v.find("find")) {
            const std::string fp = path + ".find";
            if (!f->isObject()) fail(fp, "expected an object such as {\"state\": \"blocked\"}");
            onlyKeys(*f, {"state", "reason", "op", "role", "object", "longest", "end"}, fp);
            auto str = [&](const char* k, std::string& out) {
                if (const Value* x = f->find(k)) out = text(*x, fp + "." + k);
            };
            str("state", q.state);
            str("reason", q.reason);
            str("op", q.op);
            str("role", q.role);
            str("object", q.object);
            ThreadState st;
            Reason r;
            Op o;
            if (!q.state.empty() && !parseStateName(q.state, st))
                fail(fp + ".state", "unknown state \"" + q.state + "\"");
            if (!q.reason.empty() && !parseReasonName(q.reason, r))
                fail(fp + ".reason", "unknown reason \"" + q.reason + "\"");
            if (!q.op.empty() && !parseOpName(q.op, o))
                fail(fp + ".op", "unknown operation \"" + q.op + "\"");
            for (const char* k : {"longest", "end"})
                if (const Value* b = f->find(k)) {
                    if (!b->isBool()) fail(fp + "." + k, "expected true or false");
                    (std::string_view(k) == "longest" ? q.longest : q.end) = b->boolean;
                }
            q.valid = true;
        }
        s.lookForMoments.push_back(q);
    }

    void parameters(const Value& v, Scenario& s) {
        if (!v.isArray()) fail("parameters", "expected an array");
        checkCount(v, kMaxParameters, "parameters", "parameters");
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const std::string path = "parameters[" + std::to_string(i) + "]";
            const Value& p = v.array[i];
            if (!p.isObject()) fail(path, "expected an object");
            onlyKeys(p, {"name", "label", "type", "min", "max", "default", "choices", "help"},
                     path);
            ParamSpec spec;
            spec.name = text(member(p, "name", path), path + ".name");
            if (spec.name.empty() || spec.name == "index" || spec.name == "count")
                fail(path + ".name", "\"" + spec.name + "\" cannot be a parameter name");
            for (const ParamSpec& other : s.parameters)
                if (other.name == spec.name)
                    fail(path + ".name", "parameter \"" + spec.name + "\" is declared twice");
            spec.label = p.find("label") ? text(*p.find("label"), path + ".label") : spec.name;
            if (const Value* h = p.find("help")) spec.help = text(*h, path + ".help");
            const std::string type = text(member(p, "type", path), path + ".type");
            const Value& def = member(p, "default", path);
            if (type == "int" || type == "duration") {
                spec.type = type == "int" ? ParamType::Int : ParamType::Duration;
                spec.min = number(member(p, "min", path), spec.type, path + ".min");
                spec.max = number(member(p, "max", path), spec.type, path + ".max");
                spec.def = ExprValue::of(number(def, spec.type, path + ".default"));
                if (spec.min > spec.max) fail(path, "min is above max");
                if (spec.def.number < spec.min || spec.def.number > spec.max)
                    fail(path + ".default", "the default is outside [min, max]");
            } else if (type == "choice") {
                spec.type = ParamType::Choice;
                const Value& c = member(p, "choices", path);
                if (!c.isArray() || c.array.empty())
                    fail(path + ".choices", "expected a non-empty array of strings");
                for (std::size_t k = 0; k < c.array.size(); ++k)
                    spec.choices.push_back(
                        text(c.array[k], path + ".choices[" + std::to_string(k) + "]"));
                spec.def = ExprValue::of(text(def, path + ".default"));
                if (std::find(spec.choices.begin(), spec.choices.end(), spec.def.text) ==
                    spec.choices.end())
                    fail(path + ".default", "\"" + spec.def.text + "\" is not one of the choices");
            } else if (type == "bool") {
                spec.type = ParamType::Bool;
                if (!def.isBool()) fail(path + ".default", "expected true or false");
                spec.def = ExprValue::of(std::int64_t(def.boolean));
                spec.max = 1;
            } else {
                fail(path + ".type",
                     "unknown type \"" + type + "\" (known: int, duration, choice, bool)");
            }
            s.parameters.push_back(std::move(spec));
        }
    }

    static std::int64_t number(const Value& v, ParamType type, const std::string& path) {
        if (type == ParamType::Int) {
            if (!v.isNumber() || !v.integral) fail(path, "expected a whole number" + at(v));
            return v.integer;
        }
        if (v.isNumber() && v.integral && v.integer == 0) return 0;
        if (!v.isString()) fail(path, "expected a duration such as \"5ms\"" + at(v));
        auto d = parseDuration(v.string);
        if (!d) fail(path, "\"" + v.string + "\" is not a duration (write e.g. 250us, 5ms, 1.5s)");
        return *d;
    }

    void checkExpr(const std::string& e, const std::string& path, bool inRole) {
        std::vector<std::string> vars;
        try {
            vars = exprVariables(e);
        } catch (const ExprError& err) {
            fail(path, "\"" + e + "\": " + err.what());
        }
        for (const std::string& v : vars) {
            if (inRole && (v == "index" || v == "count")) continue;
            if (!m_scenario->parameter(v)) fail(path, "unknown parameter \"$" + v + "\"");
        }
    }

    void objects(const Value& v, Scenario& s) {
        if (!v.isArray()) fail("objects", "expected an array");
        checkCount(v, kMaxObjectDeclarations, "objects", "objects");
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const std::string path = "objects[" + std::to_string(i) + "]";
            const Value& o = v.array[i];
            if (!o.isObject()) fail(path, "expected an object");
            ObjectSpec spec;
            spec.path = path;
            int kinds = 0;
            // A condition names its mutex with "mutex", which is not a second kind.
            const bool isCondition = o.find("condition") != nullptr;
            for (const auto& [k, val] : o.members) {
                ObjectKind kind;
                if (parseObjectKindName(k, kind) && !(isCondition && kind == ObjectKind::Mutex)) {
                    ++kinds;
                    spec.kind = kind;
                    spec.name = text(val, path + "." + k);
                }
            }
            if (kinds != 1)
                fail(path, kinds == 0 ? "an object needs one of mutex, queue, semaphore, barrier, "
                                        "condition, event, rwlock, gil naming it" +
                                            at(o)
                                      : "an object has exactly one kind" + at(o));
            if (spec.name.empty() || spec.name.find_first_of("[]$") != std::string::npos)
                fail(path, "\"" + spec.name + "\" is not a usable object name");
            for (const ObjectSpec& other : s.objects)
                if (other.name == spec.name)
                    fail(path, "object \"" + spec.name + "\" is declared twice");
            const std::string kindKey(objectKindName(spec.kind));
            onlyKeys(o,
                     {kindKey, "count", "capacity", "permits", "parties", "mutex", "policy",
                      "interval", "switchCost", "enabled"},
                     path);
            if (const Value* c = o.find("count")) {
                spec.count = exprText(*c, path + ".count");
                checkExpr(spec.count, path + ".count", false);
            }
            const char* sizeKey = spec.kind == ObjectKind::Queue       ? "capacity"
                                  : spec.kind == ObjectKind::Semaphore ? "permits"
                                  : spec.kind == ObjectKind::Barrier   ? "parties"
                                                                       : nullptr;
            for (const char* k : {"capacity", "permits", "parties"})
                if (o.find(k) && (!sizeKey || std::string_view(k) != sizeKey))
                    fail(path + "." + k, "a " + kindKey + " has no " + k);
            if (sizeKey) {
                spec.size = exprText(member(o, sizeKey, path), path + "." + sizeKey);
                checkExpr(spec.size, path + "." + sizeKey, false);
            }
            if (spec.kind == ObjectKind::Condition) {
                spec.mutex = text(member(o, "mutex", path), path + ".mutex");
                const ObjectSpec* m = find(s, spec.mutex);
                if (!m || m->kind != ObjectKind::Mutex || !m->count.empty())
                    fail(path + ".mutex",
                         "\"" + spec.mutex + "\" is not a single mutex declared above");
            } else if (spec.kind != ObjectKind::Mutex && o.find("mutex")) {
                fail(path + ".mutex", "only a condition names a mutex");
            }
            for (const char* k : {"interval", "switchCost", "enabled"}) {
                const Value* v = o.find(k);
                if (!v) continue;
                if (spec.kind != ObjectKind::Gil)
                    fail(path + "." + k, std::string("only a gil has ") + k);
                std::string& field = std::string_view(k) == "interval"     ? spec.interval
                                     : std::string_view(k) == "switchCost" ? spec.switchCost
                                                                           : spec.enabled;
                field = std::string_view(k) == "enabled" ? exprText(*v, path + "." + k)
                                                         : durationExpr(*v, path + "." + k);
                checkExpr(field, path + "." + k, false);
            }
            if (spec.kind == ObjectKind::Gil) {
                if (!spec.count.empty())
                    fail(path + ".count", "there is one global interpreter lock, not a set");
                for (const ObjectSpec& other : s.objects)
                    if (other.kind == ObjectKind::Gil) fail(path, "a scenario has at most one gil");
            }
            if (const Value* p = o.find("policy")) {
                if (spec.kind != ObjectKind::RwLock)
                    fail(path + ".policy", "only an rwlock has a policy");
                spec.policy = exprText(*p, path + ".policy");
                checkExpr(spec.policy, path + ".policy", false);
            }
            s.objects.push_back(std::move(spec));
        }
    }

    static const ObjectSpec* find(const Scenario& s, std::string_view name) {
        for (const ObjectSpec& o : s.objects)
            if (o.name == name) return &o;
        return nullptr;
    }

    RoleSpec role(const Value& v, const std::string& path) {
        onlyKeys(v, {"name", "count", "spawned", "program"}, path);
        RoleSpec r;
        r.path = path;
        r.name = text(member(v, "name", path), path + ".name");
        if (r.name.empty()) fail(path + ".name", "a role needs a name");
        for (const std::string& n : m_seenRoles)
            if (n == r.name) fail(path + ".name", "role \"" + r.name + "\" is declared twice");
        m_seenRoles.push_back(r.name);
        r.count = v.find("count") ? exprText(*v.find("count"), path + ".count") : "1";
        checkExpr(r.count, path + ".count", false);
        if (const Value* sp = v.find("spawned")) {
            if (!sp->isBool()) fail(path + ".spawned", "expected true or false");
            r.spawned = sp->boolean;
        }
        r.program = steps(member(v, "program", path), path + ".program");
        return r;
    }

    std::vector<StepSpec> steps(const Value& v, const std::string& path) {
        if (!v.isArray())
            fail(path, "expected an array of steps, found " + std::string(json::typeName(v.type)));
        std::vector<StepSpec> out;
        for (std::size_t i = 0; i < v.array.size(); ++i)
            out.push_back(step(v.array[i], path + "[" + std::to_string(i) + "]"));
        return out;
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
        if (v.isNumber() && !(v.integral && v.integer == 0))
            fail(path,
                 "a duration needs a unit: write e.g. \"" + std::to_string(v.integer) + "ms\"");
        const std::string e = exprText(v, path);
        checkExpr(e, path, true);
        return e;
    }

    void objectRef(StepSpec& st, const Value& v, std::initializer_list<ObjectKind> kinds,
                   const std::string& verb) {
        st.object = text(v, st.path);
        const std::string base = st.object.substr(0, st.object.find('['));
        const ObjectSpec* o = find(*m_scenario, base);
        if (!o) fail(st.path, verb + ": no object named \"" + base + "\"");
        if (std::find(kinds.begin(), kinds.end(), o->kind) == kinds.end()) {
            std::string want;
            for (ObjectKind k : kinds)
                want += (want.empty() ? "" : " or ") + std::string(objectKindName(k));
            fail(st.path, verb + ": \"" + base + "\" is a " + std::string(objectKindName(o->kind)) +
                              "; " + verb + " needs a " + want);
        }
        const auto open = st.object.find('[');
        if (open != std::string::npos) {
            if (st.object.back() != ']')
                fail(st.path, "\"" + st.object + "\": an index is written name[expression]");
            if (o->count.empty())
                fail(st.path, "\"" + base + "\" is a single object; it takes no index");
            checkExpr(st.object.substr(open + 1, st.object.size() - open - 2), st.path, true);
        } else if (!o->count.empty()) {
            fail(st.path, "\"" + base + "\" is a set of objects; name one as " + base + "[index]");
        }
        m_lastKind = o->kind;
    }

    StepSpec step(const Value& v, const std::string& path) {
        if (!v.isObject())
            fail(path, "a step is an object such as {\"work\": \"2ms\"}, found " +
                           std::string(json::typeName(v.type)));
        StepSpec st;
        st.path = path;
        const StepVerb* verb = nullptr;
        const Value* arg = nullptr;
        for (const auto& [k, val] : v.members) {
            const StepVerb* found = nullptr;
            for (const StepVerb& sv : kVerbs)
                if (sv.key == k) found = &sv;
            if (found) {
                if (verb)
                    fail(path, "one step per object: found both \"" + std::string(verb->key) +
                                   "\" and \"" + k + "\"");
                verb = found;
                arg = &val;
            } else if (std::find(std::begin(kModifiers), std::end(kModifiers), k) ==
                       std::end(kModifiers)) {
                fail(path, "unknown step \"" + k + "\"" + at(val));
            }
        }
        if (!verb) fail(path, "a step needs a verb such as work, lock, put or repeat" + at(v));
        st.kind = verb->kind;
        const std::string name(verb->key);
        auto allow = [&](std::initializer_list<std::string_view> mods) {
            for (const auto& [k, val] : v.members)
                if (k != verb->key && std::find(mods.begin(), mods.end(), k) == mods.end())
                    fail(path, "\"" + k + "\" does not go with \"" + name + "\"");
        };
        switch (st.kind) {
        case StepKind::Work:
        case StepKind::Io:
        case StepKind::Sleep:
            allow({});
            st.duration = duration(*arg, path + "." + name);
            break;
        case StepKind::Lock:
        case StepKind::Unlock:
            allow({});
            objectRef(st, *arg, {ObjectKind::Mutex, ObjectKind::RwLock}, name);
            break;
        case StepKind::ReadLock:
        case StepKind::ReadUnlock:
            allow({});
            objectRef(st, *arg, {ObjectKind::RwLock}, name);
            break;
        case StepKind::TryLock:
            allow({"then", "else", "retry"});
            objectRef(st, *arg, {ObjectKind::Mutex}, name);
            branches(st, v);
            if (const Value* r = v.find("retry")) {
                if (v.find("else"))
                    fail(path, "a trylock with retry has no \"else\": it tries until it succeeds");
                st.hasRetry = true;
                st.duration.a = durationExpr(*r, path + ".retry");
            }
            break;
        case StepKind::WhileEmpty:
            allow({"do"});
            objectRef(st, *arg, {ObjectKind::Queue}, name);
            st.body = steps(member(v, "do", path), path + ".do");
            break;
        case StepKind::Put:
            allow({"item"});
            objectRef(st, *arg, {ObjectKind::Queue}, name);
            if (const Value* item = v.find("item")) {
                st.item = text(*item, path + ".item");
                if (st.item != "spawned")
                    fail(path + ".item",
                         "the only item kind is \"spawned\" (the last spawned thread)");
            }
            break;
        case StepKind::Get:
            allow({});
            objectRef(st, *arg, {ObjectKind::Queue}, name);
            break;
        case StepKind::Drain:
            allow({"do"});
            objectRef(st, *arg, {ObjectKind::Queue}, name);
            if (const Value* body = v.find("do")) st.body = steps(*body, path + ".do");
            break;
        case StepKind::Close:
            allow({"last"});
            objectRef(st, *arg, {ObjectKind::Queue}, name);
            if (const Value* last = v.find("last")) {
                if (!last->isBool()) fail(path + ".last", "expected true or false");
                st.last = last->boolean;
            }
            break;
        case StepKind::Acquire:
        case StepKind::Release:
            allow({});
            objectRef(st, *arg, {ObjectKind::Semaphore}, name);
            break;
        case StepKind::Wait:
            allow({"timeout", "then", "else", "meanwhile"});
            objectRef(st, *arg, {ObjectKind::Barrier, ObjectKind::Event, ObjectKind::Condition},
                      name);
            if (const Value* t = v.find("timeout")) {
                if (m_lastKind != ObjectKind::Event)
                    fail(path + ".timeout", "only a wait on an event takes a timeout");
                st.hasTimeout = true;
                st.duration.a = durationExpr(*t, path + ".timeout");
            }
            branches(st, v);
            if (const Value* m = v.find("meanwhile")) {
                if (!st.hasTimeout || v.find("else"))
                    fail(path, "\"meanwhile\" needs a timeout and replaces \"else\": the steps to "
                               "do each time the wait times out before waiting again");
                st.other = steps(*m, path + ".meanwhile");
                st.meanwhile = true;
            }
            break;
        case StepKind::Abort:
            allow({});
            objectRef(st, *arg, {ObjectKind::Barrier}, name);
            break;
        case StepKind::Notify:
        case StepKind::NotifyAll:
            allow({});
            objectRef(st, *arg, {ObjectKind::Condition}, name);
            break;
        case StepKind::Set:
        case StepKind::Clear:
            allow({});
            objectRef(st, *arg, {ObjectKind::Event}, name);
            break;
        case StepKind::Spawn:
            allow({});
            st.expr = text(*arg, path + ".spawn");
            if (!m_roles.count(st.expr)) fail(path, "spawn: no role named \"" + st.expr + "\"");
            break;
        case StepKind::Join:
            allow({});
            st.expr = text(*arg, path + ".join");
            if (st.expr != "item" && st.expr != "spawned")
                fail(path, "join takes \"item\" (the thread got from a queue) or \"spawned\"");
            break;
        case StepKind::Repeat:
            allow({"do"});
            st.expr = exprText(*arg, path + ".repeat");
            checkExpr(st.expr, path + ".repeat", true);
            st.body = steps(member(v, "do", path), path + ".do");
            break;
        case StepKind::If:
            allow({"then", "else"});
            st.expr = exprText(*arg, path + ".if");
            checkExpr(st.expr, path + ".if", true);
            if (!v.find("then")) fail(path, "an if needs \"then\"");
            branches(st, v);
            break;
        }
        return st;
    }

    void branches(StepSpec& st, const Value& v) {
        if (const Value* t = v.find("then")) st.body = steps(*t, st.path + ".then");
        if (const Value* e = v.find("else")) st.other = steps(*e, st.path + ".else");
    }

    const Scenario* m_scenario = nullptr;
    // Bullets with a "sweep": the bullet's index, its member, and where it is.
    std::vector<std::tuple<std::size_t, const Value*, std::string>> m_sweeps;
    std::set<std::string> m_roles;
    std::vector<std::string> m_seenRoles;
    ObjectKind m_lastKind = ObjectKind::Mutex;
};

} // namespace

const ParamSpec* Scenario::parameter(std::string_view name) const {
    for (const ParamSpec& p : parameters)
        if (p.name == name) return &p;
    return nullptr;
}

Scenario parseScenario(std::string_view text, const std::string& origin) {
    Value root;
    try {
        root = json::parse(text);
    } catch (const json::ParseError& e) {
        throw ScenarioError(e.what());
    }
    return ScenarioParser().run(root, origin);
}

Scenario loadScenarioFile(const std::string& path) {
    // Only a regular file, and only one of a sensible size: a folder would read as empty,
    // /dev/zero would never end, and a huge file would be read whole before it is refused.
    std::error_code ec;
    const auto status = std::filesystem::status(std::filesystem::path(path), ec);
    if (ec || !std::filesystem::exists(status))
        throw ScenarioError(path + ": cannot open the file" +
                            (ec ? " (" + ec.message() + ")" : std::string(" (no such file)")));
    if (std::filesystem::is_directory(status))
        throw ScenarioError(path + ": is a folder, not a scenario file");
    if (!std::filesystem::is_regular_file(status))
        throw ScenarioError(path + ": not a regular file");
    const auto size = std::filesystem::file_size(std::filesystem::path(path), ec);
    const std::size_t limit = json::Limits{}.maxBytes;
    if (!ec && size > limit)
        throw ScenarioError(path + ": the file is " + std::to_string(size) +
                            " bytes; the limit is " + std::to_string(limit));
    std::ifstream in(std::filesystem::path(path), std::ios::binary);
    if (!in) throw ScenarioError(path + ": cannot open the file");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw ScenarioError(path + ": cannot read the file");
    try {
        return parseScenario(buf.str(), path);
    } catch (const ScenarioError& e) {
        throw ScenarioError(path + ": " + e.what());
    }
}

std::string formatParamValue(const ParamSpec& p, const ExprValue& v) {
    switch (p.type) {
    case ParamType::Int:
        return std::to_string(v.number);
    case ParamType::Duration:
        return exactTime(v.number);
    case ParamType::Bool:
        return v.number ? "true" : "false";
    case ParamType::Choice:
        return v.text;
    }
    return {};
}

ParamValues defaultValues(const Scenario& s) {
    ParamValues values;
    for (const ParamSpec& p : s.parameters)
        values[p.name] = p.def;
    return values;
}

void setParameter(const Scenario& s, ParamValues& values, std::string_view name,
                  std::string_view text) {
    const ParamSpec* p = s.parameter(name);
    const std::string where = "parameter \"" + std::string(name) + "\"";
    if (!p) {
        std::string known;
        for (const ParamSpec& q : s.parameters)
            known += (known.empty() ? "" : ", ") + q.name;
        throw ScenarioError(where + ": " + s.id + " has no such parameter (known: " + known + ")");
    }
    ExprValue v;
    switch (p->type) {
    case ParamType::Int: {
        std::int64_t n = 0;
        const std::string t(text);
        char* end = nullptr;
        errno = 0;
        n = std::strtoll(t.c_str(), &end, 10);
        if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE)
            throw ScenarioError(where + ": \"" + t + "\" is not a whole number");
        v = ExprValue::of(n);
        break;
    }
    case ParamType::Duration: {
        auto d = parseDuration(text);
        if (!d)
            throw ScenarioError(where + ": \"" + std::string(text) +
                                "\" is not a duration (write e.g. 250us, 5ms, 1.5s)");
        v = ExprValue::of(*d);
        break;
    }
    case ParamType::Bool:
        if (text == "true" || text == "1" || text == "on" || text == "yes")
            v = ExprValue::of(std::int64_t(1));
        else if (text == "false" || text == "0" || text == "off" || text == "no")
            v = ExprValue::of(std::int64_t(0));
        else
            throw ScenarioError(where + ": \"" + std::string(text) + "\" is not true or false");
        break;
    case ParamType::Choice:
        if (std::find(p->choices.begin(), p->choices.end(), text) == p->choices.end()) {
            std::string known;
            for (const std::string& c : p->choices)
                known += (known.empty() ? "" : ", ") + c;
            throw ScenarioError(where + ": \"" + std::string(text) + "\" is not one of " + known);
        }
        v = ExprValue::of(std::string(text));
        break;
    }
    if (p->type == ParamType::Int || p->type == ParamType::Duration) {
        if (v.number < p->min)
            throw ScenarioError(where + ": " + formatParamValue(*p, v) + " is below the minimum " +
                                formatParamValue(*p, ExprValue::of(p->min)));
        if (v.number > p->max)
            throw ScenarioError(where + ": " + formatParamValue(*p, v) + " is above the maximum " +
                                formatParamValue(*p, ExprValue::of(p->max)));
    }
    values[p->name] = v;
}

void setAssignment(const Scenario& s, ParamValues& values, std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw ScenarioError("--set \"" + std::string(assignment) + "\": expected name=value");
    setParameter(s, values, assignment.substr(0, eq), assignment.substr(eq + 1));
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
