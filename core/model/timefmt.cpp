#include "model/timefmt.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace tl {

namespace {

constexpr std::array<Time, 4> kUnits = {1, 1'000, 1'000'000, 1'000'000'000};

// |t| without overflow for the most negative Time.
std::uint64_t magnitude(Time t) {
    return t < 0 ? std::uint64_t(0) - std::uint64_t(t) : std::uint64_t(t);
}

std::uint64_t pow10(int n) {
    std::uint64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

std::string_view separator(TimeSpelling spelling) {
    return spelling == TimeSpelling::File ? std::string_view() : std::string_view(" ");
}

std::string withUnit(std::string number, Time unit, TimeSpelling spelling) {
    number += separator(spelling);
    number += unitName(unit, spelling);
    return number;
}

} // namespace

std::optional<Time> parseDuration(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    if (i == 0) return std::nullopt;
    const std::string_view number = text.substr(0, i);
    std::string_view unit = text.substr(i);
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);
    double scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") // micro sign, mu
        scale = 1e3;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "s")
        scale = 1e9;
    else if (unit.empty() && number.find_first_not_of('0') == std::string_view::npos)
        scale = 1; // a bare 0 needs no unit
    else
        return std::nullopt;
    // from_chars, not strtod: the app sets the user's locale, and in many a decimal point is
    // a comma, which would make "1.5ms" a bad duration there.
    double v = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(v))
        return std::nullopt;
    const double ns = v * scale;
    if (ns > double(std::numeric_limits<Time>::max() / 2)) return std::nullopt;
    return Time(std::llround(ns));
}

std::string exactTime(Time ns, TimeSpelling spelling) {
    if (ns == 0) return "0";
    const std::uint64_t mag = magnitude(ns);
    for (std::size_t u = kUnits.size(); u-- > 0;) {
        const auto size = std::uint64_t(kUnits[u]);
        if (mag < size) continue;
        // Up to three decimals when they are exact, else a smaller unit.
        const std::uint64_t whole = mag / size;
        const std::uint64_t rest = mag % size;
        for (int digits = 0; digits <= 3 && digits <= unitDecimals(kUnits[u]); ++digits) {
            const std::uint64_t step = size / pow10(digits);
            if (rest % step != 0) continue;
            std::string text = ns < 0 ? "-" : "";
            text += std::to_string(whole);
            if (digits > 0) {
                // Appended piece by piece: GCC 12 warns (-Wrestrict) on "." + frac.
                const std::string frac = std::to_string(rest / step);
                text += '.';
                text.append(std::size_t(digits) - frac.size(), '0');
                text += frac;
            }
            return withUnit(std::move(text), kUnits[u], spelling);
        }
    }
    return withUnit(std::to_string(ns), 1, spelling); // not reached: ns divides everything
}

int readableDigits(TimeSpelling spelling) {
    return spelling == TimeSpelling::Terminal ? 3 : 4;
}

std::string readableTime(Time ns, TimeSpelling spelling) {
    if (ns == 0) return "0";
    const std::uint64_t mag = magnitude(ns);
    const int digits = readableDigits(spelling);
    for (std::size_t u = 0; u < kUnits.size(); ++u) {
        const auto size = std::uint64_t(kUnits[u]);
        const bool last = u + 1 == kUnits.size();
        if (!last && mag >= std::uint64_t(kUnits[u + 1])) continue;
        int whole = 1;
        for (std::uint64_t w = mag / size; w >= 10; w /= 10)
            ++whole;
        const int decimals = std::min(std::max(0, digits - whole), unitDecimals(kUnits[u]));
        // Rounded up to a thousand of this unit (999.96 µs at four digits): one of the next.
        const std::uint64_t step = size / pow10(decimals);
        if (!last && (mag + step / 2) / step >= 1000 * pow10(decimals)) continue;
        return withUnit(timeInUnit(ns, kUnits[u], decimals, true), kUnits[u], spelling);
    }
    return {}; // not reached: the last unit always returns
}

Time unitFor(Time t) {
    const std::uint64_t mag = magnitude(t);
    for (std::size_t u = kUnits.size(); u-- > 1;)
        if (mag >= std::uint64_t(kUnits[u])) return kUnits[u];
    return 1;
}

std::string_view unitName(Time unit, TimeSpelling spelling) {
    switch (unit) {
    case 1:
        return "ns";
    case 1'000:
        return spelling == TimeSpelling::App ? "\u00b5s" : "us";
    case 1'000'000:
        return "ms";
    default:
        return "s";
    }
}

int unitDecimals(Time unit) {
    int d = 0;
    for (Time u = unit; u >= 10; u /= 10)
        ++d;
    return d;
}

std::string timeInUnit(Time t, Time unit, int decimals, bool trim) {
    decimals = std::min(std::max(decimals, 0), unitDecimals(unit));
    const std::uint64_t step = std::uint64_t(unit) / pow10(decimals);
    const std::uint64_t q = (magnitude(t) + step / 2) / step; // half away from zero
    const std::uint64_t p = pow10(decimals);
    std::string text = t < 0 && q != 0 ? "-" : "";
    text += std::to_string(q / p);
    if (decimals > 0) {
        const std::string frac = std::to_string(q % p);
        text += '.';
        text.append(std::size_t(decimals) - frac.size(), '0');
        text += frac;
        if (trim) {
            while (text.back() == '0')
                text.pop_back();
            if (text.back() == '.') text.pop_back();
        }
    }
    return text;
}

Time tableUnit(Time extent) {
    if (extent < 10'000) return 1;
    if (extent < 10'000'000) return 1'000;
    if (extent < 100'000'000'000) return 1'000'000;
    return 1'000'000'000;
}

} // namespace tl
