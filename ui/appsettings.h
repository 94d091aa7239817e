#pragma once
// What QSettings keeps between sessions besides the window layout: each scenario's parameter
// values (as --set text, so a value from an older scenario file that no longer validates is
// simply dropped), the run options and the playback speed.
#include "engine.h"
#include "scenario.h"

#include <QString>

namespace tl::ui::settings {

ParamValues loadValues(const Scenario& s);
void saveValues(const Scenario& s, const ParamValues& values);
RunOptions loadRunOptions();
void saveRunOptions(const RunOptions& options);
QString lastScenario();
void setLastScenario(const QString& id);
double playbackSpeed(); // 0 = Auto
void setPlaybackSpeed(double factor);
bool autoRun();
void setAutoRun(bool on);
QString lastFolder(const QString& purpose); // "traces", "pictures"
void setLastFolder(const QString& purpose, const QString& folder);

} // namespace tl::ui::settings
