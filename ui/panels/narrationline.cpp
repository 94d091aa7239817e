#include "panels/narrationline.h"

#include "common/timetext.h"
#include "session/narrationcache.h"
#include "timeline/timecoords.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>

#include <algorithm>

namespace tl::ui {

namespace {
// At most this often: about as fast as one can read a short sentence.
constexpr int kRefreshMs = 150;
constexpr std::size_t kMaxSentences = 3;
} // namespace

NarrationLine::NarrationLine(NarrationCache* cache, QWidget* parent)
    : QWidget(parent), m_cache(cache) {
    setObjectName(QStringLiteral("narrationLine"));
    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("narrationTime"));
    m_time->setForegroundRole(QPalette::PlaceholderText);
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_time->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("000.00 ms")) + 4);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("narrationText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 3);
    layout->setSpacing(8);
    layout->addWidget(m_time);
    layout->addWidget(m_text, 1);
    setToolTip(tr("What happens at the replay cursor, in words. Step through the events with "
                  "Alt+Left and Alt+Right, or play the run back."));

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kRefreshMs);
    connect(&m_throttle, &QTimer::timeout, this, &NarrationLine::render);
    // Sentences made off the GUI thread: show them when they come.
    connect(m_cache, &NarrationCache::ready, this, [this] {
        if (m_trace && m_wanted) render();
    });
    setTrace(nullptr);
}

void NarrationLine::setTrace(std::shared_ptr<const Trace> trace) {
    m_trace = std::move(trace);
    m_wanted.reset();
    m_throttle.stop();
    if (m_trace) m_cache->setTrace(m_trace);
    m_time->clear();
    m_time->hide();
    m_plain = m_trace ? tr("Play the run, or step through its events (Alt+Right): what happens "
                           "at the cursor is told here.")
                      : tr("Run a scenario: what happens at the replay cursor is told here.");
    m_text->setForegroundRole(QPalette::PlaceholderText);
    layoutText();
}

void NarrationLine::showTime(Time t) {
    if (!m_trace) return;
    m_wanted = t;
    // The first move shows at once; moves within the next moments are gathered.
    if (!m_throttle.isActive()) {
        render();
        m_throttle.start();
    }
}

void NarrationLine::flush() {
    m_throttle.stop();
    render();
}

std::vector<EventRef> NarrationLine::eventsAt(const Trace& trace, Time t, std::size_t max,
                                              std::size_t* more) {
    std::vector<EventRef> out;
    Time latest = -1;
    // Pass 1: the latest event time at or before t over every stream.
    auto scan = [&](const EventStream& s) {
        const std::size_t i = s.upperBound(t, s.size());
        if (i > 0) latest = std::max(latest, s[i - 1].time);
    };
    for (std::size_t o = 0; o < trace.objectCount(); ++o)
        scan(trace.objectEvents(o));
    for (std::size_t th = 0; th < trace.threadCount(); ++th)
        scan(trace.threadEvents(th));
    if (more) *more = 0;
    if (latest < 0) return out;
    // Pass 2: every event at that time; operations first, they say what was done.
    std::size_t total = 0;
    auto collect = [&](const EventStream& s, bool isState, int stream) {
        const std::size_t n = s.size();
        std::size_t i = s.upperBound(latest, n);
        const std::size_t end = i;
        while (i > 0 && s[i - 1].time == latest)
            --i;
        for (; i < end; ++i, ++total)
            if (out.size() < max) out.push_back({isState, stream, i});
    };
    for (std::size_t o = 0; o < trace.objectCount(); ++o)
        collect(trace.objectEvents(o), false, int(o));
    for (std::size_t th = 0; th < trace.threadCount(); ++th)
        collect(trace.threadEvents(th), true, int(th));
    if (more) *more = total - out.size();
    return out;
}

void NarrationLine::render() {
    if (!m_trace || !m_wanted) return;
    std::size_t more = 0;
    const std::vector<EventRef> refs = eventsAt(*m_trace, *m_wanted, kMaxSentences, &more);
    if (refs.empty()) {
        m_time->clear();
        m_time->hide();
        m_plain = tr("Nothing has happened yet.");
        m_text->setForegroundRole(QPalette::PlaceholderText);
        layoutText();
        return;
    }
    const Event& first =
        refs.front().isState
            ? m_trace->threadEvents(std::size_t(refs.front().stream))[refs.front().index]
            : m_trace->objectEvents(std::size_t(refs.front().stream))[refs.front().index];
    QStringList sentences;
    for (const EventRef& ref : refs) {
        const QString s = m_cache->sentence(ref);
        sentences << (s.isEmpty() ? QStringLiteral("\u2026") : s);
    }
    m_plain = sentences.join(QStringLiteral("  \u00b7  "));
    if (more > 0) m_plain += tr("  (and %1 more at this moment)").arg(more);
    m_time->setText(humanTime(first.time));
    m_time->show();
    m_text->setForegroundRole(QPalette::WindowText);
    layoutText();
}

void NarrationLine::layoutText() {
    // Elided to the width, whole in the tooltip.
    const QString shown =
        m_text->fontMetrics().elidedText(m_plain, Qt::ElideRight, std::max(0, m_text->width()));
    m_text->setText(shown);
    m_text->setToolTip(shown == m_plain ? QString() : m_plain);
}

void NarrationLine::paintEvent(QPaintEvent* event) {
    QWidget::paintEvent(event);
    // A hairline between the timeline and the words about it.
    QPainter p(this);
    p.fillRect(QRect(0, 0, width(), 1), palette().color(QPalette::Mid));
}

void NarrationLine::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    layoutText();
}

} // namespace tl::ui
