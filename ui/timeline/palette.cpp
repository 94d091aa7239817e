#include "timeline/palette.h"

#include <cstdint>

#include <QImage>
#include <QPainter>

namespace tl::ui {

namespace {

// Okabe & Ito, "Color Universal Design" (2008).
constexpr QRgb kOrange = 0xE69F00;
constexpr QRgb kSkyBlue = 0x56B4E9;
constexpr QRgb kBluishGreen = 0x009E73;
constexpr QRgb kYellow = 0xF0E442;
constexpr QRgb kBlue = 0x0072B2;
constexpr QRgb kVermillion = 0xD55E00;
constexpr QRgb kReddishPurple = 0xCC79A7;

// Paul Tol's muted scheme, for thread identities.
constexpr std::array<QRgb, 9> kThreadColours = {0x332288, 0x88CCEE, 0x44AA99, 0x117733, 0x999933,
                                                0xDDCC77, 0xCC6677, 0x882255, 0xAA4499};

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

double luminance(const QColor& c) {
    return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
}

void setStates(TimelinePalette& p) {
    // Green for useful CPU work and red-orange for lock contention, as in Visual Studio's
    // Concurrency Visualizer; waiting (a queue, a semaphore) is the amber next to it, which
    // is why it also gets dots and blocked a hatch.
    p.states[std::size_t(ThreadState::Working)] = QColor(kBluishGreen);
    p.states[std::size_t(ThreadState::Io)] = QColor(kSkyBlue);
    p.states[std::size_t(ThreadState::Sleeping)] = QColor(kReddishPurple);
    p.states[std::size_t(ThreadState::Runnable)] = QColor(kYellow);
    p.states[std::size_t(ThreadState::Blocked)] = QColor(kVermillion);
    p.states[std::size_t(ThreadState::Waiting)] = QColor(kOrange);
    p.states[std::size_t(ThreadState::Running)] = QColor(kBlue);
    if (p.dark) {
        // The Okabe-Ito blue is too dark to tell from a dark background.
        p.states[std::size_t(ThreadState::Running)] = QColor(0x3B9BD9);
    }
    for (int s = 0; s < kStateCount; ++s) {
        // Dark ink reads on every one of these fills, in colour and in greyscale.
        p.patternInk[std::size_t(s)] = QColor(0, 0, 0, 120);
    }
}

} // namespace

TimelinePalette TimelinePalette::fromPalette(const QPalette& pal) {
    TimelinePalette p;
    const QColor base = pal.color(QPalette::Active, QPalette::Base);
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    p.dark = luminance(base) < 0.45;
    p.background = base;
    p.text = text;
    p.panel = mix(base, pal.color(QPalette::Active, QPalette::Window), 0.7);
    p.alternate = mix(base, text, p.dark ? 0.035 : 0.025);
    p.header = mix(base, text, p.dark ? 0.09 : 0.06);
    p.mutedText = mix(text, base, 0.4);
    p.grid = mix(base, text, p.dark ? 0.16 : 0.11);
    p.highlight = pal.color(QPalette::Active, QPalette::Highlight);
    p.selectionFill = p.highlight;
    p.selectionFill.setAlpha(48);
    p.marker = mix(text, base, 0.3); // present but quieter than the names
    p.noData = mix(base, text, p.dark ? 0.06 : 0.04);
    p.sharedHold = mix(base, text, p.dark ? 0.4 : 0.3);
    setStates(p);
    for (int s = 0; s < kStateCount; ++s)
        p.patterns[std::size_t(s)] = p.makePatternBrush(ThreadState(s));
    return p;
}

TimelinePalette TimelinePalette::light() {
    QPalette pal;
    pal.setColor(QPalette::Base, QColor(0xFFFFFF));
    pal.setColor(QPalette::Window, QColor(0xF3F3F3));
    pal.setColor(QPalette::Text, QColor(0x1E1E1E));
    pal.setColor(QPalette::Highlight, QColor(0x2A6FDB));
    return fromPalette(pal);
}

TimelinePalette TimelinePalette::darkTheme() {
    QPalette pal;
    pal.setColor(QPalette::Base, QColor(0x1E1F22));
    pal.setColor(QPalette::Window, QColor(0x2B2D30));
    pal.setColor(QPalette::Text, QColor(0xDFE1E5));
    pal.setColor(QPalette::Highlight, QColor(0x4C8DF6));
    return fromPalette(pal);
}

StatePattern TimelinePalette::statePattern(ThreadState s) {
    switch (s) {
    case ThreadState::Blocked:
        return StatePattern::Hatch;
    case ThreadState::Waiting:
        return StatePattern::Dots;
    default:
        return StatePattern::None;
    }
}

QBrush TimelinePalette::patternBrush(ThreadState s) const {
    return patterns[std::size_t(s)];
}

QBrush TimelinePalette::makePatternBrush(ThreadState s) const {
    const StatePattern pattern = statePattern(s);
    if (pattern == StatePattern::None) return Qt::NoBrush;
    // A small tile rather than Qt::BDiagPattern: Qt's patterns are 1 device pixel thin
    // (invisible at 2x) and are drawn opaque in some paint engines.
    constexpr int kTile = kPatternTile;
    QImage tile(kTile, kTile, QImage::Format_ARGB32_Premultiplied);
    tile.fill(Qt::transparent);
    const QColor ink = patternInk[std::size_t(s)];
    if (pattern == StatePattern::Hatch) {
        for (int i = 0; i < kTile; ++i) {
            // Rising diagonal, two pixels thick so it survives downscaling.
            tile.setPixelColor(i, kTile - 1 - i, ink);
            tile.setPixelColor((i + 1) % kTile, kTile - 1 - i, ink);
        }
    } else {
        tile.setPixelColor(1, 1, ink);
        tile.setPixelColor(2, 1, ink);
        tile.setPixelColor(1, 2, ink);
        tile.setPixelColor(2, 2, ink);
        tile.setPixelColor(4, 4, ink);
        tile.setPixelColor(5, 4, ink);
        tile.setPixelColor(4, 5, ink);
        tile.setPixelColor(5, 5, ink);
    }
    return QBrush(tile);
}

QColor TimelinePalette::threadColour(int thread) const {
    QColor c(kThreadColours[std::size_t(thread < 0 ? 0 : thread) % kThreadColours.size()]);
    if (dark && luminance(c) < 0.2) c = c.lighter(170);
    return c;
}

QColor TimelinePalette::sliceColour(std::string_view name) const {
    // FNV-1a: stable across platforms and runs, unlike std::hash.
    std::uint32_t h = 2166136261u;
    for (const char c : name)
        h = (h ^ std::uint8_t(c)) * 16777619u;
    const int hue = int(h % 20) * 18;   // 20 hues, 18 degrees apart
    const int step = int((h / 20) % 3); // three tints a hue, for neighbours
    return dark ? QColor::fromHsl(hue, 90 + 20 * step, 70 + 14 * step)
                : QColor::fromHsl(hue, 120 + 20 * step, 178 + 14 * step);
}

QColor TimelinePalette::textOn(const QColor& fill) {
    return luminance(fill) > 0.5 ? QColor(0x1E1E1E) : QColor(0xFFFFFF);
}

} // namespace tl::ui
