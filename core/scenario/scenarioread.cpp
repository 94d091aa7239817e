#include "scenario/scenarioread.h"

#include <algorithm>
#include <cctype>

namespace tl::scenarioread {

void fail(const std::string& path, const std::string& what) {
    throw ScenarioError(path.empty() ? what : path + ": " + what);
}

std::string at(const Value& v) {
    return " (line " + std::to_string(v.where.line) + ")";
}

void checkCount(const Value& array, std::size_t max, const std::string& path,
                const std::string& what) {
    if (array.array.size() > max)
        fail(path, std::to_string(array.array.size()) + " " + what + "; at most " +
                       std::to_string(max) + at(array));
}

std::string atColumn(const Value& v) {
    return " (line " + std::to_string(v.where.line) + ", column " + std::to_string(v.where.column) +
           ")";
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

void checkExpr(const Scenario& s, const std::string& e, const std::string& path, bool inRole) {
    std::vector<std::string> vars;
    try {
        vars = exprVariables(e);
    } catch (const ExprError& err) {
        fail(path, "\"" + e + "\": " + err.what());
    }
    for (const std::string& v : vars) {
        if (inRole && (v == "index" || v == "count")) continue;
        if (!s.parameter(v)) fail(path, "unknown parameter \"$" + v + "\"");
    }
}

std::string durationExpr(const Scenario& s, const Value& v, const std::string& path) {
    if (v.isNumber() && !(v.integral && v.integer == 0))
        fail(path, "a duration needs a unit: write e.g. \"" + std::to_string(v.integer) + "ms\"");
    const std::string e = exprText(v, path);
    checkExpr(s, e, path, true);
    return e;
}

const ObjectSpec* findObject(const Scenario& s, std::string_view name) {
    for (const ObjectSpec& o : s.objects)
        if (o.name == name) return &o;
    return nullptr;
}

bool isExprWord(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

bool isReservedExprWord(std::string_view s) {
    for (std::string_view w : {"true", "false", "min", "max", "share"})
        if (s == w) return true;
    return false;
}

} // namespace tl::scenarioread
