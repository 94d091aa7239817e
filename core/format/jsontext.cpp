#include "format/jsontext.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tl::jsontext {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexDigit(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

bool hex4(std::string_view s, std::size_t at, unsigned& out) {
    if (at + 4 > s.size()) return false;
    out = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
        const int d = hexDigit(s[k]);
        if (d < 0) return false;
        out = out * 16 + unsigned(d);
    }
    return true;
}

void appendUtf8(std::string& s, unsigned cp) {
    if (cp < 0x80) {
        s += char(cp);
    } else if (cp < 0x800) {
        s += char(0xC0 | (cp >> 6));
        s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += char(0xE0 | (cp >> 12));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    } else {
        s += char(0xF0 | (cp >> 18));
        s += char(0x80 | ((cp >> 12) & 0x3F));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return p + k < end && p[k] >= lo && p[k] <= hi;
    };
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += char(c);
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += char(c);
            }
            ++p;
            continue;
        }
        // The length of a well-formed sequence, or 0 (overlong forms, surrogates and code
        // points beyond U+10FFFF are not).
        std::size_t len = 0;
        if (c >= 0xC2 && c <= 0xDF)
            len = cont(1) ? 2 : 0;
        else if (c >= 0xE0 && c <= 0xEF)
            len = cont(1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) && cont(2) ? 3 : 0;
        else if (c >= 0xF0 && c <= 0xF4)
            len = cont(1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) && cont(2) && cont(3)
                      ? 4
                      : 0;
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++p;
        } else {
            out.append(reinterpret_cast<const char*>(p), len);
            p += len;
        }
    }
    out += '"';
    return out;
}

bool parseMicroseconds(std::string_view tok, Time& out) {
    std::size_t i = 0;
    const std::size_t n = tok.size();
    const bool negative = i < n && tok[i] == '-';
    if (negative) ++i;
    std::uint64_t whole = 0, frac = 0;
    int digits = 0, fracDigits = 0;
    bool roundUp = false;
    // Up to 9.2e15 us (292 years: the nanoseconds still fit in 64 bits), so that traces
    // timed from 1970 (1.7e15 us today) read too.
    constexpr std::uint64_t kMaxWhole = 9'223'372'036'854'774;
    while (i < n && tok[i] >= '0' && tok[i] <= '9') {
        if (++digits > 16) return false;
        whole = whole * 10 + std::uint64_t(tok[i++] - '0');
    }
    if (digits == 0 || whole > kMaxWhole) return false;
    if (i < n && tok[i] == '.') {
        const std::size_t start = ++i;
        while (i < n && tok[i] >= '0' && tok[i] <= '9') {
            if (fracDigits < 3)
                frac = frac * 10 + std::uint64_t(tok[i] - '0');
            else if (fracDigits == 3)
                roundUp = tok[i] >= '5';
            ++fracDigits;
            ++i;
        }
        if (i == start) return false;
    }
    for (int k = std::min(fracDigits, 3); k < 3; ++k)
        frac *= 10;
    if (i < n && !isSpace(tok[i])) {
        if (tok[i] != 'e' && tok[i] != 'E') return false;
        // Other tools' exponents: through a double, rounded to the nanosecond.
        std::size_t end = i;
        while (end < n && !isSpace(tok[end]))
            ++end;
        double d = 0;
        const auto [p, ec] = std::from_chars(tok.data(), tok.data() + end, d);
        if (ec != std::errc() || p != tok.data() + end || !std::isfinite(d) ||
            std::fabs(d) > 9.2e15)
            return false;
        out = Time(std::llround(d * 1000.0));
        return true;
    }
    const Time ns = Time(whole * 1000 + frac + (roundUp ? 1 : 0));
    out = negative ? -ns : ns;
    return true;
}

bool unescapeString(std::string_view tok, std::string& s) {
    if (tok.empty() || tok[0] != '"') return false;
    for (std::size_t i = 1; i < tok.size(); ++i) {
        const char c = tok[i];
        if (c == '"') return true;
        if (c != '\\') {
            s += c;
            continue;
        }
        if (++i >= tok.size()) return false;
        switch (tok[i]) {
        case '"':
            s += '"';
            break;
        case '\\':
            s += '\\';
            break;
        case '/':
            s += '/';
            break;
        case 'b':
            s += '\b';
            break;
        case 'f':
            s += '\f';
            break;
        case 'n':
            s += '\n';
            break;
        case 'r':
            s += '\r';
            break;
        case 't':
            s += '\t';
            break;
        case 'u': {
            unsigned cp = 0, low = 0;
            if (!hex4(tok, i + 1, cp)) return false;
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < tok.size() && tok[i + 1] == '\\' &&
                tok[i + 2] == 'u' && hex4(tok, i + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD; // a lone surrogate has no UTF-8 form
            }
            appendUtf8(s, cp);
            break;
        }
        default:
            return false;
        }
    }
    return false;
}

TextProblem findTextProblem(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    bool inString = false;
    std::size_t stringStart = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = p[i];
        if (inString) {
            if (c == '\\') {
                ++i;
                continue;
            }
            if (c == '"') inString = false;
            if (c < 0x20) return {i, "a control character inside a string"};
        } else if (c == '"') {
            inString = true;
            stringStart = i;
            continue;
        }
        if (c < 0x80) continue;
        const std::size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                                : c >= 0xE0 && c <= 0xEF ? 3
                                : c >= 0xF0 && c <= 0xF4 ? 4
                                                         : 0;
        bool ok = len > 0 && i + len <= n;
        for (std::size_t k = 1; ok && k < len; ++k)
            ok = (p[i + k] & 0xC0) == 0x80;
        // Overlong forms, surrogates and code points beyond U+10FFFF.
        if (ok && len == 3) ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] > 0x9F);
        if (ok && len == 4) ok = !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] > 0x8F);
        if (!ok) return {i, "invalid UTF-8"};
        i += len - 1;
    }
    if (inString) return {stringStart, "a string that is never closed (is the file truncated?)"};
    return {};
}

Shape shapeOf(std::string_view s) {
    Shape shape;
    bool inString = false, closed = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (isSpace(c)) continue;
        if (closed) {
            shape.trailing = i;
            return shape;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++shape.open;
        } else if ((c == '}' || c == ']') && shape.open > 0) {
            closed = --shape.open == 0;
        }
    }
    return shape;
}

Complete completeEvents(std::string_view s) {
    Complete done;
    std::string stack;           // '{' and '[' still open
    std::size_t eventsDepth = 0; // stack size inside the event array; 0 until it opens
    bool inString = false;
    std::size_t stringStart = 0;
    std::string_view lastKey; // the last string at the top level of the root object
    auto close = [&] {
        std::string c;
        for (auto it = stack.rbegin(); it != stack.rend(); ++it)
            c += *it == '{' ? '}' : ']';
        return c;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
                if (stack == "{") lastKey = s.substr(stringStart + 1, i - stringStart - 1);
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            stringStart = i;
        } else if (c == '{' || c == '[') {
            stack += c;
            const bool events = eventsDepth == 0 && c == '[' &&
                                (stack == "[" || (stack == "{[" && lastKey == "traceEvents"));
            if (events) {
                eventsDepth = stack.size();
                done.end = i + 1;
                done.closers = close();
            }
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
            if (eventsDepth && stack.size() == eventsDepth && c == '}') {
                ++done.events;
                done.end = i + 1;
                done.closers = close();
            } else if (eventsDepth && stack.size() < eventsDepth) {
                eventsDepth = 0; // the event array closed: nothing after it is an event
            }
        }
    }
    return done;
}

} // namespace tl::jsontext
