#include "session/momentlinks.h"

#include "analysis/causality.h"
#include "session/runcontroller.h"
#include "session/session.h"
#include "session/showrequest.h"

#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

namespace {

// Finding a moment scans the trace; below this many events that takes a few milliseconds.
constexpr std::size_t kSyncMomentEvents = 300'000;

std::vector<std::optional<Moment>> findMoments(std::shared_ptr<const Trace> trace,
                                               std::vector<MomentQuery> queries) {
    std::vector<std::optional<Moment>> out;
    out.reserve(queries.size());
    for (const MomentQuery& q : queries)
        out.push_back(q.valid ? findMoment(*trace, q) : std::nullopt);
    return out;
}

} // namespace

MomentLinks::MomentLinks(Session* session, QObject* parent)
    : QObject(parent ? parent : session), m_session(session) {
    connect(session, &Session::currentScenarioChanged, this, &MomentLinks::update);
    connect(session, &Session::currentScenarioReloaded, this, &MomentLinks::update);
    connect(session, &Session::traceChanged, this, &MomentLinks::update);
    // The run on show finished (its playback may go on: a link then ends it).
    connect(session->runs(), &RunController::finished, this, &MomentLinks::update);
    connect(&m_watcher, &QFutureWatcher<std::vector<std::optional<Moment>>>::finished, this,
            [this] {
                if (m_watcher.future().resultCount() > 0 &&
                    m_watcher.property("generation").toInt() == m_generation)
                    apply(m_watcher.result());
            });
}

MomentLinks::~MomentLinks() {
    m_watcher.waitForFinished();
}

void MomentLinks::update() {
    ++m_generation;
    const Scenario* s = m_session->currentScenario();
    const auto trace = m_session->trace();
    // Only a finished run of the scenario on show has its moments.
    if (!s || !trace || !trace->finished() || trace->info().scenarioId != s->id) {
        apply({});
        return;
    }
    if (trace->eventCount() <= kSyncMomentEvents) {
        apply(findMoments(trace, s->lookForMoments));
        return;
    }
    m_watcher.setProperty("generation", m_generation);
    m_watcher.setFuture(QtConcurrent::run(findMoments, trace, s->lookForMoments));
}

void MomentLinks::apply(std::vector<std::optional<Moment>> moments) {
    m_moments = std::move(moments);
    std::vector<MomentLink> links;
    if (const Scenario* s = m_session->currentScenario(); s && !m_moments.empty())
        for (std::size_t i = 0; i < s->lookForMoments.size() && i < m_moments.size(); ++i)
            links.push_back(!s->lookForMoments[i].valid ? MomentLink::None
                            : m_moments[i]              ? MomentLink::Found
                                                        : MomentLink::Missing);
    m_links = std::move(links);
    emit linksChanged(m_links);
}

void MomentLinks::activate(int bullet) {
    const auto trace = m_session->trace();
    if (!trace || bullet < 0 || std::size_t(bullet) >= m_moments.size() ||
        !m_moments[std::size_t(bullet)])
        return;
    const Moment& m = *m_moments[std::size_t(bullet)];
    const Scenario* s = m_session->currentScenario();
    const MomentQuery* q = s && std::size_t(bullet) < s->lookForMoments.size()
                               ? &s->lookForMoments[std::size_t(bullet)]
                               : nullptr;
    const bool accesses = q && (q->lostUpdate || q->race || q->op == "assert-failed");
    ShowRequest request = momentView(*trace, m, accesses);
    // The end of a run that deadlocked is its cycle.
    if (m.thread < 0 && m.object < 0 && trace->outcome() == Outcome::Deadlock)
        if (const DeadlockReport report = analyseDeadlock(*trace); !report.threads.empty())
            request = deadlockView(*trace, report);
    m_session->requestShow(request);
    emit momentShown(bullet);
}

} // namespace tl::ui
