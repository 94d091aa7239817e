#pragma once
// The scenario list: the bundled scenarios in presentation order, then the user's own files,
// one row each. The Scenarios dock shows it; the session, the scenario files and the sweep
// read it. A row is never taken out (a file removed from the list is only marked unlisted),
// so a row number names one scenario for the model's whole life, and a scenario never moves
// in memory: a pointer to it (the Parameters form keeps one) stays valid while the model
// lives, and shows the new version after a reload.
#include "scenario/scenario.h"

#include <QAbstractListModel>
#include <QString>

#include <memory>
#include <vector>

namespace tl::ui {

class ScenarioListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString: the scenario's id
        PathRole,                  // QString: a user's file; empty for a bundled scenario
        ErrorRole,                 // QString: why a user's file cannot be used; empty if it can
        ListedRole,                // bool: false once removed from the list
    };

    explicit ScenarioListModel(std::vector<Scenario> scenarios = {}, QObject* parent = nullptr);
    ~ScenarioListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    // Display: the title. Tool tip: the title and id, or the file and its error. Decoration:
    // a file's mark (a warning when it cannot be used); none for a bundled scenario.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(m_rows.size()); }
    // The scenario of a row, or nullptr for a row that does not exist.
    const Scenario* scenario(int row) const;
    QString path(int row) const;
    QString error(int row) const;
    bool isListed(int row) const;
    bool isUserFile(int row) const { return !path(row).isEmpty(); }
    // The first listed row with this id, or -1.
    int find(const QString& id) const;

    // A user's file, listed at the end with its path and, when it did not load, why (the
    // scenario is then a stand-in named after the file). Returns its row.
    int append(Scenario scenario, const QString& path, const QString& error = {});
    // The row's scenario and error replaced (a file loaded again); the scenario before is
    // passed on in scenarioReplaced.
    void replace(int row, Scenario scenario, const QString& error = {});
    // Taken off the list, or put back (the row stays).
    void setListed(int row, bool listed);

signals:
    void scenarioReplaced(int row, const tl::Scenario& before);
    void listedChanged(int row, bool listed);

private:
    struct Row {
        std::unique_ptr<Scenario> scenario;
        QString path;
        QString error;
        bool listed = true;
    };
    bool valid(int row) const { return row >= 0 && row < count(); }

    std::vector<Row> m_rows;
};

} // namespace tl::ui
