#pragma once
// The Events dock: the events table with a filter by thread and by object, kept in step
// with the timeline's selection in both directions. During a run on real threads it fills
// as the run records: like `tail -f`, a table at its end follows the newest row, one the
// user scrolled up stays where it is.
#include "panels/eventsmodel.h"

#include <QFutureWatcher>
#include <QWidget>
#include <memory>
#include <stop_token>

class QComboBox;
class QLabel;
class QTableView;

namespace tl::ui {

class EventsPanel : public QWidget {
    Q_OBJECT
public:
    explicit EventsPanel(QWidget* parent = nullptr);
    ~EventsPanel() override;

    // A finished trace (or a growing one, listed as far as it has got); nullptr clears. The
    // live trace itself, once its run ended, is listed to its end without a rebuild.
    void setTrace(std::shared_ptr<const Trace> trace);
    // A trace a run is recording now: traceGrew() lists what it publishes, until setTrace()
    // with the same trace says the run ended.
    void setLiveTrace(std::shared_ptr<const Trace> trace);
    void traceGrew();
    bool isLive() const { return m_live; }
    // In place of the table: a message (empty shows the table again).
    void setPending(const QString& message);
    void setHorizon(std::optional<Time> t);

    // Select the row of a timeline selection without echoing it back.
    void showInterval(int thread, qint64 interval);
    void showOperation(int object, qint64 index);
    void showTime(Time t);
    void setFilter(EventFilter filter);

    EventsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    bool building() const { return m_watcher.isRunning(); }

signals:
    void intervalActivated(int thread, qint64 interval);
    void operationActivated(int object, qint64 index);
    void indexReady();

private:
    void rebuild();
    void fillFilterCombos();
    void addFilterItems();
    bool atEnd() const;
    void putRowAtTop(int row);
    void onCurrentRowChanged(const QModelIndex& current);
    void selectRow(std::optional<int> row);
    void updateCount();

    EventsModel* m_model;
    QTableView* m_table;
    QComboBox* m_threadFilter;
    QComboBox* m_objectFilter;
    QLabel* m_count;
    QLabel* m_pending;
    QFutureWatcher<EventIndex> m_watcher;
    std::stop_source m_buildStop;
    std::shared_ptr<const Trace> m_trace;
    std::optional<Time> m_horizon;
    bool m_syncing = false;
    bool m_live = false;
    bool m_followAfterBuild = false;
    // The latest time the live trace had published at the previous traceGrew().
    Time m_seenEnd = 0;
};

} // namespace tl::ui
