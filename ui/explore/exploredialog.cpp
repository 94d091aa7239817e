// The Explore window's controls and its search: the bound and limits, Start and Cancel, the
// progress. What it found, and the ways from there to the timeline, are in exploreresult.cpp.
#include "explore/exploredialog.h"

#include "common/glyphicons.h"
#include "explore/explorechart.h"
#include "explore/explorerunner.h"
#include "session/session.h"

#include <QAction>
#include <QBoxLayout>
#include <QCloseEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>

namespace tl::ui {

namespace {

// Most concurrency bugs need no more than two preemptions (CHESS's finding, and the
// explorer's default); past about six the count of schedules runs away on any scenario.
constexpr int kDefaultBound = 2;
constexpr int kMostBound = 20;
// A search the user forgot about ends by itself after a minute; 0 lifts the limit.
constexpr int kDefaultTimeLimitS = 60;

} // namespace

ExploreDialog::ExploreDialog(Session* session, QWidget* parent)
    : QDialog(parent), m_session(session), m_runner(new ExploreRunner(this)) {
    setObjectName(QStringLiteral("exploreDialog"));
    setWindowTitle(tr("Explore Schedules"));
    setModal(false);
    m_exploreAction = new QAction(tr("E&xplore…"), this);
    m_exploreAction->setObjectName(QStringLiteral("explore"));
    m_exploreAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_exploreAction->setToolTip(
        tr("Try every order of the threads' operations on shared objects and see every way the "
           "scenario can end, and the shortest schedule that fails (Ctrl+Shift+X)"));
    connect(m_exploreAction, &QAction::triggered, this, &ExploreDialog::showDialog);
    createControls();
    connect(m_runner, &ExploreRunner::progressed, this, &ExploreDialog::onProgress);
    connect(m_runner, &ExploreRunner::finished, this, &ExploreDialog::onFinished);
    connect(m_runner, &ExploreRunner::failed, this, &ExploreDialog::onFailed);
    connect(m_session, &Session::currentScenarioChanged, this, &ExploreDialog::updateCaption);
    connect(m_session, &Session::currentScenarioReloaded, this, &ExploreDialog::updateCaption);
    connect(m_session, &Session::valuesChanged, this, &ExploreDialog::updateCaption);
    connect(m_chart, &ExploreChart::outcomeActivated, this, &ExploreDialog::showOutcome);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { showOutcome(item->data(Qt::UserRole).toInt()); });
    updateCaption();
    updateActions();
}

ExploreDialog::~ExploreDialog() = default;

void ExploreDialog::createControls() {
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("exploreCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);

    m_bound = new QSpinBox(this);
    m_bound->setObjectName(QStringLiteral("exploreBound"));
    m_bound->setRange(kNoBound, kMostBound);
    m_bound->setSpecialValueText(tr("no bound"));
    m_bound->setValue(kDefaultBound);
    m_bound->setToolTip(
        tr("At most this many preemptions in a schedule: switches away from a thread that "
           "could go on. Two find most concurrency bugs; “no bound” tries every schedule, "
           "with one order of each set of independent operations."));
    m_maxSchedules = new QSpinBox(this);
    m_maxSchedules->setObjectName(QStringLiteral("exploreMaxSchedules"));
    m_maxSchedules->setRange(0, 2'000'000'000);
    m_maxSchedules->setSingleStep(10'000);
    m_maxSchedules->setGroupSeparatorShown(true);
    m_maxSchedules->setSpecialValueText(tr("no limit"));
    m_maxSchedules->setToolTip(tr("Stop after running this many schedules"));
    m_timeLimit = new QSpinBox(this);
    m_timeLimit->setObjectName(QStringLiteral("exploreTimeLimit"));
    m_timeLimit->setRange(0, 24 * 3600);
    m_timeLimit->setSuffix(tr(" s"));
    m_timeLimit->setSpecialValueText(tr("no limit"));
    m_timeLimit->setValue(kDefaultTimeLimitS);
    m_timeLimit->setToolTip(tr("Stop after this many seconds"));

    m_start = new QPushButton(glyphIcon(Glyph::Run), tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startExplore"));
    m_start->setToolTip(tr("Explore the current scenario with its current parameters"));
    connect(m_start, &QPushButton::clicked, this, &ExploreDialog::start);
    m_cancel = new QPushButton(glyphIcon(Glyph::Stop), tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelExplore"));
    m_cancel->setToolTip(tr("Stop the search and keep what it found so far (Esc)"));
    connect(m_cancel, &QPushButton::clicked, this, &ExploreDialog::cancel);

    auto* limits = new QFormLayout;
    limits->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    limits->addRow(tr("Preemption &bound:"), m_bound);
    limits->addRow(tr("&Max schedules:"), m_maxSchedules);
    limits->addRow(tr("&Time limit:"), m_timeLimit);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    auto* top = new QHBoxLayout;
    top->addLayout(limits);
    top->addStretch();
    top->addLayout(buttons);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exploreProgress"));
    m_progress->setRange(0, 0); // nobody knows how many schedules there are
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();
    m_progressText = new QLabel(this);
    m_progressText->setObjectName(QStringLiteral("exploreProgressText"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("exploreSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("exploreMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    m_chart = new ExploreChart(this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("exploreOutcomes"));
    m_list->setToolTip(tr("Each way the scenario can end; Return or a double click shows one "
                          "schedule that ends so on the timeline"));
    m_list->setMinimumWidth(160);
    m_list->setWordWrap(true); // a long outcome (many variables) wraps rather than scrolls
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->hide(); // until there are outcomes to list
    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("exploreLegend"));
    m_legend->setWordWrap(true);
    auto* chartColumn = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartColumn);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_chart, 1);
    chartLayout->addWidget(m_legend);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(chartColumn);
    split->addWidget(m_list);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({360, 240});

    auto* failureBox = new QGroupBox(tr("Shortest failing schedule"), this);
    m_failureBox = failureBox;
    // Text that scrolls past six lines: a schedule of 3 workers × 6 increments is 36 steps.
    m_failure = new QPlainTextEdit(failureBox);
    m_failure->setObjectName(QStringLiteral("exploreFailure"));
    m_failure->setReadOnly(true);
    m_failure->setFrameShape(QFrame::NoFrame);
    m_failure->viewport()->setAutoFillBackground(false);
    m_failure->setMaximumHeight(m_failure->fontMetrics().lineSpacing() * 6 + 10);
    m_failure->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_shortest = new QPushButton(tr("Show the Shortest &Failing Schedule"), failureBox);
    m_shortest->setObjectName(QStringLiteral("showShortestFailure"));
    connect(m_shortest, &QPushButton::clicked, this, &ExploreDialog::showShortestFailure);
    m_failure->setPlainText(tr("Press Start: the shortest schedule that fails, if one does, is "
                               "told here step by step."));
    auto* failureLayout = new QVBoxLayout(failureBox);
    failureLayout->addWidget(m_failure);
    failureLayout->addWidget(m_shortest, 0, Qt::AlignLeft);

    m_close = new QPushButton(tr("Close"), this);
    m_close->setAutoDefault(false);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(m_close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(m_progressText);
    layout->addWidget(m_message);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(failureBox);
    layout->addLayout(bottom);
    resize(760, 620);
}

void ExploreDialog::showDialog() {
    if (!m_placed && parentWidget()) {
        // Beside the timeline's right edge rather than over its middle: the schedule it shows
        // stays in sight.
        const QRect host = parentWidget()->window()->frameGeometry();
        move(host.right() - width() - 24, host.top() + 80);
        m_placed = true;
    }
    show();
    raise();
    activateWindow();
    if (!isRunning()) m_start->setFocus();
}

bool ExploreDialog::isRunning() const {
    return m_runner->isRunning();
}

QString ExploreDialog::valuesText(const Scenario& s, const ParamValues& values) const {
    QStringList parts;
    for (const ParamSpec& spec : s.parameters)
        if (auto it = values.find(spec.name); it != values.end())
            parts << QStringLiteral("%1 %2").arg(
                QString::fromStdString(spec.label.empty() ? spec.name : spec.label),
                QString::fromStdString(formatParamValue(spec, it->second)));
    return parts.join(QStringLiteral(", "));
}

void ExploreDialog::updateCaption() {
    const Scenario* s = m_session->currentScenario();
    QString text;
    if (!s) {
        text = tr("Pick a scenario to explore.");
    } else {
        const QString values = valuesText(*s, m_session->values());
        text = values.isEmpty()
                   ? tr("Explores “%1” on the simulated machine's rules, time left out.")
                         .arg(QString::fromStdString(s->title))
                   : tr("Explores “%1” with %2, on the simulated machine's rules, time left out.")
                         .arg(QString::fromStdString(s->title), values);
    }
    // What is shown below belongs to the search that found it.
    if (m_explored &&
        (!s || s->id != m_explored->scenario || m_session->values() != m_explored->values))
        text +=
            QLatin1Char('\n') + tr("Shown below: what was found for %1.").arg(m_explored->title);
    m_caption->setText(text);
    updateActions();
}

void ExploreDialog::updateActions() {
    const bool running = isRunning();
    m_start->setEnabled(!running && m_session->currentScenario());
    m_cancel->setEnabled(running && !m_runner->isCancelling());
    for (QWidget* w : {static_cast<QWidget*>(m_bound), static_cast<QWidget*>(m_maxSchedules),
                       static_cast<QWidget*>(m_timeLimit)})
        w->setEnabled(!running);
    m_progress->setVisible(running);
    const bool failure = m_report && m_report->failure() && !running;
    m_shortest->setEnabled(failure);
    m_shortest->setDefault(failure);
    m_start->setDefault(!failure);
    if (failure)
        m_shortest->setToolTip(tr("Run the shortest failing schedule on the simulated machine "
                                  "and show it on the timeline"));
    else
        m_shortest->setToolTip(running     ? tr("The search is under way")
                               : !m_report ? tr("No search yet: press Start")
                               : m_report->complete
                                   ? tr("No schedule fails: every schedule within the bound "
                                        "ends as the scenario expects")
                                   : tr("No schedule failed before the search stopped: it was "
                                        "not complete"));
}

void ExploreDialog::showMessage(const QString& text, bool error) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    QPalette pal = palette();
    if (error) pal.setColor(QPalette::WindowText, QColor(0xC0, 0x39, 0x2B));
    m_message->setPalette(pal);
}

QString ExploreDialog::message() const {
    return m_message->isVisible() ? m_message->text() : QString();
}

QString ExploreDialog::caption() const {
    return m_caption->text();
}

QString ExploreDialog::summaryText() const {
    return m_summary->text();
}

QString ExploreDialog::progressText() const {
    return m_progressText->text();
}

QString ExploreDialog::legendText() const {
    return m_legend->text();
}

QString ExploreDialog::failureTitle() const {
    return m_failureBox->title();
}

QString ExploreDialog::failureText() const {
    return m_failure->toPlainText();
}

void ExploreDialog::start() {
    if (isRunning()) return;
    const Scenario* s = m_session->currentScenario();
    if (!s) return;
    showMessage({}, false);
    const QString title = QString::fromStdString(s->title);
    if (const QString error = m_session->scenarioError(); !error.isEmpty()) {
        showMessage(tr("Cannot explore “%1”: %2").arg(title, error), true);
        return;
    }
    if (const QString error = m_session->valuesError(); !error.isEmpty()) {
        showMessage(tr("Cannot explore with these parameters: %1").arg(error), true);
        return;
    }
    Explored e;
    e.scenario = s->id;
    e.values = m_session->values();
    const QString values = valuesText(*s, e.values);
    e.title = values.isEmpty() ? title : tr("%1 (%2)").arg(title, values);
    try {
        e.program = std::make_shared<Program>(compile(*s, e.values));
    } catch (const std::exception& ex) {
        showMessage(tr("Cannot explore “%1”: %2").arg(title, QString::fromStdString(ex.what())),
                    true);
        return;
    }
    e.options.bound = m_bound->value();
    e.options.maxSchedules = std::uint64_t(m_maxSchedules->value());
    e.options.timeLimit = double(m_timeLimit->value());
    if (!m_runner->start(*e.program, e.options)) return;
    m_running = std::move(e);
    m_progressText->setText(tr("Exploring…"));
    updateActions();
    if (!m_report)
        m_chart->clear(tr("Exploring: the outcomes appear when the search ends, or is "
                          "cancelled."));
    emit searchStarted();
}

void ExploreDialog::cancel() {
    if (!isRunning()) return;
    m_runner->cancel();
    m_progressText->setText(tr("Cancelling…"));
    updateActions();
}

void ExploreDialog::onProgress(const ExploreProgress& p) {
    if (!isRunning()) return;
    const QLocale locale;
    m_progressText->setText(
        tr("%1 schedules, %2 states · %3 schedules/s, %4 states/s · depth %5 · %6 s")
            .arg(locale.toString(qulonglong(p.runs)), locale.toString(qulonglong(p.states)),
                 locale.toString(qulonglong(p.runsPerSecond)),
                 locale.toString(qulonglong(p.statesPerSecond)))
            .arg(p.depth)
            .arg(locale.toString(p.seconds, 'f', 1)));
    emit progressed(p);
}

void ExploreDialog::onFailed(const QString& text) {
    m_running.reset();
    m_progressText->clear();
    showMessage(tr("Cannot explore: %1").arg(text), true);
    updateActions();
    emit searchFailed(text);
}

void ExploreDialog::keyPressEvent(QKeyEvent* event) {
    // Esc cancels a search under way; otherwise it closes the window, as in any dialog.
    if (event->key() == Qt::Key_Escape && isRunning()) {
        cancel();
        return;
    }
    // Return in the outcome list showed its outcome (the list passes the key on): the
    // default button would show the shortest failure over it.
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && m_list->hasFocus()) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void ExploreDialog::closeEvent(QCloseEvent* event) {
    cancel(); // nobody would see it end; what it found so far stays for the next showing
    QDialog::closeEvent(event);
}

} // namespace tl::ui
