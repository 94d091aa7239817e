#pragma once
// Invariant checks that every trace must pass, on either engine, reported by name.
#include "model/trace.h"

#include <string>
#include <vector>

namespace tl {

struct CheckResult {
    std::string name; // "mutual exclusion", "permits", "queue depth", "barrier",
                      // "items", "intervals"
    bool passed = true;
    std::string detail; // on failure: what, where and when
    // False when the trace has nothing the check looks at ("permits" without a semaphore):
    // it passes, but says nothing, and the summary shows it as "n/a".
    bool applies = true;
};

std::vector<CheckResult> runChecks(const Trace& trace);
bool allPassed(const std::vector<CheckResult>& results);

} // namespace tl
