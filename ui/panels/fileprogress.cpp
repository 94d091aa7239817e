#include "panels/fileprogress.h"

#include "session/filejobs.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace tl::ui {

FileProgress::FileProgress(FileJobs* jobs, QWidget* parent)
    : QWidget(parent), m_jobs(jobs), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
    setObjectName(QStringLiteral("fileProgress"));
    m_bar->setRange(0, 100);
    m_bar->setTextVisible(true);
    m_bar->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16);
    m_cancel->setObjectName(QStringLiteral("cancelFileJob"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this and keep everything as it was (Shift+F5)"));
    m_cancel->setAutoRaise(true);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(6, 0, 6, 0);
    row->addWidget(m_label);
    row->addWidget(m_bar);
    row->addWidget(m_cancel);
    setVisible(false);

    connect(m_cancel, &QToolButton::clicked, m_jobs, &FileJobs::cancel);
    connect(m_jobs, &FileJobs::progressChanged, this, &FileProgress::display);
    connect(m_jobs, &FileJobs::busyChanged, this, [this](bool busy) {
        if (busy)
            display(m_jobs->activity(), m_jobs->fraction());
        else
            setVisible(false);
    });
}

QString FileProgress::activity() const {
    return isHidden() ? QString() : m_label->text();
}

int FileProgress::percent() const {
    return m_bar->value();
}

void FileProgress::display(const QString& activity, double fraction) {
    m_label->setText(activity + QStringLiteral("…"));
    m_bar->setValue(int(fraction * 100));
    setVisible(true);
}

} // namespace tl::ui
