#include "desktop.h"

namespace tl::ui {

bool writeTimelinePicture(const Trace&, const PictureOptions&, std::string* error) {
    if (error)
        *error = "picture export is not built yet";
    return false;
}

} // namespace tl::ui
