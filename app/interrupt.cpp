#include "interrupt.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace tl::cli {

namespace {

// All the handler touches.
std::atomic<int> g_pipeWrite{-1};
static_assert(std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

constexpr char kInterrupt = 'i';
constexpr char kQuit = 'q';

extern "C" void onInterrupt(int) {
    const int saved = errno;
    const int fd = g_pipeWrite.load();
    if (fd >= 0) {
        const ssize_t n = ::write(fd, &kInterrupt, 1);
        (void)n; // a full pipe already holds a byte that wakes the watcher
    }
    errno = saved;
}

} // namespace

InterruptStop::InterruptStop(std::string what, std::chrono::milliseconds quitGrace)
    : m_what(std::move(what)), m_quitGrace(quitGrace) {
    // A process started with SIGINT ignored (in the background by a shell, under nohup) is not
    // the one Ctrl+C is meant for: it stays ignored, as POSIX asks of programs that catch it.
    struct sigaction current {};
    if (::sigaction(SIGINT, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) return;
    if (::pipe2(m_pipe, O_CLOEXEC) != 0) {
        // No pipe, no handler: Ctrl+C keeps its default action and ends the process.
        m_pipe[0] = m_pipe[1] = -1;
        return;
    }
    g_pipeWrite.store(m_pipe[1]);
    m_watcher = std::jthread([this] { watch(); });
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    // A read or write that the signal interrupts goes on rather than failing with EINTR.
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &m_previous);
}

InterruptStop::~InterruptStop() {
    if (m_pipe[1] < 0) return;
    ::sigaction(SIGINT, &m_previous, nullptr);
    g_pipeWrite.store(-1);
    ssize_t n;
    do
        n = ::write(m_pipe[1], &kQuit, 1);
    while (n < 0 && errno == EINTR);
    m_watcher.join();
    ::close(m_pipe[0]);
    ::close(m_pipe[1]);
}

void InterruptStop::quitNow() {
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::raise(SIGINT);
    ::_exit(128 + SIGINT); // only if SIGINT is blocked in this thread
}

void InterruptStop::watch() {
    for (;;) {
        pollfd in{m_pipe[0], POLLIN, 0};
        const int ready = ::poll(&in, 1, m_quit.load() ? int(m_quitGrace.count()) : -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) quitNow(); // the command did not end within the grace: end it here
        char c = 0;
        const ssize_t n = ::read(m_pipe[0], &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || c == kQuit) return;
        if (!m_workDone.load() && !m_source.stop_requested()) {
            std::fprintf(stderr, "threadlens: stopping %s (Ctrl+C again quits at once)\n",
                         m_what.c_str());
            m_stop.store(true);
            m_source.request_stop();
        } else if (!m_quit.load()) {
            std::fprintf(stderr, "threadlens: quitting; nothing more is written\n");
            m_quit.store(true);
            m_stop.store(true);
            m_source.request_stop();
        }
    }
}

} // namespace tl::cli
