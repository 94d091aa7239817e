#pragma once
// The Statistics dock's slice tables, for another program's trace: a row per slice name
// (count, total, self and longest time within the range), or a row per thread and name.
#include "panels/statstable.h"

namespace tl::ui {

class SliceStatsModel : public StatsTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        ThreadColumn,
        CountColumn,
        TotalColumn,
        SelfColumn,
        MaxColumn,
        ColumnCount
    };
    enum class Rows { ByName, ByThread };

    explicit SliceStatsModel(Rows rows, QObject* parent = nullptr)
        : StatsTableModel(parent), m_rows(rows) {}

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int rowsOf(const StatisticsSnapshot& s) const override;

private:
    const SliceStat& statAt(int row) const;
    Rows m_rows;
};

} // namespace tl::ui
