// The scenario file's sections: id and texts, the "what to look for" bullets, parameters,
// objects, roles and the stop rule. A role's steps are read in scenariosteps.cpp, with the
// helpers both share in scenarioread.h; parameter values are in paramvalues.cpp.
#include "scenario/scenario.h"

#include "model/timefmt.h"
#include "scenario/json.h"
#include "scenario/scenarioread.h"
#include "scenario/sweeplink.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace tl {

namespace {

using namespace scenarioread;

// Far more than any real scenario declares; they keep the name checks, which compare each
// declaration with the ones before it, from taking quadratic time on a hostile file.
constexpr std::size_t kMaxParameters = 256;
constexpr std::size_t kMaxObjectDeclarations = 4095;
constexpr std::size_t kMaxRoles = 1024;
constexpr std::size_t kMaxGoals = 64;

class ScenarioParser {
public:
    Scenario run(const Value& root, const std::string& origin) {
        if (!root.isObject())
            fail("", "a scenario file is a JSON object, found " +
                         std::string(json::typeName(root.type)));
        onlyKeys(root,
                 {"id", "title", "explanation", "lookFor", "parameters", "objects", "roles", "stop",
                  "expect", "goals"},
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
        if (const Value* e = root.find("expect")) s.expect = condition(*e, "expect", s);
        if (const Value* g = root.find("goals")) goals(*g, s);
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
            onlyKeys(
                *f,
                {"state", "reason", "op", "role", "object", "longest", "end", "lostUpdate", "race"},
                fp);
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
            for (const char* k : {"longest", "end", "lostUpdate", "race"})
                if (const Value* b = f->find(k)) {
                    if (!b->isBool()) fail(fp + "." + k, "expected true or false");
                    const std::string_view key(k);
                    (key == "longest" ? q.longest
                     : key == "end"   ? q.end
                     : key == "race"  ? q.race
                                      : q.lostUpdate) = b->boolean;
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
        scenarioread::checkExpr(*m_scenario, e, path, inRole);
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
                                        "condition, event, rwlock, gil, variable naming it" +
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
                      "interval", "switchCost", "enabled", "initial", "expect", "atomic"},
                     path);
            variable(o, spec);
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
                const ObjectSpec* m = findObject(s, spec.mutex);
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
                field = std::string_view(k) == "enabled"
                            ? exprText(*v, path + "." + k)
                            : durationExpr(*m_scenario, *v, path + "." + k);
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

    // A variable is named in expressions, so its name is a word (counter, flag, next_slot);
    // it starts at "initial" (0 by default) and may state the value it should end with
    // ("expect"); "atomic" makes every access to it atomic.
    void variable(const Value& o, ObjectSpec& spec) {
        const std::string& path = spec.path;
        for (const char* k : {"initial", "expect", "atomic"})
            if (o.find(k) && spec.kind != ObjectKind::Variable)
                fail(path + "." + k, std::string("only a variable has \"") + k + "\"");
        if (spec.kind != ObjectKind::Variable) return;
        if (!isExprWord(spec.name))
            fail(path, "\"" + spec.name +
                           "\" is not a usable variable name: expressions name "
                           "variables, so use letters, digits and _, not starting with a digit");
        if (isReservedExprWord(spec.name))
            fail(path, "\"" + spec.name + "\" is a word of expressions; choose another name");
        spec.initial = "0";
        if (const Value* i = o.find("initial")) {
            spec.initial = exprText(*i, path + ".initial");
            checkExpr(spec.initial, path + ".initial", false);
        }
        if (const Value* e = o.find("expect")) {
            spec.expect = exprText(*e, path + ".expect");
            checkExpr(spec.expect, path + ".expect", false);
        }
        if (const Value* a = o.find("atomic")) {
            spec.atomic = exprText(*a, path + ".atomic");
            checkExpr(spec.atomic, path + ".atomic", false);
        }
    }

    // A condition at the scenario's level (its "expect", a goal's "when"): every $name a
    // parameter, every bare name a variable, one of a set named with its index.
    static std::string condition(const Value& v, const std::string& path, const Scenario& s) {
        const std::string e = exprText(v, path);
        ExprNames names;
        try {
            names = exprNames(e);
        } catch (const ExprError& err) {
            fail(path, "\"" + e + "\": " + err.what() + atColumn(v));
        }
        for (const std::string& p : names.params)
            if (!s.parameter(p)) fail(path, "unknown parameter \"$" + p + "\"" + atColumn(v));
        for (const ExprNames::Name& n : names.names) {
            const ObjectSpec* o = findObject(s, n.name);
            if (!o || o->kind != ObjectKind::Variable)
                fail(path, "\"" + n.name +
                               "\" is not a variable: this condition names the scenario's "
                               "variables and its $parameters" +
                               atColumn(v));
            if (n.indexed && o->count.empty())
                fail(path,
                     "\"" + n.name + "\" is a single variable; it takes no index" + atColumn(v));
            if (!n.indexed && !o->count.empty())
                fail(path, "\"" + n.name + "\" is a set of variables; name one as " + n.name +
                               "[index]" + atColumn(v));
        }
        return e;
    }

    // The goals the explorer can be asked to reach: {"name": ..., "when": ..., "at": "end"},
    // {"name": ..., "deadlock": true} or {"name": ..., "assertFails": true}.
    static void goals(const Value& v, Scenario& s) {
        if (!v.isArray())
            fail("goals", "expected an array of goals such as {\"name\": \"deadlock\", "
                          "\"deadlock\": true}" +
                              atColumn(v));
        checkCount(v, kMaxGoals, "goals", "goals");
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const std::string path = "goals[" + std::to_string(i) + "]";
            const Value& g = v.array[i];
            if (!g.isObject()) fail(path, "expected an object" + atColumn(g));
            onlyKeys(g, {"name", "when", "at", "deadlock", "assertFails"}, path);
            GoalSpec spec;
            spec.path = path;
            const Value& name = member(g, "name", path);
            spec.name = text(name, path + ".name");
            if (spec.name.empty()) fail(path + ".name", "a goal needs a name" + atColumn(name));
            for (const GoalSpec& other : s.goals)
                if (other.name == spec.name)
                    fail(path + ".name",
                         "goal \"" + spec.name + "\" is named twice" + atColumn(name));
            const Value* when = g.find("when");
            const Value* deadlock = g.find("deadlock");
            const Value* assertFails = g.find("assertFails");
            if (int(when != nullptr) + int(deadlock != nullptr) + int(assertFails != nullptr) != 1)
                fail(path, "a goal has one of \"when\" (a condition on the variables), "
                           "\"deadlock\": true or \"assertFails\": true" +
                               atColumn(g));
            for (const auto& [key, flag] :
                 {std::pair{"deadlock", deadlock}, std::pair{"assertFails", assertFails}})
                if (flag && !(flag->isBool() && flag->boolean))
                    fail(path + "." + key, std::string("expected true") + atColumn(*flag));
            const Value* at = g.find("at");
            if (at && !when)
                fail(path + ".at", "only a goal with \"when\" has \"at\"" + atColumn(*at));
            if (when) {
                spec.when = condition(*when, path + ".when", s);
                const std::string moment = at ? text(*at, path + ".at") : "any";
                if (moment != "any" && moment != "end")
                    fail(path + ".at", "\"" + moment +
                                           "\" is not a moment: \"any\" (after every step, the "
                                           "default) or \"end\" (when every thread has finished)" +
                                           atColumn(*at));
                spec.kind = moment == "end" ? GoalSpec::Kind::End : GoalSpec::Kind::State;
            } else {
                spec.kind = deadlock ? GoalSpec::Kind::Deadlock : GoalSpec::Kind::AssertFails;
            }
            s.goals.push_back(std::move(spec));
        }
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
        r.program = readSteps(member(v, "program", path), path + ".program", *m_scenario, m_roles,
                              r.registers);
        return r;
    }

    const Scenario* m_scenario = nullptr;
    // Bullets with a "sweep": the bullet's index, its member, and where it is.
    std::vector<std::tuple<std::size_t, const Value*, std::string>> m_sweeps;
    std::set<std::string> m_roles;
    std::vector<std::string> m_seenRoles;
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

} // namespace tl
