#pragma once
// The desktop app's entry point, for main.cpp: the binary starts it when the command line
// names no command.
namespace tl::ui {

// Starts the desktop app (QApplication and the main window) and returns its exit code.
int runDesktopApp(int argc, char** argv);

} // namespace tl::ui
