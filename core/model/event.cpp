#include "model/event.h"

#include <array>

namespace tl {

namespace {
constexpr std::array<std::string_view, 8> kStateNames = {
    "working", "io", "sleeping", "runnable", "blocked", "waiting", "running", "exited"};
constexpr std::array<std::string_view, kReasonCount> kReasonNames = {"",
                                                                     "lock",
                                                                     "queue empty",
                                                                     "queue full",
                                                                     "no permits",
                                                                     "barrier",
                                                                     "condition",
                                                                     "event",
                                                                     "join",
                                                                     "read lock",
                                                                     "write lock",
                                                                     "gil",
                                                                     "sleep",
                                                                     "uninterruptible",
                                                                     "idle",
                                                                     "stopped",
                                                                     "parked",
                                                                     "preempted",
                                                                     "preempted in kernel",
                                                                     "woken",
                                                                     "new",
                                                                     "turn"};
constexpr std::array<std::string_view, kOpCount> kOpNames = {
    "lock",       "unlock",  "trylock-failed", "put",      "get",
    "close",      "acquire", "release",        "arrive",   "pass",
    "wait",       "notify",  "notify-all",     "wake",     "set",
    "clear",      "timeout", "spawn",          "join",     "abort",
    "read",       "write",   "fetch-add",      "exchange", "cas-ok",
    "cas-failed", "fence",   "assert-failed"};

template <typename E, std::size_t N>
bool lookup(const std::array<std::string_view, N>& names, std::string_view name, E& out) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) {
            out = static_cast<E>(i);
            return true;
        }
    return false;
}
} // namespace

std::string_view stateName(ThreadState s) {
    const auto i = std::size_t(s);
    return i < kStateNames.size() ? kStateNames[i] : "?";
}
std::string_view reasonName(Reason r) {
    const auto i = std::size_t(r);
    return i < kReasonNames.size() ? kReasonNames[i] : "?";
}
std::string_view opName(Op o) {
    const auto i = std::size_t(o);
    return i < kOpNames.size() ? kOpNames[i] : "?";
}
bool parseStateName(std::string_view name, ThreadState& out) {
    return lookup(kStateNames, name, out);
}
bool parseOpName(std::string_view name, Op& out) {
    return lookup(kOpNames, name, out);
}
bool parseReasonName(std::string_view name, Reason& out) {
    return lookup(kReasonNames, name, out);
}

} // namespace tl
