#pragma once
// A small JSON reader for scenario files: a DOM that remembers where each value stood
// (line and column) so that errors can name the place, and a strict parser whose
// errors do too. Large traces are read elsewhere, with simdjson.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl::json {

struct Location {
    int line = 1;
    int column = 1;
};

class ParseError : public std::runtime_error {
public:
    ParseError(Location where, const std::string& what)
        : std::runtime_error("line " + std::to_string(where.line) + ", column " +
                             std::to_string(where.column) + ": " + what),
          where(where) {}
    Location where;
};

enum class Type { Null, Bool, Number, String, Array, Object };

class Value {
public:
    Type type = Type::Null;
    Location where;
    bool boolean = false;
    double number = 0;
    bool integral = false; // the number was written without fraction or exponent
    std::int64_t integer = 0;
    std::string string;
    std::vector<Value> array;
    std::vector<std::pair<std::string, Value>> members; // in file order

    // Declared here and defaulted below the class: clang instantiates std::pair's
    // constructors eagerly and needs Value complete by then.
    Value();
    Value(const Value&);
    Value(Value&&) noexcept;
    Value& operator=(const Value&);
    Value& operator=(Value&&) noexcept;
    ~Value();

    bool isNull() const { return type == Type::Null; }
    bool isString() const { return type == Type::String; }
    bool isNumber() const { return type == Type::Number; }
    bool isArray() const { return type == Type::Array; }
    bool isObject() const { return type == Type::Object; }
    bool isBool() const { return type == Type::Bool; }
    const Value* find(std::string_view key) const {
        for (const auto& [k, v] : members)
            if (k == key) return &v;
        return nullptr;
    }
};

inline Value::Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

std::string_view typeName(Type t);

struct Limits {
    std::size_t maxBytes = 4 << 20; // a scenario file is small; refuse the absurd
    int maxDepth = 64;
};

// Throws ParseError on malformed text, naming line and column.
Value parse(std::string_view text, const Limits& limits = {});

// Writes s as a JSON string literal (with quotes) to out.
void appendQuoted(std::string& out, std::string_view s);

} // namespace tl::json
