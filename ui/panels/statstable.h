#pragma once
// What the Statistics dock's tables share: the figures of one run (or of a range of it)
// together with the trace they describe, and a table model base that swaps them in without
// losing the view's selection and sort when only the numbers changed (playback refreshes).
#include "analysis/slicestats.h"
#include "analysis/stats.h"

#include <QAbstractTableModel>
#include <QString>
#include <memory>

namespace tl::ui {

struct StatisticsSnapshot {
    std::shared_ptr<const Trace> trace;
    Statistics stats;
    SliceStatistics slices; // another program's trace: its named slices within the range
    bool wholeRun = true;   // no range was selected: the figures cover the run so far
};

class StatsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        // The raw figure behind a cell, for sorting and for tests: a double for shares and
        // rates, qint64 nanoseconds for times, int for counts, the text for names.
        ValueRole = Qt::UserRole + 1,
    };

    explicit StatsTableModel(QObject* parent = nullptr);

    void setSnapshot(std::shared_ptr<const StatisticsSnapshot> snapshot);
    std::shared_ptr<const StatisticsSnapshot> snapshot() const { return m_snapshot; }
    void clear() { setSnapshot(nullptr); }

    int rowCount(const QModelIndex& parent = {}) const override;

protected:
    // Rows for a snapshot (0 for none).
    virtual int rowsOf(const StatisticsSnapshot& s) const = 0;
    const Trace& trace() const { return *m_snapshot->trace; }
    const Statistics& stats() const { return m_snapshot->stats; }
    bool valid(const QModelIndex& index) const;

private:
    std::shared_ptr<const StatisticsSnapshot> m_snapshot;
    int m_rows = 0;
};

// Cell texts: "11.1 %", an en dash where a figure does not apply (times: humanTime,
// timetext.h).
QString shareText(double share);
QString notApplicable();

} // namespace tl::ui
