#pragma once
// What the timeline's states mean, one sentence each: the legend's tooltips and Help ▸
// Thread States say the same. The pairs people mix up are told apart by what the thread is
// doing: working (its own code on a core) against running (on a core, paying for a
// hand-off); blocked (at a lock someone holds) against waiting (until someone acts).
#include "model/event.h"

#include <QString>

namespace tl::ui {

// The state's name as the legend shows it ("working").
QString stateLabel(ThreadState s);
// One sentence: what the thread is doing, and what it waits for.
QString stateMeaning(ThreadState s);
// The legend's last entry: the tick an operation leaves on a lane.
QString operationMeaning();

} // namespace tl::ui
