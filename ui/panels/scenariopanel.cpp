#include "panels/scenariopanel.h"

#include "model/trace.h"

#include "session/scenariolistmodel.h"
#include "session/session.h"

#include <QAction>
#include <QDir>
#include <QListView>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace tl::ui {

ScenarioPanel::ScenarioPanel(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    ScenarioListModel* model = session->scenarios();
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_list->setToolTip(tr("Pick a scenario; its parameters appear in the Parameters panel. "
                          "Double-click to run it."));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setModel(model);
    // The marks of the user's files stay text-sized: the rows keep their height.
    const int mark = std::max(12, fontMetrics().height() - 2);
    m_list->setIconSize(QSize(mark, mark));
    // The list may shrink to six rows in a small window, but starts tall enough to show
    // every scenario; the explanation below gets the rest of the height.
    const int rows = std::max<int>(model->count(), 3);
    const int rowHeight = m_list->sizeHintForRow(0);
    const int frame = 2 * m_list->frameWidth() + 4;
    m_list->setMinimumHeight(rowHeight * std::min(rows, 6) + frame);

    m_description = new QTextBrowser(this);
    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    m_description->setOpenLinks(false);
    m_description->setToolTip(tr("What the scenario shows and what to look for on the timeline"));
    m_description->setFrameShape(QFrame::NoFrame);
    // The browser's own background would be the "base" white; the dock's window colour makes
    // it read as explanatory text rather than an editable field.
    m_description->viewport()->setAutoFillBackground(false);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_list);
    splitter->addWidget(m_description);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({rowHeight * std::min(rows, 20) + frame, 400});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    // The user picks a row: it becomes the session's current scenario.
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                // Back from another program's trace to the scenario that was current.
                if (!m_openedFile.isEmpty() && current.row() == m_session->currentIndex())
                    showCurrent(current.row());
                m_session->setCurrentIndex(current.row());
            });
    connect(session, &Session::traceChanged, this, [this](std::shared_ptr<const Trace> trace) {
        if (trace && trace->foreign())
            showOpenedTrace(QString::fromStdString(trace->info().source.file));
        else if (!m_openedFile.isEmpty() && m_session->currentIndex() >= 0)
            showCurrent(m_session->currentIndex());
    });
    // The session's current scenario, however it was chosen, is the list's.
    connect(session, &Session::currentScenarioChanged, this, &ScenarioPanel::showCurrent);
    connect(session, &Session::currentScenarioReloaded, this, [this](int row) {
        m_links.clear();
        showDescription(row);
    });
    // A file added, loaded again or removed.
    connect(model, &QAbstractItemModel::rowsInserted, this, &ScenarioPanel::updateHidden);
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from) {
        updateHidden();
        if (from.row() == m_session->currentIndex()) showDescription(from.row());
    });
    connect(m_list, &QListView::activated, this, [this] { emit runRequested(); });
    connect(m_description, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        bool ok = false;
        const int bullet = url.path().toInt(&ok);
        if (url.scheme() == QLatin1String("moment") && ok) emit momentActivated(bullet);
        if (url.scheme() == QLatin1String("sweep") && ok) emit sweepActivated(bullet);
    });
    updateHidden();
    if (session->currentIndex() >= 0) showCurrent(session->currentIndex());
}

void ScenarioPanel::showOpenedTrace(const QString& file) {
    m_openedFile = file.isEmpty() ? tr("a file") : file;
    m_links.clear();
    m_list->selectionModel()->clear(); // no scenario is on show
    m_description->setHtml(
        tr("<p><b>Showing %1</b>, another program's trace opened from a file: no scenario made "
           "it, so no scenario's explanation goes with it.</p><p>Pick a scenario to compare it "
           "with, and run it (F5).</p>")
            .arg(m_openedFile.toHtmlEscaped()));
}

void ScenarioPanel::showCurrent(int index) {
    m_openedFile.clear();
    m_links.clear(); // they were the previous scenario's
    const QModelIndex at = m_session->scenarios()->index(index);
    // Back to the session, which has it already: no loop.
    if (m_list->currentIndex() != at) m_list->setCurrentIndex(at);
    m_list->scrollTo(at);
    showDescription(index);
}

void ScenarioPanel::updateHidden() {
    const ScenarioListModel* model = m_session->scenarios();
    for (int row = 0; row < model->count(); ++row)
        m_list->setRowHidden(row, !model->isListed(row));
}

QSize ScenarioPanel::sizeHint() const {
    // The list's frame and a scroll bar (it scrolls in a short window), the layout's margins.
    const int chrome = 2 * m_list->frameWidth() +
                       m_list->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_list) +
                       layout()->contentsMargins().left() + layout()->contentsMargins().right() + 4;
    const int titles = m_list->sizeHintForColumn(0) + chrome;
    return {std::max(titles, kMinReadableWidth), QWidget::sizeHint().height()};
}

QSize ScenarioPanel::minimumSizeHint() const {
    const QSize least = QWidget::minimumSizeHint();
    return {std::max(least.width(), fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16),
            least.height()};
}

int ScenarioPanel::currentIndex() const {
    return m_session->currentIndex();
}

QString ScenarioPanel::currentId() const {
    const Scenario* s = m_session->currentScenario();
    return s ? QString::fromStdString(s->id) : QString();
}

bool ScenarioPanel::selectScenario(const QString& id) {
    return m_session->selectScenario(id);
}

void ScenarioPanel::selectIndex(int index) {
    m_session->setCurrentIndex(index);
}

bool ScenarioPanel::isListed(int index) const {
    return m_session->scenarios()->isListed(index);
}

void ScenarioPanel::showDescription(int index) {
    const ScenarioListModel* model = m_session->scenarios();
    if (!model->scenario(index)) {
        m_description->clear();
        return;
    }
    const Scenario& s = *model->scenario(index);
    const QString path = model->path(index);
    const QString error = model->error(index);
    QString html =
        QStringLiteral("<h3>%1</h3>").arg(QString::fromStdString(s.title).toHtmlEscaped());
    if (!error.isEmpty()) {
        // Where the file went wrong, and how to get it back.
        html += QStringLiteral("<p style=\"color: %1\"><b>%2</b><br>%3</p><p>%4</p>")
                    .arg(palette().color(QPalette::Window).lightness() < 128
                             ? QStringLiteral("#ff8a80")
                             : QStringLiteral("#b3261e"),
                         tr("This file cannot be used:").toHtmlEscaped(), error.toHtmlEscaped(),
                         tr("Fix it in your editor: it is loaded again when you save it (or "
                            "choose File ▸ Reload Scenario).")
                             .toHtmlEscaped());
    }
    if (!s.explanation.empty())
        html +=
            QStringLiteral("<p>%1</p>").arg(QString::fromStdString(s.explanation).toHtmlEscaped());
    html += bulletsHtml(s);
    if (!path.isEmpty())
        html += QStringLiteral("<p style=\"color: gray\">%1 %2</p>")
                    .arg(tr("Your file:").toHtmlEscaped(),
                         QDir::toNativeSeparators(path).toHtmlEscaped());
    m_description->setHtml(html);
}

QString ScenarioPanel::bulletsHtml(const Scenario& s) const {
    if (s.lookFor.empty()) return {};
    QString html = QStringLiteral("<p><b>%1</b></p><ul style=\"margin-left: -16px\">")
                       .arg(tr("What to look for").toHtmlEscaped());
    for (std::size_t i = 0; i < s.lookFor.size(); ++i) {
        const QString text = QString::fromStdString(s.lookFor[i]).toHtmlEscaped();
        if (i < s.lookForSweeps.size() && !s.lookForSweeps[i].vary.empty()) {
            // It compares runs: a link to the sweep, with or without a run on show.
            html += QStringLiteral("<li style=\"margin-bottom: 4px\"><a href=\"sweep:%1\" "
                                   "title=\"%2\">%3</a></li>")
                        .arg(i)
                        .arg(tr("Run these values one after another in Run ▸ Sweep… and chart "
                                "them side by side")
                                 .toHtmlEscaped(),
                             text);
            continue;
        }
        const bool hasMoment = i < s.lookForMoments.size() && s.lookForMoments[i].valid;
        MomentLink link = hasMoment ? MomentLink::NotRun : MomentLink::None;
        if (hasMoment && i < m_links.size()) link = m_links[i];
        QString body;
        switch (link) {
        case MomentLink::None:
            body = text;
            break;
        case MomentLink::Found:
            body = QStringLiteral("<a href=\"moment:%1\" title=\"%2\">%3</a>")
                       .arg(i)
                       .arg(tr("Show this moment on the timeline").toHtmlEscaped(), text);
            break;
        case MomentLink::NotRun:
            body = QStringLiteral("<span title=\"%1\">%2</span>")
                       .arg(tr("Run the scenario: this becomes a link to the moment on the "
                               "timeline")
                                .toHtmlEscaped(),
                            text);
            break;
        case MomentLink::Missing:
            body = QStringLiteral("<span title=\"%1\">%2</span>")
                       .arg(tr("This does not happen in this run. Try other parameters (more "
                               "threads than cores, say) or another seed.")
                                .toHtmlEscaped(),
                            text);
            break;
        }
        html += QStringLiteral("<li style=\"margin-bottom: 4px\">%1</li>").arg(body);
    }
    return html + QStringLiteral("</ul>");
}

void ScenarioPanel::setMomentLinks(std::vector<MomentLink> links) {
    if (links == m_links) return;
    m_links = std::move(links);
    // Re-rendering keeps the reader's place.
    const int scroll = m_description->verticalScrollBar()->value();
    showDescription(m_session->currentIndex());
    m_description->verticalScrollBar()->setValue(scroll);
}

void ScenarioPanel::setListActions(const QList<QAction*>& actions) {
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_list->addActions(actions);
}

} // namespace tl::ui
