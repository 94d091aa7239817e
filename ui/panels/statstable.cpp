#include "panels/statstable.h"

#include "common/timetext.h"

namespace tl::ui {

StatsTableModel::StatsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void StatsTableModel::setSnapshot(std::shared_ptr<const StatisticsSnapshot> snapshot) {
    const int rows = snapshot && snapshot->trace ? rowsOf(*snapshot) : 0;
    const bool sameTrace = snapshot && m_snapshot && snapshot->trace == m_snapshot->trace;
    if (sameTrace && rows == m_rows) {
        // Only the figures moved (a new range, or playback went on): keep the view's
        // selection, scroll position and sort, and let a sorting proxy re-sort.
        m_snapshot = std::move(snapshot);
        if (rows > 0)
            emit dataChanged(index(0, 0), index(rows - 1, columnCount() - 1),
                             {Qt::DisplayRole, Qt::ToolTipRole, ValueRole});
        return;
    }
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_rows = rows;
    endResetModel();
}

int StatsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

bool StatsTableModel::valid(const QModelIndex& index) const {
    return m_snapshot && index.isValid() && index.row() < m_rows && index.column() < columnCount();
}

QString shareText(double share) {
    // One decimal is enough to compare threads; a sliver of time still shows as non-zero.
    if (share > 0 && share < 0.0005) return QStringLiteral("<0.1 %");
    return QStringLiteral("%1 %").arg(share * 100, 0, 'f', 1);
}

QString notApplicable() {
    return QStringLiteral("\u2013");
}

} // namespace tl::ui
