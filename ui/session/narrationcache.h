#pragma once
// One plain sentence per event (core narrateState / narrateOperation), worked out only for
// the events someone looks at - the visible rows of the Events table, the events under the
// replay cursor - and remembered. Most sentences cost microseconds and are made on the spot;
// the few that replay a long object stream (who held a busy lock, the depth of a queue with
// millions of operations) are made off the GUI thread, and ready() says when they arrive.
#include "session/eventindex.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <unordered_map>
#include <vector>

namespace tl::ui {

class NarrationCache : public QObject {
    Q_OBJECT
public:
    explicit NarrationCache(QObject* parent = nullptr);
    ~NarrationCache() override;

    // A new trace forgets every sentence; the same trace keeps them.
    void setTrace(std::shared_ptr<const Trace> trace);
    std::shared_ptr<const Trace> trace() const { return m_trace; }
    // The sentence of an event, or an empty string while it is being made (ready() follows).
    QString sentence(const EventRef& ref);
    bool pending() const { return !m_pending.isEmpty() || m_watcher.isRunning(); }
    // Sentences made so far: only those asked for.
    int size() const { return int(m_sentences.size()); }

    // Streams longer than this are replayed off the GUI thread (tests lower it).
    void setSyncLimit(std::size_t operations) { m_syncLimit = operations; }

signals:
    void ready();

private:
    using Levels = std::shared_ptr<const std::vector<std::int64_t>>;
    struct Batch {
        std::vector<std::pair<quint64, QString>> sentences;
        std::vector<std::pair<int, Levels>> levels;
    };
    static quint64 key(const EventRef& ref);
    // Whether a sentence needs a long replay: the holder of a lock (blocked state) or an
    // object's levels not yet known.
    bool expensive(const EventRef& ref) const;
    QString make(const EventRef& ref);
    void startBatch();
    static Batch runBatch(std::shared_ptr<const Trace> trace, std::vector<EventRef> refs,
                          std::unordered_map<int, Levels> known);

    std::shared_ptr<const Trace> m_trace;
    QHash<quint64, QString> m_sentences;
    std::unordered_map<int, Levels> m_levels; // per object, for operation sentences
    QSet<quint64> m_pending;
    std::vector<EventRef> m_queue;
    QFutureWatcher<Batch> m_watcher;
    std::size_t m_syncLimit = 200'000;
    int m_generation = 0;
};

} // namespace tl::ui
