#include "model/varvalue.h"

#include <algorithm>

namespace tl {

std::int64_t finalValue(const Trace& trace, std::size_t object) {
    if (const auto v = trace.recordedFinalValue(object)) return *v;
    const EventStream& s = trace.objectEvents(object);
    for (std::size_t i = s.size(); i-- > 0;)
        if (storesValue(s[i].op())) return signedValue(s[i]);
    return trace.object(object).capacity;
}

std::int64_t valueBefore(const Trace& trace, std::size_t object, std::size_t index) {
    const EventStream& s = trace.objectEvents(object);
    for (std::size_t i = std::min(index, s.size()); i-- > 0;)
        if (storesValue(s[i].op())) return signedValue(s[i]);
    return trace.object(object).capacity;
}

} // namespace tl
