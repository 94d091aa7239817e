#pragma once
// The Chrome JSON writer's output buffer (chromejson.cpp, chromeforeignwrite.cpp): callers make
// room for what they are about to write, then append with plain stores; a full buffer goes to
// the sink (or grows, when there is none). Numbers go through std::to_chars, never through a
// double, so that the bytes are the same on every machine.
#include "model/event.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

namespace tl::jsonout {

inline constexpr std::size_t kChunk = std::size_t(1) << 20;
// Room for the fixed part of any one event line, numbers included; names come on top.
inline constexpr std::size_t kEventRoom = 384;

// The output buffer. Callers make room for what they are about to write, then append with
// plain stores; a full buffer goes to the sink (or grows, when there is none).
class Out {
public:
    // With a sink, a buffer of about a megabyte is reused; without one, the whole text
    // grows in one buffer, sized up front from an estimate so that it rarely moves.
    Out(const std::function<void(std::string_view)>* sink, std::size_t expected) : m_sink(sink) {
        m_buf.resize(sink ? kChunk + kEventRoom : std::max(expected, kChunk) + kEventRoom);
        m_p = m_buf.data();
    }

    void room(std::size_t n) {
        if (std::size_t(m_buf.data() + m_buf.size() - m_p) < n) [[unlikely]]
            grow(n);
    }
    void lit(std::string_view s) {
        std::memcpy(m_p, s.data(), s.size());
        m_p += s.size();
    }
    void put(std::string_view s) {
        room(s.size());
        lit(s);
    }
    void ch(char c) { *m_p++ = c; }
    void num(std::uint64_t v) { m_p = std::to_chars(m_p, m_p + 24, v).ptr; }
    void snum(std::int64_t v) { m_p = std::to_chars(m_p, m_p + 24, v).ptr; }
    // Nanoseconds as microseconds with exactly three decimals: 1234567 -> "1234.567".
    void micros(Time ns) {
        std::uint64_t u = std::uint64_t(ns);
        if (ns < 0) {
            *m_p++ = '-';
            u = 0 - u;
        }
        m_p = std::to_chars(m_p, m_p + 24, u / 1000).ptr;
        const unsigned f = unsigned(u % 1000);
        m_p[0] = '.';
        m_p[1] = char('0' + f / 100);
        m_p[2] = char('0' + f / 10 % 10);
        m_p[3] = char('0' + f % 10);
        m_p += 4;
    }

    // A counter's value: the shortest text that reads back as the same double.
    void real(double v) { m_p = std::to_chars(m_p, m_p + 32, v).ptr; }

    void finish() {
        if (m_sink) {
            flush();
        } else {
            m_buf.resize(std::size_t(m_p - m_buf.data()));
        }
    }
    std::string take() { return std::move(m_buf); }

private:
    void flush() {
        const std::size_t used = std::size_t(m_p - m_buf.data());
        if (used) (*m_sink)(std::string_view(m_buf.data(), used));
        m_p = m_buf.data();
    }
    void grow(std::size_t n) {
        if (m_sink) {
            flush();
            if (m_buf.size() < n) {
                m_buf.resize(n);
                m_p = m_buf.data();
            }
            return;
        }
        const std::size_t used = std::size_t(m_p - m_buf.data());
        m_buf.resize(std::max(m_buf.size() * 2, used + n));
        m_p = m_buf.data() + used;
    }

    const std::function<void(std::string_view)>* m_sink;
    std::string m_buf;
    char* m_p;
};

// The event lines of traceEvents: each starts on a line of its own, after a comma but the first.
struct Lines {
    Out& o;
    bool first = true;
    // Starts an event line with room for the fixed part and `extra` bytes of names.
    void begin(std::size_t extra) {
        o.room(kEventRoom + extra);
        o.lit(first ? "\n{" : ",\n{");
        first = false;
    }
};

} // namespace tl::jsonout
