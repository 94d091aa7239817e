#pragma once
// Times as text: the one place that says how a number of nanoseconds is written, and read back.
// Two precisions and three spellings:
// - exact (exactTime): every nanosecond, the shortest way; what a scenario file holds and what
//   parseDuration reads back ("1.5us", "250ms");
// - readable (readableTime): a few significant digits for people, in the unit that suits the
//   size ("840 ns", "12.35 ms", "1.204 s");
// and for columns of times (the events table) and the ruler, a time in a unit chosen for the
// whole column (timeInUnit).
// The app writes micro as "µ" and puts a space before the unit; files and the command line
// write "us", and the command line's tables keep three digits, because a terminal pads them
// by bytes into columns nine wide.
#include "model/event.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tl {

enum class TimeSpelling : std::uint8_t {
    File,     // "1.5us": no space, ASCII; four significant digits when readable
    Terminal, // "1.5 us": the command line; three significant digits when readable
    App,      // "1.5 µs": the app, pictures, tooltips; four significant digits when readable
};

// "250us", "1.5ms", "2s", "100ns", "0" (also "µs", and a space before the unit). Returns
// nullopt when text is not a duration. A decimal point is always '.', whatever the locale.
std::optional<Time> parseDuration(std::string_view text);

// The shortest exact spelling: 2000000 -> "2ms", 1500 -> "1.5us", 1234567 -> "1234.567us",
// 0 -> "0". parseDuration reads every one back to the same number.
std::string exactTime(Time ns, TimeSpelling spelling = TimeSpelling::File);

// A few significant digits (readableDigits) in the largest unit the time reaches, trailing
// zeros dropped: "840 ns", "12.35 ms", "1.204 s", "1 ms" (for 999,999.6 µs as well), "0".
std::string readableTime(Time ns, TimeSpelling spelling = TimeSpelling::App);
int readableDigits(TimeSpelling spelling);

// The largest of ns, µs, ms and s (as nanoseconds per unit: 1, 1e3, 1e6, 1e9) in which
// |magnitude| is at least 1; ns for 0.
Time unitFor(Time magnitude);
// "ns", "us" or "µs", "ms", "s" for such a unit.
std::string_view unitName(Time unit, TimeSpelling spelling = TimeSpelling::App);

// t in `unit` with `decimals` decimals (at most the unit's own: 3 for µs, 9 for s), rounded
// half away from zero, without the unit: "12.345678", "-0.5". Exact in integers, so every
// nanosecond of a long run is kept; with `trim`, trailing zeros (and a bare point) go.
std::string timeInUnit(Time t, Time unit, int decimals, bool trim = false);
// The decimals that keep every nanosecond in `unit`: 0, 3, 6 or 9.
int unitDecimals(Time unit);

// The unit a table of times within [0, extent] uses, so that its column lines up and reads
// at a glance: ns below 10 µs, µs below 10 ms, ms below 100 s, s beyond.
Time tableUnit(Time extent);

} // namespace tl
