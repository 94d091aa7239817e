#include "scenariopanel.h"

#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tl::ui {

ScenarioPanel::ScenarioPanel(const std::vector<Scenario>& scenarios, QWidget* parent)
    : QWidget(parent), m_scenarios(scenarios) {
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_list->setToolTip(tr("Pick a scenario; its parameters appear in the Parameters panel. "
                          "Double-click to run it."));
    m_list->setUniformItemSizes(true);
    for (const Scenario& s : m_scenarios) {
        auto* item = new QListWidgetItem(QString::fromStdString(s.title), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(s.id));
        item->setToolTip(
            tr("%1 (id: %2)").arg(QString::fromStdString(s.title), QString::fromStdString(s.id)));
    }
    // The list may shrink to six rows in a small window, but starts tall enough to show
    // every scenario; the explanation below gets the rest of the height.
    const int rows = std::max<int>(int(m_scenarios.size()), 3);
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

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        showDescription(row);
        if (row >= 0) emit scenarioSelected(row);
    });
    connect(m_list, &QListWidget::itemActivated, this, [this] { emit runRequested(); });
}

int ScenarioPanel::currentIndex() const {
    return m_list->currentRow();
}

QString ScenarioPanel::currentId() const {
    const int row = currentIndex();
    return row < 0 ? QString() : QString::fromStdString(m_scenarios[std::size_t(row)].id);
}

bool ScenarioPanel::selectScenario(const QString& id) {
    for (int i = 0; i < int(m_scenarios.size()); ++i) {
        if (QString::fromStdString(m_scenarios[std::size_t(i)].id) == id) {
            m_list->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

void ScenarioPanel::showDescription(int index) {
    if (index < 0 || index >= int(m_scenarios.size())) {
        m_description->clear();
        return;
    }
    const Scenario& s = m_scenarios[std::size_t(index)];
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>")
                       .arg(QString::fromStdString(s.title).toHtmlEscaped(),
                            QString::fromStdString(s.explanation).toHtmlEscaped());
    if (!s.lookFor.empty()) {
        html += QStringLiteral("<p><b>%1</b></p><ul style=\"margin-left: -16px\">")
                    .arg(tr("What to look for").toHtmlEscaped());
        for (const std::string& bullet : s.lookFor)
            html += QStringLiteral("<li style=\"margin-bottom: 4px\">%1</li>")
                        .arg(QString::fromStdString(bullet).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    m_description->setHtml(html);
}

} // namespace tl::ui
