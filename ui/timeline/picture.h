#pragma once
// The timeline as a picture: PNG, SVG or PDF, painted by the same code as the screen
// (timelinepainter.h) and written atomically. Used by File ▸ Export Picture…, the command
// line's --png/--svg/--pdf and the app's hidden --screenshot switch.
#include "model/progress.h"
#include "model/trace.h"
#include "scenario/scenario.h"
#include "timeline/causalarrow.h"

#include <memory>
#include <string>
#include <vector>

namespace tl {
struct SharedMarks;
}

namespace tl::ui {

struct PictureOptions {
    std::string path;      // .png, .svg or .pdf, chosen by the extension
    int width = 1600;      // logical pixels
    double scale = 1.0;    // PNG device pixel ratio (1 or 2)
    TimeRange range{0, 0}; // empty: the whole trace
    std::string title;     // empty: scenario title and parameters
    // The parameters of the scenario the trace was made with, so that the subtitle names
    // them as the Parameters dock does; empty: those of the bundled scenario of the
    // trace's id, if there is one.
    std::vector<ParamSpec> parameters;
    // What the timeline explained when the picture was asked for: causality arrows, and the
    // threads and objects of a deadlock to call out.
    std::vector<CausalArrow> arrows;
    std::vector<int> emphasisThreads;
    std::vector<int> emphasisObjects;
    // Lost updates and races; null: found in the trace.
    std::shared_ptr<const SharedMarks> shared;
};

// Paints the timeline as the screen does and writes it atomically. Works with no display
// (QT_QPA_PLATFORM=offscreen). Returns false and sets *error on failure. With progress,
// reports how far it has got and throws Cancelled (leaving no file) when told to stop.
bool writeTimelinePicture(const Trace& trace, const PictureOptions& options, std::string* error,
                          const Progress* progress = nullptr);

} // namespace tl::ui
