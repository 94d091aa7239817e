#pragma once
// Ctrl+C on the command line, the way the app's Stop button works: the first SIGINT while a
// run or a sweep goes on asks it to end (the engines' stop_token, which Stop uses too), and the
// command then prints and writes what was recorded and exits 3. A Ctrl+C after that (a second
// one, or one once the work is over and the files are being written) quits at once: a file
// being written is discarded, never left half written, and the process ends by SIGINT as a
// shell expects of a program it interrupted. perf record behaves the same way.
//
// A signal handler may do very little: it writes one byte to a pipe, which is async-signal-
// safe. A watcher thread reads the byte and does the rest, none of which is safe in a handler
// (std::stop_source runs the engine's stop callbacks, which take locks).
#include "model/progress.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <stop_token>
#include <string>
#include <thread>

namespace tl::cli {

class InterruptStop {
public:
    // How long a quitting Ctrl+C waits for the command to discard what it was writing and
    // end by itself before the process is ended anyway: the writers look at the quit flag
    // every few milliseconds, but the checks and statistics of a big trace do not.
    static constexpr std::chrono::milliseconds kQuitGrace{300};

    // what: what the first Ctrl+C stops, for the one line it prints ("the run", "the sweep").
    explicit InterruptStop(std::string what, std::chrono::milliseconds quitGrace = kQuitGrace);
    ~InterruptStop(); // puts the previous SIGINT disposition back
    InterruptStop(const InterruptStop&) = delete;
    InterruptStop& operator=(const InterruptStop&) = delete;

    // Requested by the first Ctrl+C while the work goes on.
    std::stop_token token() const { return m_source.get_token(); }
    // The same as a flag, for a Progress that stops work between steps (a sweep's points).
    const Progress* stopProgress() const { return &m_stopProgress; }
    bool stopped() const { return m_stop.load(); }
    bool quitting() const { return m_quit.load(); }
    // The work is over: a Ctrl+C from now on quits at once.
    void workDone() { m_workDone.store(true); }
    // For the files written afterwards: a Ctrl+C that quits cancels them (Cancelled is thrown
    // and the file is discarded).
    const Progress* quitProgress() const { return &m_quitProgress; }

    // Ends the process as SIGINT's default action does, after the caller has unwound what
    // it was writing. Used when Cancelled reaches the command line's top.
    [[noreturn]] static void quitNow();

private:
    void watch();

    std::string m_what;
    std::chrono::milliseconds m_quitGrace;
    std::stop_source m_source;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_quit{false};
    std::atomic<bool> m_workDone{false};
    Progress m_stopProgress{{}, &m_stop};
    Progress m_quitProgress{{}, &m_quit};
    int m_pipe[2] = {-1, -1};
    struct sigaction m_previous {};
    std::jthread m_watcher; // last: joined before the pipe closes
};

} // namespace tl::cli
