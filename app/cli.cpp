#include "cli.h"

namespace tl::cli {
int main(int, char**) {
    return -1;
}
} // namespace tl::cli
