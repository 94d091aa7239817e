#pragma once
// The Scenarios dock: the bundled scenarios by title (then the user's own files, marked as
// such, a broken one with its error), and below the list the selected one's explanation and
// its "what to look for" bullets - each a link to its moment on the timeline when the shown
// run has it.
#include "scenario/scenario.h"

#include <QWidget>
#include <vector>

class QAction;
class QListWidget;
class QListWidgetItem;
class QTextBrowser;

namespace tl::ui {

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    // What a "what to look for" bullet can do in the shown run.
    enum class MomentLink {
        None,    // the bullet names no moment
        NotRun,  // no run of this scenario is shown yet
        Found,   // a link: jumps to the moment
        Missing, // it does not happen in this run
    };

    explicit ScenarioPanel(const std::vector<Scenario>& scenarios, QWidget* parent = nullptr);

    int currentIndex() const;
    QString currentId() const;
    // Selects by id; returns false (and keeps the selection) when there is no such scenario.
    bool selectScenario(const QString& id);
    void selectIndex(int index);

    // A scenario appended to the list since (a user's file), one whose file was loaded again
    // (error: why it cannot be used; empty when it loaded), one taken off the list.
    void addScenario(const QString& path, const QString& error);
    void updateScenario(int index, const QString& path, const QString& error);
    void hideScenario(int index);
    bool isListed(int index) const;

    // The bullets of the current scenario as links (or not); reset when the selection changes.
    void setMomentLinks(std::vector<MomentLink> links);
    const std::vector<MomentLink>& momentLinks() const { return m_links; }
    QTextBrowser* description() const { return m_description; }
    QListWidget* list() const { return m_list; }
    // Wide enough for the longest title (no "Lock con…") and for the explanation to read as
    // prose: at least kMinReadableWidth.
    QSize sizeHint() const override;
    // In a small window: the start of each title, and a few words of the explanation a line.
    QSize minimumSizeHint() const override;
    static constexpr int kMinReadableWidth = 220;
    // The context menu of the list (Open Scenario…, Reload, Remove from List).
    void setListActions(const QList<QAction*>& actions);

signals:
    void scenarioSelected(int index);
    // Double-click or Enter on a scenario: the user wants to see it run.
    void runRequested();
    // A "what to look for" link was clicked: one to a moment, or one to a sweep.
    void momentActivated(int bullet);
    void sweepActivated(int bullet);

private:
    void showDescription(int index);
    void decorate(QListWidgetItem* item, const Scenario& s, const QString& path,
                  const QString& error);
    QString bulletsHtml(const Scenario& s) const;

    const std::vector<Scenario>& m_scenarios;
    QListWidget* m_list;
    QTextBrowser* m_description;
    std::vector<MomentLink> m_links;
};

} // namespace tl::ui
