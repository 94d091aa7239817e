#pragma once
// Small helpers over JSON text for the trace writer and reader: string literals both ways,
// exact microsecond numbers, and the places of the errors that simdjson reports without a
// position.
#include "model/event.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace tl::jsontext {

// s as a JSON string literal, quotes included. Invalid UTF-8 becomes U+FFFD, so that the
// text is always valid JSON; that is idempotent, so a read-back trace writes the same bytes.
std::string quote(std::string_view s);

// "1234.567" -> 1234567 ns with integer arithmetic when it has at most three decimals (ours
// always have exactly three); more decimals round to the nanosecond, an exponent goes
// through a double. Trailing white space is allowed. False when it is not such a number.
bool parseMicroseconds(std::string_view token, Time& ns);

// Decodes the JSON string literal that starts at text[0] (its opening quote) into out;
// false on a bad escape or when the literal does not close.
bool unescapeString(std::string_view text, std::string& out);

// The first string that never closes, raw control character inside a string, or byte of
// invalid UTF-8; offset is npos when there is none.
struct TextProblem {
    std::size_t offset = std::string_view::npos;
    const char* what = "";
};
TextProblem findTextProblem(std::string_view text);

// The bracket structure outside strings: how many arrays and objects are still open at the
// end, and where text follows the closed top-level value (npos when nothing does).
struct Shape {
    std::size_t open = 0;
    std::size_t trailing = std::string_view::npos;
};
Shape shapeOf(std::string_view text);

// For a trace that ends early: where its last complete event ends (just past it, or past
// the "[" of an event array with none), the brackets that close what is open there, and how
// many complete events come before. The event array is the top-level array, or the value of
// the top-level object's "traceEvents". end is npos when no event array was opened.
struct Complete {
    std::size_t end = std::string_view::npos;
    std::string closers;
    std::size_t events = 0;
};
Complete completeEvents(std::string_view text);

} // namespace tl::jsontext
