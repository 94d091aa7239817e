#include "sweep/sweepchart.h"

#include "timeline/palette.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QScatterSeries>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

// Okabe-Ito: blue for the figure (sky blue on dark windows), orange for the run shown on the
// timeline, vermillion for a run that did not complete (a deadlock, a limit).
QColor lineColour(bool dark) {
    return dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x72, 0xB2);
}
const QColor kCurrentColour(0xE6, 0x9F, 0x00);
const QColor kFailedColour(0xD5, 0x5E, 0x00);
constexpr int kBothChartsHeight = 430;
constexpr int kMargin = 6;

// A state's fill as the timeline paints it: the colour, with blocked's hatch and waiting's
// dots laid over it, so the areas read like the timeline's legend (also in greyscale).
QBrush stateBrush(const TimelinePalette& tp, ThreadState s) {
    const QColor colour = tp.stateColour(s);
    const QBrush pattern = tp.patternBrush(s);
    const QImage ink = pattern.style() == Qt::NoBrush ? QImage() : pattern.textureImage();
    if (ink.isNull()) return colour;
    QImage tile(ink.size(), QImage::Format_ARGB32_Premultiplied);
    tile.fill(colour);
    QPainter painter(&tile);
    painter.drawImage(0, 0, ink);
    painter.end();
    return QBrush(tile);
}

// printf format for tick labels `step` apart: as many decimals as the step has.
QString labelFormat(double step) {
    int decimals = 0;
    while (decimals < 4 && std::fabs(step * std::pow(10.0, decimals) -
                                     std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    return QStringLiteral("%.%1f").arg(decimals);
}

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

QChart* makeChart() {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(kMargin, kMargin, kMargin, kMargin));
    chart->setLocalizeNumbers(true);
    return chart;
}

QChartView* makeView(QChart* chart, const QString& name, int minimumHeight) {
    auto* view = new QChartView(chart);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->setMinimumSize(320, minimumHeight);
    return view;
}

} // namespace

SweepChart::SweepChart(QWidget* parent) : QWidget(parent) {
    m_stack = new QStackedWidget(this);
    m_placeholder = new QLabel(m_stack);
    m_placeholder->setObjectName(QStringLiteral("sweepPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(24);

    m_charts = new QWidget(m_stack);
    m_charts->setAutoFillBackground(true);
    m_caption = new QLabel(m_charts);
    m_caption->setObjectName(QStringLiteral("sweepCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setContentsMargins(8, 6, 8, 0);

    m_figureChart = makeChart();
    m_figureChart->legend()->setAlignment(Qt::AlignBottom);
    m_figureChart->legend()->hide(); // shown when some runs did not complete
    // No tooltip of their own on the views: it would cover the point's (eventFilter).
    m_figureView = makeView(m_figureChart, QStringLiteral("sweepFigureChart"), 150);

    m_sharesChart = makeChart();
    // Under the plot, so that both charts' value axes line up.
    m_sharesChart->legend()->setAlignment(Qt::AlignBottom);
    m_sharesView = makeView(m_sharesChart, QStringLiteral("sweepSharesChart"), 120);

    m_splitter = new QSplitter(Qt::Vertical, m_charts);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_figureView);
    m_splitter->addWidget(m_sharesView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto* chartsLayout = new QVBoxLayout(m_charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(0);
    chartsLayout->addWidget(m_caption);
    chartsLayout->addWidget(m_splitter, 1);

    // The two plots share the value axis: their plot areas are kept flush left and right
    // whatever the width of each one's axis labels, so a value sits at one x in both.
    for (QChart* chart : {m_figureChart, m_sharesChart})
        connect(chart, &QChart::plotAreaChanged, this, &SweepChart::alignPlots,
                Qt::QueuedConnection);

    // Hovering a point is found here (eventFilter) rather than by the series' own hover:
    // their tips were hidden again by the scene as soon as the mouse rested.
    for (QChartView* view : {m_figureView, m_sharesView}) {
        view->viewport()->setMouseTracking(true);
        view->viewport()->installEventFilter(this);
    }

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_charts);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    applyPalette();
}

SweepChart::~SweepChart() = default;

void SweepChart::setResult(std::shared_ptr<const SweepResult> result, bool durationValue,
                           bool doubling, const QString& caption) {
    m_result = std::move(result);
    m_durationValue = durationValue;
    m_current = -1;
    m_caption->setText(caption);
    m_xs.clear();
    if (m_result) {
        const double divisor = valueScale(*m_result, durationValue).divisor;
        for (const SweepPoint& p : m_result->points)
            m_xs.push_back(double(p.value) / divisor);
    }
    m_log = doubling && !m_xs.empty() && *std::min_element(m_xs.begin(), m_xs.end()) > 0;
    rebuild();
    m_stack->setCurrentWidget(m_result && !m_result->points.empty() ? m_charts : m_placeholder);
}

void SweepChart::clear(const QString& placeholder) {
    m_placeholder->setText(placeholder);
    setResult(nullptr, false, false, QString());
}

QString SweepChart::placeholderText() const {
    return m_placeholder->text();
}

void SweepChart::setFigure(SweepFigure figure) {
    if (figure == m_figure) return;
    m_figure = figure;
    rebuildFigure();
    applyPalette();
}

void SweepChart::setSharesVisible(bool on) {
    m_sharesVisible = on;
    updateSharesVisibility();
}

void SweepChart::updateSharesVisibility() {
    // Two charts squeezed into a short dock (a tab under the timeline) read as neither: the
    // shares give way to the chosen figure until there is room for both.
    m_sharesView->setVisible(m_sharesVisible && height() >= kBothChartsHeight);
}

QSize SweepChart::minimumSizeHint() const {
    // The shares give way when the dock is short: they set no minimum of their own, or a
    // panel docked under the timeline could never be short enough for them to give way.
    QSize size = QWidget::minimumSizeHint();
    if (m_sharesView->isVisibleTo(this))
        size.rheight() -= m_sharesView->minimumHeight() + m_splitter->handleWidth();
    return size;
}

void SweepChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateSharesVisibility();
}

void SweepChart::setCurrentPoint(int index) {
    m_current = m_result && index >= 0 && std::size_t(index) < m_result->points.size() ? index : -1;
    markCurrent();
}

void SweepChart::rebuild() {
    m_hovered = -1;
    rebuildFigure();
    rebuildShares();
    applyPalette();
}

QAbstractAxis* SweepChart::makeValueAxis() const {
    const AxisScale scale = valueScale(*m_result, m_durationValue);
    const auto [lo, hi] = std::minmax_element(m_xs.begin(), m_xs.end());
    if (m_log) {
        auto* axis = new QLogValueAxis;
        axis->setBase(2);
        // Ticks fall on powers of two; 2^-k needs k decimals. ("%g" draws no labels at all
        // when the chart localizes its numbers, in Qt 6.4.)
        const int k = -int(std::ceil(std::log2(*lo / 1.25)));
        axis->setLabelFormat(QStringLiteral("%.%1f").arg(std::clamp(k, 0, 4)));
        axis->setMinorTickCount(0);
        axis->setRange(*lo / 1.25, *hi * 1.25);
        axis->setTitleText(scale.title);
        return axis;
    }
    const double span = *hi - *lo;
    // Counts are whole: no tick between two of them.
    const double step = niceStep(span > 0 ? span : 1, 8, m_durationValue ? 0.0 : 1.0);
    const double pad = span > 0 ? span * 0.04 : step / 2;
    auto* axis = new QValueAxis;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(labelFormat(step));
    axis->setMinorTickCount(0);
    axis->setRange(*lo - pad, *hi + pad);
    axis->setTitleText(scale.title);
    return axis;
}

void SweepChart::rebuildFigure() {
    clearChart(m_figureChart);
    m_figureSeries = nullptr;
    if (!m_result || m_result->points.empty()) return;
    const AxisScale scale = figureScale(*m_result, m_figure);
    const bool dark = TimelinePalette::fromPalette(palette()).dark;
    auto* series = new QLineSeries;
    series->setName(figureName(m_figure));
    double largest = 0;
    for (std::size_t i = 0; i < m_result->points.size(); ++i) {
        const double y = figureValue(m_result->points[i], m_figure) / scale.divisor;
        largest = std::max(largest, y);
        series->append(m_xs[i], y);
    }
    series->setPen(QPen(lineColour(dark), 2.5));
    series->setColor(lineColour(dark));
    series->setPointsVisible(true);
    series->setMarkerSize(6);
    m_figureChart->addSeries(series);

    QAbstractAxis* x = makeValueAxis();
    auto* y = new QValueAxis;
    double top = 1, step = 0.2; // fairness: the index runs 0..1
    bool ceiling = m_figure == SweepFigure::Fairness;
    if (!ceiling) {
        step = niceStep(largest > 0 ? largest * 1.05 : 1, 5);
        top = std::max(step, niceCeil(largest * 1.05, step));
        if (figureIsShare(m_figure) && top > 100) top = 100, step = 20, ceiling = true;
    }
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(step);
    y->setLabelFormat(labelFormat(step));
    y->setMinorTickCount(0);
    // A little room below zero and above a ceiling (fairness 1, 100 %), so that a point
    // there is not cut in half by the plot's edge.
    y->setRange(-top * 0.03, ceiling ? top * 1.04 : top);
    y->setTitleText(scale.title);
    m_figureChart->addAxis(x, Qt::AlignBottom);
    m_figureChart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    m_figureChart->setTitle(
        tr("%1 against %2")
            .arg(figureName(m_figure), QString::fromStdString(m_result->parameterLabel).toLower()));

    // Runs that ended in a deadlock or at a limit: their figures mean something else, so they
    // are drawn over the line in vermillion and named in a legend.
    auto* failed = new QScatterSeries;
    failed->setName(tr("did not complete (a deadlock or a limit)"));
    failed->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    failed->setMarkerSize(12);
    failed->setColor(kFailedColour);
    failed->setBorderColor(TimelinePalette::fromPalette(palette()).background);
    for (std::size_t i = 0; i < m_result->points.size(); ++i)
        if (m_result->points[i].outcome != Outcome::Completed) failed->append(series->at(int(i)));
    m_figureChart->addSeries(failed);
    failed->attachAxis(x);
    failed->attachAxis(y);
    for (QLegendMarker* m : m_figureChart->legend()->markers(series))
        m->setVisible(false);
    m_figureChart->legend()->setVisible(failed->count() > 0);

    for (QXYSeries* s : {static_cast<QXYSeries*>(series), static_cast<QXYSeries*>(failed)}) {
        connect(s, &QXYSeries::clicked, this, [this](const QPointF& p) {
            if (const int i = nearestPoint(p.x()); i >= 0) emit pointActivated(i);
        });
    }
    m_figureSeries = series;
    markCurrent();
}

void SweepChart::rebuildShares() {
    clearChart(m_sharesChart);
    m_sharesMarker = nullptr;
    if (!m_result || m_result->points.empty()) return;
    const TimelinePalette tp = TimelinePalette::fromPalette(palette());
    QAbstractAxis* x = makeValueAxis();
    auto* y = new QValueAxis;
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(25);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setMinorTickCount(0);
    y->setRange(0, 100);
    y->setTitleText(tr("% of time"));
    m_sharesChart->addAxis(x, Qt::AlignBottom);
    m_sharesChart->addAxis(y, Qt::AlignLeft);

    const std::size_t n = m_result->points.size();
    std::vector<double> below(n, 0.0);
    for (int s = 0; s < kStateCount; ++s) {
        const bool occurs =
            std::any_of(m_result->points.begin(), m_result->points.end(),
                        [s](const SweepPoint& p) { return p.stateShare[std::size_t(s)] > 0; });
        if (!occurs) continue;
        auto* area = new QAreaSeries;
        auto* lower = new QLineSeries(area);
        auto* upper = new QLineSeries(area);
        for (std::size_t i = 0; i < n; ++i) {
            lower->append(m_xs[i], below[i] * 100);
            below[i] += m_result->points[i].stateShare[std::size_t(s)];
            upper->append(m_xs[i], std::min(below[i], 1.0) * 100);
        }
        area->setLowerSeries(lower);
        area->setUpperSeries(upper);
        area->setName(QString::fromStdString(std::string(stateName(ThreadState(s)))));
        area->setBrush(stateBrush(tp, ThreadState(s)));
        // A thin line of the background between the bands, as between the timeline's spans.
        area->setPen(QPen(tp.background, 1));
        m_sharesChart->addSeries(area);
        area->attachAxis(x);
        area->attachAxis(y);
        connect(area, &QAreaSeries::clicked, this, [this](const QPointF& p) {
            if (const int i = nearestPoint(p.x()); i >= 0) emit pointActivated(i);
        });
    }

    auto* marker = new QLineSeries;
    marker->setName(tr("shown on the timeline"));
    QPen pen(tp.text, 1.5, Qt::DashLine);
    marker->setPen(pen);
    m_sharesChart->addSeries(marker);
    marker->attachAxis(x);
    marker->attachAxis(y);
    for (QLegendMarker* m : m_sharesChart->legend()->markers(marker))
        m->setVisible(false);
    m_sharesChart->setTitle(tr("Where the threads' time went"));
    m_sharesMarker = marker;
    markCurrent();
}

void SweepChart::alignPlots() {
    if (m_sharesView->isHidden()) {
        m_figureChart->setMargins(QMargins(kMargin, kMargin, kMargin, kMargin));
        return;
    }
    const QRectF f = m_figureChart->plotArea(), s = m_sharesChart->plotArea();
    if (f.isEmpty() || s.isEmpty()) return;
    const QMargins fm = m_figureChart->margins(), sm = m_sharesChart->margins();
    // Where each plot would start and end with the base margins; then the extra margin that
    // brings the narrower side in line with the other. Settles in one step: the labels' width
    // does not depend on the margins.
    const double fl = f.left() - (fm.left() - kMargin), sl = s.left() - (sm.left() - kMargin);
    const double fr = f.right() + (fm.right() - kMargin), sr = s.right() + (sm.right() - kMargin);
    const double left = std::max(fl, sl), right = std::min(fr, sr);
    const QMargins nf(kMargin + int(std::lround(left - fl)), fm.top(),
                      kMargin + int(std::lround(fr - right)), fm.bottom());
    const QMargins ns(kMargin + int(std::lround(left - sl)), sm.top(),
                      kMargin + int(std::lround(sr - right)), sm.bottom());
    if (nf != fm) m_figureChart->setMargins(nf);
    if (ns != sm) m_sharesChart->setMargins(ns);
}

void SweepChart::markCurrent() {
    if (m_figureSeries && m_result) {
        m_figureSeries->clearPointsConfiguration();
        // Larger than a failed run's mark, so that it rings one.
        if (m_current >= 0) {
            m_figureSeries->setPointConfiguration(
                m_current, {{QXYSeries::PointConfiguration::Color, kCurrentColour},
                            {QXYSeries::PointConfiguration::Size, 12.0}});
        }
    }
    if (m_sharesMarker) {
        m_sharesMarker->clear();
        if (m_current >= 0) {
            m_sharesMarker->append(m_xs[std::size_t(m_current)], 0);
            m_sharesMarker->append(m_xs[std::size_t(m_current)], 100);
        }
    }
}

int SweepChart::nearestPoint(double x) const {
    int best = -1;
    double bestDistance = 0;
    for (std::size_t i = 0; i < m_xs.size(); ++i) {
        const double d =
            m_log && x > 0 ? std::fabs(std::log2(m_xs[i]) - std::log2(x)) : std::fabs(m_xs[i] - x);
        if (best < 0 || d < bestDistance) best = int(i), bestDistance = d;
    }
    return best;
}

QPoint SweepChart::pointPosition(int index) const {
    if (!m_figureSeries || index < 0 || index >= m_figureSeries->count()) return {};
    const QPointF inChart = m_figureChart->mapToPosition(m_figureSeries->at(index), m_figureSeries);
    return m_figureView->mapFromScene(m_figureChart->mapToScene(inChart));
}

bool SweepChart::eventFilter(QObject* watched, QEvent* event) {
    QChartView* view = watched == m_figureView->viewport()   ? m_figureView
                       : watched == m_sharesView->viewport() ? m_sharesView
                                                             : nullptr;
    if (!view) return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseMove: {
        const QPoint at = static_cast<QMouseEvent*>(event)->position().toPoint();
        const int point = pointAt(view, at);
        // A hand says the point can be clicked.
        view->viewport()->setCursor(point >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        if (point != m_hovered) showPointTip(view, point, view->viewport()->mapToGlobal(at));
        break;
    }
    case QEvent::ToolTip: {
        // The scene answers a tooltip request by hiding any tip its items have none of: the
        // point's figures vanished as soon as the mouse rested. Answered here instead.
        const auto* help = static_cast<QHelpEvent*>(event);
        m_hovered = -1;
        showPointTip(view, pointAt(view, help->pos()), help->globalPos());
        return true;
    }
    case QEvent::Leave:
        showPointTip(view, -1, {});
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

int SweepChart::pointAt(const QChartView* view, QPoint at) const {
    if (!m_result || !m_figureSeries) return -1;
    if (view == m_sharesView) {
        // Anywhere in a column of the shares: the point of that value.
        const QPointF inChart = m_sharesChart->mapFromScene(m_sharesView->mapToScene(at));
        if (!m_sharesChart->plotArea().contains(inChart)) return -1;
        return nearestPoint(m_sharesChart->mapToValue(inChart).x());
    }
    // On the figure: the point whose marker is within reach of the mouse.
    constexpr double kReach = 12;
    int best = -1;
    double nearest = kReach;
    for (int i = 0; i < m_figureSeries->count(); ++i) {
        const QPoint d = pointPosition(i) - at;
        if (const double distance = std::hypot(d.x(), d.y()); distance <= nearest) {
            best = i;
            nearest = distance;
        }
    }
    return best;
}

void SweepChart::showPointTip(QChartView* view, int point, QPoint globalPos) {
    m_hovered = point;
    if (point < 0 || !m_result) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(globalPos, pointToolTip(*m_result, std::size_t(point)), view->viewport());
}

void SweepChart::styleAxis(QAbstractAxis* axis) const {
    const TimelinePalette tp = TimelinePalette::fromPalette(palette());
    axis->setLabelsBrush(tp.text);
    axis->setTitleBrush(tp.text);
    axis->setLinePen(QPen(tp.mutedText, 1));
    axis->setGridLinePen(QPen(tp.grid, 1));
    axis->setMinorGridLineVisible(false);
    QFont labels = font();
    axis->setLabelsFont(labels);
    QFont title = font();
    title.setBold(true);
    axis->setTitleFont(title);
}

void SweepChart::applyPalette() {
    const TimelinePalette tp = TimelinePalette::fromPalette(palette());
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    for (QChart* chart : {m_figureChart, m_sharesChart}) {
        chart->setBackgroundBrush(tp.background);
        chart->setBackgroundPen(Qt::NoPen);
        chart->setTitleBrush(tp.text);
        chart->setTitleFont(titleFont);
        chart->legend()->setLabelColor(tp.text);
        chart->legend()->setFont(font());
        for (QAbstractAxis* axis : chart->axes())
            styleAxis(axis);
    }
    for (QChartView* view : {m_figureView, m_sharesView})
        view->setBackgroundBrush(tp.background);
    QPalette pal = m_charts->palette();
    pal.setColor(QPalette::Window, tp.background);
    pal.setColor(QPalette::WindowText, tp.text);
    m_charts->setPalette(pal);
    QPalette muted = m_placeholder->palette();
    muted.setColor(QPalette::WindowText, tp.mutedText);
    m_placeholder->setPalette(muted);
}

void SweepChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) rebuild();
}

QImage SweepChart::picture(double scale) const {
    if (m_stack->currentWidget() != m_charts) return {};
    const QSize size = m_charts->size();
    QImage image(QSize(int(size.width() * scale), int(size.height() * scale)),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(TimelinePalette::fromPalette(palette()).background);
    QPainter painter(&image);
    m_charts->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    // The splitter's grip is for the screen, not for a picture.
    if (QSplitterHandle* handle = m_splitter->handle(1); handle && handle->isVisible())
        painter.fillRect(QRect(handle->mapTo(m_charts, QPoint()), handle->size()),
                         TimelinePalette::fromPalette(palette()).background);
    painter.end();
    return image;
}

} // namespace tl::ui
