#pragma once
// The explorer's outcomes as horizontal bars (Qt Charts): one bar per outcome, as long as the
// number of schedules that end in it, the most common on top; a failing outcome (a deadlock,
// a failed assert, values other than the scenario expects) in the error colour, one that
// passes in green. At most kMostBars bars, the most common outcomes (a lost update of 4 × 10
// increments ends in 31 ways; the list beside the chart has them all). Clicking a bar asks for one
// schedule of that outcome (outcomeActivated). Colours follow the widget's palette, light or dark.
#include "experiment/explore.h"

#include <QWidget>
#include <memory>

class QBarSet;
class QChart;
class QChartView;
class QHorizontalBarSeries;
class QLabel;
class QStackedWidget;

namespace tl::ui {

// A count as the chart's axis writes it: "950", "200 k", "1.5 M", "2 G", "2.5 × 10¹⁸".
QString shortCount(double v);

class ExploreChart : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMostBars = 12; // more would be too thin to read or click

    explicit ExploreChart(QWidget* parent = nullptr);
    ~ExploreChart() override;

    void setReport(std::shared_ptr<const ExploreReport> report);
    void clear(const QString& placeholder);
    std::shared_ptr<const ExploreReport> report() const { return m_report; }

    QChartView* view() const { return m_view; }
    QBarSet* bars() const { return m_set; }
    // The middle of an outcome's bar, in view()'s viewport coordinates (for tests, scripts).
    QPoint barPosition(int outcome) const;
    int barCount() const; // the outcomes charted: the first kMostBars of the report's
    // The outcome a bar of the set stands for (bars run bottom to top).
    int outcomeOfBar(int bar) const;
    // The outcomes' names on the axis, bottom to top (what tells the bars apart).
    QStringList categories() const { return m_categories; }
    QString placeholderText() const;
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;
    // The bars' colours, on a light or a dark background.
    static QColor failColour(bool dark);
    static QColor passColour(bool dark);

signals:
    void outcomeActivated(int outcome);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();

    std::shared_ptr<const ExploreReport> m_report;
    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QChartView* m_view;
    QChart* m_chart;
    QHorizontalBarSeries* m_series = nullptr;
    QBarSet* m_set = nullptr;
    QStringList m_categories;
};

} // namespace tl::ui
