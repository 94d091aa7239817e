#pragma once
// The Sweep dock (Run ▸ Sweep…): runs the current scenario once for each of several values
// of one parameter, or of the simulated machine's cores, and charts a figure of each run
// against the value — "past eight workers, lock contention stops getting faster". The other
// parameters and the seed are those of the Parameters dock. The sweep runs off the GUI thread
// with progress and Cancel; clicking a point sets its value in the Parameters dock and runs
// it, so the timeline shows that run. The sweep saves as CSV (`tl::sweepCsv`) and the chart
// as PNG, both written atomically. It is handed the session (the current scenario, runs) and
// the Parameters dock's form (the values it sweeps with, and sets for a point); running a
// point and the status line are asked of the window through the session.
#include "sweep/sweepfigures.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QProgressBar;
class QSpinBox;

namespace tl::ui {

class DurationEdit;
class ParameterForm;
class Session;
class SweepChart;
class SweepRunner;

class SweepPanel : public QWidget {
    Q_OBJECT
public:
    // The dock it lives in is made a child of `parent` (the window places it).
    SweepPanel(Session* session, ParameterForm* form, QWidget* parent = nullptr);
    ~SweepPanel() override;

    QDockWidget* dock() const { return m_dock; }
    QAction* sweepAction() const { return m_sweepAction; } // Run ▸ Sweep…: shows the dock
    QAction* startAction() const { return m_startAction; }
    QAction* cancelAction() const { return m_cancelAction; }
    QAction* saveCsvAction() const { return m_saveCsvAction; }
    QAction* savePictureAction() const { return m_savePictureAction; }
    SweepChart* chart() const { return m_chart; }

    // What to vary: a parameter's name or "cores". False when the scenario has no such
    // parameter (or it cannot be swept). Sets the range remembered for it, or a default.
    bool setParameter(const QString& name);
    QString parameter() const;
    // In the parameter's unit (ns for durations); `doubling` spaces the points geometrically.
    void setRange(std::int64_t from, std::int64_t to, int points, bool doubling);
    void setFigure(SweepFigure figure);
    SweepFigure figure() const;

    // The last finished sweep and what was asked for it.
    std::shared_ptr<const SweepResult> result() const { return m_result; }
    const std::optional<SweepRequest>& resultRequest() const { return m_resultRequest; }
    bool isRunning() const;
    // The line under the controls: what is happening, or what is wrong.
    QString message() const;
    bool messageIsError() const { return m_messageIsError; }
    // The values the points would be run at now (shown under the range), or an error.
    QString previewText() const;

public slots:
    void showPanel();
    void start();
    void cancel();
    // Sets the point's value (and the rest of the sweep's parameters, seed and cores) in the
    // Parameters dock and runs it on the simulated machine, as the sweep did; the status bar
    // names what changed in the Parameters dock (the engine, the value). A floating panel
    // over the timeline goes back to its tab under it, so the run can be seen.
    void activatePoint(int index);
    // A "what to look for" bullet of the current scenario that compares runs: shows the
    // panel with its parameter, values and chart, and starts the sweep.
    void openLink(int bullet);
    void saveCsv(); // ask for a file
    bool saveCsvTo(const QString& path);
    void savePicture();
    bool savePictureTo(const QString& path);
    // For scripts/screenshots.sh: sweeps `parameter` over its default range, charts `figure`
    // (a figureKey; empty: as last chosen), marks `point` (-1: none), grabs the panel at
    // `size` to `path` and quits.
    void scheduleScreenshot(const QString& parameter, const QString& figure, const QString& path,
                            QSize size, int point);

signals:
    void sweepFinished();
    void sweepCancelled();
    void sweepFailed(const QString& message);
    // A point's run was started: the window keeps the timeline in sight of a floating dock.
    void pointRun(int index);
    void saved(const QString& path);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Range {
        std::int64_t from = 1, to = 16;
        int points = 16;
        bool doubling = false;
    };
    void createActions();
    void createControls();
    void onScenarioChanged();
    void onParameterChosen();
    void updatePreview();
    void updateActions();
    void updateProgress();
    void onFinished(std::shared_ptr<const SweepResult> result);
    void showMessage(const QString& text, bool error);
    void showPlaceholder(); // in the chart's place while there is no sweep to show
    std::optional<SweepRequest> buildRequest(QString* error) const;
    Range currentRange() const;
    Range defaultRange(const QString& parameter) const;
    Range savedRange(const QString& parameter) const;
    void saveRange(const QString& parameter, const Range& range) const;
    static QString settingsKey(const QString& scenario, const QString& rest);
    bool isDuration() const;
    QString caption(const SweepRequest& request) const;
    QString suggestedName(const QString& suffix) const;
    QString askPath(const QString& title, const QString& suffix, const QString& filter);
    bool writeFile(const QString& path, const QByteArray& bytes);

    Session* m_session;
    ParameterForm* m_form;
    QDockWidget* m_dock;
    SweepRunner* m_runner;
    SweepChart* m_chart;
    std::shared_ptr<const SweepResult> m_result;
    std::optional<SweepRequest> m_resultRequest;
    std::optional<SweepRequest> m_running;
    QString m_scenarioId; // the scenario the controls are set up for
    bool m_activating = false;
    bool m_runningDoubling = false; // the running sweep's points are geometric
    bool m_messageIsError = false;
    bool m_placed = false; // the floating dock was given a place beside the window
    QTimer m_ticker;
    QElapsedTimer m_clock;

    QComboBox* m_parameter = nullptr;
    QSpinBox* m_fromCount = nullptr;
    QSpinBox* m_toCount = nullptr;
    DurationEdit* m_fromTime = nullptr;
    DurationEdit* m_toTime = nullptr;
    QSpinBox* m_points = nullptr;
    QCheckBox* m_doubling = nullptr;
    QLabel* m_preview = nullptr;
    QComboBox* m_figure = nullptr;
    QCheckBox* m_shares = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;

    QAction* m_sweepAction = nullptr;
    QAction* m_startAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_saveCsvAction = nullptr;
    QAction* m_savePictureAction = nullptr;
};

} // namespace tl::ui
