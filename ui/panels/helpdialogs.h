#pragma once
// The Help menu's explanations. Thread States shows the legend's swatches, each with what
// its state means. Keyboard Shortcuts is made from the actions themselves each time it
// opens - their menus, names and shortcuts - and from the timeline's own keys, so it says
// what the keys do today.
#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <utility>

class QMainWindow;
class QMenu;
class QTableWidget;

namespace tl::ui {

struct ShortcutRow {
    QString group; // the menu ("File"), or where the keys work
    QString what;  // the action's name ("Open Trace…")
    QString keys;  // "Ctrl+O", or several: "Alt+Left, ["
};

// Every action of `window` that has a shortcut, under the menu that holds it (in the menu
// bar's order), then those in no menu, then `timelineKeys` under "Timeline".
QList<ShortcutRow> shortcutRows(const QMainWindow* window,
                                const QList<std::pair<QKeySequence, QString>>& timelineKeys);

class ThreadStatesDialog : public QDialog {
    Q_OBJECT
public:
    explicit ThreadStatesDialog(QWidget* parent = nullptr);
};

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QList<ShortcutRow>& rows, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

// Adds Help ▸ Thread States and Help ▸ Keyboard Shortcuts to `help`; each opens its dialog
// over `window` (one at a time, raised if already open).
void addHelpActions(QMenu* help, QMainWindow* window,
                    QList<std::pair<QKeySequence, QString>> timelineKeys);

} // namespace tl::ui
