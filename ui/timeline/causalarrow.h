#pragma once
// One causality arrow as data: who did the operation that ended a wait, and where the wait
// ended. Plain values, so exports and the command-line side can carry them without Qt.
#include "model/event.h"

namespace tl::ui {

struct CausalArrow {
    int object = -1;
    int fromThread = -1; // who performed the enabling operation
    Time fromTime = 0;
    Op fromOp = Op::Unlock;
    int toThread = -1; // the waiter
    Time toTime = 0;   // where its wait ended
    bool operator==(const CausalArrow&) const = default;
};

} // namespace tl::ui
