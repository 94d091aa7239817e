#include "common/statemeaning.h"

#include <QCoreApplication>

namespace tl::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("StateMeaning", text);
}
} // namespace

QString stateLabel(ThreadState s) {
    const std::string_view name = stateName(s);
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

QString stateMeaning(ThreadState s) {
    switch (s) {
    case ThreadState::Working:
        return tr("On a core, running its own code: the CPU work the scenario gives it.");
    case ThreadState::Running:
        return tr("On a core but not yet on its own work: it pays for a hand-off, such as "
                  "taking the GIL over from another thread.");
    case ThreadState::Runnable:
        return tr("Ready to run, but every core is busy: it waits for the scheduler to give "
                  "it one.");
    case ThreadState::Blocked:
        return tr("Stopped at a lock (a mutex, a readers-writer lock, the GIL) that another "
                  "thread holds; it goes on when that thread lets go.");
    case ThreadState::Waiting:
        return tr("Asleep until another thread acts: puts an item in the queue, frees a "
                  "permit, arrives at the barrier, notifies, sets an event or ends.");
    case ThreadState::Io:
        return tr("Waiting for input or output (a disk, the network) to finish; it needs no "
                  "core meanwhile.");
    case ThreadState::Sleeping:
        return tr("Sleeping for a set time; it needs no core meanwhile.");
    case ThreadState::Exited:
        return tr("Finished.");
    }
    return {};
}

QString operationMeaning() {
    return tr("An operation on an object (lock, unlock, put, get, acquire, release, arrive, "
              "notify, set…): a tick on the lane of the thread that did it. Click it to see "
              "which.");
}

} // namespace tl::ui
