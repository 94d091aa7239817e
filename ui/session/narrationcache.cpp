#include "session/narrationcache.h"

#include "analysis/causality.h"
#include "analysis/narration.h"

#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

namespace {

// Sentences are small, but a user scrolling through millions of rows should not keep them
// all: past this many the cache starts over.
constexpr int kMaxSentences = 100'000;

bool isLockKind(ObjectKind k) {
    return k == ObjectKind::Mutex || k == ObjectKind::RwLock || k == ObjectKind::Gil;
}

} // namespace

NarrationCache::NarrationCache(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Batch>::finished, this, [this] {
        // A batch for a trace since replaced is dropped; the new trace's queue goes on.
        if (!m_watcher.isCanceled() && m_watcher.future().resultCount() > 0 &&
            m_watcher.property("generation").toInt() == m_generation) {
            Batch batch = m_watcher.result();
            for (auto& [object, levels] : batch.levels)
                m_levels[object] = std::move(levels);
            for (auto& [k, text] : batch.sentences) {
                m_pending.remove(k);
                m_sentences.insert(k, std::move(text));
            }
            emit ready();
        }
        if (!m_queue.empty()) startBatch();
    });
}

NarrationCache::~NarrationCache() {
    m_watcher.waitForFinished();
}

void NarrationCache::setTrace(std::shared_ptr<const Trace> trace) {
    if (trace == m_trace) return;
    m_trace = std::move(trace);
    ++m_generation;
    m_sentences.clear();
    m_levels.clear();
    m_pending.clear();
    m_queue.clear();
}

quint64 NarrationCache::key(const EventRef& ref) {
    return (quint64(ref.isState) << 63) | (quint64(std::uint32_t(ref.stream)) << 40) |
           (quint64(ref.index) & ((quint64(1) << 40) - 1));
}

bool NarrationCache::expensive(const EventRef& ref) const {
    if (ref.isState) {
        // A blocked thread's sentence names the lock's holder: a replay of the lock's stream
        // up to that moment.
        const Event& e = m_trace->threadEvents(std::size_t(ref.stream))[ref.index];
        if (e.state() != ThreadState::Blocked || e.ref == kNoRef || e.ref >= m_trace->objectCount())
            return false;
        const Reason r = e.reason();
        return isLockKind(m_trace->object(e.ref).kind) && r != Reason::ReadLock &&
               r != Reason::Gil && m_trace->objectEvents(e.ref).size() > m_syncLimit;
    }
    // Levels are a running sum: those worked out earlier cover every operation up to then.
    const auto it = m_levels.find(ref.stream);
    const bool known = it != m_levels.end() && it->second->size() > ref.index;
    return !known && m_trace->objectEvents(std::size_t(ref.stream)).size() > m_syncLimit;
}

QString NarrationCache::make(const EventRef& ref) {
    if (ref.isState)
        return QString::fromStdString(narrateState(*m_trace, std::size_t(ref.stream), ref.index));
    const auto object = std::size_t(ref.stream);
    Levels& levels = m_levels[ref.stream];
    if (!levels || levels->size() <= ref.index)
        levels = std::make_shared<const std::vector<std::int64_t>>(objectLevels(*m_trace, object));
    return QString::fromStdString(narrateOperation(*m_trace, object, ref.index, *levels));
}

QString NarrationCache::sentence(const EventRef& ref) {
    if (!m_trace) return {};
    const bool isState = ref.isState;
    if (ref.stream < 0 ||
        std::size_t(ref.stream) >= (isState ? m_trace->threadCount() : m_trace->objectCount()) ||
        ref.index >= (isState ? m_trace->threadEvents(std::size_t(ref.stream)).size()
                              : m_trace->objectEvents(std::size_t(ref.stream)).size()))
        return {};
    const quint64 k = key(ref);
    if (const auto it = m_sentences.constFind(k); it != m_sentences.constEnd()) return *it;
    if (m_pending.contains(k)) return {};
    // A trace still being recorded is fine: the levels (a running sum) are worked out up to
    // what the stream has published, which covers this event, and more when a later one asks.
    if (!expensive(ref)) {
        if (m_sentences.size() >= kMaxSentences) m_sentences.clear();
        const QString text = make(ref);
        m_sentences.insert(k, text);
        return text;
    }
    m_pending.insert(k);
    m_queue.push_back(ref);
    // The view asks for all its visible rows in one paint: gather them into one batch.
    if (m_queue.size() == 1 && !m_watcher.isRunning())
        QMetaObject::invokeMethod(this, &NarrationCache::startBatch, Qt::QueuedConnection);
    return {};
}

void NarrationCache::startBatch() {
    if (m_queue.empty() || m_watcher.isRunning() || !m_trace) return;
    std::vector<EventRef> refs;
    refs.swap(m_queue);
    m_watcher.setProperty("generation", m_generation);
    m_watcher.setFuture(QtConcurrent::run(runBatch, m_trace, std::move(refs), m_levels));
}

NarrationCache::Batch NarrationCache::runBatch(std::shared_ptr<const Trace> trace,
                                               std::vector<EventRef> refs,
                                               std::unordered_map<int, Levels> known) {
    Batch out;
    for (const EventRef& ref : refs) {
        std::string text;
        if (ref.isState) {
            text = narrateState(*trace, std::size_t(ref.stream), ref.index);
        } else {
            const auto object = std::size_t(ref.stream);
            Levels& levels = known[ref.stream];
            if (!levels || levels->size() <= ref.index) {
                levels =
                    std::make_shared<const std::vector<std::int64_t>>(objectLevels(*trace, object));
                out.levels.emplace_back(ref.stream, levels);
            }
            text = narrateOperation(*trace, object, ref.index, *levels);
        }
        out.sentences.emplace_back(key(ref), QString::fromStdString(text));
    }
    return out;
}

} // namespace tl::ui
