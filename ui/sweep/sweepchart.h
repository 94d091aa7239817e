#pragma once
// The charts of a sweep (Qt Charts): the chosen figure against the swept value as a line
// with points, and under it where the threads' time went at each value as stacked areas in
// the timeline's state colours and patterns, so they read like its legend. Hovering a point
// tells all its figures; clicking one asks for that run (pointActivated). Colours follow the
// widget's palette, light or dark. picture() renders both charts and the caption for export.
#include "sweep/sweepfigures.h"

#include <QImage>
#include <QLineSeries>
#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QChartView;
class QLabel;
class QSplitter;
class QStackedWidget;

namespace tl::ui {

class SweepChart : public QWidget {
    Q_OBJECT
public:
    explicit SweepChart(QWidget* parent = nullptr);
    ~SweepChart() override;

    // `durationValue`: the swept parameter is a duration (the axis gets a time unit);
    // `doubling`: the points double, so the value axis is logarithmic. The caption says what
    // was held fixed.
    void setResult(std::shared_ptr<const SweepResult> result, bool durationValue, bool doubling,
                   const QString& caption);
    void clear(const QString& placeholder);
    std::shared_ptr<const SweepResult> result() const { return m_result; }

    void setFigure(SweepFigure figure);
    SweepFigure figure() const { return m_figure; }
    void setSharesVisible(bool on);
    bool sharesVisible() const { return m_sharesVisible; }
    // The point whose run the timeline shows (-1: none); it is marked on both charts.
    void setCurrentPoint(int index);
    int currentPoint() const { return m_current; }

    QChartView* figureView() const { return m_figureView; }
    QChartView* sharesView() const { return m_sharesView; }
    QLineSeries* figureSeries() const { return m_figureSeries; }
    // Where a point is drawn, in figureView()'s viewport coordinates (for tests and scripts).
    QPoint pointPosition(int index) const;
    // The nearest point to a value on the value axis (-1 when there are none).
    int nearestPoint(double x) const;
    QString placeholderText() const;

    // Caption and charts as shown, at `scale` device pixels per pixel, for a PNG.
    QImage picture(double scale = 2.0) const;
    QSize minimumSizeHint() const override;

signals:
    void pointActivated(int index);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void updateSharesVisibility();
    void rebuildFigure();
    void rebuildShares();
    void applyPalette();
    void styleAxis(QAbstractAxis* axis) const;
    QAbstractAxis* makeValueAxis() const;
    void markCurrent();
    void alignPlots();
    // The point under the mouse on either chart (-1: none), and its tip.
    int pointAt(const QChartView* view, QPoint at) const;
    void showPointTip(QChartView* view, int point, QPoint globalPos);

    std::shared_ptr<const SweepResult> m_result;
    std::vector<double> m_xs; // each point's position on the value axis
    bool m_durationValue = false;
    bool m_log = false;
    SweepFigure m_figure = SweepFigure::Duration;
    bool m_sharesVisible = true;
    int m_current = -1;
    int m_hovered = -1; // the point whose tip is shown

    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QWidget* m_charts;
    QLabel* m_caption;
    QSplitter* m_splitter;
    QChartView* m_figureView;
    QChartView* m_sharesView;
    QChart* m_figureChart;
    QChart* m_sharesChart;
    QPointer<QLineSeries> m_figureSeries;
    QPointer<QLineSeries> m_sharesMarker; // the current point on the shares chart
};

} // namespace tl::ui
