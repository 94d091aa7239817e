#pragma once
// The Events dock's table: every state change and operation of a trace in time order, one
// row each (time, thread, kind, name, object, value/reason). Rows past the playback horizon
// are hidden and appear as the horizon moves, so the table fills as the timeline does. A
// trace still being recorded (real threads) grows the table with extend(): rows are
// inserted, never reset, so the view keeps its scroll position and selection.
#include "session/eventindex.h"

#include <QAbstractTableModel>
#include <limits>
#include <memory>
#include <optional>

namespace tl::ui {

class NarrationCache;

class EventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ThreadColumn,
        KindColumn,
        NameColumn,
        ObjectColumn,
        ValueColumn,
        NarrationColumn, // "What happens": a sentence for learners, made per visible row
        ColumnCount
    };
    enum Role {
        TimeRole = Qt::UserRole + 1, // qint64 ns
        IsStateRole,                 // bool
        StreamRole,                  // thread (state) or object (operation) index
        IndexRole,                   // index within that stream
    };

    explicit EventsModel(QObject* parent = nullptr);

    // Builds the index here; fine for small traces and tests. Large traces build it off the
    // GUI thread with EventIndex::build and hand it over with setIndex.
    void setTrace(std::shared_ptr<const Trace> trace, EventFilter filter = {});
    void setIndex(std::shared_ptr<const Trace> trace, EventIndex index);
    void clear();
    std::shared_ptr<const Trace> trace() const { return m_trace; }
    EventFilter filter() const { return m_index.filter(); }

    // Only events at or before the horizon are rows; nullopt shows all.
    void setHorizon(std::optional<Time> t);

    // The trace grew (a live run): lists the events it has published since, those at or
    // before `until`. They are inserted where their time puts them - nearly always after the
    // last row - in as few insertions as there are places. Returns how many were listed.
    std::size_t extend(Time until = std::numeric_limits<Time>::max());
    // The run ended: lists the rest of the trace.
    void finishLive();

    EventRef refAt(int row) const;
    std::optional<int> rowOf(EventRef ref) const;
    // The first visible row at or after t (the last row when none is).
    std::optional<int> rowAtTime(Time t) const;
    // The sentences of the "What happens" column (also the replay's narration line).
    NarrationCache* narration() const { return m_narration; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    int visibleRows(std::optional<Time> horizon) const;
    void updateUnit();
    QString threadName(std::size_t thread) const;
    QString objectName(std::size_t object) const;
    QString valueText(const EventRef& ref, const Event& e) const;
    QString toolTip(const EventRef& ref, const Event& e) const;

    std::shared_ptr<const Trace> m_trace;
    EventIndex m_index;
    std::optional<Time> m_horizon;
    int m_rows = 0;
    Time m_unit = 1'000'000;
    NarrationCache* m_narration;
};

} // namespace tl::ui
