#include "format/convert.h"

#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "format/perfscript.h"
#include "model/slices.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tl {

namespace {

// The first bytes of a file, to tell JSON from `perf script` text.
std::string head(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FileError("cannot open " + path + ": " + std::strerror(errno));
    std::string buf(4096, '\0');
    ssize_t n;
    do {
        n = ::read(fd, buf.data(), buf.size());
    } while (n < 0 && errno == EINTR);
    const int err = errno;
    ::close(fd);
    if (n < 0) throw FileError("cannot read " + path + ": " + std::strerror(err));
    buf.resize(std::size_t(n));
    return buf;
}

int findProcess(const Trace& trace, const std::string& process) {
    const SliceData& d = trace.slices();
    std::int64_t pid = 0;
    const auto [p, ec] = std::from_chars(process.data(), process.data() + process.size(), pid);
    const bool numeric = ec == std::errc() && p == process.data() + process.size();
    for (std::size_t i = 0; i < d.processes.size(); ++i)
        if ((numeric && d.processes[i].pid == pid) || d.processes[i].name == process) return int(i);
    return -1;
}

} // namespace

std::string processList(const Trace& trace, std::size_t max) {
    const SliceData& d = trace.slices();
    std::vector<std::pair<std::size_t, std::size_t>> bySize; // (threads, process)
    for (std::size_t i = 0; i < d.processes.size(); ++i) {
        std::size_t n = 0;
        for (const ThreadOrigin& t : d.threads)
            if (t.process == int(i)) ++n;
        bySize.emplace_back(n, i);
    }
    std::stable_sort(bySize.begin(), bySize.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string list;
    for (std::size_t k = 0; k < bySize.size() && k < max; ++k) {
        const ProcessInfo& p = d.processes[bySize[k].second];
        list += (k ? ", " : "") + (p.name.empty() ? std::string("process") : p.name) + " (" +
                std::to_string(p.pid) + ")";
    }
    if (bySize.size() > max) list += ", ...";
    return list;
}

std::unique_ptr<Trace> keepProcess(std::unique_ptr<Trace> trace, const std::string& process) {
    if (!trace->foreign())
        throw TraceReadError("--process: a run of a scenario is one process; there is "
                             "nothing to choose");
    const int keep = findProcess(*trace, process);
    if (keep < 0) {
        const std::string list = processList(*trace);
        throw TraceReadError("no process \"" + process + "\" in the trace" +
                             (list.empty() ? std::string(" (it has none)")
                                           : "; its processes with the most threads: " + list));
    }
    std::unique_ptr<SliceData> d = trace->takeSlices();
    RunInfo info = trace->info();
    info.title = d->processes[std::size_t(keep)].name;
    auto out = std::make_unique<Trace>(std::move(info));

    std::vector<int> index(trace->threadCount(), -1);
    auto data = std::make_unique<SliceData>();
    // A lane's slices and instants copied into the new arrays (slices.h).
    auto copyLane = [&](const SliceTrack& from, bool async, std::size_t k) {
        Lane lane;
        lane.firstLevel = std::uint32_t(data->levelStarts.size());
        lane.levels = std::uint32_t(from.depth());
        for (std::size_t depth = 0; depth < from.depth(); ++depth) {
            data->levelStarts.push_back(std::uint32_t(data->slices.size()));
            const std::span<const Slice> level = from.level(depth);
            for (std::size_t i = 0; i < level.size(); ++i) {
                data->slices.push_back(level[i]);
                if (async) {
                    const std::int32_t t = d->asyncThread(k, depth, i);
                    data->asyncThreads.push_back(t >= 0 ? index[std::size_t(t)] : -1);
                }
            }
        }
        if (lane.levels) data->levelStarts.push_back(std::uint32_t(data->slices.size()));
        lane.firstInstant = std::uint32_t(data->instants.size());
        lane.instantCount = std::uint32_t(from.instants().size());
        data->instants.insert(data->instants.end(), from.instants().begin(), from.instants().end());
        return lane;
    };
    for (std::size_t i = 0; i < trace->threadCount(); ++i) {
        if (i >= d->threads.size() || d->threads[i].process != keep) continue;
        index[i] = out->addThread(trace->thread(i));
        ThreadOrigin origin = d->threads[i];
        origin.process = 0;
        data->threads.push_back(origin);
        data->threadLanes.push_back(copyLane(d->threadTrack(i), false, 0));
    }
    data->asyncSlices = data->slices.size();
    for (std::size_t k = 0; k < d->async.size(); ++k)
        if (d->async[k].process == keep)
            data->async.push_back(
                AsyncTrack{0, d->async[k].name, copyLane(d->asyncTrack(k), true, k)});
    for (std::size_t o = 0; o < trace->objectCount(); ++o) {
        const int ob = out->addObject(trace->object(o));
        const EventStream& s = trace->objectEvents(o);
        for (std::size_t k = 0; k < s.size(); ++k) {
            Event e = s[k];
            if (e.ref >= index.size() || index[e.ref] < 0) continue;
            e.ref = std::uint16_t(index[e.ref]);
            out->objectEvents(std::size_t(ob)).append(e);
        }
    }
    for (std::size_t i = 0; i < index.size(); ++i) {
        if (index[i] < 0) continue;
        const EventStream& s = trace->threadEvents(i);
        EventStream& to = out->threadEvents(std::size_t(index[i]));
        for (std::size_t k = 0; k < s.size(); ++k)
            to.append(s[k]);
    }
    ProcessInfo p = std::move(d->processes[std::size_t(keep)]);
    data->processes.push_back(std::move(p));
    for (CounterTrack& c : d->counters)
        if (c.process == keep) {
            c.process = 0;
            data->counters.push_back(std::move(c));
        }
    for (Flow f : d->flows) {
        if (f.toThread < 0 || index[std::size_t(f.toThread)] < 0) continue;
        f.toThread = index[std::size_t(f.toThread)];
        f.fromThread = f.fromThread >= 0 ? index[std::size_t(f.fromThread)] : -1;
        data->flows.push_back(f);
    }
    data->globalInstants = std::move(d->globalInstants);
    data->strings = std::move(d->strings);
    data->labels = std::move(d->labels);
    out->setSlices(std::move(data));
    out->setEndTime(trace->endTime());
    out->finish(trace->outcome(), trace->message());
    return out;
}

std::unique_ptr<Trace> loadTrace(const std::string& path, const std::string& process,
                                 const Progress* progress) {
    if (looksLikePerfScript(head(path))) return loadPerfScript(path, process, progress);
    auto trace = loadChromeTrace(path, progress);
    if (process.empty()) return trace;
    try {
        return keepProcess(std::move(trace), process);
    } catch (const TraceReadError& e) {
        throw TraceReadError(path + ": " + e.what());
    }
}

std::unique_ptr<Trace> readTrace(std::string_view text, const std::string& process) {
    if (looksLikePerfScript(text.substr(0, 4096))) return readPerfScript(text, process);
    auto trace = readChromeTrace(text);
    return process.empty() ? std::move(trace) : keepProcess(std::move(trace), process);
}

} // namespace tl
