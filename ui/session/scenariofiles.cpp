#include "session/scenariofiles.h"

#include "common/glyphicons.h"
#include "session/appsettings.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QWidget>

namespace tl::ui {

namespace {
const QString kSettingsKey = QStringLiteral("userScenarios/files");
// Editors save in steps (truncate, write, rename): a change is read once it has settled.
constexpr int kSettleMs = 250;
} // namespace

ScenarioFiles::ScenarioFiles(Session* session, QWidget* dialogParent)
    : QObject(dialogParent ? static_cast<QObject*>(dialogParent) : session), m_session(session),
      m_list(session->scenarios()), m_dialogParent(dialogParent) {
    m_open = new QAction(glyphIcon(Glyph::Open), tr("Open &Scenario…"), this);
    m_open->setObjectName(QStringLiteral("openScenario"));
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_open->setToolTip(tr("Add your own scenario file (.json) to the list (Ctrl+Shift+O); it is "
                          "remembered, and loaded again whenever you save it"));
    m_reload = new QAction(tr("Re&load Scenario"), this);
    m_reload->setObjectName(QStringLiteral("reloadScenario"));
    m_reload->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_reload->setToolTip(tr("Read the selected scenario file again (Ctrl+Shift+R); parameter "
                            "values that are still valid are kept"));
    m_remove = new QAction(tr("Re&move from List"), this);
    m_remove->setObjectName(QStringLiteral("removeScenario"));
    m_remove->setToolTip(tr("Take the selected file off the scenario list (the file stays)"));
    connect(m_open, &QAction::triggered, this, &ScenarioFiles::openScenario);
    connect(m_reload, &QAction::triggered, this, &ScenarioFiles::reloadCurrent);
    connect(m_remove, &QAction::triggered, this, &ScenarioFiles::removeCurrent);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScenarioFiles::onFileChanged);
    // A save by rename replaces the file the watcher followed: the folder sees it come back.
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString& dir) {
        for (const Entry& e : m_entries)
            if (!e.removed && QFileInfo(e.path).absolutePath() == dir &&
                !m_watcher.files().contains(e.path) && QFileInfo::exists(e.path))
                onFileChanged(e.path);
    });
    connect(&m_settle, &QTimer::timeout, this, [this] {
        const QSet<QString> changed = std::exchange(m_changed, {});
        for (const QString& path : changed)
            for (const Entry& e : m_entries)
                if (!e.removed && e.path == path) {
                    watch(path);
                    reload(e.index, false);
                    break;
                }
    });
    connect(m_session, &Session::currentScenarioChanged, this, &ScenarioFiles::updateActions);
    updateActions();
}

const ScenarioFiles::Entry* ScenarioFiles::entry(int index) const {
    for (const Entry& e : m_entries)
        if (e.index == index && !e.removed) return &e;
    return nullptr;
}

ScenarioFiles::Entry* ScenarioFiles::entry(int index) {
    return const_cast<Entry*>(std::as_const(*this).entry(index));
}

QString ScenarioFiles::path(int index) const {
    const Entry* e = entry(index);
    return e ? e->path : QString();
}

QString ScenarioFiles::error(int index) const {
    const Entry* e = entry(index);
    return e ? e->error : QString();
}

QStringList ScenarioFiles::paths() const {
    QStringList out;
    for (const Entry& e : m_entries)
        if (!e.removed) out << e.path;
    return out;
}

Scenario ScenarioFiles::load(const QString& path, QString* error) {
    try {
        Scenario s = loadScenarioFile(QFile::encodeName(path).toStdString());
        error->clear();
        return s;
    } catch (const std::exception& e) {
        // ScenarioError names the place and the problem; anything else (out of memory on an
        // absurd file, say) is reported the same way rather than taking the app down.
        *error = QString::fromStdString(e.what());
    }
    Scenario standIn;
    const QFileInfo info(path);
    standIn.id = info.completeBaseName().toStdString();
    standIn.title = info.fileName().toStdString();
    standIn.origin = path.toStdString();
    return standIn;
}

void ScenarioFiles::restore() {
    const QStringList remembered = QSettings().value(kSettingsKey).toStringList();
    for (const QString& path : remembered)
        if (!path.isEmpty()) open(path, false);
}

int ScenarioFiles::open(const QString& given, bool interactive) {
    if (given.isEmpty()) return -1;
    const QString path = QFileInfo(given).absoluteFilePath();
    for (const Entry& e : m_entries)
        if (!e.removed && e.path == path) {
            // Opened again: it is read anew and shown.
            const int index = e.index;
            reload(index, interactive);
            m_session->setCurrentIndex(index);
            return index;
        }
    QString error;
    Scenario loaded = load(path, &error);
    Entry e;
    e.path = path;
    e.error = error;
    if (error.isEmpty()) e.lastGood = loaded;
    e.index = m_list->append(std::move(loaded), path, error);
    m_entries.push_back(e);
    watch(path);
    remember();
    m_session->setCurrentIndex(e.index); // listed and shown
    emit scenarioAdded(e.index);
    if (!error.isEmpty() && interactive) showError(tr("Cannot open the scenario"), error);
    updateActions();
    return e.index;
}

bool ScenarioFiles::reload(int index, bool interactive) {
    Entry* e = entry(index);
    if (!e) return false;
    QString error;
    Scenario fresh = load(e->path, &error);
    // A save that broke the file keeps the last good version in its place (marked with the
    // error, and not run): its parameters and their values stay in the form meanwhile.
    if (!error.isEmpty() && e->lastGood) fresh = *e->lastGood;
    if (error.isEmpty()) e->lastGood = fresh;
    e->error = error;
    const Scenario* now = m_list->scenario(index);
    const Scenario before = now ? *now : Scenario{};
    m_list->replace(index, std::move(fresh), error); // the session carries the values over
    emit scenarioReloaded(index, before);
    if (!error.isEmpty()) {
        m_lastError = error;
        if (interactive)
            showError(tr("Cannot reload the scenario"), error);
        else
            emit errorShown(error);
    }
    updateActions();
    return error.isEmpty();
}

void ScenarioFiles::remove(int index) {
    Entry* e = entry(index);
    if (!e) return;
    e->removed = true;
    m_watcher.removePath(e->path);
    remember();
    m_list->setListed(index, false); // the session picks another current scenario
    emit scenarioRemoved(index);
    updateActions();
}

ParamValues ScenarioFiles::carryOver(const Scenario& before, const ParamValues& values,
                                     const Scenario& after) {
    ParamValues out = defaultValues(after);
    for (const ParamSpec& p : before.parameters) {
        const auto it = values.find(p.name);
        if (it == values.end() || !after.parameter(p.name)) continue;
        try {
            // Through the text, as --set would take it: the new file's type and range decide.
            setParameter(after, out, p.name, formatParamValue(p, it->second));
        } catch (const ScenarioError&) {
            // No longer valid: the new default stands.
        }
    }
    return out;
}

void ScenarioFiles::openScenario() {
    const QString path = QFileDialog::getOpenFileName(
        m_dialogParent, tr("Open Scenario"), settings::lastFolder(QStringLiteral("scenarios")),
        tr("Scenario files (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("scenarios"), QFileInfo(path).absolutePath());
    open(path, true);
}

void ScenarioFiles::reloadCurrent() {
    reload(m_session->currentIndex(), true);
}

void ScenarioFiles::removeCurrent() {
    remove(m_session->currentIndex());
}

void ScenarioFiles::updateActions() {
    const bool user = isUserFile(m_session->currentIndex());
    m_reload->setEnabled(user);
    m_remove->setEnabled(user);
}

void ScenarioFiles::watch(const QString& path) {
    // Only files: a device or a folder given by mistake is not followed.
    if (const QFileInfo info(path); info.exists() && !info.isFile()) return;
    if (QFileInfo::exists(path) && !m_watcher.files().contains(path)) m_watcher.addPath(path);
    const QString dir = QFileInfo(path).absolutePath();
    if (QFileInfo::exists(dir) && !m_watcher.directories().contains(dir)) m_watcher.addPath(dir);
}

void ScenarioFiles::remember() {
    QSettings().setValue(kSettingsKey, paths());
}

void ScenarioFiles::onFileChanged(const QString& path) {
    m_changed.insert(path);
    m_settle.start();
}

void ScenarioFiles::showError(const QString& title, const QString& message) {
    m_lastError = message;
    auto* box =
        new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setInformativeText(tr("The file stays in the scenario list, marked, so you can fix it: "
                               "it is loaded again when you save it."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit errorShown(message);
}

} // namespace tl::ui
