#pragma once
// The explorer's report in words, the same on the command line and in the app: how many
// schedules were explored and whether the search was complete, the outcomes with their
// counts, and the failure of a replayed schedule in the words of its run (the deadlock's
// cycle, the check's detail). Only the names of the limits differ: the command line names
// its options ("--max-schedules 1000"), the app its fields ("the limit of 1000 schedules").
#include "experiment/explore.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

enum class ExploreWording : std::uint8_t { CommandLine, App };

// "6"; from a billion on, "9.96 × 10¹²"; the counter's ceiling, which means it overflowed, as
// "more than 1.84 × 10¹⁹".
std::string scheduleCountText(std::uint64_t n);

// "explored 6 schedules (complete): 13 states, 21 us", with what the counts mean when they
// are not plain (schedules known from states explored before, one order of independent
// operations, a spin loop counted once). `options` are those the search was given.
std::string exploredLine(const ExploreReport& report, const ExploreOptions& options,
                         ExploreWording wording = ExploreWording::CommandLine);

// What the report's stop means, from "complete" to "not complete: stopped at ...".
std::string completenessText(const ExploreReport& report, const ExploreOptions& options,
                             ExploreWording wording = ExploreWording::CommandLine);

// "outcomes: counter=2 ×4, counter=1 ×2" (a semicolon between outcomes of several variables).
std::string outcomesLine(const ExploreReport& report);

// "shortest failing schedule", "a failing schedule" (the search for a shorter one met a
// limit), "shortest schedule to the goal".
std::string failureHeading(const ExploreFailure& failure);

// What a failure found after the search stopped (ExploreFailure::pastTheSearch) is: "found
// breadth first after the search stopped; the outcomes above do not count it".
std::string pastTheSearchText();

// The failure in the words of the run that shows it: the deadlock's cycle, the failed
// check's detail, the run's error; otherwise ExploreFailure::what.
std::string failureWords(const Trace& replayed, const ExploreFailure& failure);

// The first `n` steps, joined with commas: "worker 1 reads 0, worker 2 reads 0".
std::string joinSteps(const std::vector<std::string>& steps, std::size_t n);

} // namespace tl
