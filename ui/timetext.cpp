#include "timetext.h"

#include <cmath>
#include <cstdlib>

namespace tl::ui {

QString unitSuffix(Time unit) {
    switch (unit) {
    case 1:
        return QStringLiteral("ns");
    case 1000:
        return QStringLiteral("µs");
    case 1000000:
        return QStringLiteral("ms");
    default:
        return QStringLiteral("s");
    }
}

QString humanTime(Time t) {
    const Time mag = std::llabs(t);
    Time unit = 1;
    if (mag >= 1'000'000'000)
        unit = 1'000'000'000;
    else if (mag >= 1'000'000)
        unit = 1'000'000;
    else if (mag >= 1'000)
        unit = 1'000;
    if (unit == 1) return QStringLiteral("%1 ns").arg(t);
    const double v = double(t) / double(unit);
    // Four significant digits: enough to tell runs apart, few enough to read.
    const int decimals = std::fabs(v) >= 100 ? 1 : std::fabs(v) >= 10 ? 2 : 3;
    return QStringLiteral("%1 %2").arg(v, 0, 'f', decimals).arg(unitSuffix(unit));
}

Time tableUnit(Time extent) {
    if (extent < 10'000) return 1;
    if (extent < 10'000'000) return 1'000;
    if (extent < 100'000'000'000) return 1'000'000;
    return 1'000'000'000;
}

QString tableTime(Time t, Time unit) {
    if (unit <= 1) return QString::number(t);
    // As many decimals as it takes to keep nanoseconds, so equal-looking rows are equal.
    const int decimals = unit == 1000 ? 3 : unit == 1'000'000 ? 6 : 9;
    const Time whole = t / unit;
    const Time frac = std::llabs(t % unit);
    return QStringLiteral("%1%2.%3")
        .arg(t < 0 && whole == 0 ? QStringLiteral("-") : QString())
        .arg(whole)
        .arg(frac, decimals, 10, QLatin1Char('0'));
}

} // namespace tl::ui
