#pragma once
// The Statistics dock's run summary: a short table of measure and value - how long, how
// much got done, the longest wait and who caused it, how evenly the acquisitions and the
// waiting were shared.
#include "panels/statstable.h"

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
        FairnessRow,    // of acquisitions
        WaitFairnessRow // of waiting time
    };
    static constexpr int kRows = WaitFairnessRow + 1;
    enum Column { MeasureColumn, ValueColumn, ColumnCount };

    using StatsTableModel::StatsTableModel;

    // The longest wait of the range as (thread, interval), to show it on the timeline.
    std::optional<std::pair<int, long>> longestWait() const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "0.75 (uneven)": Jain's index with a word for people who have not met it
    // (tl::evenness: the word heeds how far apart the values are, too). The value's tooltip
    // gives the spread: "8.7 % to 34.7 % of their time blocked or waiting, 4 threads".
    static QString fairnessText(double index, Evenness word);

protected:
    int rowsOf(const StatisticsSnapshot&) const override { return kRows; }

private:
    QString measure(int row) const;
    QString meaning(int row) const;
    QString spread(int row) const;
    QVariant display(int row) const;
    QVariant value(int row) const;
};

} // namespace tl::ui
