#pragma once
// The headless command line: threadlens list | run | render | help.

namespace tl::cli {

// Returns the exit code, or -1 when the arguments are not a command (start the app).
int main(int argc, char** argv);

} // namespace tl::cli
