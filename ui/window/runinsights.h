#pragma once
// Understanding a run, wired into the main window: the Statistics dock (following the range
// selected on the timeline and the playback), the deadlock banner over the timeline with the
// cycle called out on the lanes, the narration line under it that follows the replay cursor,
// and the "what to look for" links of the Scenarios dock that jump to their moment. The main
// window creates it and hands it its parts; it listens to their public signals.
#include "analysis/moments.h"

#include <QFutureWatcher>
#include <QObject>
#include <optional>
#include <vector>

class QBoxLayout;
class QDockWidget;

namespace tl::ui {

class DeadlockBanner;
class MainWindow;
class NarrationLine;
class StatisticsPanel;
struct PictureOptions;

class RunInsights : public QObject {
    Q_OBJECT
public:
    // `central` holds the timeline (and the replay bar under it): the banner goes above the
    // timeline, the narration line below it. The statistics dock is tabbed with `eventsDock`.
    RunInsights(MainWindow* window, QBoxLayout* central, QDockWidget* eventsDock);
    ~RunInsights() override;

    StatisticsPanel* statistics() const { return m_statistics; }
    QDockWidget* statisticsDock() const { return m_dock; }
    DeadlockBanner* deadlockBanner() const { return m_banner; }
    NarrationLine* narrationLine() const { return m_narration; }

    // Where the current scenario's bullets happen in the shown run (nullopt: they do not).
    const std::vector<std::optional<Moment>>& moments() const { return m_moments; }
    // Adds what the timeline explains now (its arrows, a deadlock's cycle) to an export.
    void annotate(PictureOptions& options) const;

public slots:
    void showMoment(int bullet);
    void showDeadlock();

signals:
    void momentsUpdated();
    void momentShown(int bullet);

private:
    void onRunStarted();
    void onRunFinished();
    void onTraceShown();
    void checkDeadlock();
    void updateMoments();
    void applyMoments(std::vector<std::optional<Moment>> moments);
    void showWait(int thread, qint64 interval);

    MainWindow* m_window;
    StatisticsPanel* m_statistics;
    QDockWidget* m_dock;
    DeadlockBanner* m_banner;
    NarrationLine* m_narration;
    std::vector<std::optional<Moment>> m_moments;
    QFutureWatcher<std::vector<std::optional<Moment>>> m_momentWatcher;
    int m_momentGeneration = 0;
};

} // namespace tl::ui
