#pragma once
// Internal to the timeline painter (timelinepainter.cpp, timelinespans.cpp,
// timelineheader.cpp, timelinetracks.cpp): the state of one paint pass and its steps. Everything
// else uses paintTimeline() from timelinepainter.h.
#include "timeline/timecoords.h"
#include "timeline/timelinepainter.h"

#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainter>

#include <cmath>
#include <string_view>

namespace tl::ui::paint {

using namespace spacing; // kMargin, kIndent, kChip: as the layout made room (timelinelayout.h)
inline constexpr int kMaxSpanLabels = 400; // text is the slowest thing to paint: cap it
// Narrower spans cannot show a pattern (kPatternTile, 6 px): a stripe or two would fall on some
// and not on their neighbours, a moiré along a zoomed-out convoy of 4-5 px spans.
inline constexpr double kMinPatternWidth = 8;

inline QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Baseline that centres one line of text vertically in [top, top + height).
inline double baseline(const QFontMetricsF& fm, double top, double height) {
    return std::round(top + (height - fm.height()) / 2 + fm.ascent());
}

class Painter {
public:
    Painter(QPainter& p, const Trace& trace, const TimelineLayout& L, const TimelineGeometry& g,
            const TimelinePalette& pal, const PaintState& st)
        : p(p), trace(trace), L(L), g(g), pal(pal), st(st), fm(L.font), bold(L.boldFont),
          small(L.smallFont) {
        bodyClip = QRectF(0, L.bodyTop, L.width, std::max(0.0, st.viewportHeight - L.bodyTop));
        laneClip = QRectF(L.laneLeft, L.bodyTop, L.laneWidth, bodyClip.height());
        vectorPatterns = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::SVG;
        raster = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster;
        ruler = rulerTicks(st.range, L.laneWidth, 90, rulerUnit());
        shrinkRulerIfCrowded();
    }

    void paint();

private:
    double x(Time t) const { return timeToX(t, st.range, L.laneWidth, L.laneLeft); }
    double bodyY(double y) const { return y + L.bodyTop - st.scrollY; }
    bool rowVisible(double top, double height) const {
        return bodyY(top + height) > bodyClip.top() && bodyY(top) < bodyClip.bottom();
    }

    // Wider steps until no two labels collide: the first label of a relative ruler is long.
    void shrinkRulerIfCrowded();
    Time rulerUnit() const { return ui::rulerUnit(trace); }
    void body();
    void rowBackgrounds();

    QColor hoverTint() const {
        QColor c = pal.highlight;
        c.setAlpha(pal.dark ? 48 : 30);
        return c;
    }

    void gridlines(double top, double bottom);
    void noDataShade();
    void spans();

    // On raster devices the spans are rasterised into one row of pixels per lane and each
    // row is stretched to its lane's height: a dense frame has tens of thousands of spans a
    // pixel or two wide, and one fillRect call each costs more than the pixels themselves.
    // A lane with mixed columns gets a row per device pixel of its height instead, for the
    // columns' bands.
    void laneStrips();

    // Lays a state's pattern over rectangles already filled with its colour. Raster and PDF
    // take the tiled brush; the SVG generator cannot write texture brushes (it would fill
    // black), so there the strokes are drawn as vectors, which also print crisply.
    void patterns(const QRectF* rects, std::size_t n, ThreadState s);
    void markers();
    void tracks();
    // Another program's trace (timelineslices.cpp): named slices, flows and wakeups.
    void namedSlices();
    void flowArrows();
    void sliceRowName(const LayoutRow& row, double top);
    // Counters as step charts and instants as pins (timelineslices.cpp).
    void counterCharts();
    void instantMarks();
    void markRowName(const LayoutRow& row, double top);
    // The y an arrow to or from a thread aims at: its lane's middle, or its slices' first
    // level; -1 when it has neither.
    double threadAnchorY(int thread) const;
    void counter(const ObjectTrackGeometry& t, const TrackSpec& spec);
    void bars(const ObjectTrackGeometry& t);
    void marks(const ObjectTrackGeometry& t, const TrackSpec& spec);
    void values(const ObjectTrackGeometry& t, const TrackSpec& spec);
    // Shared variables (timelineshared.cpp): each lost update as an arrow from the stale read
    // to the write that lost the other's, the overwritten store crossed out; each race's two
    // accesses outlined on the variable's track and ringed on the two threads' lanes.
    void sharedOverlays();

    // At readable zoom, wide spans say what they are: "blocked · m", "waiting · jobs (queue full)".
    void spanLabels();
    void selectionOverlays();
    // Causality arrows and a deadlock's outlines over the lanes; its names called out.
    void causalOverlays();
    void emphasisNames();
    void diamond(QPointF c);
    void nameColumn();
    void header();
    void title();

    // A run that did not simply complete says so next to the title, where it is seen: a
    // figure of a deadlock should not pass for a normal run.
    void outcomeBadge(QPointF at, double lineHeight);
    void legend();
    void rulerRow();

    // The duration of a Shift+drag selection, on a pill above it.
    QRectF selectionPillRect(const QRectF& R) const;
    void selectionPill(const QRectF& pill);

    QPainter& p;
    const Trace& trace;
    const TimelineLayout& L;
    const TimelineGeometry& g;
    const TimelinePalette& pal;
    const PaintState& st;
    QFontMetricsF fm, bold, small;
    QRectF bodyClip, laneClip;
    Ruler ruler;
    bool vectorPatterns = false;
    bool raster = false;
};

} // namespace tl::ui::paint
