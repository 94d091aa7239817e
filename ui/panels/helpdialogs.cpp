#include "panels/helpdialogs.h"

#include "common/statemeaning.h"
#include "timeline/palette.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace tl::ui {

namespace {

QString plainText(QString text) {
    // "&Open Trace…" as a menu shows it; "&&" is a literal ampersand.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

QString keysText(const QList<QKeySequence>& keys) {
    QStringList parts;
    for (const QKeySequence& k : keys)
        if (!k.isEmpty()) parts << k.toString(QKeySequence::NativeText);
    return parts.join(QStringLiteral(", "));
}

void addMenu(const QMenu* menu, const QString& group, QList<ShortcutRow>& rows,
             std::set<const QAction*>& seen) {
    for (const QAction* a : menu->actions()) {
        if (const QMenu* sub = a->menu()) {
            addMenu(sub, group, rows, seen);
            continue;
        }
        if (a->isSeparator() || a->shortcuts().isEmpty() || !seen.insert(a).second) continue;
        rows.push_back({group, plainText(a->text()), keysText(a->shortcuts())});
    }
}

// A swatch as the legend draws it: the state's colour, and its pattern over it.
QPixmap stateSwatch(const TimelinePalette& palette, int state, QSize size, qreal dpr) {
    QPixmap pixmap(size * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    const QRectF r(QPointF(0, 0), QSizeF(size));
    if (state >= 0) {
        p.fillRect(r, palette.stateColour(ThreadState(state)));
        p.fillRect(r, palette.patternBrush(ThreadState(state)));
    } else {
        // The operation tick: standing on a span's top edge.
        const QRectF span = r.adjusted(0, r.height() * 0.4, 0, 0);
        p.fillRect(span, palette.grid);
        const double mx = std::floor(r.center().x()) + 0.5;
        p.setPen(QPen(palette.marker, 1.5, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(mx, r.top()), QPointF(mx, span.bottom()));
    }
    return pixmap;
}

} // namespace

QList<ShortcutRow> shortcutRows(const QMainWindow* window,
                                const QList<std::pair<QKeySequence, QString>>& timelineKeys) {
    QList<ShortcutRow> rows;
    std::set<const QAction*> seen;
    for (const QAction* a : window->menuBar()->actions())
        if (const QMenu* menu = a->menu()) addMenu(menu, plainText(a->text()), rows, seen);
    // Actions that no menu holds: a panel's own (named after its dock), the window's.
    QList<ShortcutRow> others;
    for (const QAction* a : window->findChildren<QAction*>()) {
        if (a->shortcuts().isEmpty() || !seen.insert(a).second) continue;
        QString group = QObject::tr("Elsewhere");
        for (const QObject* o = a->parent(); o && o != window; o = o->parent())
            if (const auto* dock = qobject_cast<const QDockWidget*>(o)) {
                // "Sweep — Lock contention": the panel, not what it shows now.
                group =
                    QObject::tr("%1 panel")
                        .arg(plainText(dock->windowTitle()).section(QStringLiteral(" — "), 0, 0));
                break;
            }
        const ShortcutRow row{group, plainText(a->text().isEmpty() ? a->toolTip() : a->text()),
                              keysText(a->shortcuts())};
        const bool listed = std::any_of(others.cbegin(), others.cend(), [&row](const auto& r) {
            return r.group == row.group && r.what == row.what && r.keys == row.keys;
        });
        if (!listed) others.push_back(row);
    }
    std::stable_sort(others.begin(), others.end(),
                     [](const ShortcutRow& a, const ShortcutRow& b) { return a.group < b.group; });
    rows += others;
    const QString timeline = QObject::tr("Timeline (when it has the keyboard)");
    for (const auto& [key, what] : timelineKeys) {
        const QString text = key.toString(QKeySequence::NativeText);
        if (!rows.isEmpty() && rows.back().group == timeline && rows.back().what == what)
            rows.back().keys += QStringLiteral(", ") + text; // "A, Left"
        else
            rows.push_back({timeline, what, text});
    }
    return rows;
}

ThreadStatesDialog::ThreadStatesDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("threadStatesDialog"));
    setWindowTitle(tr("Thread States"));
    auto* intro = new QLabel(
        tr("Each lane of the timeline shows one thread; its colour says what the thread is "
           "doing. Blocked and waiting also carry a pattern, so they read in print and for "
           "colour-blind eyes."),
        this);
    intro->setWordWrap(true);

    const TimelinePalette palette = TimelinePalette::fromPalette(this->palette());
    const int line = fontMetrics().height();
    const QSize swatch(int(line * 1.6), int(line * 0.75));
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(8);
    grid->setColumnStretch(2, 1);
    // In the legend's order: the states, then the operation tick.
    for (int s = 0; s <= kStateCount; ++s) {
        const int state = s < kStateCount ? s : -1;
        auto* picture = new QLabel(this);
        picture->setPixmap(stateSwatch(palette, state, swatch, devicePixelRatioF()));
        auto* name =
            new QLabel(QStringLiteral("<b>%1</b>")
                           .arg(state >= 0 ? stateLabel(ThreadState(state)) : tr("operation")),
                       this);
        auto* meaning =
            new QLabel(state >= 0 ? stateMeaning(ThreadState(state)) : operationMeaning(), this);
        meaning->setObjectName(QStringLiteral("meaning"));
        meaning->setWordWrap(true);
        grid->addWidget(picture, s, 0, Qt::AlignTop | Qt::AlignLeft);
        grid->addWidget(name, s, 1, Qt::AlignTop);
        grid->addWidget(meaning, s, 2, Qt::AlignTop);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(grid);
    layout->addStretch(1);
    layout->addWidget(buttons);
    const int width = fontMetrics().horizontalAdvance(QLatin1Char('0')) * 80;
    resize(width, layout->totalHeightForWidth(width));
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutRow>& rows, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto* intro = new QLabel(tr("Enter in the scenario list or in a parameter field runs the "
                                "scenario. The timeline's keys work once it has the keyboard: "
                                "click it, or start a run from the list."),
                             this);
    intro->setWordWrap(true);

    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("What they do")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    QString group;
    for (const ShortcutRow& r : rows) {
        if (r.group != group) {
            // A heading row per menu.
            group = r.group;
            const int at = m_table->rowCount();
            m_table->insertRow(at);
            auto* heading = new QTableWidgetItem(group);
            QFont bold = font();
            bold.setBold(true);
            heading->setFont(bold);
            m_table->setItem(at, 0, heading);
            m_table->setSpan(at, 0, 1, 2);
        }
        const int at = m_table->rowCount();
        m_table->insertRow(at);
        m_table->setItem(at, 0, new QTableWidgetItem(r.keys));
        m_table->setItem(at, 1, new QTableWidgetItem(r.what));
    }
    // As wide as the longest keys (the headings span both columns).
    int keysWidth = fontMetrics().horizontalAdvance(tr("Keys"));
    for (const ShortcutRow& r : rows)
        keysWidth = std::max(keysWidth, fontMetrics().horizontalAdvance(r.keys));
    m_table->setColumnWidth(0, keysWidth + 24);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 72, fontMetrics().height() * 40);
}

void addHelpActions(QMenu* help, QMainWindow* window,
                    QList<std::pair<QKeySequence, QString>> timelineKeys) {
    auto* states = help->addAction(QObject::tr("&Thread States"));
    states->setObjectName(QStringLiteral("threadStatesHelp"));
    states->setToolTip(QObject::tr("What working, running, runnable, blocked, waiting, io and "
                                   "sleeping mean, with the legend's colours"));
    auto* keys = help->addAction(QObject::tr("&Keyboard Shortcuts"));
    keys->setObjectName(QStringLiteral("shortcutsHelp"));
    keys->setToolTip(QObject::tr("Every key the window and the timeline answer"));
    // One of each at a time: asking again raises it. Made anew once closed, so the table
    // has the shortcuts the actions have then.
    auto show = [](QDialog* dialog) {
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    };
    QObject::connect(states, &QAction::triggered, window, [window, show] {
        auto* open = window->findChild<ThreadStatesDialog*>();
        show(open ? open : new ThreadStatesDialog(window));
    });
    QObject::connect(keys, &QAction::triggered, window, [window, show, timelineKeys] {
        auto* open = window->findChild<ShortcutsDialog*>();
        show(open ? open : new ShortcutsDialog(shortcutRows(window, timelineKeys), window));
    });
}

} // namespace tl::ui
