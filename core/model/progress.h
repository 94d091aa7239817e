#pragma once
// Long file work (reading or writing a trace) says how far it has got and can be told to stop
// (docs/architecture.md: long work runs off the GUI thread with progress and cancel). The work
// calls step() every few thousand events; a step after cancel was set throws Cancelled, which
// unwinds the work and leaves nothing behind: an unfinished write is discarded, as a failed one is
// (atomicfile.h).
#include <atomic>
#include <cstddef>
#include <functional>
#include <stdexcept>

namespace tl {

class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

struct Progress {
    std::function<void(double)> report;        // fraction done, 0..1; may be empty
    const std::atomic<bool>* cancel = nullptr; // set from any thread to stop the work

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    // Throws Cancelled when asked to stop, else reports the fraction done.
    void step(double fraction) const {
        if (cancelled()) throw Cancelled();
        if (report) report(fraction < 0 ? 0 : fraction > 1 ? 1 : fraction);
    }
};

// Calls progress->step() for every `every`-th unit of work; free when progress is null.
class ProgressCounter {
public:
    ProgressCounter(const Progress* progress, double total, double from = 0, double to = 1)
        : m_progress(progress), m_total(total > 0 ? total : 1), m_from(from), m_span(to - from) {}
    void add(std::size_t units = 1) {
        m_done += units;
        if (m_progress && m_done >= m_next) {
            m_next = m_done + kEvery;
            m_progress->step(m_from + m_span * double(m_done) / m_total);
        }
    }

private:
    static constexpr std::size_t kEvery = 1 << 16;
    const Progress* m_progress;
    double m_total, m_from, m_span;
    std::size_t m_done = 0;
    std::size_t m_next = 0;
};

} // namespace tl
