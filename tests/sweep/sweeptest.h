#pragma once
// The Sweep dock without the main window, for its tests: on a DockBench, placed as the window
// places it (a bottom dock, hidden until Run > Sweep...), on lock-contention with 4 updates a
// worker, so that each run of a sweep is quick.
#include "sweep/sweeppanel.h"
#include "uitest.h"

#include <QDockWidget>
#include <QtTest>

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
