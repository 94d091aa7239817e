#include "explore/explorechart.h"

#include "experiment/exploretext.h"
#include "timeline/palette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

// A round step (1, 2 or 5 times a power of ten) that splits [0, top] in about four.
double niceStep(double top) {
    const double raw = std::max(top / 4, 1.0);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * power >= raw) return m * power;
    return 10 * power;
}

// The outcomes' names on their axis, short enough to leave the bars room and telling the bars
// apart: the parts every charted outcome shares are left out ("flag 1=0, flag 2=0, turn=1,
// inside=0" and "…turn=2…" are "turn=1" and "turn=2"), a long rest is cut; the whole text is
// in the list beside the chart and the tooltip. Each name is different: the axis keeps one of
// each.
QStringList axisLabels(const std::vector<QString>& texts) {
    constexpr int kLongest = 40;
    const QString separator = QStringLiteral(", ");
    std::vector<QStringList> parts;
    for (const QString& t : texts)
        parts.push_back(t.split(separator));
    QStringList labels;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        QStringList own;
        for (const QString& p : parts[i])
            if (texts.size() < 2 ||
                std::any_of(parts.begin(), parts.end(),
                            [&](const QStringList& o) { return !o.contains(p); }))
                own << p;
        QString s = own.isEmpty() ? texts[i] : own.join(separator);
        if (s.size() > kLongest) s = s.left(kLongest - 1) + QChar(0x2026);
        for (int k = 2; labels.contains(s); ++k) // cut to the same: numbered
            s = s.left(kLongest - 4) + QStringLiteral(" #%1").arg(k);
        labels << s;
    }
    return labels;
}

} // namespace

QString shortCount(double v) {
    const QLocale locale;
    if (v >= 1e12) { // "2.5 × 10¹⁸": past tera, a power of ten reads better than a prefix
        static const QString superscripts = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
        const int power = int(std::floor(std::log10(v)));
        QString exponent;
        for (const QChar d : QString::number(power))
            exponent += superscripts[d.digitValue()];
        return locale.toString(v / std::pow(10.0, power), 'g', 2) + QStringLiteral(" × 10") +
               exponent;
    }
    if (v >= 1e9) return locale.toString(v / 1e9, 'g', 3) + QStringLiteral(" G");
    if (v >= 1e6) return locale.toString(v / 1e6, 'g', 3) + QStringLiteral(" M");
    if (v >= 1e4) return locale.toString(v / 1e3, 'g', 3) + QStringLiteral(" k");
    return locale.toString(qint64(v));
}

// Okabe–Ito's vermilion and bluish green, which stay apart for the colour-blind, lighter on
// a dark background so that they keep their contrast there.
QColor ExploreChart::failColour(bool dark) {
    return dark ? QColor(0xF0, 0x72, 0x2A) : QColor(0xD5, 0x5E, 0x00);
}

QColor ExploreChart::passColour(bool dark) {
    return dark ? QColor(0x2E, 0xC2, 0x95) : QColor(0x00, 0x9E, 0x73);
}

ExploreChart::ExploreChart(QWidget* parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_placeholder(new QLabel(this)),
      // The chart given to the view's constructor: a view made without one makes its own,
      // which setChart() would then let go of, never deleted.
      m_view(new QChartView(new QChart, this)), m_chart(m_view->chart()) {
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(12);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(4, 4, 12, 4));
    m_chart->legend()->hide(); // the colours are told under the chart, in words
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setObjectName(QStringLiteral("exploreChartView"));
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    clear(tr("Press Start to explore the scenario's schedules."));
}

ExploreChart::~ExploreChart() = default;

void ExploreChart::setReport(std::shared_ptr<const ExploreReport> report) {
    m_report = std::move(report);
    if (!m_report || m_report->outcomes.empty()) {
        clear(tr("No schedule ended before the search stopped."));
        return;
    }
    m_stack->setCurrentWidget(m_view);
    rebuild();
}

void ExploreChart::clear(const QString& placeholder) {
    m_report.reset();
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes())
        m_chart->removeAxis(axis);
    m_series = nullptr;
    m_set = nullptr;
    m_categories.clear();
    m_placeholder->setText(placeholder);
    m_stack->setCurrentWidget(m_placeholder);
}

QString ExploreChart::placeholderText() const {
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

int ExploreChart::outcomeOfBar(int bar) const {
    const int n = barCount();
    if (bar < 0 || bar >= n) return -1;
    return n - 1 - bar; // the most common on top
}

QPoint ExploreChart::barPosition(int outcome) const {
    const int n = barCount();
    if (!m_series || outcome < 0 || outcome >= n) return {};
    const int bar = n - 1 - outcome;
    const QPointF middle(m_set->at(bar) / 2.0, bar);
    const QPointF scene = m_chart->mapToPosition(middle, m_series);
    return m_view->mapFromScene(scene);
}

int ExploreChart::barCount() const {
    return m_report ? int(std::min<std::size_t>(m_report->outcomes.size(), kMostBars)) : 0;
}

QSize ExploreChart::minimumSizeHint() const {
    return {260, 160};
}

QSize ExploreChart::sizeHint() const {
    return {460, std::max(260, 60 + 22 * barCount())};
}

void ExploreChart::rebuild() {
    const TimelinePalette tp = TimelinePalette::fromPalette(palette());
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes())
        m_chart->removeAxis(axis);
    m_chart->setBackgroundBrush(tp.background);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_view->setBackgroundBrush(tp.background);

    // One set: a bar's colour is the set's, and a failing bar is "selected" in the error
    // colour (Qt Charts colours a set as a whole, its selected bars apart).
    m_set = new QBarSet(tr("Schedules"));
    m_set->setColor(passColour(tp.dark));
    m_set->setBorderColor(tp.background); // one border for both colours: none seen
    m_set->setSelectedColor(failColour(tp.dark));
    m_set->setLabelColor(tp.text);
    QFont labelFont = font();
    labelFont.setBold(true);
    m_set->setLabelFont(labelFont);
    const auto& outcomes = m_report->outcomes;
    const std::size_t bars = std::size_t(barCount());
    double most = 1;
    std::vector<QString> texts;
    for (std::size_t i = bars; i-- > 0;) {
        const ExploreOutcome& o = outcomes[i];
        // The counter's ceiling stands for "more than that": drawn at the ceiling.
        const double n = double(o.schedules);
        m_set->append(n);
        most = std::max(most, n);
        texts.push_back(QString::fromStdString(o.text));
    }
    m_categories = axisLabels(texts);
    for (std::size_t i = 0; i < bars; ++i)
        if (outcomes[i].fails()) m_set->selectBar(int(bars - 1 - i));

    m_series = new QHorizontalBarSeries;
    m_series->append(m_set);
    m_series->setBarWidth(bars == 1 ? 0.4 : 0.7);
    // A count written out whole at the end of its bar; past ten million it would run over the
    // chart's edge ("2568470430827147776"), and the list beside has it in groups of digits.
    m_series->setLabelsVisible(most < 1e7);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_series->setLabelsFormat(QStringLiteral("@value"));
    m_series->setLabelsPrecision(20);
    m_chart->addSeries(m_series);

    auto* names = new QBarCategoryAxis;
    names->append(m_categories);
    // Room after the longest bar for its label; ticks at round counts, labelled short.
    auto* counts = new QCategoryAxis;
    counts->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const double step = niceStep(most * 1.2);
    const double top = std::ceil(most * 1.2 / step) * step;
    counts->setRange(0, top);
    counts->setStartValue(0);
    for (double v = 0; v <= top + step / 2; v += step)
        counts->append(shortCount(v), v);
    counts->setTitleText(tr("schedules"));
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(names), static_cast<QAbstractAxis*>(counts)}) {
        axis->setLabelsBrush(tp.text);
        axis->setTitleBrush(tp.mutedText);
        axis->setLinePen(QPen(tp.mutedText, 1));
        axis->setGridLinePen(QPen(tp.grid, 1));
        axis->setLabelsFont(font());
        axis->setTitleFont(font());
    }
    // A category axis elides a name taller than its slot: smaller type for many bars.
    if (bars > 6) {
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * (bars > 9 ? 0.8 : 0.9));
        names->setLabelsFont(small);
        m_set->setLabelFont(small);
    }
    names->setGridLineVisible(false);
    m_chart->addAxis(names, Qt::AlignLeft);
    m_chart->addAxis(counts, Qt::AlignBottom);
    m_series->attachAxis(names);
    m_series->attachAxis(counts);

    connect(m_set, &QBarSet::clicked, this, [this](int bar) {
        if (const int o = outcomeOfBar(bar); o >= 0) emit outcomeActivated(o);
    });
    connect(m_set, &QBarSet::hovered, this, [this](bool on, int bar) {
        const int o = outcomeOfBar(bar);
        if (!on || o < 0) {
            QToolTip::hideText();
            m_view->unsetCursor();
            return;
        }
        const ExploreOutcome& out = m_report->outcomes[std::size_t(o)];
        m_view->setCursor(Qt::PointingHandCursor);
        QToolTip::showText(QCursor::pos(),
                           tr("%1: %2 %3, %4. Click to see one on the timeline.")
                               .arg(QString::fromStdString(out.text),
                                    QString::fromStdString(scheduleCountText(out.schedules)),
                                    out.schedules == 1 ? tr("schedule") : tr("schedules"),
                                    out.fails() ? tr("fails") : tr("ends as expected")),
                           m_view->viewport());
    });
}

void ExploreChart::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) &&
        m_report && m_series)
        rebuild();
}

} // namespace tl::ui
