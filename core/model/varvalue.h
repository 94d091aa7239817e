#pragma once
// The value of a shared variable, read off its stream of operations alone: the same for both
// engines and for a trace read from a file. The export writes the final values
// (otherData.variables), the analysis builds lost updates and the summary on them.
#include "model/trace.h"

#include <cstddef>
#include <cstdint>

namespace tl {

// The value a variable held when the run ended: as the engine read it from memory (or the
// file says), or else the last one stored, or else its initial value.
std::int64_t finalValue(const Trace& trace, std::size_t object);
// The value the variable held just before operation `index` of its stream.
std::int64_t valueBefore(const Trace& trace, std::size_t object, std::size_t index);

} // namespace tl
