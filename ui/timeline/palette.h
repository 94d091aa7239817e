#pragma once
// Colours and patterns of the timeline. State colours come from the Okabe-Ito palette
// (safe for the common colour-vision deficiencies); blocked and waiting also carry a
// pattern so they differ in greyscale and print. Background and text follow the QPalette,
// so the timeline reads on light and dark themes alike.
#include "model/event.h"

#include <QBrush>
#include <QColor>
#include <QPalette>

#include <array>
#include <string_view>

namespace tl::ui {

enum class StatePattern { None, Hatch, Dots };
// The side of a pattern's tile, in pixels: the raster brush (makePatternBrush) and the vector
// patterns of SVG and PDF (timelinespans.cpp) repeat at the same pitch, so a picture reads the
// same in every format.
inline constexpr int kPatternTile = 6;

struct TimelinePalette {
    bool dark = false;
    QColor background;    // lanes
    QColor panel;         // name column, ruler, legend
    QColor alternate;     // every other lane
    QColor header;        // role and section header rows
    QColor text;          // names, labels
    QColor mutedText;     // secondary labels, ruler
    QColor grid;          // gridlines and separators
    QColor highlight;     // selection outline, replay cursor
    QColor selectionFill; // range selection
    QColor marker;        // operation ticks
    QColor noData;        // beyond the horizon / before a thread starts
    QColor sharedHold;    // a lock held by readers (no one thread's colour)
    std::array<QColor, kStateCount> states;
    std::array<QColor, kStateCount> patternInk; // colour of the hatch or dots on a state
    std::array<QBrush, kStateCount> patterns;   // made once: painting asks for them per frame

    static TimelinePalette fromPalette(const QPalette& palette);
    static TimelinePalette light(); // exports default to this, whatever the desktop theme
    static TimelinePalette darkTheme();

    QColor stateColour(ThreadState s) const { return states[std::size_t(s)]; }
    static StatePattern statePattern(ThreadState s);
    // A brush that paints only the pattern (transparent between strokes), to lay over the
    // state's fill; Qt::NoBrush for states without a pattern.
    QBrush patternBrush(ThreadState s) const;
    QBrush makePatternBrush(ThreadState s) const;
    // Colours for threads where a track shows who holds something (the mutex-owner bar);
    // Paul Tol's "muted" scheme, so they do not read as states.
    QColor threadColour(int thread) const;
    // A named slice's colour (another program's trace): the same name has the same colour in
    // every trace and every session (a hash of the name picks one of 20 hues), in tints
    // light enough for black labels on a light theme and dark enough for white on a dark one.
    QColor sliceColour(std::string_view name) const;
    // Wakeups and flows between threads.
    QColor flowColour() const { return dark ? QColor(0xE0, 0xE0, 0xE0) : QColor(0x30, 0x30, 0x30); }
    // Text that reads on a fill of this colour.
    static QColor textOn(const QColor& fill);
};

} // namespace tl::ui
