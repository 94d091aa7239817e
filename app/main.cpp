// The desktop app and the headless command line, in one binary.
#include "cli.h"
#include "desktop.h"

int main(int argc, char** argv) {
    const int code = tl::cli::main(argc, argv);
    if (code >= 0) return code;
    return tl::ui::runDesktopApp(argc, argv);
}
