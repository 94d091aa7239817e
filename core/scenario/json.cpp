#include "scenario/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

namespace tl::json {

std::string_view typeName(Type t) {
    switch (t) {
    case Type::Null:
        return "null";
    case Type::Bool:
        return "a boolean";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    }
    return "?";
}

namespace {

class Parser {
public:
    Parser(std::string_view text, const Limits& limits) : m_text(text), m_limits(limits) {}

    Value document() {
        if (m_text.size() > m_limits.maxBytes)
            fail("the file is " + std::to_string(m_text.size()) + " bytes; the limit is " +
                 std::to_string(m_limits.maxBytes));
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;
        skipSpace();
        if (atEnd()) fail("the file is empty");
        Value v = value(0);
        skipSpace();
        if (!atEnd()) fail("unexpected text after the end of the document");
        return v;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    Location here() const { return {m_line, int(m_pos - m_lineStart) + 1}; }
    [[noreturn]] void fail(const std::string& what) const { throw ParseError(here(), what); }

    void advance() {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_lineStart = m_pos + 1;
        }
        ++m_pos;
    }

    void skipSpace() {
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                advance();
            else
                break;
        }
    }

    void expect(char c, const char* what) {
        skipSpace();
        if (peek() != c) {
            if (atEnd()) fail(std::string("the file ends early; expected ") + what);
            fail(std::string("expected ") + what + ", found " + describe());
        }
        advance();
    }

    std::string describe() const {
        if (atEnd()) return "the end of the file";
        const unsigned char c = static_cast<unsigned char>(peek());
        if (c < 0x20 || c >= 0x7f)
            return "byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                   std::string(1, "0123456789abcdef"[c & 15]);
        return std::string("'") + char(c) + "'";
    }

    Value value(int depth) {
        if (depth > m_limits.maxDepth)
            fail("nesting deeper than " + std::to_string(m_limits.maxDepth) + " levels");
        skipSpace();
        Value v;
        v.where = here();
        if (atEnd()) fail("the file ends early; expected a value");
        switch (peek()) {
        case '{':
            object(v, depth);
            break;
        case '[':
            array(v, depth);
            break;
        case '"':
            v.type = Type::String;
            v.string = string();
            break;
        case 't':
            literal("true"), v.type = Type::Bool, v.boolean = true;
            break;
        case 'f':
            literal("false"), v.type = Type::Bool;
            break;
        case 'n':
            literal("null");
            break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                number(v);
            else
                fail("expected a value, found " + describe());
        }
        return v;
    }

    void literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word)
            fail("expected a value, found " + describe());
        for (std::size_t i = 0; i < word.size(); ++i)
            advance();
    }

    void object(Value& v, int depth) {
        v.type = Type::Object;
        advance();
        skipSpace();
        if (peek() == '}') {
            advance();
            return;
        }
        // A scan finds duplicates in a small object; a large one (only a hostile file has
        // thousands of members) gets a set, so that the check is not quadratic.
        constexpr std::size_t kScan = 16;
        std::unordered_set<std::string> seen;
        for (;;) {
            skipSpace();
            if (peek() != '"')
                fail(atEnd() ? "the file ends early inside an object"
                             : "expected a member name in quotes, found " + describe());
            std::string key = string();
            bool duplicate = false;
            if (v.members.size() < kScan) {
                duplicate = std::any_of(v.members.begin(), v.members.end(),
                                        [&](const auto& m) { return m.first == key; });
            } else {
                if (seen.empty())
                    for (const auto& m : v.members)
                        seen.insert(m.first);
                duplicate = !seen.insert(key).second;
            }
            if (duplicate) fail("duplicate member \"" + key + "\"");
            expect(':', "':' after a member name");
            v.members.emplace_back(std::move(key), value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == '}') {
                advance();
                return;
            }
            fail(atEnd() ? "the file ends early inside an object"
                         : "expected ',' or '}' in an object, found " + describe());
        }
    }

    void array(Value& v, int depth) {
        v.type = Type::Array;
        advance();
        skipSpace();
        if (peek() == ']') {
            advance();
            return;
        }
        for (;;) {
            v.array.push_back(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                advance();
                continue;
            }
            if (peek() == ']') {
                advance();
                return;
            }
            fail(atEnd() ? "the file ends early inside an array"
                         : "expected ',' or ']' in an array, found " + describe());
        }
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::uint32_t hex4() {
        std::uint32_t cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = peek();
            int d = -1;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            if (d < 0) fail("bad \\u escape: expected a hex digit, found " + describe());
            cp = cp * 16 + std::uint32_t(d);
            advance();
        }
        return cp;
    }

    std::string string() {
        advance(); // opening quote
        std::string out;
        for (;;) {
            if (atEnd()) fail("the file ends inside a string");
            const char c = peek();
            if (c == '"') {
                advance();
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character inside a string (a string cannot span lines)");
            if (static_cast<unsigned char>(c) >= 0x80) {
                utf8(out);
                continue;
            }
            if (c != '\\') {
                out += c;
                advance();
                continue;
            }
            advance();
            const char e = peek();
            if (atEnd()) fail("the file ends inside a string");
            advance();
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                // A surrogate stands only in a pair; alone it has no UTF-8 form, and the
                // trace written from this text could not be read back.
                std::uint32_t cp = hex4();
                if (cp >= 0xDC00 && cp < 0xE000) fail("unpaired surrogate in a \\u escape");
                if (cp >= 0xD800 && cp < 0xDC00) {
                    if (m_text.substr(m_pos, 2) != "\\u")
                        fail("unpaired surrogate in a \\u escape");
                    advance();
                    advance();
                    const std::uint32_t lo = hex4();
                    if (lo < 0xDC00 || lo >= 0xE000) fail("unpaired surrogate in a \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                fail(std::string("unknown escape '\\") + e + "' in a string");
            }
        }
    }

    // Copies one UTF-8 sequence, or fails naming the byte: text that is not UTF-8 would
    // reach titles and names, and from there the trace file, which must be valid JSON.
    void utf8(std::string& out) {
        const auto lead = static_cast<unsigned char>(peek());
        const int length = lead >= 0xC2 && lead <= 0xDF   ? 2
                           : lead >= 0xE0 && lead <= 0xEF ? 3
                           : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                          : 0;
        if (length == 0) fail("invalid UTF-8 in a string: " + describe());
        // The second byte's range rules out overlong forms, surrogates and > U+10FFFF.
        const unsigned char lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        for (int i = 1; i < length; ++i) {
            const auto c = static_cast<unsigned char>(
                m_pos + std::size_t(i) < m_text.size() ? m_text[m_pos + std::size_t(i)] : 0);
            if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF)) {
                for (int k = 0; k < i; ++k)
                    advance();
                fail("invalid UTF-8 in a string: " + describe());
            }
        }
        out.append(m_text.substr(m_pos, std::size_t(length)));
        m_pos += std::size_t(length); // no newline among them: line and column stay right
    }

    void number(Value& v) {
        const std::size_t start = m_pos;
        bool integral = true;
        if (peek() == '-') advance();
        if (!(peek() >= '0' && peek() <= '9')) fail("expected a digit, found " + describe());
        while (peek() >= '0' && peek() <= '9')
            advance();
        if (peek() == '.') {
            integral = false;
            advance();
            if (!(peek() >= '0' && peek() <= '9'))
                fail("expected a digit after '.', found " + describe());
            while (peek() >= '0' && peek() <= '9')
                advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            advance();
            if (peek() == '+' || peek() == '-') advance();
            if (!(peek() >= '0' && peek() <= '9'))
                fail("expected a digit in the exponent, found " + describe());
            while (peek() >= '0' && peek() <= '9')
                advance();
        }
        const std::string_view text = m_text.substr(start, m_pos - start);
        v.type = Type::Number;
        v.number = std::strtod(std::string(text).c_str(), nullptr);
        if (!std::isfinite(v.number)) fail("number " + std::string(text) + " is out of range");
        if (integral) {
            const auto r = std::from_chars(text.data(), text.data() + text.size(), v.integer);
            v.integral = r.ec == std::errc();
        }
    }

    std::string_view m_text;
    Limits m_limits;
    std::size_t m_pos = 0;
    std::size_t m_lineStart = 0;
    int m_line = 1;
};

} // namespace

Value parse(std::string_view text, const Limits& limits) {
    return Parser(text, limits).document();
}

void appendQuoted(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 15];
                out += hex[c & 15];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

} // namespace tl::json
