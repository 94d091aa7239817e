#pragma once
// The status bar's view of file work (opening, saving, exporting, copying): what is being
// done, a progress bar and a Cancel button, shown only while a job runs. Long work never
// leaves the user guessing whether the window is still alive.
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace tl::ui {

class FileJobs;

class FileProgress : public QWidget {
    Q_OBJECT
public:
    FileProgress(FileJobs* jobs, QWidget* parent = nullptr);

    QString activity() const;
    int percent() const;

private:
    void display(const QString& activity, double fraction);

    FileJobs* m_jobs;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

} // namespace tl::ui
