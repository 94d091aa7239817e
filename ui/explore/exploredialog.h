#pragma once
// The Explore window (Run ▸ Explore…): every schedule of the current scenario, with its
// current parameter values, searched off the GUI thread (experiment/explore.h) with a bound,
// a limit on schedules and on time, progress and Cancel. The report in words, the outcomes as
// a bar chart (and a list beside it, for the keyboard); clicking an outcome, or "Show the
// Shortest Failing Schedule", runs that schedule on the simulated machine and shows it on
// the timeline like any run. It is handed the Session: the scenario and values come from it,
// and the run is asked of the window through it (Session::requestScheduleRun).
#include "experiment/explore.h"

#include <QDialog>
#include <memory>
#include <optional>
#include <string>

class QAction;
class QGroupBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tl::ui {

class ExploreChart;
class ExploreRunner;
class Session;

class ExploreDialog : public QDialog {
    Q_OBJECT
public:
    explicit ExploreDialog(Session* session, QWidget* parent = nullptr);
    ~ExploreDialog() override;

    QAction* exploreAction() const { return m_exploreAction; } // Run ▸ Explore…: shows it

    QSpinBox* boundField() const { return m_bound; }               // -1: no bound
    QSpinBox* maxSchedulesField() const { return m_maxSchedules; } // 0: no limit
    QSpinBox* timeLimitField() const { return m_timeLimit; }       // seconds; 0: no limit
    QPushButton* startButton() const { return m_start; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* shortestButton() const { return m_shortest; }
    QListWidget* outcomeList() const { return m_list; }
    ExploreChart* chart() const { return m_chart; }

    bool isRunning() const;
    std::shared_ptr<const ExploreReport> report() const { return m_report; }
    // The report in words, the progress line, the shortest failure's steps, and the line
    // that says what is wrong (or empty).
    QString summaryText() const;
    QString progressText() const;
    QString failureText() const;
    QString failureTitle() const; // "Shortest failing schedule (4 steps)"
    QString legendText() const;   // under the chart: the colours, and what is left out
    QString message() const;
    QString caption() const; // what Start would explore: the scenario and its values

public slots:
    void showDialog();
    void start();
    void cancel();
    // One schedule that ends in the report's outcome `index`, on the timeline.
    void showOutcome(int index);
    void showShortestFailure();

signals:
    void searchStarted();
    void progressed(const tl::ExploreProgress& progress);
    // The search ended, completed, at a limit or cancelled: report() has what it found.
    void searchFinished();
    void searchFailed(const QString& message);
    // A schedule was asked of the window (its run then starts on the timeline).
    void scheduleShown(const std::vector<int>& schedule);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    struct Explored {
        std::string scenario;
        ParamValues values;
        QString title; // "Lost updates: counter += 1 (workers 2, increments 1, …)"
        ExploreOptions options;
        std::shared_ptr<const Program> program;
    };
    void createControls();
    void updateCaption();
    void updateActions();
    void onProgress(const ExploreProgress& p);
    void onFinished(std::shared_ptr<const ExploreReport> report);
    void onFailed(const QString& message);
    void showMessage(const QString& text, bool error);
    void fillOutcomes();
    void describeFailure();
    // Asks the window to run `schedule`, when the scenario and values are still those
    // explored; says what the timeline shows.
    bool runSchedule(const std::vector<int>& schedule, const QString& what);
    QString valuesText(const Scenario& s, const ParamValues& values) const;

    Session* m_session;
    ExploreRunner* m_runner;
    std::optional<Explored> m_running, m_explored;
    std::shared_ptr<const ExploreReport> m_report;
    bool m_placed = false;

    QAction* m_exploreAction = nullptr;
    QLabel* m_caption = nullptr;
    QSpinBox* m_bound = nullptr;
    QSpinBox* m_maxSchedules = nullptr;
    QSpinBox* m_timeLimit = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressText = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    ExploreChart* m_chart = nullptr;
    QLabel* m_legend = nullptr;
    QListWidget* m_list = nullptr;
    QPlainTextEdit* m_failure = nullptr;
    QGroupBox* m_failureBox = nullptr;
    QPushButton* m_shortest = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace tl::ui
