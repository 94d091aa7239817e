#include "scenario/expr.h"

#include "model/timefmt.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace tl {

namespace {

enum class Tok { End, Number, String, Var, Ident, Op, LParen, RParen, Comma, LBracket, RBracket };

struct Token {
    Tok kind = Tok::End;
    std::string text;
    std::int64_t number = 0;
    std::size_t start = 0, end = 0; // where it stands in the expression
};

class Lexer {
public:
    explicit Lexer(std::string_view s) : m_s(s) {}

    Token next() {
        while (m_i < m_s.size() && m_s[m_i] == ' ')
            ++m_i;
        Token t = scan();
        t.end = m_i;
        return t;
    }

private:
    Token scan() {
        Token t;
        t.start = m_i;
        if (m_i >= m_s.size()) return t;
        const char c = m_s[m_i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = m_i;
            while (j < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[j])) ||
                                      m_s[j] == '.' || static_cast<unsigned char>(m_s[j]) >= 0x80))
                ++j;
            const std::string_view word = m_s.substr(m_i, j - m_i);
            m_i = j;
            t.kind = Tok::Number;
            t.text = word;
            std::int64_t n = 0;
            const auto r = std::from_chars(word.data(), word.data() + word.size(), n);
            if (r.ec == std::errc() && r.ptr == word.data() + word.size()) {
                t.number = n;
            } else if (auto d = parseDuration(word)) {
                t.number = *d;
            } else {
                throw ExprError("\"" + std::string(word) + "\" is neither a number nor a duration");
            }
            return t;
        }
        if (c == '$' || std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const bool var = c == '$';
            std::size_t j = m_i + (var ? 1 : 0);
            while (j < m_s.size() &&
                   (std::isalnum(static_cast<unsigned char>(m_s[j])) || m_s[j] == '_'))
                ++j;
            t.kind = var ? Tok::Var : Tok::Ident;
            t.text = m_s.substr(m_i + (var ? 1 : 0), j - m_i - (var ? 1 : 0));
            if (t.text.empty()) throw ExprError("'$' must be followed by a parameter name");
            m_i = j;
            return t;
        }
        if (c == '\'') {
            const std::size_t close = m_s.find('\'', m_i + 1);
            if (close == std::string_view::npos)
                throw ExprError("unterminated string in expression");
            t.kind = Tok::String;
            t.text = m_s.substr(m_i + 1, close - m_i - 1);
            m_i = close + 1;
            return t;
        }
        if (c == '(' || c == ')' || c == ',' || c == '[' || c == ']') {
            t.kind = c == '('   ? Tok::LParen
                     : c == ')' ? Tok::RParen
                     : c == '[' ? Tok::LBracket
                     : c == ']' ? Tok::RBracket
                                : Tok::Comma;
            t.text = std::string(1, c);
            ++m_i;
            return t;
        }
        static constexpr std::string_view two[] = {"==", "!=", "<=", ">=", "&&", "||"};
        for (auto op : two)
            if (m_s.substr(m_i, 2) == op) {
                t.kind = Tok::Op;
                t.text = op;
                m_i += 2;
                return t;
            }
        if (std::string_view("+-*/%<>!").find(c) != std::string_view::npos) {
            t.kind = Tok::Op;
            t.text = std::string(1, c);
            ++m_i;
            return t;
        }
        throw ExprError(std::string("unexpected character '") + c + "' in expression");
    }

    std::string_view m_s;
    std::size_t m_i = 0;
};

// Values are 64-bit: a result that does not fit is an error in the scenario (or in the
// run), not a number that wraps around into a negative count or duration.
[[noreturn]] void overflow(std::int64_t a, std::string_view op, std::int64_t b) {
    throw ExprError(std::to_string(a) + " " + std::string(op) + " " + std::to_string(b) +
                    " does not fit in a 64-bit integer");
}

// + - * / % with the checks of both parse time and run time; without `strict` (a syntax
// check, which knows no values) a division by zero is no error.
std::int64_t arith(ExprOp::Kind kind, std::int64_t a, std::int64_t b, bool strict) {
    std::int64_t res = 0;
    switch (kind) {
    case ExprOp::Add:
        if (__builtin_add_overflow(a, b, &res)) overflow(a, "+", b);
        return res;
    case ExprOp::Sub:
        if (__builtin_sub_overflow(a, b, &res)) overflow(a, "-", b);
        return res;
    case ExprOp::Mul:
        if (__builtin_mul_overflow(a, b, &res)) overflow(a, "*", b);
        return res;
    case ExprOp::Div:
    case ExprOp::Mod: {
        const char* op = kind == ExprOp::Div ? "/" : "%";
        if (b == 0 && strict) throw ExprError("division by zero in expression");
        // The one quotient that does not fit: the most negative number over -1.
        if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) overflow(a, op, b);
        return b == 0 ? 0 : kind == ExprOp::Div ? a / b : a % b;
    }
    default:
        return 0;
    }
}

// An expression's value while it is parsed: a constant, or (when it names a register or a
// variable) the operations that compute it at run time. Constants fold as they meet, so
// "$workers * 2 + r" becomes two operations, and an expression of parameters alone is
// never more than its value.
struct Operand {
    ExprValue value;
    std::vector<ExprOp> code; // empty: constant
    bool constant() const { return code.empty(); }
};

class Evaluator {
public:
    // lookup: parameters ($name); null to check syntax only. names: bare names (registers
    // and variables); null where they are not allowed. With neither, it collects both kinds.
    Evaluator(std::string_view s, const ExprLookup* lookup, const NameResolver* names = nullptr,
              bool collectNames = false)
        : m_text(s), m_lex(s), m_lookup(lookup), m_names(names), m_collectNames(collectNames) {
        // An expression is evaluated once per thread: a huge one times 1,024 threads would
        // take minutes. No sensible expression comes near this.
        if (s.size() > kMaxLength)
            throw ExprError("expression of " + std::to_string(s.size()) + " characters; at most " +
                            std::to_string(kMaxLength));
        m_tok = m_lex.next();
    }
    static constexpr std::size_t kMaxLength = 4096;

    Operand run() {
        Operand v = orExpr();
        if (m_tok.kind != Tok::End)
            throw ExprError("unexpected \"" + m_tok.text + "\" in expression");
        return v;
    }
    std::vector<std::string> vars;
    std::vector<ExprNames::Name> names;

private:
    void eat() {
        m_lastEnd = m_tok.end;
        m_tok = m_lex.next();
    }
    bool isOp(std::string_view op) const { return m_tok.kind == Tok::Op && m_tok.text == op; }
    bool checking() const { return !m_lookup; }

    // Without a lookup the evaluator only checks syntax and collects the variables, so it
    // does not know the values' types yet: no type or arithmetic errors then.
    std::int64_t num(const ExprValue& v, std::string_view op) const {
        if (v.isString && !m_lookup) return 1;
        if (v.isString)
            throw ExprError("'" + v.text + "' is text; " + std::string(op) + " needs a number");
        return v.number;
    }

    // The operations that push an operand's value.
    std::vector<ExprOp> code(Operand o, std::string_view op) const {
        if (!o.constant()) return std::move(o.code);
        return {ExprOp{ExprOp::Const, num(o.value, op)}};
    }
    static Operand constant(std::int64_t v) { return Operand{ExprValue::of(v), {}}; }
    // Either folds two constants with `fold`, or emits both and the operation.
    template <class Fold>
    Operand binary(Operand l, Operand r, ExprOp::Kind kind, std::string_view op, Fold fold) {
        if (l.constant() && r.constant()) return fold(l.value, r.value);
        if ((l.constant() && l.value.isString) || (r.constant() && r.value.isString))
            if (!checking())
                throw ExprError("'" + (l.constant() ? l.value : r.value).text +
                                "' is text; a register or a variable holds a number");
        Operand out;
        out.code = code(std::move(l), op);
        std::vector<ExprOp> right = code(std::move(r), op);
        out.code.insert(out.code.end(), right.begin(), right.end());
        out.code.push_back(ExprOp{kind, 0});
        return out;
    }
    template <class Fold> Operand unaryOp(Operand v, ExprOp::Kind kind, Fold fold) {
        if (v.constant()) return fold(v.value);
        v.code.push_back(ExprOp{kind, 0});
        return v;
    }
    // a && b, a || b at run time: when `a` decides, jump past `b` leaving 0 or 1.
    Operand logical(Operand l, Operand r, bool isAnd) {
        const std::string_view op = isAnd ? "&&" : "||";
        if (l.constant() && r.constant()) {
            const bool a = num(l.value, op) != 0, b = num(r.value, op) != 0;
            return constant(std::int64_t(isAnd ? a && b : a || b));
        }
        Operand out;
        out.code = code(std::move(l), op);
        std::vector<ExprOp> right = code(std::move(r), op);
        right.push_back(ExprOp{ExprOp::Bool, 0});
        out.code.push_back(
            ExprOp{isAnd ? ExprOp::AndJump : ExprOp::OrJump, std::int64_t(right.size()) + 1});
        out.code.insert(out.code.end(), right.begin(), right.end());
        return out;
    }

    Operand orExpr() {
        Operand l = andExpr();
        while (isOp("||")) {
            eat();
            l = logical(std::move(l), andExpr(), false);
        }
        return l;
    }
    Operand andExpr() {
        Operand l = cmpExpr();
        while (isOp("&&")) {
            eat();
            l = logical(std::move(l), cmpExpr(), true);
        }
        return l;
    }
    Operand cmpExpr() {
        Operand l = addExpr();
        for (;;) {
            std::string op;
            for (auto o : {"==", "!=", "<=", ">=", "<", ">"})
                if (isOp(o)) op = o;
            if (op.empty()) return l;
            eat();
            Operand r = addExpr();
            const ExprOp::Kind kind = op == "=="   ? ExprOp::Eq
                                      : op == "!=" ? ExprOp::Ne
                                      : op == "<"  ? ExprOp::Lt
                                      : op == ">"  ? ExprOp::Gt
                                      : op == "<=" ? ExprOp::Le
                                                   : ExprOp::Ge;
            l = binary(
                std::move(l), std::move(r), kind, op, [&](const ExprValue& a, const ExprValue& b) {
                    bool res = false;
                    if (op == "==" || op == "!=") {
                        if (a.isString != b.isString && m_lookup)
                            throw ExprError("cannot compare text with a number");
                        res = (a == b) == (op == "==");
                    } else {
                        const auto x = num(a, op), y = num(b, op);
                        res = op == "<" ? x < y : op == ">" ? x > y : op == "<=" ? x <= y : x >= y;
                    }
                    return constant(std::int64_t(res));
                });
        }
    }
    Operand addExpr() {
        Operand l = mulExpr();
        while (isOp("+") || isOp("-")) {
            const bool plus = isOp("+");
            const std::string_view op = plus ? "+" : "-";
            eat();
            l = binary(std::move(l), mulExpr(), plus ? ExprOp::Add : ExprOp::Sub, op,
                       [&](const ExprValue& x, const ExprValue& y) {
                           return constant(arith(plus ? ExprOp::Add : ExprOp::Sub, num(x, op),
                                                 num(y, op), m_lookup != nullptr));
                       });
        }
        return l;
    }
    Operand mulExpr() {
        Operand l = unary();
        while (isOp("*") || isOp("/") || isOp("%")) {
            const std::string op = m_tok.text;
            eat();
            const ExprOp::Kind kind = op == "*"   ? ExprOp::Mul
                                      : op == "/" ? ExprOp::Div
                                                  : ExprOp::Mod;
            l = binary(
                std::move(l), unary(), kind, op, [&](const ExprValue& x, const ExprValue& y) {
                    return constant(arith(kind, num(x, op), num(y, op), m_lookup != nullptr));
                });
        }
        return l;
    }
    Operand unary() {
        const Nesting nesting(*this);
        if (isOp("-")) {
            eat();
            return unaryOp(unary(), ExprOp::Neg, [&](const ExprValue& v) {
                return constant(arith(ExprOp::Sub, 0, num(v, "-"), true));
            });
        }
        if (isOp("!")) {
            eat();
            return unaryOp(unary(), ExprOp::Not, [&](const ExprValue& v) {
                return constant(std::int64_t(num(v, "!") == 0));
            });
        }
        return primary();
    }

    // Every level of parentheses, unary operator or function call recurses once; a limit
    // keeps a hostile expression from exhausting the stack.
    static constexpr int kMaxNesting = 200;
    struct Nesting {
        explicit Nesting(Evaluator& e) : m_e(e) {
            if (++m_e.m_nesting > kMaxNesting)
                throw ExprError("expression nested deeper than " + std::to_string(kMaxNesting) +
                                " levels");
        }
        ~Nesting() { --m_e.m_nesting; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;
        Evaluator& m_e;
    };
    Operand primary() {
        Token t = m_tok;
        switch (t.kind) {
        case Tok::Number:
            eat();
            return constant(t.number);
        case Tok::String:
            eat();
            return Operand{ExprValue::of(t.text), {}};
        case Tok::Var: {
            eat();
            vars.push_back(t.text);
            if (!m_lookup) return constant(1);
            auto v = (*m_lookup)(t.text);
            if (!v) throw ExprError("unknown parameter \"$" + t.text + "\"");
            return Operand{*v, {}};
        }
        case Tok::Ident: {
            eat();
            if (t.text == "true" || t.text == "false") return constant(t.text == "true");
            if (m_tok.kind != Tok::LParen) return name(t.text, t.start);
            eat();
            std::vector<Operand> args;
            if (m_tok.kind != Tok::RParen)
                for (;;) {
                    args.push_back(orExpr());
                    if (m_tok.kind != Tok::Comma) break;
                    eat();
                }
            if (m_tok.kind != Tok::RParen)
                throw ExprError("expected ')' after the arguments of " + t.text);
            eat();
            return call(t.text, args);
        }
        case Tok::LParen: {
            eat();
            Operand v = orExpr();
            if (m_tok.kind != Tok::RParen) throw ExprError("expected ')' in expression");
            eat();
            return v;
        }
        case Tok::End:
            throw ExprError("expression ends early");
        default:
            throw ExprError("unexpected \"" + t.text + "\" in expression");
        }
    }

    // A bare name: a register, or a shared variable (one of a set as name[index], the index
    // an expression of parameters).
    Operand name(const std::string& id, std::size_t start) {
        if (!m_names && !m_collectNames)
            throw ExprError("\"" + id + "\": a parameter is written $" + id +
                            ", text in quotes ('" + id + "')");
        std::optional<std::int64_t> index;
        if (m_tok.kind == Tok::LBracket) {
            eat();
            Operand i = orExpr();
            if (m_tok.kind != Tok::RBracket)
                throw ExprError("expected ']' after the index of " + id);
            eat();
            if (!i.constant())
                throw ExprError("the index of " + id +
                                " is an expression of parameters, $index and $count");
            index = num(i.value, "[]");
        }
        if (m_collectNames) {
            names.push_back(ExprNames::Name{id, index.has_value(),
                                            std::string(m_text.substr(start, m_lastEnd - start))});
            return Operand{ExprValue::of(1), {ExprOp{ExprOp::Reg, -1}}};
        }
        return Operand{{}, {ExprOp{ExprOp::Reg, (*m_names)(id, index)}}};
    }

    Operand call(const std::string& f, std::vector<Operand>& a) {
        auto arity = [&](std::size_t n) {
            if (a.size() != n)
                throw ExprError(f + "() takes " + std::to_string(n) + " argument" +
                                (n == 1 ? "" : "s"));
        };
        if (f == "min" || f == "max") {
            arity(2);
            return binary(std::move(a[0]), std::move(a[1]), f == "min" ? ExprOp::Min : ExprOp::Max,
                          f, [&](const ExprValue& x, const ExprValue& y) {
                              const auto p = num(x, f), q = num(y, f);
                              return constant(f == "min" ? std::min(p, q) : std::max(p, q));
                          });
        }
        if (f == "share") {
            // This thread's share of n among the threads of its role: n / count, plus one
            // for the first n % count threads, so that the shares add up to n exactly.
            arity(1);
            if (!a[0].constant())
                throw ExprError("share() takes an expression of parameters, not registers");
            const auto n = num(a[0].value, f);
            std::int64_t index = 1, count = 1;
            if (m_lookup) {
                auto i = (*m_lookup)("index");
                auto c = (*m_lookup)("count");
                if (i && c && !i->isString && !c->isString && c->number > 0) {
                    index = i->number;
                    count = c->number;
                }
            }
            return constant(n / count + (index <= n % count ? 1 : 0));
        }
        throw ExprError("unknown function \"" + f + "\" (known: min, max, share)");
    }

    std::string_view m_text;
    Lexer m_lex;
    Token m_tok;
    std::size_t m_lastEnd = 0; // where the token eaten last ends
    const ExprLookup* m_lookup;
    const NameResolver* m_names;
    bool m_collectNames;
    int m_nesting = 0;
};

} // namespace

ExprValue evaluate(std::string_view text, const ExprLookup& lookup) {
    return Evaluator(text, &lookup).run().value;
}

std::vector<std::string> exprVariables(std::string_view text) {
    Evaluator e(text, nullptr);
    e.run();
    return e.vars;
}

ExprNames exprNames(std::string_view text) {
    Evaluator e(text, nullptr, nullptr, true);
    e.run();
    return ExprNames{std::move(e.vars), std::move(e.names)};
}

CompiledExpr compileExpr(std::string_view text, const ExprLookup& params,
                         const NameResolver& names) {
    Operand v = Evaluator(text, &params, &names).run();
    CompiledExpr out;
    out.text = std::string(text);
    if (v.constant()) {
        if (v.value.isString)
            throw ExprError("'" + v.value.text +
                            "' is text; a register or a variable holds a number");
        out.ops.push_back(ExprOp{ExprOp::Const, v.value.number});
        return out;
    }
    out.ops = std::move(v.code);
    // The deepest the stack gets: a push adds one, an operation on two takes one away.
    int depth = 0;
    for (const ExprOp& op : out.ops) {
        switch (op.kind) {
        case ExprOp::Const:
        case ExprOp::Reg:
            out.depth = std::max(out.depth, ++depth);
            break;
        case ExprOp::Neg:
        case ExprOp::Not:
        case ExprOp::Bool:
            break;
        case ExprOp::AndJump: // pops when it does not jump; a jump keeps the one value
        case ExprOp::OrJump:
        default:
            --depth;
        }
    }
    return out;
}

std::int64_t runExpr(const CompiledExpr& e, const std::int64_t* registers) {
    const ExprOp* ops = e.ops.data();
    const std::size_t n = e.ops.size();
    if (n == 1) return ops[0].kind == ExprOp::Const ? ops[0].arg : registers[ops[0].arg];
    // Expressions in scenarios are short; a deep one (up to 200 levels) gets the heap.
    std::int64_t small[32];
    small[0] = 0; // an expression always pushes before it pops; the compiler cannot tell
    std::vector<std::int64_t> big;
    std::int64_t* stack = small;
    if (e.depth > 32) {
        big.resize(std::size_t(e.depth));
        stack = big.data();
    }
    std::size_t top = 0; // the number of values on the stack
    for (std::size_t i = 0; i < n; ++i) {
        const ExprOp& op = ops[i];
        switch (op.kind) {
        case ExprOp::Const:
            stack[top++] = op.arg;
            break;
        case ExprOp::Reg:
            stack[top++] = registers[op.arg];
            break;
        case ExprOp::Neg:
            stack[top - 1] = arith(ExprOp::Sub, 0, stack[top - 1], true);
            break;
        case ExprOp::Not:
            stack[top - 1] = stack[top - 1] == 0;
            break;
        case ExprOp::Bool:
            stack[top - 1] = stack[top - 1] != 0;
            break;
        case ExprOp::AndJump:
        case ExprOp::OrJump: {
            const bool decided = (stack[top - 1] != 0) == (op.kind == ExprOp::OrJump);
            if (decided) {
                stack[top - 1] = op.kind == ExprOp::OrJump;
                i += std::size_t(op.arg) - 1;
            } else {
                --top;
            }
            break;
        }
        default: {
            const std::int64_t b = stack[--top];
            std::int64_t& a = stack[top - 1];
            switch (op.kind) {
            case ExprOp::Eq:
                a = a == b;
                break;
            case ExprOp::Ne:
                a = a != b;
                break;
            case ExprOp::Lt:
                a = a < b;
                break;
            case ExprOp::Le:
                a = a <= b;
                break;
            case ExprOp::Gt:
                a = a > b;
                break;
            case ExprOp::Ge:
                a = a >= b;
                break;
            case ExprOp::Min:
                a = std::min(a, b);
                break;
            case ExprOp::Max:
                a = std::max(a, b);
                break;
            default:
                a = arith(op.kind, a, b, true);
            }
        }
        }
    }
    return stack[0];
}

} // namespace tl
