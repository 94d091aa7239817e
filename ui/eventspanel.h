#pragma once
// The Events dock: the events table with a filter by thread and by object, kept in step
// with the timeline's selection in both directions.
#include "eventsmodel.h"

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

    // A finished trace (or a growing one, listed as far as it has got); nullptr clears.
    void setTrace(std::shared_ptr<const Trace> trace);
    // While a real-thread run is still going the table waits for it; says so in place.
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
};

} // namespace tl::ui
