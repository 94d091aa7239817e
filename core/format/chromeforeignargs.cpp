// The args of another tool's events, read as small JSON objects with simdjson's DOM parser
// (a counter's series, a metadata event's name or sort index): they are a few bytes each,
// kept as text by the reader and parsed only where a value is needed.
#include "format/chromeforeign.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace tl {

namespace {

simdjson::dom::parser& smallParser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

bool parseObject(std::string_view text, simdjson::dom::object& out) {
    if (text.empty()) return false;
    simdjson::dom::element root;
    if (smallParser().parse(text.data(), text.size(), true).get(root)) return false;
    return root.get_object().get(out) == simdjson::SUCCESS;
}

} // namespace

bool jsonObjectNumbers(std::string_view objectText,
                       std::vector<std::pair<std::string, double>>& out) {
    simdjson::dom::object obj;
    if (!parseObject(objectText, obj)) return false;
    for (const auto field : obj) {
        double v = 0;
        if (field.value.get_double().get(v) == simdjson::SUCCESS) {
            out.emplace_back(std::string(field.key), v);
            continue;
        }
        std::string_view text;
        if (field.value.get_string().get(text) == simdjson::SUCCESS) {
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec == std::errc() && p == text.data() + text.size() && std::isfinite(v))
                out.emplace_back(std::string(field.key), v);
        }
    }
    return true;
}

bool jsonObjectString(std::string_view objectText, std::string_view key, std::string& out) {
    simdjson::dom::object obj;
    std::string_view s;
    if (!parseObject(objectText, obj) || obj[key].get_string().get(s)) return false;
    out = std::string(s);
    return true;
}

bool jsonObjectInteger(std::string_view objectText, std::string_view key, std::int64_t& out) {
    simdjson::dom::object obj;
    if (!parseObject(objectText, obj)) return false;
    const auto v = obj[key];
    if (v.get_int64().get(out) == simdjson::SUCCESS) return true;
    double d = 0;
    if (v.get_double().get(d) || !std::isfinite(d) || std::fabs(d) > 9e18) return false;
    out = std::int64_t(d);
    return true;
}

} // namespace tl
