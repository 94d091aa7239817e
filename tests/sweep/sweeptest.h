#pragma once
// The Sweep dock without the main window, for its tests: on a DockBench, placed as the window
// places it (a bottom dock, hidden until Run > Sweep...), on lock-contention with 4 updates a
// worker, so that each run of a sweep is quick.
#include "experiment/sweep.h"
#include "sweep/sweeppanel.h"
#include "uitest.h"

#include <QDockWidget>
#include <QSignalSpy>
#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

inline constexpr int kSweepTimeoutMs = 30'000;

inline tl::ui::SweepPanel* sweepPanelOn(DockBench& bench) {
    auto* panel = new tl::ui::SweepPanel(&bench.session, bench.form, &bench.host);
    bench.host.addDockWidget(Qt::BottomDockWidgetArea, panel->dock());
    panel->dock()->hide();
    bench.host.resize(1200, 800);
    bench.host.show();
    if (!QTest::qWaitForWindowExposed(&bench.host)) qWarning("window not exposed");
    if (!bench.session.selectScenario(QStringLiteral("lock-contention")))
        qFatal("no lock-contention");
    if (!bench.form->setValueText(QStringLiteral("iterations"), QStringLiteral("4")))
        qFatal("iterations");
    return panel;
}

// Starts the dock's sweep and waits for it to finish.
inline bool sweepOn(tl::ui::SweepPanel* panel) {
    QSignalSpy finished(panel, &tl::ui::SweepPanel::sweepFinished);
    panel->startAction()->trigger();
    return panel->isRunning() && finished.wait(kSweepTimeoutMs);
}

// The request the dock should hand the runner: the bench's scenario and values, on the
// simulated machine, over these points of this parameter.
inline tl::SweepRequest expectedRequestOn(const DockBench& bench,
                                          const std::vector<std::int64_t>& points,
                                          const std::string& parameter) {
    tl::SweepRequest request;
    request.scenario = *bench.session.currentScenario();
    request.values = bench.form->values();
    request.parameter = parameter;
    request.points = points;
    request.options = bench.form->runOptions();
    request.options.engine = tl::EngineKind::Simulated;
    return request;
}
