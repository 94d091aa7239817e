#include "timecoords.h"

#include <algorithm>
#include <array>

namespace tl::ui {

namespace {

struct Unit {
    Time ns;
    int exponent; // log10(ns)
    const char* suffix;
};
constexpr std::array<Unit, 4> kUnits = {
    {{1, 0, "ns"}, {1'000, 3, "\u00b5s"}, {1'000'000, 6, "ms"}, {1'000'000'000, 9, "s"}}};

const Unit& unitFor(Time magnitude) {
    magnitude = magnitude < 0 ? -magnitude : magnitude;
    for (std::size_t i = kUnits.size(); i-- > 1;)
        if (magnitude >= kUnits[i].ns) return kUnits[i];
    return kUnits[0];
}

// The exponent k of a 1/2/5 x 10^k step.
int stepExponent(Time step) {
    int k = 0;
    while (step >= 10 && step % 10 == 0) {
        step /= 10;
        ++k;
    }
    return k;
}

QString trimZeros(QString s) {
    if (!s.contains(QLatin1Char('.'))) return s;
    while (s.endsWith(QLatin1Char('0')))
        s.chop(1);
    if (s.endsWith(QLatin1Char('.'))) s.chop(1);
    return s;
}

QString withUnit(Time t, const Unit& u, int decimals) {
    // Integer division first so large times keep every nanosecond.
    const Time whole = t / u.ns;
    const Time frac = t % u.ns;
    QString text = decimals > 0 ? QString::number(double(whole) + double(frac) / double(u.ns), 'f',
                                                  std::min(decimals, u.exponent))
                                : QString::number(whole);
    text = trimZeros(text);
    if (text == QLatin1String("-0")) text = QStringLiteral("0");
    return text + QLatin1Char(' ') + QString::fromUtf8(u.suffix);
}

} // namespace

Time tickStep(TimeRange range, double width, double minSpacingPx) {
    const double nsPerPx = nsPerPixel(range, width);
    const double wanted = std::max(1.0, nsPerPx * std::max(1.0, minSpacingPx));
    for (Time decade = 1;; decade *= 10) {
        for (Time m : {1, 2, 5}) {
            if (double(m * decade) >= wanted) return m * decade;
        }
        if (decade > Time(1) << 58) return decade; // absurd ranges: stop before overflow
    }
}

QString tickLabel(Time t, Time step, Time scaleHint) {
    const Unit& u = unitFor(std::max(scaleHint, step));
    const int decimals = std::max(0, u.exponent - stepExponent(step));
    return withUnit(t, u, decimals);
}

Ruler rulerTicks(TimeRange range, double width, double minSpacingPx) {
    Ruler ruler;
    if (range.delta() <= 0 || width <= 0) return ruler;
    const Time step = tickStep(range, width, minSpacingPx);
    ruler.step = step;

    // Absolute labels unless they would need more than three decimals in the range's unit.
    const Unit& absUnit = unitFor(std::max(range.end, step));
    const bool relative = absUnit.exponent - stepExponent(step) > 3;
    Time first = range.start / step * step;
    if (first < range.start) first += step;
    if (relative) {
        ruler.origin = first;
        ruler.originLabel = withUnit(first, absUnit, absUnit.exponent);
    }
    const Time scaleHint = relative ? range.delta() : range.end;

    // Minor ticks: fifths of a 1 or 5 step, quarters... halves of a 2 step read naturally.
    const Time mantissa = step / Time(std::llround(std::pow(10.0, stepExponent(step))));
    const Time minorCount = mantissa == 2 ? 4 : 5;
    const Time minor = step % minorCount == 0 ? step / minorCount : 0;

    Time start = range.start / step * step - step;
    for (Time t = start; t <= range.end; t += step) {
        if (t >= range.start) {
            Tick tick{t, true, {}};
            if (!relative)
                tick.label = tickLabel(t, step, scaleHint);
            else if (t == ruler.origin)
                tick.label = ruler.originLabel; // the one absolute anchor
            else
                tick.label = QLatin1Char('+') + tickLabel(t - ruler.origin, step, scaleHint);
            ruler.ticks.push_back(std::move(tick));
        }
        if (minor > 0) {
            for (Time k = 1; k < minorCount; ++k) {
                const Time m = t + k * minor;
                if (m >= range.start && m <= range.end) ruler.ticks.push_back({m, false, {}});
            }
        }
    }
    return ruler;
}

QString formatDuration(Time d) {
    const Unit& u = unitFor(d);
    if (u.exponent == 0) return QString::number(d) + QStringLiteral(" ns");
    // About four significant digits: 1.234, 12.35, 123.5 in the unit.
    const double v = double(d < 0 ? -d : d) / double(u.ns);
    const int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
    QString text = trimZeros(QString::number(v, 'f', decimals));
    if (d < 0) text.prepend(QLatin1Char('-'));
    return text + QLatin1Char(' ') + QString::fromUtf8(u.suffix);
}

} // namespace tl::ui
