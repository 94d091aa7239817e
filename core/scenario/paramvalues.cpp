// Parameter values: the defaults, one typed by a person ("workers=8", "hold=1.5ms") checked
// against its parameter's type and range, and a value as the parameter shows it.
#include "scenario/scenario.h"

#include "model/timefmt.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace tl {

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

} // namespace tl
