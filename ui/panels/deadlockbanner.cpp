#include "panels/deadlockbanner.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace tl::ui {

namespace {

bool isDark(const QPalette& p) {
    const QColor c = p.color(QPalette::Window);
    return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF() < 0.45;
}

} // namespace

DeadlockBanner::DeadlockBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("deadlockBanner"));
    setAutoFillBackground(true);
    setAccessibleName(tr("Deadlock"));
    m_icon = new QLabel(this);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("deadlockText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_show = new QPushButton(tr("&Show"), this);
    m_show->setObjectName(QStringLiteral("deadlockShow"));
    m_show->setToolTip(tr("Bring the stuck threads and the locks they wait for into view"));
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("deadlockClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Dismiss (the threads stay outlined on the timeline)"));
    m_close->setAccessibleName(tr("Dismiss"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(14, 6, 6, 6);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_show, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_show, &QPushButton::clicked, this, &DeadlockBanner::showRequested);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        emit dismissed();
    });
    applyColours();
    hide();
}

QString DeadlockBanner::sentence(const DeadlockReport& report) {
    QString text = QString::fromStdString(report.text).trimmed();
    const QString prefix = QStringLiteral("deadlock:");
    // Thread names keep their case ("a-to-b holds …"): the bold title starts the sentence.
    if (text.startsWith(prefix, Qt::CaseInsensitive)) text = text.mid(prefix.size()).trimmed();
    return text;
}

void DeadlockBanner::setProblem(const QString& title, const QString& sentence,
                                const QString& explanation) {
    m_report = {};
    m_plain = sentence;
    m_problem = !sentence.isEmpty();
    if (!m_problem) {
        hide();
        return;
    }
    m_label->setText(QStringLiteral("<b>%1</b> %2").arg(title, sentence.toHtmlEscaped()));
    m_label->setToolTip(explanation);
    m_show->setToolTip(tr("Bring it into view"));
    m_show->setVisible(true);
    show();
}

void DeadlockBanner::setReport(const DeadlockReport& report) {
    m_report = report;
    m_problem = false;
    m_show->setToolTip(tr("Bring the stuck threads and the locks they wait for into view"));
    m_plain = sentence(report);
    if (m_plain.isEmpty()) {
        hide();
        return;
    }
    const QString title = report.cycle ? tr("Deadlock.") : tr("Deadlock: nobody can go on.");
    m_label->setText(QStringLiteral("<b>%1</b> %2").arg(title, m_plain.toHtmlEscaped()));
    m_label->setToolTip(
        report.cycle
            ? tr("Each thread holds a lock the next one waits for, round the circle: none of "
                 "them can ever go on. Taking locks in one agreed order breaks the circle.")
            : tr("Every thread still running waits for something that nobody is left to do."));
    m_show->setVisible(!report.threads.empty());
    show();
}

void DeadlockBanner::applyColours() {
    m_applying = true;
    const QPalette base = parentWidget() ? parentWidget()->palette() : QApplication::palette();
    const bool dark = isDark(base);
    QPalette p = base;
    const QColor background = dark ? QColor(0x4A, 0x1F, 0x24) : QColor(0xFD, 0xE7, 0xE9);
    const QColor text = dark ? QColor(0xFF, 0xE3, 0xE5) : QColor(0x5C, 0x0F, 0x16);
    m_accent = dark ? QColor(0xFF, 0x6B, 0x6B) : QColor(0xC6, 0x28, 0x28);
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, text);
    setPalette(p);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) + 4;
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical).pixmap(size, size));
    m_applying = false;
}

void DeadlockBanner::changeEvent(QEvent* event) {
    // Our own setPalette comes back here; only the parent's (a theme change) matters.
    if (!m_applying &&
        (event->type() == QEvent::ParentChange || event->type() == QEvent::StyleChange ||
         event->type() == QEvent::PaletteChange))
        applyColours();
    QFrame::changeEvent(event);
}

void DeadlockBanner::paintEvent(QPaintEvent* event) {
    QFrame::paintEvent(event);
    QPainter p(this);
    // An accent bar on the left and a hairline below: a banner, not a dialog.
    p.fillRect(QRect(0, 0, 5, height()), m_accent);
    QColor line = m_accent;
    line.setAlpha(120);
    p.fillRect(QRect(0, height() - 1, width(), 1), line);
}

} // namespace tl::ui
