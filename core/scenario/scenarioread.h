#pragma once
// What the pieces of the scenario parser share (scenario.cpp reads the file's sections,
// scenariosteps.cpp the steps of a role's program): the small readers of JSON values that
// throw ScenarioError naming the place, and the check of an expression's variables.
// Private to the scenario layer.
#include "scenario/json.h"
#include "scenario/scenario.h"

#include <cstddef>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tl::scenarioread {

using json::Value;

[[noreturn]] void fail(const std::string& path, const std::string& what);
// " (line 12)": where a value is in the file.
std::string at(const Value& v);
// " (line 12, column 5)": where a value is in the file, to the character.
std::string atColumn(const Value& v);
// Refuses an array of more than `max` entries: "objects: 5000 objects; at most 4095".
void checkCount(const Value& array, std::size_t max, const std::string& path,
                const std::string& what);
const Value& member(const Value& obj, const std::string& key, const std::string& path);
std::string text(const Value& v, const std::string& path);
// An expression may be written as a JSON number or as a string.
std::string exprText(const Value& v, const std::string& path);
void onlyKeys(const Value& obj, std::initializer_list<std::string_view> keys,
              const std::string& path);
// Parses `e` and checks that every variable it uses is a parameter of `s` (or, in a
// role, $index or $count).
void checkExpr(const Scenario& s, const std::string& e, const std::string& path, bool inRole);
// A duration's expression: a string with a unit ("5ms", "$hold * 2"), or 0.
std::string durationExpr(const Scenario& s, const Value& v, const std::string& path);
const ObjectSpec* findObject(const Scenario& s, std::string_view name);
// A name an expression can use for a variable or a register: letters, digits and _, not
// starting with a digit; and the words of expressions that no such name may be.
bool isExprWord(std::string_view s);
bool isReservedExprWord(std::string_view s);

// The steps of a role's program (an array at `path`) against the objects of `s` and the
// names of its roles (spawn names one). `registers` gets the names of the registers its steps
// set ("into"), in the order of first use; every bare name in its expressions must be one of
// them or a variable.
std::vector<StepSpec> readSteps(const Value& v, const std::string& path, const Scenario& s,
                                const std::set<std::string>& roles,
                                std::vector<std::string>& registers);

} // namespace tl::scenarioread
