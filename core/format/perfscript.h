#pragma once
// Linux scheduler traces: the text that `perf script` prints for a `perf sched record`
// recording (the default layout, and `-F +pid`), read into a Trace of every thread on the
// machine, grouped into processes.
//
// From sched_switch, sched_waking / sched_wakeup / sched_wakeup_new and sched_migrate_task,
// each thread (comm and tid) gets the states of our vocabulary: on a CPU it is working;
// switched out while runnable (R, R+) it is runnable, "preempted"; switched out asleep (S)
// it is waiting, "sleep" (I, T, t, P likewise, with their own reason); in D it is io,
// "uninterruptible". From its waking to its next switch-in it is runnable, "woken". Each
// waking becomes a flow "wakeup" (SliceData::flows) from the task that was on the waking
// CPU to the woken thread's next switch-in; args name the waker and the CPU, because a
// waking inside a timer interrupt is charged to whoever the interrupt interrupted.
// docs/trace-format.md, "Scheduler traces", has the details; lines it does not understand
// are counted and said once in TraceSource::notices, with the first one's line number.
#include "model/progress.h"
#include "model/slices.h"
#include "model/trace.h"

#include <memory>
#include <string>
#include <string_view>

namespace tl {

// Whether a text's first bytes look like `perf script` output rather than JSON.
bool looksLikePerfScript(std::string_view head);

// process: keep only the threads of the process with this name or pid ("" keeps all);
// throws TraceReadError naming the processes there are when none matches. Errors name the
// line: "line 12: ...".
std::unique_ptr<Trace> readPerfScript(std::string_view text, const std::string& process = {},
                                      const Progress* progress = nullptr);
// The trace's TraceSource::file is the file's name.
std::unique_ptr<Trace> loadPerfScript(const std::string& path, const std::string& process = {},
                                      const Progress* progress = nullptr);

} // namespace tl
