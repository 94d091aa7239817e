#include "common/glyphicons.h"

#include <QApplication>
#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace tl::ui {

namespace {

// Accents from the Okabe-Ito palette the timeline uses, so Run/Stop read as go/halt without
// relying on red/green alone (their shapes differ too).
const QColor kGo(0x00, 0x9E, 0x73);
const QColor kHalt(0xD5, 0x5E, 0x00);

class GlyphEngine : public QIconEngine {
public:
    explicit GlyphEngine(Glyph g) : m_glyph(g) {}
    QIconEngine* clone() const override { return new GlyphEngine(m_glyph); }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override {
        return scaledPixmap(size, mode, state, 1.0);
    }
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override {
        QPixmap pm(size * scale);
        pm.setDevicePixelRatio(scale);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }

    void paint(QPainter* p, const QRect& rect, QIcon::Mode mode, QIcon::State) override {
        const QPalette pal = QApplication::palette();
        const bool disabled = mode == QIcon::Disabled;
        QColor ink =
            pal.color(disabled ? QPalette::Disabled : QPalette::Active, QPalette::WindowText);
        if (mode == QIcon::Selected) ink = pal.color(QPalette::HighlightedText);
        QColor accent = ink;
        if (!disabled && m_glyph == Glyph::Run) accent = kGo;
        if (!disabled && m_glyph == Glyph::Stop) accent = kHalt;

        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        // Glyphs are drawn on a 24x24 grid with a margin, then scaled into the rectangle.
        const double side = std::min(rect.width(), rect.height());
        p->translate(rect.x() + (rect.width() - side) / 2.0,
                     rect.y() + (rect.height() - side) / 2.0);
        p->scale(side / 24.0, side / 24.0);
        QPen pen(ink, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        p->setPen(pen);
        p->setBrush(Qt::NoBrush);
        draw(*p, ink, accent);
        p->restore();
    }

private:
    void draw(QPainter& p, const QColor& ink, const QColor& accent) const {
        auto triangle = [&](double x0, double x1, double y0, double y1) {
            QPainterPath path;
            path.moveTo(x0, y0);
            path.lineTo(x1, (y0 + y1) / 2);
            path.lineTo(x0, y1);
            path.closeSubpath();
            return path;
        };
        auto magnifier = [&] {
            p.drawEllipse(QPointF(10, 10), 6, 6);
            p.drawLine(QPointF(14.5, 14.5), QPointF(20, 20));
        };
        switch (m_glyph) {
        case Glyph::Run:
        case Glyph::Play:
            p.setPen(QPen(accent, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.setBrush(accent);
            p.drawPath(triangle(7, 19, 4.5, 19.5));
            break;
        case Glyph::Stop:
            p.setPen(Qt::NoPen);
            p.setBrush(accent);
            p.drawRoundedRect(QRectF(5.5, 5.5, 13, 13), 1.5, 1.5);
            break;
        case Glyph::Pause:
            p.setPen(Qt::NoPen);
            p.setBrush(ink);
            p.drawRoundedRect(QRectF(6, 5, 4, 14), 1, 1);
            p.drawRoundedRect(QRectF(14, 5, 4, 14), 1, 1);
            break;
        case Glyph::Replay: {
            p.drawArc(QRectF(5, 5, 14, 14), 100 * 16, 290 * 16);
            QPainterPath head;
            head.moveTo(9.5, 2.5);
            head.lineTo(13.5, 5.3);
            head.lineTo(9.5, 8.5);
            head.closeSubpath();
            p.setBrush(ink);
            p.drawPath(head);
            break;
        }
        case Glyph::StepBack:
            p.setBrush(ink);
            p.drawLine(QPointF(6, 6), QPointF(6, 18));
            p.drawPath(triangle(18, 9, 6, 18));
            break;
        case Glyph::StepForward:
            p.setBrush(ink);
            p.drawLine(QPointF(18, 6), QPointF(18, 18));
            p.drawPath(triangle(6, 15, 6, 18));
            break;
        case Glyph::ZoomIn:
            magnifier();
            p.drawLine(QPointF(7, 10), QPointF(13, 10));
            p.drawLine(QPointF(10, 7), QPointF(10, 13));
            break;
        case Glyph::ZoomOut:
            magnifier();
            p.drawLine(QPointF(7, 10), QPointF(13, 10));
            break;
        case Glyph::ZoomFit:
            // Corners of a frame with arrows out: "everything".
            p.drawPolyline(QPolygonF({{4, 9}, {4, 4}, {9, 4}}));
            p.drawPolyline(QPolygonF({{15, 4}, {20, 4}, {20, 9}}));
            p.drawPolyline(QPolygonF({{20, 15}, {20, 20}, {15, 20}}));
            p.drawPolyline(QPolygonF({{9, 20}, {4, 20}, {4, 15}}));
            p.drawLine(QPointF(8, 12), QPointF(16, 12));
            break;
        case Glyph::Follow:
            // Arrow running into a bar: keep the newest time at the right edge.
            p.drawLine(QPointF(4, 12), QPointF(15, 12));
            p.drawPolyline(QPolygonF({{11, 7.5}, {15.5, 12}, {11, 16.5}}));
            p.drawLine(QPointF(20, 5), QPointF(20, 19));
            break;
        case Glyph::Open:
            p.drawPolyline(QPolygonF({{3, 19}, {3, 5}, {9, 5}, {11, 7.5}, {19, 7.5}, {19, 10}}));
            p.drawPolygon(QPolygonF({{3, 19}, {6.5, 11}, {21.5, 11}, {18, 19}}));
            break;
        case Glyph::Save:
            p.drawRoundedRect(QRectF(4, 4, 16, 16), 2, 2);
            p.drawRect(QRectF(8, 4, 8, 5));
            p.drawRect(QRectF(7.5, 13, 9, 7));
            break;
        case Glyph::Export:
            // A picture (horizon and sun) with an arrow leaving it.
            p.drawRoundedRect(QRectF(3, 6, 14, 14), 2, 2);
            p.drawPolyline(QPolygonF({{3, 17}, {8, 12}, {12, 16}, {14, 14}, {17, 17}}));
            p.drawLine(QPointF(14, 10), QPointF(21, 3));
            p.drawPolyline(QPolygonF({{16, 3}, {21, 3}, {21, 8}}));
            break;
        case Glyph::Copy:
            p.drawRoundedRect(QRectF(8, 8, 12, 13), 2, 2);
            p.drawPolyline(QPolygonF({{16, 5}, {16, 3}, {4, 3}, {4, 16}, {6, 16}}));
            break;
        case Glyph::NewSeed: {
            // A die showing five.
            p.drawRoundedRect(QRectF(4, 4, 16, 16), 3, 3);
            p.setPen(Qt::NoPen);
            p.setBrush(ink);
            for (const QPointF c : {QPointF(8.5, 8.5), QPointF(15.5, 8.5), QPointF(12, 12),
                                    QPointF(8.5, 15.5), QPointF(15.5, 15.5)})
                p.drawEllipse(c, 1.6, 1.6);
            break;
        }
        }
    }

    Glyph m_glyph;
};

} // namespace

QIcon glyphIcon(Glyph g) {
    return QIcon(new GlyphEngine(g));
}

} // namespace tl::ui
