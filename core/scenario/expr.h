#pragma once
// Expressions in scenario files: "$workers - 1", "share($items)", "$policy == 'fair'",
// "2ms * $scale". Values are integers (durations are integers of nanoseconds) or strings.
#include "model/event.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

struct ExprValue {
    bool isString = false;
    std::int64_t number = 0;
    std::string text;

    static ExprValue of(std::int64_t n) { return ExprValue{false, n, {}}; }
    static ExprValue of(std::string s) { return ExprValue{true, 0, std::move(s)}; }
    bool operator==(const ExprValue&) const = default;
};

class ExprError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Looks a variable up by name (without the '$'); returns nullopt when unknown.
using ExprLookup = std::function<std::optional<ExprValue>(std::string_view)>;

ExprValue evaluate(std::string_view text, const ExprLookup& lookup);

// The names of the $variables an expression mentions, for checking at load time.
std::vector<std::string> exprVariables(std::string_view text);

} // namespace tl
