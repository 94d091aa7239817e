#include "scenario/expr.h"

#include "model/timefmt.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace tl {

namespace {

enum class Tok { End, Number, String, Var, Ident, Op, LParen, RParen, Comma };

struct Token {
    Tok kind = Tok::End;
    std::string text;
    std::int64_t number = 0;
};

class Lexer {
public:
    explicit Lexer(std::string_view s) : m_s(s) {}

    Token next() {
        while (m_i < m_s.size() && m_s[m_i] == ' ')
            ++m_i;
        Token t;
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
        if (c == '(' || c == ')' || c == ',') {
            t.kind = c == '(' ? Tok::LParen : c == ')' ? Tok::RParen : Tok::Comma;
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

private:
    std::string_view m_s;
    std::size_t m_i = 0;
};

class Evaluator {
public:
    Evaluator(std::string_view s, const ExprLookup* lookup) : m_lex(s), m_lookup(lookup) {
        // An expression is evaluated once per thread: a huge one times 1,024 threads would
        // take minutes. No sensible expression comes near this.
        if (s.size() > kMaxLength)
            throw ExprError("expression of " + std::to_string(s.size()) + " characters; at most " +
                            std::to_string(kMaxLength));
        m_tok = m_lex.next();
    }
    static constexpr std::size_t kMaxLength = 4096;

    ExprValue run() {
        ExprValue v = orExpr();
        if (m_tok.kind != Tok::End)
            throw ExprError("unexpected \"" + m_tok.text + "\" in expression");
        return v;
    }
    std::vector<std::string> vars;

private:
    void eat() { m_tok = m_lex.next(); }
    bool isOp(std::string_view op) const { return m_tok.kind == Tok::Op && m_tok.text == op; }

    // Without a lookup the evaluator only checks syntax and collects the variables, so it
    // does not know the values' types yet: no type or arithmetic errors then.
    std::int64_t num(const ExprValue& v, std::string_view op) const {
        if (v.isString && !m_lookup) return 1;
        if (v.isString)
            throw ExprError("'" + v.text + "' is text; " + std::string(op) + " needs a number");
        return v.number;
    }

    ExprValue orExpr() {
        ExprValue l = andExpr();
        while (isOp("||")) {
            eat();
            const ExprValue r = andExpr();
            l = ExprValue::of(std::int64_t(num(l, "||") != 0 || num(r, "||") != 0));
        }
        return l;
    }
    ExprValue andExpr() {
        ExprValue l = cmpExpr();
        while (isOp("&&")) {
            eat();
            const ExprValue r = cmpExpr();
            l = ExprValue::of(std::int64_t(num(l, "&&") != 0 && num(r, "&&") != 0));
        }
        return l;
    }
    ExprValue cmpExpr() {
        ExprValue l = addExpr();
        for (;;) {
            std::string op;
            for (auto o : {"==", "!=", "<=", ">=", "<", ">"})
                if (isOp(o)) op = o;
            if (op.empty()) return l;
            eat();
            const ExprValue r = addExpr();
            bool res = false;
            if (op == "==" || op == "!=") {
                if (l.isString != r.isString && m_lookup)
                    throw ExprError("cannot compare text with a number");
                res = (l == r) == (op == "==");
            } else {
                const auto a = num(l, op), b = num(r, op);
                res = op == "<" ? a < b : op == ">" ? a > b : op == "<=" ? a <= b : a >= b;
            }
            l = ExprValue::of(std::int64_t(res));
        }
    }
    ExprValue addExpr() {
        ExprValue l = mulExpr();
        while (isOp("+") || isOp("-")) {
            const bool plus = isOp("+");
            eat();
            const ExprValue r = mulExpr();
            const auto a = num(l, plus ? "+" : "-"), b = num(r, plus ? "+" : "-");
            std::int64_t res = 0;
            if (plus ? __builtin_add_overflow(a, b, &res) : __builtin_sub_overflow(a, b, &res))
                overflow(a, plus ? "+" : "-", b);
            l = ExprValue::of(res);
        }
        return l;
    }
    ExprValue mulExpr() {
        ExprValue l = unary();
        while (isOp("*") || isOp("/") || isOp("%")) {
            const std::string op = m_tok.text;
            eat();
            const ExprValue r = unary();
            const auto a = num(l, op), b = num(r, op);
            if (op == "*") {
                std::int64_t res = 0;
                if (__builtin_mul_overflow(a, b, &res)) overflow(a, "*", b);
                l = ExprValue::of(res);
            } else {
                if (b == 0 && m_lookup) throw ExprError("division by zero in expression");
                // The one quotient that does not fit: the most negative number over -1.
                if (b == -1 && a == std::numeric_limits<std::int64_t>::min()) overflow(a, op, b);
                l = ExprValue::of(b == 0 ? 0 : op == "/" ? a / b : a % b);
            }
        }
        return l;
    }
    ExprValue unary() {
        const Nesting nesting(*this);
        if (isOp("-")) {
            eat();
            const auto v = num(unary(), "-");
            if (v == std::numeric_limits<std::int64_t>::min()) overflow(0, "-", v);
            return ExprValue::of(-v);
        }
        if (isOp("!")) {
            eat();
            return ExprValue::of(std::int64_t(num(unary(), "!") == 0));
        }
        return primary();
    }

    // Values are 64-bit: a result that does not fit is an error in the scenario, not a
    // number that wraps around into a negative count or duration.
    [[noreturn]] void overflow(std::int64_t a, std::string_view op, std::int64_t b) const {
        throw ExprError(std::to_string(a) + " " + std::string(op) + " " + std::to_string(b) +
                        " does not fit in a 64-bit integer");
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
    ExprValue primary() {
        Token t = m_tok;
        switch (t.kind) {
        case Tok::Number:
            eat();
            return ExprValue::of(t.number);
        case Tok::String:
            eat();
            return ExprValue::of(t.text);
        case Tok::Var: {
            eat();
            vars.push_back(t.text);
            if (!m_lookup) return ExprValue::of(std::int64_t(1));
            auto v = (*m_lookup)(t.text);
            if (!v) throw ExprError("unknown parameter \"$" + t.text + "\"");
            return *v;
        }
        case Tok::Ident: {
            eat();
            if (t.text == "true" || t.text == "false")
                return ExprValue::of(std::int64_t(t.text == "true"));
            if (m_tok.kind != Tok::LParen)
                throw ExprError("\"" + t.text + "\": a parameter is written $" + t.text +
                                ", text in quotes ('" + t.text + "')");
            eat();
            std::vector<ExprValue> args;
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
            ExprValue v = orExpr();
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

    ExprValue call(const std::string& f, const std::vector<ExprValue>& a) {
        auto arity = [&](std::size_t n) {
            if (a.size() != n)
                throw ExprError(f + "() takes " + std::to_string(n) + " argument" +
                                (n == 1 ? "" : "s"));
        };
        if (f == "min" || f == "max") {
            arity(2);
            const auto x = num(a[0], f), y = num(a[1], f);
            return ExprValue::of(f == "min" ? std::min(x, y) : std::max(x, y));
        }
        if (f == "share") {
            // This thread's share of n among the threads of its role: n / count, plus one
            // for the first n % count threads, so that the shares add up to n exactly.
            arity(1);
            const auto n = num(a[0], f);
            std::int64_t index = 1, count = 1;
            if (m_lookup) {
                auto i = (*m_lookup)("index");
                auto c = (*m_lookup)("count");
                if (i && c && !i->isString && !c->isString && c->number > 0) {
                    index = i->number;
                    count = c->number;
                }
            }
            return ExprValue::of(n / count + (index <= n % count ? 1 : 0));
        }
        throw ExprError("unknown function \"" + f + "\" (known: min, max, share)");
    }

    Lexer m_lex;
    Token m_tok;
    const ExprLookup* m_lookup;
    int m_nesting = 0;
};

} // namespace

ExprValue evaluate(std::string_view text, const ExprLookup& lookup) {
    return Evaluator(text, &lookup).run();
}

std::vector<std::string> exprVariables(std::string_view text) {
    Evaluator e(text, nullptr);
    e.run();
    return e.vars;
}

} // namespace tl
