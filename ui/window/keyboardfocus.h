#pragma once
// Where the keys go once a run starts. The scenario list keeps the keyboard after a click,
// so Home, End, the arrows or a letter pressed while reading the timeline would pick another
// scenario (and with Run Automatically start it). When a run starts and the focus is in
// the list, the timeline takes it: the user now watches the run, and the timeline's keys
// (Home, W/A/S/D, the arrows) are what they will press. Two exceptions:
//  - someone stepping through the list with the keys, each step starting a run, keeps the
//    list: their next Down must go to the next scenario;
//  - the focus anywhere else (a parameter being typed, the events table) stays where it is.
#include <QObject>
#include <QPointer>

class QAbstractScrollArea;
class QWidget;

namespace tl::ui {

class KeyboardFocus : public QObject {
    Q_OBJECT
public:
    // `list` is the scenario list; `timeline` takes the focus from it.
    KeyboardFocus(QAbstractScrollArea* list, QWidget* timeline, QObject* parent = nullptr);

    // True while the user moves through the list with the keys.
    bool browsingList() const { return m_browsing; }

public slots:
    void runStarted();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QWidget> m_list;
    QPointer<QWidget> m_timeline;
    bool m_browsing = false;
};

} // namespace tl::ui
