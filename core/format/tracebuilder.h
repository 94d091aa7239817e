#pragma once
// Assembles a Trace from the events of a file, which name threads by tid and objects by
// name and may come in any order (files from other tools do): threads are laid out in tid
// order, objects in their declared order and then in the order first named, of the kind
// their operations show. Slices become state changes; a thread ends where its last slice
// does unless that slice was unfinished.
#include "model/trace.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tl {

class TraceBuilder {
public:
    struct Slice {
        Time start = 0;
        Time duration = 0;
        std::uint32_t value = 0;
        std::uint16_t object = kNoRef; // an object() id
        ThreadState state = ThreadState::Working;
        Reason reason = Reason::None;
        bool unfinished = false; // the recording stopped while the thread was in this state
    };

    // The builder's ids for a tid and an object name, registered at first sight; both throw
    // TraceReadError past Trace::kMaxThreads / kMaxObjects.
    std::uint32_t thread(std::int64_t tid);
    std::uint16_t object(std::string_view name);

    void nameThread(std::uint32_t thread, std::string name);
    // An object as the file's own list describes it, in registration order.
    void declareObject(ObjectInfo info);
    void addSlice(std::uint32_t thread, const Slice& slice);
    // An operation in happening order. For spawn and join, value is the target's tid.
    void addOperation(std::uint16_t object, std::uint32_t thread, Time time, Op op,
                      std::uint32_t value, std::uint8_t flags);

    // Without an end time, the run ends with its last slice or operation.
    std::unique_ptr<Trace> build(RunInfo info, Outcome outcome, std::string message,
                                 const Time* endTime);

private:
    struct ThreadData {
        std::int64_t tid = 0;
        std::string name;
        std::vector<Slice> slices;
    };
    struct ObjectData {
        std::string name;
        std::vector<Event> ops;        // ref = thread id of this builder
        std::uint32_t opsSeen = 0;     // a bit per Op
        std::uint32_t reasonsSeen = 0; // a bit per Reason of slices waiting on it
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    static ObjectKind inferKind(const ObjectData& o);
    std::uint32_t targetIndex(std::uint32_t tid, const std::vector<std::uint16_t>& index) const;

    std::vector<ThreadData> m_threads;
    std::vector<std::int32_t> m_smallTids; // tid -> id + 1, for tids below 65536
    std::unordered_map<std::int64_t, std::uint32_t> m_bigTids;
    std::vector<ObjectData> m_objects;
    std::unordered_map<std::string, std::uint16_t, StringHash, std::equal_to<>> m_objectIds;
    std::string_view m_lastName; // consecutive events mostly name the same object
    std::uint16_t m_lastObject = kNoRef;
    std::vector<ObjectInfo> m_declared;
};

} // namespace tl
