#pragma once
// Lanes called out with a label, for a mode that asks the user to pick a thread (the app's
// Step as Scheduler marks the threads that can go next, "1  worker 2: read counter"). The
// timeline knows nothing of why: it draws each marked lane highlighted with its label at the
// lane's right end, a strong mark (a hint) more so, and reports a click on a marked lane.
#include <QString>

namespace tl::ui {

struct LaneMark {
    int thread = -1;
    QString label;
    bool strong = false;
    bool operator==(const LaneMark&) const = default;
};

} // namespace tl::ui
