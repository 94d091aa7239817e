#pragma once
// Times as people read them in the panels and the status bar ("12.345 ms"). The events
// table uses one unit for a whole trace so that its column lines up and compares at a glance.
#include "event.h"

#include <QString>

namespace tl::ui {

// Adaptive unit, up to four significant digits: "840 ns", "12.35 ms", "1.204 s".
QString humanTime(Time t);

// The unit a table of times within [0, extent] should use, as ns per unit (1, 1e3, 1e6, 1e9).
Time tableUnit(Time extent);
// t in that unit, without the unit (the column header names it), with a fixed number of
// decimals that keeps nanoseconds: "12.345678".
QString tableTime(Time t, Time unit);
QString unitSuffix(Time unit);

} // namespace tl::ui
