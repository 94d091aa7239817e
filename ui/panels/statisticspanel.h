#pragma once
// The Statistics dock: the run's figures in three sortable tables (threads, objects, the run),
// for the range selected on the timeline or the whole run. Figures of a big trace are
// computed off the GUI thread; while a run plays back they follow it a few times a second;
// while the dock is hidden nothing is computed. "Save Statistics…" writes the same CSV as
// `threadlens run … --stats`.
#include "panels/statstable.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QTableView;
class QTabWidget;
class QToolButton;

namespace tl::ui {

class ObjectStatsModel;
class RunStatsModel;
class SliceStatsModel;
class ThreadStatsModel;

class StatisticsPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatisticsPanel(QWidget* parent = nullptr);
    ~StatisticsPanel() override;

    // The trace to describe (it may still grow: a real-thread run); nullptr clears.
    void setTrace(std::shared_ptr<const Trace> trace);
    std::shared_ptr<const Trace> trace() const { return m_trace; }
    // The range selected on the timeline; nullopt: the whole run.
    void setRange(std::optional<TimeRange> range);
    std::optional<TimeRange> range() const { return m_range; }
    // While a run plays back only the part up to the horizon has been seen; nullopt: all.
    void setHorizon(std::optional<Time> t);
    // The trace grew (a live run): refresh at a modest rate.
    void traceGrew();
    // Recomputes now (the run ended, or a test wants the figures).
    void refresh();

    // The figures the tables show, and whether newer ones are being computed.
    std::shared_ptr<const StatisticsSnapshot> snapshot() const { return m_snapshot; }
    bool busy() const { return m_watcher.isRunning(); }

    ThreadStatsModel* threadModel() const { return m_threadModel; }
    ObjectStatsModel* objectModel() const { return m_objectModel; }
    RunStatsModel* runModel() const { return m_runModel; }
    QTableView* threadTable() const { return m_threadTable; }
    QTableView* objectTable() const { return m_objectTable; }
    SliceStatsModel* sliceModel() const { return m_sliceModel; }
    SliceStatsModel* sliceThreadModel() const { return m_sliceThreadModel; }
    QTabWidget* tabs() const { return m_tabs; }
    QTableView* runTable() const { return m_runTable; }
    QAction* saveAction() const { return m_saveAction; }
    // A table as tab-separated text, as Ctrl+C copies it.
    static QString tableText(const QTableView& table);

public slots:
    void saveStatistics(); // asks for a file
    void saveStatisticsTo(const QString& path);

signals:
    void updated(); // the tables show new figures
    void wholeRunRequested();
    // Double-clicks: the longest wait, an object (to show its links), a thread.
    void waitActivated(int thread, qint64 interval);
    void objectActivated(int object);
    void threadActivated(int thread);
    void saved(const QString& path);
    void saveFailed(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    TimeRange effectiveRange() const;
    void compute();
    void apply(std::shared_ptr<const StatisticsSnapshot> snapshot);
    void updateScope();
    void hideEmptyColumns();
    QTableView* makeTable(StatsTableModel* model, const QString& name, bool sortable);

    std::shared_ptr<const Trace> m_trace;
    std::optional<TimeRange> m_range;
    std::optional<Time> m_horizon;
    std::shared_ptr<const StatisticsSnapshot> m_snapshot;
    bool m_dirty = false;         // figures are out of date (the dock was hidden, or a job ran)
    int m_generation = 0;         // of the request; a stale result is dropped
    unsigned m_statesSeen = 0;    // a bit per ThreadState some thread has been in
    QTimer m_throttle;            // playback and live growth refresh at most this often
    QElapsedTimer m_computeClock; // how long the running job has taken
    QFutureWatcher<std::shared_ptr<const StatisticsSnapshot>> m_watcher;
    QFutureWatcher<QString> m_saveWatcher;
    QString m_savePath;

    ThreadStatsModel* m_threadModel;
    ObjectStatsModel* m_objectModel;
    RunStatsModel* m_runModel;
    SliceStatsModel* m_sliceModel;
    SliceStatsModel* m_sliceThreadModel;
    QLabel* m_scope;
    QLabel* m_busy;
    QToolButton* m_wholeRun;
    QTableView* m_threadTable;
    QTableView* m_objectTable;
    QTableView* m_runTable;
    QTableView* m_sliceTable;
    QTableView* m_sliceThreadTable;
    QTabWidget* m_tabs;
    QAction* m_saveAction;
};

} // namespace tl::ui
