#pragma once
// What QSettings keeps between sessions besides the window layout: each scenario's parameter
// values (as --set text, so a value from an older scenario file that no longer validates is
// simply dropped), the run options, the playback speed, and the last short real run.
#include "engine/engine.h"
#include "scenario/scenario.h"

#include <QString>

namespace tl::ui::settings {

ParamValues loadValues(const Scenario& s);
void saveValues(const Scenario& s, const ParamValues& values);
RunOptions loadRunOptions();
void saveRunOptions(const RunOptions& options);
// A run on real threads, remembered when it completed within a second: at launch, Run
// Automatically starts only such a real run again (any other starts on the simulated machine).
void rememberRealRun(const Scenario& s, const ParamValues& values, const RunOptions& options,
                     qint64 wallNs, bool completed);
bool isShortRealRun(const Scenario& s, const ParamValues& values, const RunOptions& options);
QString lastScenario();
void setLastScenario(const QString& id);
double playbackSpeed(); // 0 = Auto
void setPlaybackSpeed(double factor);
bool autoRun();
void setAutoRun(bool on);
QString lastFolder(const QString& purpose); // "traces", "pictures"
void setLastFolder(const QString& purpose, const QString& folder);

} // namespace tl::ui::settings
