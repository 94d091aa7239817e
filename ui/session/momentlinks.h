#pragma once
// The "what to look for" bullets of the current scenario, found in the run on show: each
// bullet that names a moment (docs/scenario-format.md, "lookFor") becomes a link when the run
// has it, and following the link asks the window to show it (Session::requestShow). Only a
// finished run of the current scenario has its moments; finding them scans the trace, off the
// GUI thread for a big one.
#include "analysis/moments.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>
#include <vector>

namespace tl::ui {

class Session;

// What a "what to look for" bullet can do in the shown run.
enum class MomentLink {
    None,    // the bullet names no moment
    NotRun,  // no run of this scenario is shown yet
    Found,   // a link: jumps to the moment
    Missing, // it does not happen in this run
};

class MomentLinks : public QObject {
    Q_OBJECT
public:
    explicit MomentLinks(Session* session, QObject* parent = nullptr);
    ~MomentLinks() override;

    // Where the current scenario's bullets happen in the shown run (nullopt: they do not);
    // empty while there is no such run.
    const std::vector<std::optional<Moment>>& moments() const { return m_moments; }
    // One per bullet of the current scenario while its moments are known; empty otherwise.
    const std::vector<MomentLink>& links() const { return m_links; }

public slots:
    // Looks for the moments again (a new scenario, a new trace, a run that finished).
    void update();
    // Shows bullet `bullet`'s moment: the window is asked (Session::showRequested).
    void activate(int bullet);

signals:
    void linksChanged(const std::vector<tl::ui::MomentLink>& links);
    void momentShown(int bullet);

private:
    void apply(std::vector<std::optional<Moment>> moments);

    Session* m_session;
    std::vector<std::optional<Moment>> m_moments;
    std::vector<MomentLink> m_links;
    QFutureWatcher<std::vector<std::optional<Moment>>> m_watcher;
    int m_generation = 0;
};

} // namespace tl::ui
