#include "common/timetext.h"

namespace tl::ui {

namespace {
QString fromStd(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
} // namespace

QString humanTime(Time t) {
    return fromStd(readableTime(t, TimeSpelling::App));
}

QString tableTime(Time t, Time unit) {
    return fromStd(timeInUnit(t, unit, unitDecimals(unit)));
}

QString unitSuffix(Time unit) {
    return fromStd(unitName(unit, TimeSpelling::App));
}

} // namespace tl::ui
