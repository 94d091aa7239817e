#pragma once
// Times as the app shows them in its panels, tooltips, status bar and pictures: the QString
// face of core/model/timefmt.h, where the rules are (and the command line's spelling beside them).
// The events table uses one unit for a whole trace so that its column lines up and compares
// at a glance.
#include "model/event.h"
#include "model/timefmt.h"

#include <QString>

namespace tl::ui {

// Four significant digits in the unit that suits: "840 ns", "12.35 ms", "1.204 s", "0".
QString humanTime(Time t);

// t in a table's unit (tableUnit, timefmt.h), without the unit (the column header names it),
// with the decimals that keep nanoseconds: "12.345678".
QString tableTime(Time t, Time unit);
// "ns", "µs", "ms", "s".
QString unitSuffix(Time unit);

} // namespace tl::ui
