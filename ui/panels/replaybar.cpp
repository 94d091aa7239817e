#include "panels/replaybar.h"

#include "common/glyphicons.h"
#include "common/timetext.h"
#include "session/eventindex.h"
#include "session/playbackclock.h"
#include "timeline/timelineview.h"
#include "timeline/zoomcontrol.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolButton>

#include <cmath>

namespace tl::ui {

namespace {
constexpr double kSpeeds[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 100, 1000};
// Auto speed plays a whole run in about this long: long enough to watch the lanes fill,
// short enough not to wait for it.
constexpr double kAutoSeconds = 4.0;
constexpr int kSliderSteps = 10'000;

QString speedText(double f) {
    return QString::number(f, 'g', 3) + QStringLiteral("×");
}
} // namespace

ReplayBar::ReplayBar(TimelineView* view, QWidget* parent)
    : QWidget(parent), m_view(view), m_clock(new PlaybackClock(this)) {
    m_playPause = new QAction(glyphIcon(Glyph::Play), tr("&Play"), this);
    m_playPause->setObjectName(QStringLiteral("playPause"));
    m_playPause->setShortcut(QKeySequence(Qt::Key_Space));
    m_previous = new QAction(glyphIcon(Glyph::StepBack), tr("P&revious Event"), this);
    m_previous->setShortcuts(
        {QKeySequence(Qt::ALT | Qt::Key_Left), QKeySequence(Qt::Key_BracketLeft)});
    m_previous->setToolTip(tr("Move the cursor to the previous event (Alt+Left, [)"));
    m_next = new QAction(glyphIcon(Glyph::StepForward), tr("&Next Event"), this);
    m_next->setShortcuts(
        {QKeySequence(Qt::ALT | Qt::Key_Right), QKeySequence(Qt::Key_BracketRight)});
    m_next->setToolTip(tr("Move the cursor to the next event (Alt+Right, ])"));

    auto button = [this](QAction* a) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setAutoRaise(true);
        b->setIconSize(QSize(20, 20));
        return b;
    };
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    // Never squeezed to a bare handle: the other parts of the bar have fixed widths.
    m_slider->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 8);
    m_slider->setToolTip(tr("Drag to move the replay cursor (or, while a run plays back, how "
                            "much of it is shown)"));
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("replayPosition"));
    m_position->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("000.00 ms / 000.00 ms")) + 8);
    m_position->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_position->setToolTip(tr("Playback position / length of the run"));
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speed"));
    m_speed->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_speed->addItem(tr("Auto"), 0.0);
    for (double s : kSpeeds)
        m_speed->addItem(speedText(s), s);
    m_speed->setToolTip(tr("Playback speed against the run's own time: 1× is real time, 0.1× "
                           "ten times slower. Auto plays any run in about %1 seconds.")
                            .arg(kAutoSeconds));
    // As wide as "Auto (0.00381×)" from the start: the text is never cut, and the window's
    // minimum width does not change when a run sets the Auto speed.
    m_speed->addItem(tr("Auto (%1)").arg(speedText(0.00381)));
    m_speed->setMinimumWidth(m_speed->sizeHint().width());
    m_speed->removeItem(m_speed->count() - 1);
    auto* speedLabel = new QLabel(tr("Speed:"), this);
    speedLabel->setBuddy(m_speed);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 6, 2);
    layout->setSpacing(4);
    layout->addWidget(button(m_previous));
    layout->addWidget(button(m_playPause));
    layout->addWidget(button(m_next));
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_position);
    layout->addSpacing(8);
    layout->addWidget(speedLabel);
    layout->addWidget(m_speed);

    connect(m_playPause, &QAction::triggered, this, &ReplayBar::togglePlay);
    connect(m_previous, &QAction::triggered, this, &ReplayBar::stepPrevious);
    connect(m_next, &QAction::triggered, this, &ReplayBar::stepNext);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        // Programmatic updates block the slider's signals: this is the user scrubbing.
        const Time t = Time(std::llround(double(m_clock->end()) * v / kSliderSteps));
        seek(t);
        emit cursorMoved(t);
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this, &ReplayBar::onSpeedChosen);
    connect(m_clock, &PlaybackClock::positionChanged, this, &ReplayBar::onPosition);
    connect(m_clock, &PlaybackClock::playingChanged, this, &ReplayBar::updateControls);
    connect(m_clock, &PlaybackClock::reachedEnd, this, [this] {
        if (m_mode == Mode::Live) finishLive();
    });
    updateControls();
}

void ReplayBar::setMode(Mode mode) {
    if (mode == m_mode) return;
    m_mode = mode;
    updateControls();
    emit modeChanged();
}

void ReplayBar::startRecording(std::shared_ptr<const Trace> trace) {
    m_trace = std::move(trace);
    m_frozen = false;
    m_clock->pause();
    m_view->setHorizon(std::nullopt);
    m_view->setCursor(std::nullopt);
    setMode(Mode::Recording);
    updateControls();
}

void ReplayBar::showTrace(std::shared_ptr<const Trace> trace, bool live) {
    m_trace = std::move(trace);
    m_frozen = false;
    m_clock->pause();
    m_clock->setEnd(m_trace ? m_trace->endTime() : 0);
    m_clock->setSpeed(speed());
    m_view->setCursor(std::nullopt);
    if (!m_trace) {
        clear();
        return;
    }
    onSpeedChosen(); // the Auto entry shows the speed it stands for
    if (live) {
        setMode(Mode::Live);
        m_clock->seek(0);
        m_clock->play();
    } else {
        m_view->setHorizon(std::nullopt);
        emit horizonChanged(std::nullopt);
        setMode(Mode::Replay);
        // Rest at the start with the cursor hidden until the user plays, steps or scrubs.
        const QSignalBlocker block(m_clock);
        m_clock->seek(0);
    }
    updateControls();
}

void ReplayBar::clear() {
    m_trace.reset();
    m_clock->pause();
    m_clock->setEnd(0);
    m_view->setHorizon(std::nullopt);
    m_view->setCursor(std::nullopt);
    setMode(Mode::Idle);
    updateControls();
}

void ReplayBar::finishLive() {
    if (m_mode != Mode::Live && m_mode != Mode::Recording) return;
    m_frozen = false;
    {
        const QSignalBlocker block(m_clock);
        m_clock->pause();
        m_clock->setEnd(m_trace ? m_trace->endTime() : 0);
        m_clock->setSpeed(speed());
        m_clock->seek(m_clock->end());
    }
    m_view->setHorizon(std::nullopt);
    m_view->setCursor(std::nullopt);
    emit horizonChanged(std::nullopt);
    setMode(Mode::Replay);
    onSpeedChosen();
    updateControls();
    // The cursor is at the end now (Shift+F5 skipped there): what follows it goes too.
    if (m_trace) emit cursorMoved(m_clock->end());
    emit liveFinished();
}

Time ReplayBar::position() const {
    return m_clock->position();
}

bool ReplayBar::isPlaying() const {
    return m_clock->isPlaying();
}

double ReplayBar::speedChoice() const {
    return m_speed->currentData().toDouble();
}

void ReplayBar::setSpeedChoice(double factor) {
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - factor) < 1e-9) best = i;
    m_speed->setCurrentIndex(best);
}

double ReplayBar::speed() const {
    const double choice = speedChoice();
    if (choice > 0) return choice;
    const double end = m_trace ? double(std::max<Time>(m_trace->endTime(), 1)) : 1e9;
    return std::clamp(end / (kAutoSeconds * 1e9), 1e-4, 1e4);
}

void ReplayBar::onSpeedChosen() {
    m_clock->setSpeed(speed());
    m_speed->setItemText(0, m_trace ? tr("Auto (%1)").arg(speedText(speed())) : tr("Auto"));
}

void ReplayBar::togglePlay() {
    if (m_mode == Mode::Recording) {
        // Real threads cannot be paused; the picture can. Resume catches up with the run.
        m_frozen = !m_frozen;
        m_view->setHorizon(m_frozen && m_trace ? std::optional<Time>(m_trace->endTime())
                                               : std::nullopt);
        updateControls();
        return;
    }
    if (m_mode == Mode::Live || m_mode == Mode::Replay) m_clock->toggle();
}

void ReplayBar::seek(Time t) {
    if (m_mode != Mode::Live && m_mode != Mode::Replay) return;
    m_clock->seek(t);
}

void ReplayBar::stepNext() {
    if (!m_trace || (m_mode != Mode::Live && m_mode != Mode::Replay)) return;
    if (auto t = nextEventTime(*m_trace, position())) {
        m_clock->pause();
        seek(*t);
        emit cursorMoved(*t);
    }
}

void ReplayBar::stepPrevious() {
    if (!m_trace || (m_mode != Mode::Live && m_mode != Mode::Replay)) return;
    if (auto t = previousEventTime(*m_trace, position())) {
        m_clock->pause();
        seek(*t);
        emit cursorMoved(*t);
    }
}

void ReplayBar::onPosition(qint64 t) {
    if (m_mode == Mode::Live) {
        m_view->setHorizon(t);
        emit horizonChanged(t);
    } else if (m_mode == Mode::Replay) {
        m_view->setCursor(t);
        if (m_clock->isPlaying()) keepCursorInView(t);
    }
    const Time end = m_clock->end();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(end > 0 ? int(std::llround(double(t) * kSliderSteps / double(end))) : 0);
    }
    m_position->setText(QStringLiteral("%1 / %2").arg(humanTime(t), humanTime(end)));
}

void ReplayBar::keepCursorInView(Time t) {
    ZoomControl* zoom = m_view->zoom();
    const TimeRange r = zoom->range();
    if (r.contains(t)) return;
    // Page, not scroll: a view that jumps a screen at a time is easier to read than one
    // that slides under the eye.
    const Time width = r.delta();
    zoom->setRange({t - width / 10, t - width / 10 + width});
}

void ReplayBar::updateControls() {
    const bool transport = m_trace && (m_mode == Mode::Live || m_mode == Mode::Replay);
    const bool playing = m_clock->isPlaying();
    if (m_mode == Mode::Recording) {
        m_playPause->setEnabled(true);
        m_playPause->setIcon(glyphIcon(m_frozen ? Glyph::Play : Glyph::Pause));
        m_playPause->setText(m_frozen ? tr("&Resume") : tr("&Pause"));
        m_playPause->setToolTip(m_frozen ? tr("Show the run as it grows again (Space)")
                                         : tr("Hold the picture; the run goes on (Space)"));
        m_position->setText(tr("recording…"));
    } else {
        m_playPause->setEnabled(transport);
        m_playPause->setIcon(glyphIcon(playing ? Glyph::Pause : Glyph::Play));
        m_playPause->setText(playing                ? tr("&Pause")
                             : m_mode == Mode::Live ? tr("&Resume")
                                                    : tr("&Play"));
        m_playPause->setToolTip(playing ? tr("Pause the playback (Space)")
                                        : tr("Play the run back from the cursor (Space)"));
        if (!m_trace) m_position->clear();
    }
    m_previous->setEnabled(transport);
    m_next->setEnabled(transport);
    m_slider->setEnabled(transport);
    const Time t = m_clock->position();
    const Time end = m_clock->end();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(
            !transport || end <= 0 ? 0 : int(std::llround(double(t) * kSliderSteps / double(end))));
    }
    if (transport) m_position->setText(QStringLiteral("%1 / %2").arg(humanTime(t), humanTime(end)));
}

} // namespace tl::ui
