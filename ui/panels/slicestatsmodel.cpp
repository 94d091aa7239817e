#include "panels/slicestatsmodel.h"

#include "common/timetext.h"

namespace tl::ui {

int SliceStatsModel::rowsOf(const StatisticsSnapshot& s) const {
    return int(m_rows == Rows::ByName ? s.slices.byName.size() : s.slices.byTrack.size());
}

const SliceStat& SliceStatsModel::statAt(int row) const {
    const SliceStatistics& s = snapshot()->slices;
    return m_rows == Rows::ByName ? s.byName[std::size_t(row)] : s.byTrack[std::size_t(row)];
}

int SliceStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SliceStatsModel::data(const QModelIndex& index, int role) const {
    if (!valid(index)) return {};
    const SliceStat& s = statAt(index.row());
    const int column = index.column();
    if (role == Qt::DisplayRole || role == ValueRole) {
        const bool value = role == ValueRole;
        switch (column) {
        case NameColumn: {
            const std::string_view name = trace().slices().text(s.name);
            return QString::fromUtf8(name.data(), qsizetype(name.size()));
        }
        case ThreadColumn:
            if (s.track == SliceStat::kAllTracks) return QString();
            return QString::fromStdString(trackName(trace(), s.track));
        case CountColumn:
            return qint64(s.count);
        case TotalColumn:
            return value ? QVariant(qint64(s.total)) : QVariant(humanTime(s.total));
        case SelfColumn:
            return value ? QVariant(qint64(s.self)) : QVariant(humanTime(s.self));
        case MaxColumn:
            return value ? QVariant(qint64(s.max)) : QVariant(humanTime(s.max));
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && column >= CountColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SliceStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Slice");
        case ThreadColumn:
            return tr("Thread");
        case CountColumn:
            return tr("Count");
        case TotalColumn:
            return tr("Total");
        case SelfColumn:
            return tr("Self");
        case MaxColumn:
            return tr("Longest");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CountColumn:
            return tr("Slices of this name that overlap the range");
        case TotalColumn:
            return tr("Their time within the range (nested slices of the same name count twice)");
        case SelfColumn:
            return tr("Total minus the time their child slices cover");
        case MaxColumn:
            return tr("The longest one, within the range");
        default:
            return {};
        }
    }
    return {};
}

} // namespace tl::ui
