#pragma once
// The Statistics dock's run summary: a short table of measure and value - how long, how
// much got done, the longest wait and who caused it, how evenly the work was shared.
#include "statstable.h"

#include <optional>
#include <utility>

namespace tl::ui {

class RunStatsModel : public StatsTableModel {
    Q_OBJECT
public:
    enum Row {
        DurationRow,
        CompletedRow,
        ThroughputRow,
        LongestWaitRow,
        WaiterRow,
        CauserRow,
        FairnessRow
    };
    static constexpr int kRows = FairnessRow + 1;
    enum Column { MeasureColumn, ValueColumn, ColumnCount };

    using StatsTableModel::StatsTableModel;

    // The longest wait of the range as (thread, interval), to show it on the timeline.
    std::optional<std::pair<int, long>> longestWait() const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "1.00 (even)": Jain's index with a word for people who have not met it.
    static QString fairnessText(double index);

protected:
    int rowsOf(const StatisticsSnapshot&) const override { return kRows; }

private:
    QString measure(int row) const;
    QString meaning(int row) const;
    QVariant display(int row) const;
    QVariant value(int row) const;
};

} // namespace tl::ui
