#include "panels/objectstatsmodel.h"

#include "common/timetext.h"

#include <QColor>

namespace tl::ui {

namespace {

bool isLock(ObjectKind k) {
    return k == ObjectKind::Mutex || k == ObjectKind::RwLock || k == ObjectKind::Gil;
}

bool hasCapacity(ObjectKind k) {
    return k == ObjectKind::Queue || k == ObjectKind::Semaphore || k == ObjectKind::Barrier;
}

// What "taken" means for each kind: the operation computeStatistics counts.
QString acquisitionWord(ObjectKind k) {
    switch (k) {
    case ObjectKind::Mutex:
    case ObjectKind::RwLock:
    case ObjectKind::Gil:
        return QObject::tr("times locked");
    case ObjectKind::Queue:
        return QObject::tr("items taken out (get)");
    case ObjectKind::Semaphore:
        return QObject::tr("permits taken (acquire)");
    case ObjectKind::Barrier:
        return QObject::tr("threads let through (pass)");
    case ObjectKind::Condition:
    case ObjectKind::Event:
        return QObject::tr("waiters woken");
    case ObjectKind::Threads:
        return QObject::tr("threads joined");
    case ObjectKind::Variable:
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        break;
    }
    return {};
}

// What the level of an object is.
QString levelWord(ObjectKind k) {
    switch (k) {
    case ObjectKind::Queue:
        return QObject::tr("items in the queue");
    case ObjectKind::Semaphore:
        return QObject::tr("permits in use");
    case ObjectKind::Barrier:
        return QObject::tr("threads waiting at the barrier");
    case ObjectKind::Condition:
        return QObject::tr("threads waiting on the condition");
    case ObjectKind::Event:
        return QObject::tr("share of the time the event was set");
    case ObjectKind::Mutex:
    case ObjectKind::Gil:
        return QObject::tr("share of the time the lock was held");
    case ObjectKind::RwLock:
        return QObject::tr("holders (a writer, or readers)");
    case ObjectKind::Variable:
        return QObject::tr("the variable's value");
    case ObjectKind::Threads:
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        break;
    }
    return {};
}

// Locks and events have a level of 0 or 1: its mean reads best as a share of time.
bool levelIsShare(ObjectKind k) {
    return k == ObjectKind::Mutex || k == ObjectKind::Gil || k == ObjectKind::Event;
}

} // namespace

bool ObjectStatsModel::applies(ObjectKind kind, int column) {
    const bool variable = kind == ObjectKind::Variable;
    if (column >= ReadsColumn && column <= LostColumn) return variable;
    // A variable is not taken nor waited for: it has accesses and a value.
    if (variable && column != ObjectColumn && column != KindColumn && column != LevelMeanColumn &&
        column != LevelMaxColumn)
        return false;
    switch (column) {
    case HoldMeanColumn:
    case HoldMaxColumn:
        return isLock(kind);
    case LevelMeanColumn:
    case LevelMaxColumn:
        return kind != ObjectKind::Threads;
    case TimeFullColumn:
    case TimeEmptyColumn:
        return kind == ObjectKind::Queue || kind == ObjectKind::Semaphore;
    case SkewMeanColumn:
    case SkewMaxColumn:
        return kind == ObjectKind::Barrier;
    default:
        return true;
    }
}

int ObjectStatsModel::rowsOf(const StatisticsSnapshot& s) const {
    return int(s.stats.objects.size());
}

int ObjectStatsModel::objectAt(int row) const {
    const auto s = snapshot();
    if (!s || row < 0 || row >= int(s->stats.objects.size())) return -1;
    return s->stats.objects[std::size_t(row)].object;
}

int ObjectStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ObjectStatsModel::value(const ObjectStats& o, const ObjectInfo& info, int column) const {
    switch (column) {
    case ObjectColumn:
        return QString::fromStdString(info.name);
    case KindColumn:
        return QString::fromUtf8(objectKindName(info.kind));
    case AcquisitionsColumn:
        return o.acquisitions;
    case ContentionColumn:
        return o.contention();
    case WaitCountColumn:
        return o.wait.count;
    case WaitTotalColumn:
        return qint64(o.wait.total);
    case WaitMeanColumn:
        return qint64(o.wait.mean);
    case WaitP50Column:
        return qint64(o.wait.p50);
    case WaitP95Column:
        return qint64(o.wait.p95);
    case WaitMaxColumn:
        return qint64(o.wait.max);
    case HoldMeanColumn:
        return qint64(o.hold.mean);
    case HoldMaxColumn:
        return qint64(o.hold.max);
    case LevelMeanColumn:
        return o.meanLevel;
    case LevelMaxColumn:
        return qint64(o.maxLevel);
    case TimeFullColumn:
        return qint64(o.timeFull);
    case TimeEmptyColumn:
        return qint64(o.timeEmpty);
    case SkewMeanColumn:
        return qint64(o.skewMean);
    case SkewMaxColumn:
        return qint64(o.skewMax);
    case ReadsColumn:
        return o.reads;
    case WritesColumn:
        return o.writes;
    case AtomicsColumn:
        return o.atomics;
    case RacesColumn:
        return o.races;
    case LostColumn:
        return o.lostUpdates;
    default:
        return {};
    }
}

QVariant ObjectStatsModel::display(const ObjectStats& o, const ObjectInfo& info, int column) const {
    if (!applies(info.kind, column)) return notApplicable();
    const bool waited = o.wait.count > 0;
    switch (column) {
    case ObjectColumn:
    case KindColumn:
    case AcquisitionsColumn:
    case WaitCountColumn:
    case ReadsColumn:
    case WritesColumn:
    case AtomicsColumn:
    case RacesColumn:
    case LostColumn:
        return value(o, info, column);
    case ContentionColumn:
        return o.acquisitions > 0 ? shareText(o.contention()) : notApplicable();
    case WaitTotalColumn:
        return humanTime(o.wait.total);
    case WaitMeanColumn:
    case WaitP50Column:
    case WaitP95Column:
    case WaitMaxColumn:
        return waited ? humanTime(value(o, info, column).toLongLong()) : notApplicable();
    case HoldMeanColumn:
    case HoldMaxColumn:
        return o.hold.count > 0 ? humanTime(value(o, info, column).toLongLong()) : notApplicable();
    case LevelMeanColumn:
        return levelIsShare(info.kind) ? shareText(o.meanLevel)
                                       : QString::number(o.meanLevel, 'f', 2);
    case LevelMaxColumn:
        if (hasCapacity(info.kind) && info.capacity > 0)
            return tr("%1 of %2").arg(o.maxLevel).arg(info.capacity);
        return QString::number(o.maxLevel);
    case TimeFullColumn:
    case TimeEmptyColumn:
    case SkewMeanColumn:
    case SkewMaxColumn:
        return humanTime(value(o, info, column).toLongLong());
    default:
        return {};
    }
}

QString ObjectStatsModel::toolTip(const ObjectStats& o, const ObjectInfo& info, int column) const {
    const QString name = QString::fromStdString(info.name);
    if (!applies(info.kind, column))
        return tr("Does not apply to a %1").arg(QString::fromUtf8(objectKindName(info.kind)));
    switch (column) {
    case AcquisitionsColumn:
        return tr("%1: %2 %3").arg(name).arg(o.acquisitions).arg(acquisitionWord(info.kind));
    case ContentionColumn:
        return tr("%1 of %2 had to wait first").arg(o.contended).arg(o.acquisitions);
    case WaitCountColumn:
        return tr("Blocked or waiting intervals on %1 that began in this range").arg(name);
    case LevelMeanColumn:
    case LevelMaxColumn:
        return tr("%1, %2 over the range")
            .arg(levelWord(info.kind),
                 column == LevelMeanColumn ? tr("time-weighted mean") : tr("highest"));
    case TimeFullColumn:
        return info.kind == ObjectKind::Queue ? tr("Time the queue held its capacity: producers "
                                                   "that came then had to wait")
                                              : tr("Time every permit was in use");
    case TimeEmptyColumn:
        return info.kind == ObjectKind::Queue
                   ? tr("Time the queue was empty: consumers that came then had to wait")
                   : tr("Time no permit was in use");
    case SkewMeanColumn:
    case SkewMaxColumn:
        return tr("Last minus first arrival of a phase (%1 phases): how long the early "
                  "threads stood at the barrier")
            .arg(o.generations);
    case RacesColumn:
        return tr("Accesses to %1 that race with an earlier one: another thread's access, one "
                  "of the two a plain write, that no lock, atomic or other synchronisation "
                  "orders")
            .arg(name);
    case LostColumn:
        return tr("Stores to %1 overwritten by a write computed from an older value: the "
                  "updates missing from its value")
            .arg(name);
    default:
        return {};
    }
}

QVariant ObjectStatsModel::data(const QModelIndex& index, int role) const {
    if (!valid(index)) return {};
    const ObjectStats& o = stats().objects[std::size_t(index.row())];
    const ObjectInfo& info = trace().object(std::size_t(o.object));
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(o, info, column);
    case ValueRole:
        // Figures that do not apply sort below every real one.
        return applies(info.kind, column) ? value(o, info, column) : QVariant(-1);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(o, info, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column <= KindColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                        : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        // Races and lost updates are problems: said in the colour of a failed check.
        if ((column == RacesColumn && o.races > 0) || (column == LostColumn && o.lostUpdates > 0))
            return QVariant::fromValue(QColor(0xD3, 0x2F, 0x2F));
        return {};
    default:
        return {};
    }
}

QVariant ObjectStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    static const char* const titles[ColumnCount][2] = {
        {QT_TR_NOOP("Object"), QT_TR_NOOP("The synchronisation object, as named on its track")},
        {QT_TR_NOOP("Kind"), QT_TR_NOOP("mutex, queue, semaphore, barrier, ...")},
        {QT_TR_NOOP("Taken"),
         QT_TR_NOOP("Acquisitions: locks, items got from a queue, permits acquired, barrier "
                    "passes, wake-ups")},
        {QT_TR_NOOP("Contention"), QT_TR_NOOP("Share of the acquisitions that had to wait first")},
        {QT_TR_NOOP("Waits"), QT_TR_NOOP("Blocked or waiting intervals on the object")},
        {QT_TR_NOOP("Wait total"), QT_TR_NOOP("All the time threads spent waiting for it")},
        {QT_TR_NOOP("Wait mean"), QT_TR_NOOP("Mean length of a wait")},
        {QT_TR_NOOP("Wait p50"), QT_TR_NOOP("Median wait: half the waits were shorter")},
        {QT_TR_NOOP("Wait p95"), QT_TR_NOOP("95th percentile: one wait in twenty was longer")},
        {QT_TR_NOOP("Wait max"), QT_TR_NOOP("The longest wait")},
        {QT_TR_NOOP("Hold mean"), QT_TR_NOOP("Locks: mean time from lock to unlock")},
        {QT_TR_NOOP("Hold max"), QT_TR_NOOP("Locks: the longest time from lock to unlock")},
        {QT_TR_NOOP("Level mean"),
         QT_TR_NOOP("Time-weighted mean level: queue depth, permits in use, threads at a "
                    "barrier; for a lock or an event the share of time held or set")},
        {QT_TR_NOOP("Level max"), QT_TR_NOOP("The highest level (of the capacity)")},
        {QT_TR_NOOP("Time full"),
         QT_TR_NOOP("Queues: time at capacity; semaphores: time with no permit left")},
        {QT_TR_NOOP("Time empty"),
         QT_TR_NOOP("Queues: time with no item; semaphores: time with every permit free")},
        {QT_TR_NOOP("Skew mean"),
         QT_TR_NOOP("Barriers: mean time from the first to the last arrival of a phase")},
        {QT_TR_NOOP("Skew max"),
         QT_TR_NOOP("Barriers: the longest time from the first to the last arrival")},
        {QT_TR_NOOP("Reads"), QT_TR_NOOP("Variables: plain reads")},
        {QT_TR_NOOP("Writes"), QT_TR_NOOP("Variables: plain writes")},
        {QT_TR_NOOP("Atomic"),
         QT_TR_NOOP("Variables: atomic operations (fetch-add, exchange, compare-exchange)")},
        {QT_TR_NOOP("Races"),
         QT_TR_NOOP("Variables: accesses that race with an earlier one (the races check)")},
        {QT_TR_NOOP("Lost updates"),
         QT_TR_NOOP("Variables: stores overwritten by a write computed from an older value")},
    };
    if (role == Qt::DisplayRole) return tr(titles[section][0]);
    if (role == Qt::ToolTipRole) return tr(titles[section][1]);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(section <= KindColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                         : Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace tl::ui
