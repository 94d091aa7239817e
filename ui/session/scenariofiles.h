#pragma once
// The user's own scenario files: File ▸ Open Scenario… adds one to the session's scenario list
// (ScenarioListModel: marked as the user's, its path in the tooltip) and makes it current,
// QSettings remembers it across restarts, a change on disk (or File ▸ Reload Scenario) loads it
// again, and Remove from List forgets it. A file that does not load stays listed with its
// error, so it can be fixed and reloaded; nothing a file contains can crash the app. The
// Scenarios dock shows what the list says; this class never touches a widget but its dialogs.
#include "scenario/scenario.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>
#include <vector>

class QAction;
class QWidget;

namespace tl::ui {

class ScenarioListModel;
class Session;

class ScenarioFiles : public QObject {
    Q_OBJECT
public:
    // The files join the session's list at the end; `dialogParent` owns the dialogs.
    ScenarioFiles(Session* session, QWidget* dialogParent = nullptr);

    // Lists the files remembered from earlier sessions; errors only mark them.
    void restore();

    QAction* openAction() const { return m_open; }
    QAction* reloadAction() const { return m_reload; }
    QAction* removeAction() const { return m_remove; }

    // Adds a file (or reloads it when it is listed already) and returns its index; a file
    // that does not load is listed too, with its error, which a dialog shows when
    // `interactive`. -1 only for an empty path.
    int open(const QString& path, bool interactive = true);
    // Loads a listed file again; false (and the error shown when interactive) if it fails.
    bool reload(int index, bool interactive = true);
    void remove(int index);

    bool isUserFile(int index) const { return entry(index) != nullptr; }
    // The actions of the list's context menu: Open Scenario…, Reload, Remove from List.
    QList<QAction*> listActions() const { return {m_open, m_reload, m_remove}; }
    QString path(int index) const;
    // Why a listed file cannot be used; empty when it loaded.
    QString error(int index) const;
    QStringList paths() const;
    QString lastError() const { return m_lastError; }

    // Parameter values of the scenario before a reload carried over to the one after: each
    // value that is still valid (by the new ranges) stays, the rest take their defaults.
    static ParamValues carryOver(const Scenario& before, const ParamValues& values,
                                 const Scenario& after);

public slots:
    void openScenario(); // asks for a file
    void reloadCurrent();
    void removeCurrent();
    void updateActions();

signals:
    void scenarioAdded(int index);
    // The file was loaded again: `before` is the scenario as it was (for its values).
    void scenarioReloaded(int index, const tl::Scenario& before);
    void scenarioRemoved(int index);
    void errorShown(const QString& message);

private:
    struct Entry {
        int index = -1;
        QString path;
        QString error;
        bool removed = false;
        // The last version that loaded: it stands in while a save left the file broken.
        std::optional<Scenario> lastGood;
    };
    const Entry* entry(int index) const;
    Entry* entry(int index);
    // The scenario of a file, or a stand-in named after the file when it does not load.
    static Scenario load(const QString& path, QString* error);
    void watch(const QString& path);
    void remember();
    void showError(const QString& title, const QString& message);
    void onFileChanged(const QString& path);

    Session* m_session;
    ScenarioListModel* m_list;
    QWidget* m_dialogParent;
    std::vector<Entry> m_entries;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; // editors write in steps: wait for the file to settle
    QSet<QString> m_changed;
    QString m_lastError;
    QAction* m_open;
    QAction* m_reload;
    QAction* m_remove;
};

} // namespace tl::ui
