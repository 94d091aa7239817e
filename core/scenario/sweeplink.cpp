#include "scenario/sweeplink.h"

#include "scenario/sweeppoints.h"

#include <algorithm>

namespace tl {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, const json::Value& v) {
    throw ScenarioError(path + ": " + what + " (line " + std::to_string(v.where.line) + ")");
}

std::string known(const Scenario& s) {
    std::string out;
    for (const ParamSpec& p : s.parameters)
        if (p.type == ParamType::Int || p.type == ParamType::Duration) out += p.name + ", ";
    return out + std::string(kSweepCores);
}

} // namespace

SweepLink parseSweepLink(const json::Value& v, const Scenario& s, const std::string& path) {
    if (!v.isObject())
        fail(path, "expected an object such as {\"vary\": \"workers\", \"values\": [2, 4, 8]}", v);
    for (const auto& [key, member] : v.members)
        if (key != "vary" && key != "values" && key != "chart")
            fail(path, "unknown member \"" + key + "\" (known: vary, values, chart)", member);
    SweepLink link;
    const json::Value* vary = v.find("vary");
    if (!vary || !vary->isString()) fail(path + ".vary", "expected a parameter's name", v);
    link.vary = vary->string;
    const ParamSpec* p = s.parameter(link.vary);
    const bool cores = link.vary == kSweepCores;
    if (!cores && (!p || (p->type != ParamType::Int && p->type != ParamType::Duration)))
        fail(path + ".vary",
             "\"" + link.vary + "\" is no whole-number or duration parameter (known: " + known(s) +
                 ")",
             *vary);

    const json::Value* values = v.find("values");
    if (!values || !values->isArray() || values->array.size() < 2)
        fail(path + ".values", "expected two values or more, such as [2, 4, 8]", v);
    if (values->array.size() > kMaxSweepPoints)
        fail(path + ".values", "at most " + std::to_string(kMaxSweepPoints) + " values", *values);
    for (std::size_t i = 0; i < values->array.size(); ++i) {
        const json::Value& x = values->array[i];
        const std::string where = path + ".values[" + std::to_string(i) + "]";
        std::string text;
        if (x.isNumber() && x.integral)
            text = std::to_string(x.integer);
        else if (x.isString() && p && p->type == ParamType::Duration)
            text = x.string;
        else
            fail(where,
                 p && p->type == ParamType::Duration ? "expected a duration such as \"5ms\""
                                                     : "expected a whole number",
                 x);
        if (cores) {
            if (x.integer < 1 || x.integer > 64) fail(where, "cores go from 1 to 64", x);
            link.values.push_back(x.integer);
        } else {
            ParamValues probe;
            try {
                setParameter(s, probe, link.vary, text);
            } catch (const ScenarioError& e) {
                fail(where, e.what(), x);
            }
            link.values.push_back(probe.at(link.vary).number);
        }
        if (i > 0 && link.values[i] <= link.values[i - 1])
            fail(where, "the values must increase", x);
    }
    // As the sweep panel runs them: a range with evenly spaced or doubling points.
    const std::int64_t from = link.values.front(), to = link.values.back();
    const int n = int(link.values.size());
    if (sweepPoints(from, to, n, false) != link.values) {
        link.doubling = true;
        if (from < 1 || sweepPoints(from, to, n, true) != link.values)
            fail(path + ".values",
                 "the values must step evenly (2, 4, 6) or each double the last (2, 4, 8)",
                 *values);
    }

    if (const json::Value* chart = v.find("chart")) {
        if (!chart->isString() || std::find(std::begin(kSweepCharts), std::end(kSweepCharts),
                                            chart->string) == std::end(kSweepCharts)) {
            std::string keys;
            for (const std::string_view k : kSweepCharts)
                keys += (keys.empty() ? "" : ", ") + std::string(k);
            fail(path + ".chart", "expected one of " + keys, *chart);
        }
        link.chart = chart->string;
    }
    return link;
}

} // namespace tl
