#pragma once
// The banner above the timeline when a run ends in a deadlock: the cycle in plain words
// ("a-to-b holds account A and waits for account B, held by b-to-a, …"), a Show button
// that brings the stuck threads into view, and a close button. A run whose threads race on
// a shared variable gets the same banner, stating the first race and how many there are.
// Red-ish on light and dark palettes alike, with text that keeps its contrast on both.
#include "analysis/causality.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace tl::ui {

class DeadlockBanner : public QFrame {
    Q_OBJECT
public:
    explicit DeadlockBanner(QWidget* parent = nullptr);

    // Shows the report (and the banner); an empty report hides it.
    void setReport(const DeadlockReport& report);
    // Shows what went wrong with the shared variables instead: a failed assert or a data race,
    // a bold title ("Data race.") and a sentence; an empty sentence hides the banner.
    void setProblem(const QString& title, const QString& sentence, const QString& explanation);
    bool showsProblem() const { return m_problem; }
    const DeadlockReport& report() const { return m_report; }
    // The sentence shown, without markup.
    QString text() const { return m_plain; }

    // "deadlock: a holds x and …" -> "a holds x and …": the banner's title says "Deadlock".
    static QString sentence(const DeadlockReport& report);

signals:
    void showRequested();
    void dismissed();

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void applyColours();

    DeadlockReport m_report;
    QString m_plain;
    bool m_problem = false;
    QLabel* m_icon;
    QLabel* m_label;
    QPushButton* m_show;
    QToolButton* m_close;
    QColor m_accent;
    bool m_applying = false;
};

} // namespace tl::ui
