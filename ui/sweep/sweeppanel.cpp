#include "sweep/sweeppanel.h"

#include "common/glyphicons.h"
#include "panels/durationedit.h"
#include "panels/parameterform.h"
#include "session/runcontroller.h"
#include "session/session.h"
#include "sweep/sweepchart.h"
#include "sweep/sweeprunner.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace tl::ui {

namespace {

QToolButton* actionButton(QAction* action, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return button;
}

} // namespace

SweepPanel::SweepPanel(Session* session, ParameterForm* form, QWidget* parent)
    : QWidget(parent), m_session(session), m_form(form) {
    setObjectName(QStringLiteral("sweepPanel"));
    m_runner = new SweepRunner(this);
    m_chart = new SweepChart(this);
    m_chart->setObjectName(QStringLiteral("sweepChart"));
    createActions();
    createControls();

    m_dock = new QDockWidget(tr("Sweep"), parent);
    m_dock->setObjectName(QStringLiteral("sweepDock"));
    m_dock->setWidget(this);
    // Hidden until Run ▸ Sweep…, which floats it the first time (showPanel).
    m_dock->hide();

    m_ticker.setInterval(100);
    connect(&m_ticker, &QTimer::timeout, this, &SweepPanel::updateProgress);
    connect(m_runner, &SweepRunner::finished, this, &SweepPanel::onFinished);
    connect(m_runner, &SweepRunner::failed, this, [this](const QString& message) {
        m_ticker.stop();
        m_running.reset();
        showMessage(tr("The sweep failed: %1").arg(message), true);
        showPlaceholder();
        updateActions();
        emit sweepFailed(message);
    });
    connect(m_runner, &SweepRunner::cancelled, this, [this] {
        m_ticker.stop();
        m_running.reset();
        showMessage(m_result ? tr("Sweep cancelled; the chart shows the previous sweep.")
                             : tr("Sweep cancelled."),
                    false);
        showPlaceholder();
        updateActions();
        emit sweepCancelled();
    });
    connect(m_chart, &SweepChart::pointActivated, this, &SweepPanel::activatePoint);
    connect(session, &Session::currentScenarioChanged, this, &SweepPanel::onScenarioChanged);
    connect(session, &Session::currentScenarioReloaded, this, [this] {
        m_scenarioId.clear(); // its parameters may have changed
        onScenarioChanged();
    });
    // The point marked on the chart is the run the timeline shows, until another run starts.
    connect(session->runs(), &RunController::started, this, [this] {
        if (!m_activating) m_chart->setCurrentPoint(-1);
    });
    connect(form, &ParameterForm::valuesChanged, this, &SweepPanel::updatePreview);

    QSettings settings;
    setFigure(figureFromKey(settings.value(QStringLiteral("sweep/figure")).toString())
                  .value_or(SweepFigure::Duration));
    m_shares->setChecked(settings.value(QStringLiteral("sweep/shares"), true).toBool());
    showPlaceholder();
    onScenarioChanged();
    updateActions();
}

SweepPanel::~SweepPanel() = default;

void SweepPanel::showPlaceholder() {
    if (m_result) return; // the last sweep stays until a new one replaces it
    m_chart->clear(m_runner->isRunning()
                       ? tr("Sweeping: the chart appears when every value has run.")
                       : tr("Choose what to vary and the range, then press Start.\n\nEach value "
                            "is run on the simulated machine with the other parameters of the "
                            "Parameters dock."));
}

void SweepPanel::createActions() {
    m_sweepAction = new QAction(tr("S&weep…"), this);
    m_sweepAction->setObjectName(QStringLiteral("sweep"));
    m_sweepAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    m_sweepAction->setToolTip(tr("Run the scenario once for each of several values of a parameter "
                                 "and chart how a figure changes (Ctrl+F5)"));
    connect(m_sweepAction, &QAction::triggered, this, &SweepPanel::showPanel);

    auto local = [this](QAction* a, const QKeySequence& key) {
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    };
    m_startAction = new QAction(glyphIcon(Glyph::Run), tr("&Start"), this);
    m_startAction->setObjectName(QStringLiteral("startSweep"));
    m_startAction->setToolTip(tr("Run every point of the sweep on the simulated machine "
                                 "(Ctrl+Return, or Return in a field)"));
    local(m_startAction, QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_startAction, &QAction::triggered, this, &SweepPanel::start);

    m_cancelAction = new QAction(glyphIcon(Glyph::Stop), tr("&Cancel"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelSweep"));
    m_cancelAction->setToolTip(tr("Stop the sweep; the chart keeps the previous one (Esc)"));
    local(m_cancelAction, QKeySequence(Qt::Key_Escape));
    connect(m_cancelAction, &QAction::triggered, this, &SweepPanel::cancel);

    m_saveCsvAction = new QAction(glyphIcon(Glyph::Save), tr("Save &CSV…"), this);
    m_saveCsvAction->setObjectName(QStringLiteral("saveSweepCsv"));
    m_saveCsvAction->setToolTip(tr("Save every point's figures as a CSV table (Ctrl+Shift+S)"));
    local(m_saveCsvAction, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveCsvAction, &QAction::triggered, this, &SweepPanel::saveCsv);

    m_savePictureAction = new QAction(glyphIcon(Glyph::Export), tr("Save &Chart…"), this);
    m_savePictureAction->setObjectName(QStringLiteral("saveSweepChart"));
    m_savePictureAction->setToolTip(tr("Save the charts as a PNG picture, as shown, at twice the "
                                       "screen's resolution (Ctrl+Shift+E)"));
    local(m_savePictureAction, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_savePictureAction, &QAction::triggered, this, &SweepPanel::savePicture);
}

void SweepPanel::createControls() {
    auto* controls = new QWidget(this);
    controls->setObjectName(QStringLiteral("sweepControls"));
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_parameter = new QComboBox(controls);
    m_parameter->setObjectName(QStringLiteral("sweepParameter"));
    m_parameter->setToolTip(tr("The parameter to vary, or the simulated machine's cores; the "
                               "others keep the values of the Parameters dock"));
    form->addRow(tr("&Vary:"), m_parameter);

    auto rangeRow = [controls](QSpinBox*& count, DurationEdit*& time, const QString& tip) {
        auto* row = new QWidget(controls);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        count = new QSpinBox(row);
        count->setGroupSeparatorShown(true);
        count->setToolTip(tip);
        time = new DurationEdit(row);
        time->setToolTip(tip);
        h->addWidget(count);
        h->addWidget(time);
        return row;
    };
    form->addRow(tr("&From:"), rangeRow(m_fromCount, m_fromTime, tr("The first value to run")));
    form->addRow(tr("&To:"), rangeRow(m_toCount, m_toTime, tr("The last value to run")));
    m_fromCount->setObjectName(QStringLiteral("sweepFrom"));
    m_toCount->setObjectName(QStringLiteral("sweepTo"));
    m_fromTime->setObjectName(QStringLiteral("sweepFromTime"));
    m_toTime->setObjectName(QStringLiteral("sweepToTime"));

    auto* pointsRow = new QWidget(controls);
    auto* ph = new QHBoxLayout(pointsRow);
    ph->setContentsMargins(0, 0, 0, 0);
    m_points = new QSpinBox(pointsRow);
    m_points->setObjectName(QStringLiteral("sweepPoints"));
    m_points->setRange(1, int(kMaxSweepPoints));
    m_points->setToolTip(tr("How many values to run, evenly spaced from From to To (at most %1)")
                             .arg(kMaxSweepPoints));
    m_doubling = new QCheckBox(tr("&Doubling"), pointsRow);
    m_doubling->setObjectName(QStringLiteral("sweepDoubling"));
    m_doubling->setToolTip(tr("Space the points geometrically instead of evenly: from 1 to 16 "
                              "in 5 points runs 1, 2, 4, 8, 16. The chart's value axis is then "
                              "logarithmic"));
    ph->addWidget(m_points, 1);
    ph->addWidget(m_doubling);
    pointsRow->setFocusProxy(m_points); // Alt+P reaches the field, not its row
    form->addRow(tr("&Points:"), pointsRow);

    m_preview = new QLabel(controls);
    m_preview->setObjectName(QStringLiteral("sweepPreview"));
    m_preview->setWordWrap(true);
    m_preview->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), m_preview);

    m_figure = new QComboBox(controls);
    m_figure->setObjectName(QStringLiteral("sweepFigure"));
    for (int f = 0; f < kSweepFigureCount; ++f) {
        m_figure->addItem(figureName(SweepFigure(f)), f);
        m_figure->setItemData(f, figureToolTip(SweepFigure(f)), Qt::ToolTipRole);
    }
    m_figure->setToolTip(tr("The figure to chart against the value; hover a point for all of "
                            "them"));
    form->addRow(tr("C&hart:"), m_figure);
    m_shares = new QCheckBox(tr("State &shares"), controls);
    m_shares->setObjectName(QStringLiteral("sweepShares"));
    m_shares->setToolTip(tr("Also chart where the threads' time went at each value, in the "
                            "timeline's state colours"));
    form->addRow(QString(), m_shares);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(actionButton(m_startAction, controls));
    buttons->addWidget(actionButton(m_cancelAction, controls));

    m_progress = new QProgressBar(controls);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    m_message = new QLabel(controls);
    m_message->setObjectName(QStringLiteral("sweepMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setVisible(false);

    auto* saves = new QHBoxLayout;
    saves->addWidget(actionButton(m_saveCsvAction, controls));
    saves->addWidget(actionButton(m_savePictureAction, controls));

    auto* column = new QVBoxLayout(controls);
    column->setContentsMargins(8, 8, 4, 8);
    column->addLayout(form);
    column->addSpacing(4);
    column->addLayout(buttons);
    column->addWidget(m_progress);
    column->addWidget(m_message);
    column->addStretch(1);
    column->addLayout(saves);
    // In a scroll area, so that a short dock (a tab under the timeline) still reaches every
    // control.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(290);
    scroll->setMaximumWidth(350);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(scroll);
    layout->addWidget(m_chart, 1);
    // The panel's commands also in a menu, on the chart where the user is looking.
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_chart->addActions(
        {m_startAction, m_cancelAction, separator, m_saveCsvAction, m_savePictureAction});
    m_chart->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_parameter, &QComboBox::currentIndexChanged, this, &SweepPanel::onParameterChosen);
    for (QSpinBox* spin : {m_fromCount, m_toCount, m_points})
        connect(spin, &QSpinBox::valueChanged, this, &SweepPanel::updatePreview);
    for (DurationEdit* edit : {m_fromTime, m_toTime})
        connect(edit, &DurationEdit::valueChanged, this, &SweepPanel::updatePreview);
    connect(m_doubling, &QCheckBox::toggled, this, [this](bool on) {
        // Turned on, the points double: as many as from..to has doublings.
        const Range r = currentRange();
        if (on && r.from >= 1 && r.to > r.from) {
            const QSignalBlocker blocker(m_points);
            m_points->setValue(
                std::min(int(kMaxSweepPoints), int(std::log2(double(r.to) / double(r.from))) + 1));
        }
        updatePreview();
    });
    connect(m_figure, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_chart->setFigure(SweepFigure(index));
        QSettings().setValue(QStringLiteral("sweep/figure"), figureKey(SweepFigure(index)));
    });
    connect(m_shares, &QCheckBox::toggled, this, [this](bool on) {
        m_chart->setSharesVisible(on);
        QSettings().setValue(QStringLiteral("sweep/shares"), on);
    });
}

void SweepPanel::showPanel() {
    QSettings settings;
    if (!m_dock->isVisible() && !m_placed &&
        !settings.value(QStringLiteral("sweep/placed"), false).toBool()) {
        // A chart wants room: the first time, the dock floats over the lower part of the
        // window; the user can dock it, and the window's saved layout keeps where.
        m_dock->setFloating(true);
        const QWidget* host = m_dock->parentWidget();
        const QRect w = host ? host->window()->geometry() : screen()->availableGeometry();
        const QSize size(std::min(1120, w.width() * 4 / 5), std::min(640, w.height() * 3 / 4));
        m_dock->resize(size);
        m_dock->move(w.center().x() - size.width() / 2,
                     w.bottom() - size.height() - w.height() / 12);
        settings.setValue(QStringLiteral("sweep/placed"), true);
    }
    m_placed = true;
    m_dock->show();
    m_dock->raise();
    if (m_dock->isFloating()) m_dock->activateWindow();
    m_parameter->setFocus();
}

bool SweepPanel::isRunning() const {
    return m_runner->isRunning();
}

QString SweepPanel::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

QString SweepPanel::previewText() const {
    return m_preview->isHidden() ? QString() : m_preview->text();
}

QString SweepPanel::parameter() const {
    return m_parameter->currentData().toString();
}

bool SweepPanel::setParameter(const QString& name) {
    const int index = m_parameter->findData(name);
    if (index < 0) return false;
    if (index == m_parameter->currentIndex())
        onParameterChosen();
    else
        m_parameter->setCurrentIndex(index); // onParameterChosen follows
    return true;
}

void SweepPanel::onScenarioChanged() {
    const Scenario* s = m_session->currentScenario();
    const QString id = s ? QString::fromStdString(s->id) : QString();
    m_sweepAction->setEnabled(s != nullptr);
    if (id == m_scenarioId && m_parameter->count() > 0) return;
    m_scenarioId = id;
    m_dock->setWindowTitle(s ? tr("Sweep — %1").arg(QString::fromStdString(s->title))
                             : tr("Sweep"));
    const QSignalBlocker blocker(m_parameter);
    m_parameter->clear();
    QString firstInt;
    if (s) {
        for (const ParamSpec& p : s->parameters) {
            if (p.type != ParamType::Int && p.type != ParamType::Duration) continue;
            const QString name = QString::fromStdString(p.name);
            m_parameter->addItem(QString::fromStdString(p.label.empty() ? p.name : p.label), name);
            m_parameter->setItemData(m_parameter->count() - 1, QString::fromStdString(p.help),
                                     Qt::ToolTipRole);
            if (firstInt.isEmpty() && p.type == ParamType::Int) firstInt = name;
        }
    }
    m_parameter->addItem(tr("Cores (simulated machine)"), sweepCoresName());
    m_parameter->setItemData(m_parameter->count() - 1,
                             tr("The number of cores of the simulated machine"), Qt::ToolTipRole);
    QString chosen = QSettings().value(settingsKey(id, QStringLiteral("parameter"))).toString();
    if (m_parameter->findData(chosen) < 0)
        chosen = firstInt.isEmpty() ? sweepCoresName() : firstInt;
    m_parameter->setCurrentIndex(m_parameter->findData(chosen));
    onParameterChosen();
}

void SweepPanel::onParameterChosen() {
    const QString name = parameter();
    const Scenario* s = m_session->currentScenario();
    const ParamSpec* spec = s ? s->parameter(name.toStdString()) : nullptr;
    const bool duration = spec && spec->type == ParamType::Duration;
    for (QWidget* w : {static_cast<QWidget*>(m_fromCount), static_cast<QWidget*>(m_toCount)})
        w->setVisible(!duration);
    for (QWidget* w : {static_cast<QWidget*>(m_fromTime), static_cast<QWidget*>(m_toTime)})
        w->setVisible(duration);
    // The rows' labels (Alt+F, Alt+T) lead to the field shown.
    m_fromCount->parentWidget()->setFocusProxy(
        duration ? static_cast<QWidget*>(m_fromTime->numberField()) : m_fromCount);
    m_toCount->parentWidget()->setFocusProxy(
        duration ? static_cast<QWidget*>(m_toTime->numberField()) : m_toCount);
    if (!duration) {
        const std::int64_t lo = spec ? spec->min : 1, hi = spec ? spec->max : 64;
        for (QSpinBox* spin : {m_fromCount, m_toCount}) {
            const QSignalBlocker blocker(spin);
            spin->setRange(int(std::clamp<std::int64_t>(lo, INT_MIN, INT_MAX)),
                           int(std::clamp<std::int64_t>(hi, INT_MIN, INT_MAX)));
        }
    }
    const Range r = savedRange(name);
    setRange(r.from, r.to, r.points, r.doubling);
}

void SweepPanel::showMessage(const QString& text, bool error) {
    m_messageIsError = error && !text.isEmpty();
    m_message->setText(m_messageIsError ? QStringLiteral("⚠ ") + text : text);
    // A red that reads on both light and dark windows, as the Parameters dock's.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText,
                 m_messageIsError ? (dark ? QColor(0xFF, 0x8A, 0x80) : QColor(0xB3, 0x26, 0x1E))
                                  : palette().color(QPalette::WindowText));
    m_message->setPalette(pal);
    m_message->setVisible(!text.isEmpty());
}

void SweepPanel::updateActions() {
    const bool running = m_runner->isRunning();
    m_startAction->setEnabled(!running);
    m_cancelAction->setEnabled(running && !m_runner->isCancelling());
    m_saveCsvAction->setEnabled(m_result != nullptr);
    m_savePictureAction->setEnabled(m_result != nullptr);
    m_progress->setVisible(running);
}

void SweepPanel::updateProgress() {
    const int total = m_running ? int(m_running->points.size()) : 0;
    const double f = m_runner->fraction();
    m_progress->setValue(int(f * 1000));
    m_progress->setFormat(tr("Run %1 of %2").arg(std::min(total, int(f * total) + 1)).arg(total));
}

void SweepPanel::start() {
    if (m_runner->isRunning()) return;
    QString error;
    std::optional<SweepRequest> request = buildRequest(&error);
    if (!request) {
        showMessage(tr("Cannot sweep: %1").arg(error), true);
        emit sweepFailed(error);
        return;
    }
    saveRange(parameter(), currentRange());
    m_runningDoubling = m_doubling->isChecked();
    m_running = request;
    m_running->options.engine = EngineKind::Simulated;
    m_runner->start(std::move(*request));
    m_clock.start();
    m_ticker.start();
    updateProgress();
    showMessage(tr("Sweeping: each value runs on the simulated machine…"), false);
    showPlaceholder();
    updateActions();
}

void SweepPanel::cancel() {
    if (!m_runner->isRunning()) return;
    m_runner->cancel();
    showMessage(tr("Cancelling…"), false);
    updateActions();
}

void SweepPanel::onFinished(std::shared_ptr<const SweepResult> result) {
    m_ticker.stop();
    const SweepRequest request = std::move(*m_running);
    m_running.reset();
    m_result = std::move(result);
    m_resultRequest = request;
    const ParamSpec* spec = request.scenario.parameter(request.parameter);
    const bool duration = spec && spec->type == ParamType::Duration;
    m_chart->setResult(m_result, duration, m_runningDoubling, caption(request));
    const auto failed =
        std::count_if(m_result->points.begin(), m_result->points.end(),
                      [](const SweepPoint& p) { return p.outcome != Outcome::Completed; });
    const qint64 ms = m_clock.elapsed();
    const QString took =
        ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
    QString text = tr("%1 in %2.").arg(runsText(m_result->points.size()), took);
    if (failed > 0)
        text += QLatin1Char(' ') +
                tr("%1 did not complete (a deadlock or a limit): marked in vermillion.")
                    .arg(failed == 1 ? tr("One") : QString::number(failed));
    text += QLatin1Char(' ') + tr("Click a point to show its run on the timeline.");
    showMessage(text, false);
    updateActions();
    emit sweepFinished();
}

void SweepPanel::setFigure(SweepFigure figure) {
    m_figure->setCurrentIndex(int(figure));
    m_chart->setFigure(figure);
}

SweepFigure SweepPanel::figure() const {
    return SweepFigure(m_figure->currentIndex());
}

void SweepPanel::keyPressEvent(QKeyEvent* event) {
    // Spin boxes pass Return on to their parent once they have taken the typed value.
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        start();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace tl::ui
