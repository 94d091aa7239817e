#pragma once
// The Scenarios dock: the bundled scenarios by title, and below the list the selected
// one's explanation and its "what to look for" bullets.
#include "scenario.h"

#include <QWidget>
#include <vector>

class QListWidget;
class QTextBrowser;

namespace tl::ui {

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(const std::vector<Scenario>& scenarios, QWidget* parent = nullptr);

    int currentIndex() const;
    QString currentId() const;
    // Selects by id; returns false (and keeps the selection) when there is no such scenario.
    bool selectScenario(const QString& id);

signals:
    void scenarioSelected(int index);
    // Double-click or Enter on a scenario: the user wants to see it run.
    void runRequested();

private:
    void showDescription(int index);

    const std::vector<Scenario>& m_scenarios;
    QListWidget* m_list;
    QTextBrowser* m_description;
};

} // namespace tl::ui
