// The timeline's lanes on a paint device: every span, each folded column's bands, and the
// patterns that tell blocked from waiting without colour (timelinepaintimpl.h).
#include "timeline/timelinepaintimpl.h"

#include <QImage>

#include <algorithm>
#include <cstring>
#include <tuple>

namespace tl::ui::paint {

void Painter::spans() {
    p.setPen(Qt::NoPen);
    const bool strips = raster && g.laneOffsets[0].size() == g.lanes.size() + 1 &&
                        g.mixedOffsets.size() == g.lanes.size() + 1;
    if (strips) laneStrips();
    // Elsewhere the folded columns' bands are rectangles, filled after the spans.
    std::array<std::vector<QRectF>, kStateCount> bands;
    if (!strips) bands = mixedRects(g);
    for (int s = 0; s < kStateCount; ++s) {
        const auto& rects = g.states[std::size_t(s)];
        const auto& extra = bands[std::size_t(s)];
        if (strips) {
            // Filled by laneStrips.
        } else if (raster) {
            // The raster engine fills a QRectF with a colour by a fast blit, while
            // drawRects(QRectF*) goes through the general rasteriser, 3-4x slower.
            const QColor c = pal.states[std::size_t(s)];
            for (const QRectF& r : rects)
                p.fillRect(r, c);
            for (const QRectF& r : extra)
                p.fillRect(r, c);
        } else {
            // Vector devices get one batch per colour: a smaller file.
            p.setBrush(pal.states[std::size_t(s)]);
            if (!rects.empty()) p.drawRects(rects.data(), int(rects.size()));
            if (!extra.empty()) p.drawRects(extra.data(), int(extra.size()));
        }
        // A band is a pixel or a few high: too thin for a pattern.
        patterns(rects.data(), rects.size(), ThreadState(s));
    }
}

namespace {

// x + 0.5 truncated: std::lround is a library call, and a dense frame rounds a few hundred
// thousand edges. Only for the non-negative pixel offsets of a frame.
inline int roundPixel(double x) {
    return int(x + 0.5);
}

} // namespace

void Painter::laneStrips() {
    const double dpr = p.device() ? p.device()->devicePixelRatio() : 1.0;
    const int w = std::max(1, int(std::ceil(L.laneWidth * dpr)));
    const int lanes = int(g.lanes.size());
    if (lanes == 0) return;
    auto span = [&](double left, double right) {
        // Edges round to the nearest pixel, as a non-antialiased fillRect does.
        return std::pair(std::clamp(roundPixel(left * dpr), 0, w),
                         std::clamp(roundPixel(right * dpr), 0, w));
    };
    std::array<QRgb, kStateCount> colours{};
    for (std::size_t s = 0; s < std::size_t(kStateCount); ++s)
        colours[s] = pal.states[s].rgba();
    // Every lane's spans in one row of pixels.
    QImage strip(w, lanes, QImage::Format_ARGB32_Premultiplied);
    strip.fill(Qt::transparent);
    for (std::size_t s = 0; s < std::size_t(kStateCount); ++s) {
        const auto& rects = g.states[s];
        const auto& offsets = g.laneOffsets[s];
        for (int l = 0; l < lanes; ++l) {
            auto* row = reinterpret_cast<QRgb*>(strip.scanLine(l));
            for (std::uint32_t k = offsets[std::size_t(l)]; k < offsets[std::size_t(l) + 1]; ++k) {
                const auto [x0, x1] = span(rects[k].left(), rects[k].right());
                std::fill(row + x0, row + x1, colours[s]);
            }
        }
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    // A lane with mixed columns is composed in a picture of its own, a row per device pixel
    // of its height, and drawn before the next is composed: one lane (16 rows, 100 KB)
    // stays in cache, where all of them at once (6 MB) did not and cost twice as much.
    thread_local std::vector<QRgb> buffer;
    std::vector<QRgb> column;
    for (int l = 0; l < lanes; ++l) {
        const LaneSpec& lane = g.lanes[std::size_t(l)];
        if (!rowVisible(lane.top, lane.height)) continue;
        const QRectF target(0, lane.top, double(w) / dpr, lane.height);
        const std::uint32_t first = g.mixedOffsets[std::size_t(l)],
                            last = g.mixedOffsets[std::size_t(l) + 1];
        if (first == last) { // the row, stretched to the lane's height
            p.drawImage(target, strip, QRectF(0, l, w, 1));
            continue;
        }
        const int rows = std::max(1, roundPixel(lane.height * dpr));
        if (buffer.size() < std::size_t(w) * std::size_t(rows))
            buffer.resize(std::size_t(w) * std::size_t(rows));
        QRgb* const base = buffer.data();
        const auto* spans = reinterpret_cast<const QRgb*>(strip.constScanLine(l));
        for (int r = 0; r < rows; ++r)
            std::memcpy(base + std::size_t(r) * std::size_t(w), spans,
                        std::size_t(w) * sizeof(QRgb));
        // Band boundaries in device rows, from the bottom: pixel b of the lane's bands
        // ends at rowOf[b].
        const int bandPixels = std::min(roundPixel(lane.height), kMaxBandPixels);
        std::array<int, kMaxBandPixels + 1> rowOf{};
        for (int b = 0; b <= bandPixels; ++b)
            rowOf[std::size_t(b)] = bandPixels > 0 ? roundPixel(double(b) * rows / bandPixels) : 0;
        // A column's colours, bottom row first. Each band writes a fixed kBandSpan entries
        // from where it starts and the next band writes over the excess: no loop whose
        // length depends on the data, whose mispredictions would cost more than the writes.
        constexpr int kBandSpan = 16;
        const bool exact = rows <= kBandSpan && rows == bandPixels;
        std::array<std::uint8_t, 2 * kBandSpan + 1> index{}; // band of each row, when exact
        std::array<QRgb, kStateCount> ordered{};
        for (std::size_t k = 0; k < kBandOrder.size(); ++k)
            ordered[k] = colours[std::size_t(kBandOrder[k])];
        column.assign(std::size_t(std::max(rows, bandPixels) + 1), 0);
        QRgb* const colour = column.data();
        for (std::uint32_t k = first; k < last; ++k) {
            const MixedColumn& c = g.mixed[k];
            auto [x0, x1] = span(c.x0, c.x1);
            // A column squeezed between spans still gets a pixel: it may be all a
            // minority state has in this lane.
            if (x1 <= x0) std::tie(x0, x1) = x1 > 0 ? std::pair(x1 - 1, x1) : std::pair(0, 1);
            int below = 0;
            QRgb* px = base + std::size_t(rows - 1) * std::size_t(w) + std::size_t(x0);
            if (exact && x1 - x0 == 1) {
                for (std::size_t k = 0; k < kBandOrder.size(); ++k) {
                    std::memset(index.data() + below, int(k), kBandSpan);
                    below += c.bands[std::size_t(kBandOrder[k])];
                }
                for (int r = 0; r < rows; ++r, px -= w)
                    *px = ordered[index[std::size_t(r)]];
                continue;
            }
            if (exact) {
                for (const ThreadState st : kBandOrder) {
                    const int from = below;
                    below += c.bands[std::size_t(st)];
                    std::fill(colour + from, colour + below, colours[std::size_t(st)]);
                }
            } else { // bands stretched to more (or fewer) device rows than lane pixels
                for (const ThreadState st : kBandOrder) {
                    const int from = rowOf[std::size_t(below)];
                    below = std::min(below + c.bands[std::size_t(st)], bandPixels);
                    std::fill(colour + from, colour + rowOf[std::size_t(below)],
                              colours[std::size_t(st)]);
                }
            }
            if (x1 - x0 == 1) {
                for (int r = 0; r < rows; ++r, px -= w)
                    *px = colour[r];
            } else {
                for (int r = 0; r < rows; ++r, px -= w)
                    std::fill(px, px + (x1 - x0), colour[r]);
            }
        }
        const QImage picture(reinterpret_cast<const uchar*>(base), w, rows,
                             qsizetype(w) * qsizetype(sizeof(QRgb)),
                             QImage::Format_ARGB32_Premultiplied);
        p.drawImage(target, picture, QRectF(0, 0, w, rows));
    }
}

void Painter::patterns(const QRectF* rects, std::size_t n, ThreadState s) {
    const StatePattern kind = TimelinePalette::statePattern(s);
    if (kind == StatePattern::None || n == 0) return;

    if (!vectorPatterns) {
        const QBrush brush = pal.patternBrush(s);
        if (raster) {
            // A 6 px pattern cannot show on a sliver, and texture fills are the slowest
            // part of a dense frame: only rectangles with room for it get one.
            for (std::size_t i = 0; i < n; ++i)
                if (rects[i].width() >= kMinPatternWidth) p.fillRect(rects[i], brush);
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(brush);
            p.drawRects(rects, int(n));
        }
        return;
    }
    const QColor ink = pal.patternInk[std::size_t(s)];
    constexpr double kTile = kPatternTile;
    p.save();
    if (kind == StatePattern::Hatch) {
        std::vector<QLineF> lines;
        for (std::size_t i = 0; i < n; ++i) {
            const QRectF& r = rects[i];
            // Rising diagonals x + y = c, clipped to the rectangle.
            for (double c = std::ceil((r.left() + r.top()) / kTile) * kTile;
                 c < r.right() + r.bottom(); c += kTile) {
                const double xa = std::max(r.left(), c - r.bottom());
                const double xb = std::min(r.right(), c - r.top());
                if (xb > xa) lines.emplace_back(xa, c - xa, xb, c - xb);
            }
        }
        p.setPen(QPen(ink, 1.5, Qt::SolidLine, Qt::FlatCap));
        p.drawLines(lines.data(), int(lines.size()));
    } else {
        std::vector<QRectF> dots;
        for (std::size_t i = 0; i < n; ++i) {
            const QRectF& r = rects[i];
            for (double y = std::floor(r.top() / kTile) * kTile; y < r.bottom(); y += kTile)
                for (double x = std::floor(r.left() / kTile) * kTile; x < r.right(); x += kTile)
                    for (const QPointF d : {QPointF(x + 1, y + 1), QPointF(x + 4, y + 4)}) {
                        const QRectF dot = QRectF(d, QSizeF(2, 2)).intersected(r);
                        if (!dot.isEmpty()) dots.push_back(dot);
                    }
        }
        p.setPen(Qt::NoPen);
        p.setBrush(ink);
        p.drawRects(dots.data(), int(dots.size()));
    }
    p.restore();
}

} // namespace tl::ui::paint
