#pragma once
// The Scenarios dock: the session's scenario list by title (the bundled scenarios, then the
// user's own files, marked as such, a broken one with its error), and below it the current
// one's explanation and its "what to look for" bullets - each a link to its moment on the
// timeline when the shown run has it (MomentLinks). Picking a row makes it the session's
// current scenario, and the list follows the session's current scenario.
#include "scenario/scenario.h"
#include "session/momentlinks.h"

#include <QWidget>
#include <vector>

class QAction;
class QListView;
class QTextBrowser;

namespace tl::ui {

class Session;

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    using MomentLink = tl::ui::MomentLink;

    explicit ScenarioPanel(Session* session, QWidget* parent = nullptr);

    int currentIndex() const;
    QString currentId() const;
    // Selects by id; returns false (and keeps the selection) when there is no such scenario.
    bool selectScenario(const QString& id);
    void selectIndex(int index);
    bool isListed(int index) const;

    // The bullets of the current scenario as links (or not); reset when the selection changes.
    void setMomentLinks(std::vector<MomentLink> links);
    const std::vector<MomentLink>& momentLinks() const { return m_links; }
    QTextBrowser* description() const { return m_description; }
    QListView* list() const { return m_list; }
    // Wide enough for the longest title (no "Lock con…") and for the explanation to read as
    // prose: at least kMinReadableWidth.
    QSize sizeHint() const override;
    // In a small window: the start of each title, and a few words of the explanation a line.
    QSize minimumSizeHint() const override;
    static constexpr int kMinReadableWidth = 220;
    // The context menu of the list (Open Scenario…, Reload, Remove from List).
    void setListActions(const QList<QAction*>& actions);
    // Another program's trace is on show (the session's trace is foreign): no row is selected
    // and the explanation says what is shown instead of a scenario's that is not its. Picking
    // a row, or a run's trace, brings the scenario back. The file's name, or "" when a
    // scenario's run (or nothing) is shown.
    QString openedTrace() const { return m_openedFile; }

signals:
    // Double-click or Enter on a scenario: the user wants to see it run.
    void runRequested();
    // A "what to look for" link was clicked: one to a moment, or one to a sweep.
    void momentActivated(int bullet);
    void sweepActivated(int bullet);

private:
    void showDescription(int index);
    void showCurrent(int index); // the session's current scenario, in the list and below it
    void showOpenedTrace(const QString& file);
    void updateHidden();
    QString bulletsHtml(const Scenario& s) const;

    Session* m_session;
    QListView* m_list;
    QTextBrowser* m_description;
    std::vector<MomentLink> m_links;
    QString m_openedFile;
};

} // namespace tl::ui
