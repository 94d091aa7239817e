#pragma once
// The steps a role's program is written with, one row each: the key a file writes, the
// modifiers that may go with it, the kinds of object it names, and the instruction it
// compiles to. The parser (scenariosteps.cpp) checks a step against its row and the
// compiler (compile.cpp) emits from it, so a new step is a row here plus only what is its
// own in each of the two.
#include "model/trace.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <string_view>

namespace tl {

// The members that may go with a step's key, one bit each, in the order of kStepModifiers.
enum StepModifier : std::uint16_t {
    ModDo = 1,
    ModThen = 2,
    ModElse = 4,
    ModTimeout = 8,
    ModLast = 16,
    ModItem = 32,
    ModRetry = 64,
    ModMeanwhile = 128,
    ModInto = 256,
    ModValue = 512,
    ModExpected = 1024,
    ModTime = 2048,
};
inline constexpr std::string_view kStepModifiers[] = {"do",   "then",  "else",     "timeout",
                                                      "last", "item",  "retry",    "meanwhile",
                                                      "into", "value", "expected", "time"};

// How a step compiles: a timed instruction (work, io, sleep), one instruction on the object
// it names, or by a rule of its own (branches, loops, spawns).
enum class StepShape : std::uint8_t { Timed, OnObject, Own };

// The kinds of object a step may name, in the order its error message lists them.
struct StepObjects {
    std::uint8_t count = 0;
    ObjectKind kinds[3]{};
};
template <class... K> constexpr StepObjects takes(K... kinds) {
    return StepObjects{std::uint8_t(sizeof...(kinds)), {kinds...}};
}

struct StepVerb {
    std::string_view key;
    StepKind kind;
    StepShape shape;
    std::uint16_t modifiers; // StepModifier bits
    StepObjects objects;     // none: the step names no object
    Code code;               // Timed and OnObject: the instruction; Own: its main one, if any
};

// clang-format off
inline constexpr StepVerb kStepVerbs[] = {
    // key        kind                  shape                 modifiers
    //   objects                                                           code
    {"work",       StepKind::Work,       StepShape::Timed,    0,
        {},                                                                Code::Work},
    {"io",         StepKind::Io,         StepShape::Timed,    0,
        {},                                                                Code::Io},
    {"sleep",      StepKind::Sleep,      StepShape::Timed,    0,
        {},                                                                Code::Sleep},
    {"lock",       StepKind::Lock,       StepShape::OnObject, 0,
        takes(ObjectKind::Mutex, ObjectKind::RwLock),                      Code::Lock},
    {"unlock",     StepKind::Unlock,     StepShape::OnObject, 0,
        takes(ObjectKind::Mutex, ObjectKind::RwLock),                      Code::Unlock},
    {"trylock",    StepKind::TryLock,    StepShape::Own,      ModThen | ModElse | ModRetry,
        takes(ObjectKind::Mutex),                                          Code::TryLock},
    {"readLock",   StepKind::ReadLock,   StepShape::OnObject, 0,
        takes(ObjectKind::RwLock),                                         Code::ReadLock},
    {"readUnlock", StepKind::ReadUnlock, StepShape::OnObject, 0,
        takes(ObjectKind::RwLock),                                         Code::ReadUnlock},
    {"put",        StepKind::Put,        StepShape::Own,      ModItem,
        takes(ObjectKind::Queue),                                          Code::Put},
    {"get",        StepKind::Get,        StepShape::OnObject, 0,
        takes(ObjectKind::Queue),                                          Code::Get},
    {"drain",      StepKind::Drain,      StepShape::Own,      ModDo,
        takes(ObjectKind::Queue),                                          Code::Drain},
    {"close",      StepKind::Close,      StepShape::Own,      ModLast,
        takes(ObjectKind::Queue),                                          Code::Close},
    {"acquire",    StepKind::Acquire,    StepShape::OnObject, 0,
        takes(ObjectKind::Semaphore),                                      Code::Acquire},
    {"release",    StepKind::Release,    StepShape::OnObject, 0,
        takes(ObjectKind::Semaphore),                                      Code::Release},
    {"wait",       StepKind::Wait,       StepShape::Own,      ModTimeout | ModThen | ModElse | ModMeanwhile,
        takes(ObjectKind::Barrier, ObjectKind::Event, ObjectKind::Condition), Code::Exit},
    {"abort",      StepKind::Abort,      StepShape::OnObject, 0,
        takes(ObjectKind::Barrier),                                        Code::Abort},
    {"notify",     StepKind::Notify,     StepShape::OnObject, 0,
        takes(ObjectKind::Condition),                                      Code::Notify},
    {"notifyAll",  StepKind::NotifyAll,  StepShape::OnObject, 0,
        takes(ObjectKind::Condition),                                      Code::NotifyAll},
    {"set",        StepKind::Set,        StepShape::OnObject, 0,
        takes(ObjectKind::Event),                                          Code::Set},
    {"clear",      StepKind::Clear,      StepShape::OnObject, 0,
        takes(ObjectKind::Event),                                          Code::Clear},
    {"spawn",      StepKind::Spawn,      StepShape::Own,      0,
        {},                                                                Code::Spawn},
    {"join",       StepKind::Join,       StepShape::Own,      0,
        {},                                                                Code::Join},
    {"repeat",     StepKind::Repeat,     StepShape::Own,      ModDo,
        {},                                                                Code::RepeatBegin},
    {"if",         StepKind::If,         StepShape::Own,      ModThen | ModElse,
        {},                                                                Code::Exit},
    {"whileEmpty", StepKind::WhileEmpty, StepShape::Own,      ModDo,
        takes(ObjectKind::Queue),                                          Code::JumpIfNotEmpty},
    // Shared state: variables, registers, and control flow decided by data.
    {"read",       StepKind::Read,       StepShape::Own,      ModInto,
        takes(ObjectKind::Variable),                                       Code::Read},
    {"compute",    StepKind::Compute,    StepShape::Own,      ModInto | ModTime,
        {},                                                                Code::Compute},
    {"write",      StepKind::Write,      StepShape::Own,      ModValue,
        takes(ObjectKind::Variable),                                       Code::Write},
    {"increment",  StepKind::Increment,  StepShape::Own,      ModValue | ModTime,
        takes(ObjectKind::Variable),                                       Code::Read},
    {"fetch-add",  StepKind::FetchAdd,   StepShape::Own,      ModValue | ModInto,
        takes(ObjectKind::Variable),                                       Code::FetchAdd},
    {"exchange",   StepKind::Exchange,   StepShape::Own,      ModValue | ModInto,
        takes(ObjectKind::Variable),                                       Code::Exchange},
    {"compare-exchange", StepKind::CompareExchange, StepShape::Own,
        ModExpected | ModValue | ModInto | ModThen | ModElse,
        takes(ObjectKind::Variable),                                       Code::CompareExchange},
    {"fence",      StepKind::Fence,      StepShape::Own,      0,
        {},                                                                Code::Fence},
    {"assert",     StepKind::Assert,     StepShape::Own,      0,
        {},                                                                Code::Assert},
    {"while",      StepKind::While,      StepShape::Own,      ModDo,
        {},                                                                Code::JumpIfFalse},
};
// clang-format on

// A row per kind, in the order of StepKind: stepVerb(kind) is a lookup, not a search.
constexpr bool stepVerbsInKindOrder() {
    int i = 0;
    for (const StepVerb& v : kStepVerbs)
        if (int(v.kind) != i++) return false;
    return i == int(StepKind::While) + 1;
}
static_assert(stepVerbsInKindOrder(), "kStepVerbs: one row per StepKind, in its order");

constexpr const StepVerb& stepVerb(StepKind kind) {
    return kStepVerbs[int(kind)];
}

// The row written with `key`, or null when no step is.
constexpr const StepVerb* findStepVerb(std::string_view key) {
    for (const StepVerb& v : kStepVerbs)
        if (v.key == key) return &v;
    return nullptr;
}

// The modifier bit of `key`, or 0 when it is no modifier.
constexpr std::uint16_t stepModifier(std::string_view key) {
    for (std::size_t i = 0; i < std::size(kStepModifiers); ++i)
        if (kStepModifiers[i] == key) return std::uint16_t(1u << i);
    return 0;
}

} // namespace tl
