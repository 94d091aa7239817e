#pragma once
// The Statistics dock's thread table: a row per thread with the share of its time in each
// state (within the range) and how often it had to wait.
#include "panels/statstable.h"

namespace tl::ui {

class ThreadStatsModel : public StatsTableModel {
    Q_OBJECT
public:
    enum Column {
        ThreadColumn,
        RoleColumn,
        FirstStateColumn, // one column per ThreadState, in enum order
        WaitsColumn = FirstStateColumn + kStateCount,
        WaitTimeColumn, // blocked + waiting
        ColumnCount
    };

    using StatsTableModel::StatsTableModel;

    // The thread a row describes.
    int threadAt(int row) const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int rowsOf(const StatisticsSnapshot& s) const override { return int(s.stats.threads.size()); }
};

} // namespace tl::ui
