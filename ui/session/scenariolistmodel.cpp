#include "session/scenariolistmodel.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QStyle>

namespace tl::ui {

ScenarioListModel::ScenarioListModel(std::vector<Scenario> scenarios, QObject* parent)
    : QAbstractListModel(parent) {
    m_rows.reserve(scenarios.size());
    for (Scenario& s : scenarios)
        m_rows.push_back(Row{std::make_unique<Scenario>(std::move(s)), {}, {}, true});
}

ScenarioListModel::~ScenarioListModel() = default;

int ScenarioListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ScenarioListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    const QString title = QString::fromStdString(r.scenario->title);
    switch (role) {
    case Qt::DisplayRole:
        return title;
    case Qt::ToolTipRole: {
        if (r.path.isEmpty())
            return tr("%1 (id: %2)").arg(title, QString::fromStdString(r.scenario->id));
        const QString where = QDir::toNativeSeparators(r.path);
        return r.error.isEmpty() ? tr("Your scenario file: %1").arg(where)
                                 : tr("%1\nCannot be used: %2").arg(where, r.error);
    }
    case Qt::DecorationRole:
        // The style's icons need a QApplication; without one (a test of the model alone),
        // no mark.
        if (r.path.isEmpty() || !qobject_cast<QApplication*>(QCoreApplication::instance()))
            return {};
        return QApplication::style()->standardIcon(
            r.error.isEmpty() ? QStyle::SP_FileIcon : QStyle::SP_MessageBoxWarning);
    case IdRole:
        return QString::fromStdString(r.scenario->id);
    case PathRole:
        return r.path;
    case ErrorRole:
        return r.error;
    case ListedRole:
        return r.listed;
    default:
        return {};
    }
}

QHash<int, QByteArray> ScenarioListModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(PathRole, "path");
    names.insert(ErrorRole, "error");
    names.insert(ListedRole, "listed");
    return names;
}

const Scenario* ScenarioListModel::scenario(int row) const {
    return valid(row) ? m_rows[std::size_t(row)].scenario.get() : nullptr;
}

QString ScenarioListModel::path(int row) const {
    return valid(row) ? m_rows[std::size_t(row)].path : QString();
}

QString ScenarioListModel::error(int row) const {
    return valid(row) ? m_rows[std::size_t(row)].error : QString();
}

bool ScenarioListModel::isListed(int row) const {
    return valid(row) && m_rows[std::size_t(row)].listed;
}

int ScenarioListModel::find(const QString& id) const {
    const std::string wanted = id.toStdString();
    for (int row = 0; row < count(); ++row)
        if (m_rows[std::size_t(row)].listed && m_rows[std::size_t(row)].scenario->id == wanted)
            return row;
    return -1;
}

int ScenarioListModel::append(Scenario scenario, const QString& path, const QString& error) {
    const int row = count();
    beginInsertRows({}, row, row);
    m_rows.push_back(Row{std::make_unique<Scenario>(std::move(scenario)), path, error, true});
    endInsertRows();
    return row;
}

void ScenarioListModel::replace(int row, Scenario scenario, const QString& error) {
    if (!valid(row)) return;
    Row& r = m_rows[std::size_t(row)];
    // In place: whoever holds a pointer to the scenario sees the new version.
    Scenario before = std::exchange(*r.scenario, std::move(scenario));
    r.error = error;
    const QModelIndex at = index(row);
    emit dataChanged(at, at);
    emit scenarioReplaced(row, before);
}

void ScenarioListModel::setListed(int row, bool listed) {
    if (!valid(row) || m_rows[std::size_t(row)].listed == listed) return;
    m_rows[std::size_t(row)].listed = listed;
    const QModelIndex at = index(row);
    emit dataChanged(at, at, {ListedRole});
    emit listedChanged(row, listed);
}

} // namespace tl::ui
