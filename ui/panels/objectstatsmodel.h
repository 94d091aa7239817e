#pragma once
// The Statistics dock's object table: a row per synchronisation object with how often it
// was taken, how often that meant waiting, how long the waits and holds were, and how full
// it was (queue depth, permits in use, threads at a barrier); for a shared variable how
// often it was read, written and changed atomically, the accesses that raced and the updates
// lost - each where it applies.
#include "panels/statstable.h"

namespace tl::ui {

class ObjectStatsModel : public StatsTableModel {
    Q_OBJECT
public:
    enum Column {
        ObjectColumn,
        KindColumn,
        AcquisitionsColumn,
        ContentionColumn,
        WaitCountColumn,
        WaitTotalColumn,
        WaitMeanColumn,
        WaitP50Column,
        WaitP95Column,
        WaitMaxColumn,
        HoldMeanColumn,
        HoldMaxColumn,
        LevelMeanColumn,
        LevelMaxColumn,
        TimeFullColumn,
        TimeEmptyColumn,
        SkewMeanColumn,
        SkewMaxColumn,
        ReadsColumn, // variables
        WritesColumn,
        AtomicsColumn,
        RacesColumn,
        LostColumn,
        ColumnCount
    };

    using StatsTableModel::StatsTableModel;

    // The object a row describes.
    int objectAt(int row) const;
    // Whether a figure means anything for this kind of object (a queue has no hold time).
    static bool applies(ObjectKind kind, int column);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int rowsOf(const StatisticsSnapshot& s) const override;

private:
    QVariant display(const ObjectStats& o, const ObjectInfo& info, int column) const;
    QVariant value(const ObjectStats& o, const ObjectInfo& info, int column) const;
    QString toolTip(const ObjectStats& o, const ObjectInfo& info, int column) const;
};

} // namespace tl::ui
