// What the Explore window found: the report in words (the command line's, experiment/
// exploretext.h), the outcomes on the chart and in the list, the shortest failing schedule
// step by step; and the way from an outcome or the failure to the timeline: the schedule run
// again on the simulated machine, which the window does when the session asks.
#include "explore/exploredialog.h"

#include "analysis/summary.h"
#include "experiment/exploretext.h"
#include "explore/explorechart.h"
#include "session/session.h"
#include "timeline/palette.h"

#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>

namespace tl::ui {

namespace {

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

// "5,347,868,544" in the list, where a count is read rather than compared.
QString countText(std::uint64_t n) {
    return n == UINT64_MAX ? fromStd(scheduleCountText(n)) : QLocale().toString(qulonglong(n));
}

// "4 steps", English plurals without a translation file.
QString stepsText(std::size_t n) {
    return fromStd(countOf(n, "step", "steps"));
}

} // namespace

void ExploreDialog::onFinished(std::shared_ptr<const ExploreReport> report) {
    if (!m_running) return;
    m_explored = std::move(m_running);
    m_running.reset();
    m_report = std::move(report);
    const ExploreReport& r = *m_report;
    m_progressText->clear();
    QStringList lines;
    lines << fromStd(exploredLine(r, m_explored->options, ExploreWording::App));
    if (r.failingSchedules() > 0)
        lines << tr("%1 of %2 fail")
                     .arg(fromStd(scheduleCountText(r.failingSchedules())),
                          fromStd(scheduleCountText(r.schedules)));
    else if (!r.failure())
        lines << (r.complete ? tr("No schedule fails.")
                             : tr("No schedule failed before the search stopped."));
    else if (r.failure()->pastTheSearch)
        lines << tr("No schedule counted fails, but one found after the search stopped does: "
                    "below.");
    m_summary->setText(lines.join(QLatin1Char('\n')));
    updateCaption();
    if (r.stopped == ExploreStop::Cancelled)
        showMessage(tr("The search was cancelled: below is what it found so far."), false);
    else
        showMessage({}, false);
    m_chart->setReport(m_report);
    fillOutcomes();
    describeFailure();
    updateActions();
    if (m_shortest->isEnabled()) m_shortest->setFocus();
    emit searchFinished();
}

void ExploreDialog::fillOutcomes() {
    m_list->clear();
    m_list->setVisible(!m_report->outcomes.empty());
    const auto& outcomes = m_report->outcomes;
    bool fails = false, passes = false;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const ExploreOutcome& o = outcomes[i];
        auto* item =
            new QListWidgetItem(tr("%1 — %2 %3, %4")
                                    .arg(fromStd(o.text), countText(o.schedules),
                                         o.schedules == 1 ? tr("schedule") : tr("schedules"),
                                         o.fails() ? tr("fails") : tr("as expected")),
                                m_list);
        item->setData(Qt::UserRole, int(i));
        item->setToolTip(tr("Return or a double click shows one schedule that ends so"));
        fails = fails || o.fails();
        passes = passes || !o.fails();
    }
    if (!outcomes.empty()) m_list->setCurrentRow(0);
    const bool dark = TimelinePalette::fromPalette(palette()).dark;
    QStringList legend;
    if (fails)
        legend << tr("<span style='color:%1'>■</span> fails")
                      .arg(ExploreChart::failColour(dark).name());
    if (passes)
        legend << tr("<span style='color:%1'>■</span> ends as expected")
                      .arg(ExploreChart::passColour(dark).name());
    QString text = legend.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")) +
                   tr("&nbsp;&nbsp;&nbsp;— click a bar to see one of its schedules on the "
                      "timeline");
    if (int(outcomes.size()) > m_chart->barCount())
        text += tr("<br>The %1 most common of %2 outcomes are charted; the list has them all.")
                    .arg(m_chart->barCount())
                    .arg(outcomes.size());
    m_legend->setText(outcomes.empty() ? QString() : text);
}

void ExploreDialog::describeFailure() {
    const ExploreFailure* f = m_report->failure();
    if (!f) {
        m_failureBox->setTitle(tr("Shortest failing schedule"));
        m_failure->setPlainText(
            m_report->complete ? tr("None: every schedule within the bound ends as the scenario "
                                    "expects.")
                               : tr("None found before the search stopped."));
        return;
    }
    const Program& program = *m_explored->program;
    // The failure in the words of its run: the deadlock's cycle, the check's detail. A replay
    // of one short schedule takes moments.
    const auto trace = replay(program, f->schedule);
    const std::vector<std::string> steps = describeSchedule(program, f->schedule);
    // The heading on the box, the steps and what went wrong in it: as the command line's line.
    QString heading = fromStd(failureHeading(*f));
    heading[0] = heading[0].toUpper();
    m_failureBox->setTitle(tr("%1 (%2)").arg(heading, stepsText(f->steps)));
    QString text =
        tr("%1 — %2").arg(fromStd(joinSteps(steps, f->steps)), fromStd(failureWords(*trace, *f)));
    if (f->pastTheSearch)
        text += tr(" (%1)").arg(fromStd(pastTheSearchText()));
    else if (!f->shortest)
        text += tr(" (a shorter one may exist: the search for it met a limit)");
    for (std::size_t i = 1; i < m_report->failures.size(); ++i) {
        const ExploreFailure& other = m_report->failures[i];
        text += QLatin1Char('\n') + tr("Also %1 (%2): %3")
                                        .arg(fromStd(std::string(failureKindName(other.kind))),
                                             stepsText(other.steps), fromStd(other.what));
    }
    m_failure->setPlainText(text);
}

bool ExploreDialog::runSchedule(const std::vector<int>& schedule, const QString& what) {
    if (!m_explored) return false;
    const Scenario* s = m_session->currentScenario();
    // The schedule is one of the program explored: another scenario or other values would
    // follow it into operations it never named.
    if (!s || s->id != m_explored->scenario || m_session->values() != m_explored->values) {
        showMessage(tr("The scenario or its parameters changed since this search: press Start "
                       "to explore them, or set them back to %1.")
                        .arg(m_explored->title),
                    true);
        return false;
    }
    showMessage({}, false);
    m_session->requestScheduleRun(schedule);
    m_session->tell(tr("The timeline shows a schedule the explorer found: %1.").arg(what), 30'000);
    emit scheduleShown(schedule);
    return true;
}

void ExploreDialog::showOutcome(int index) {
    if (!m_report || index < 0 || std::size_t(index) >= m_report->outcomes.size()) return;
    const ExploreOutcome& o = m_report->outcomes[std::size_t(index)];
    if (m_list->currentRow() != index) m_list->setCurrentRow(index);
    const QString end = fromStd(o.text);
    runSchedule(o.example, o.schedules == 1
                               ? tr("the only schedule that ends in %1").arg(end)
                               : tr("one of the %1 schedules that end in %2")
                                     .arg(fromStd(scheduleCountText(o.schedules)), end));
}

void ExploreDialog::showShortestFailure() {
    const ExploreFailure* f = m_report ? m_report->failure() : nullptr;
    if (!f) return;
    runSchedule(f->schedule,
                tr("the %1 (%2), %3")
                    .arg(fromStd(failureHeading(*f)), stepsText(f->steps), fromStd(f->what)));
}

} // namespace tl::ui
