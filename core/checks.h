#pragma once
// Invariant checks that every trace must pass, on either engine, reported by name.
#include "trace.h"

#include <string>
#include <vector>

namespace tl {

struct CheckResult {
    std::string name; // "mutual exclusion", "permits", "queue depth", "barrier",
                      // "items", "intervals"
    bool passed = true;
    std::string detail; // on failure: what, where and when
};

std::vector<CheckResult> runChecks(const Trace& trace);
bool allPassed(const std::vector<CheckResult>& results);

} // namespace tl
