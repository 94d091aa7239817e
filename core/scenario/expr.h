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

// What an expression names, for the checks made when a file is loaded: its parameters
// ($name) and its bare names (registers, and shared variables, one of a set as name[index]).
struct ExprNames {
    struct Name {
        std::string name;
        bool indexed = false;
        std::string text; // as written: "flag[3 - $index]"
    };
    std::vector<std::string> params;
    std::vector<Name> names;
};
ExprNames exprNames(std::string_view text);

// ---- Expressions decided during a run ----
// A value or a condition that names registers (a thread's own numbers, set by read, compute
// and the atomic steps) is compiled, every parameter folded in, into a few operations on a
// small stack that an engine runs each time the step does.
struct ExprOp {
    enum Kind : std::uint8_t {
        Const, // push arg
        Reg,   // push register arg
        Neg,
        Not,
        Bool, // x != 0
        Add,
        Sub,
        Mul,
        Div,
        Mod,
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        Min,
        Max,
        AndJump, // && : if the top is 0, keep it and skip arg operations; else pop it
        OrJump,  // || : if the top is not 0, make it 1 and skip arg operations; else pop it
    };
    Kind kind = Const;
    std::int64_t arg = 0;
};
struct CompiledExpr {
    std::vector<ExprOp> ops;
    int depth = 1;    // stack slots it needs
    std::string text; // as written, for messages
    bool constant() const { return ops.size() == 1 && ops[0].kind == ExprOp::Const; }
};
// Resolves a bare name (with its index, written name[index]) to a register; throws ExprError
// for a name it does not know.
using NameResolver = std::function<int(std::string_view name, std::optional<std::int64_t> index)>;
// Throws ExprError for bad syntax, unknown parameters or names, and text where a number is
// needed.
CompiledExpr compileExpr(std::string_view text, const ExprLookup& params,
                         const NameResolver& names);
// Throws ExprError on a division by zero or a result beyond 64 bits.
std::int64_t runExpr(const CompiledExpr& e, const std::int64_t* registers);

} // namespace tl
