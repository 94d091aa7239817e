#pragma once
// Toolbar and button icons drawn as vector glyphs in the current palette's text colour, so
// they stay crisp at any device pixel ratio and readable on light and dark themes (Debian
// ships no icon theme by default, and QIcon::fromTheme would come back empty).
#include <QIcon>

namespace tl::ui {

enum class Glyph {
    Run,
    Stop,
    Pause,
    Play,
    Replay,
    StepBack,
    StepForward,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Follow,
    Open,
    Save,
    Export,
    Copy,
    NewSeed,
};

QIcon glyphIcon(Glyph g);

} // namespace tl::ui
