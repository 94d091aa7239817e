#pragma once
// A scroll area for a form in a dock (the Parameters): as wide as the form asks, so the dock
// never clips it, and scrolling only up and down. QScrollArea's own size hint is measured
// once and capped at 36 lines; a form rebuilt for another scenario, or polished after it was
// measured, would then be cut off at the right.
#include <QScrollArea>

namespace tl::ui {

class DockScrollArea : public QScrollArea {
    Q_OBJECT
public:
    // Takes `content` (its layout decides the width) and shows it.
    explicit DockScrollArea(QWidget* content, QWidget* parent = nullptr);

    // The content's width (preferred or minimum) and room for the vertical scroll bar, which
    // comes and goes with the height: reserving it keeps the form from jumping sideways.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int chromeWidth() const;
};

} // namespace tl::ui
