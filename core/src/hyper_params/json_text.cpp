#include "nip/core/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <boost/json.hpp>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace json = boost::json;

namespace {

void append_double(std::string& out, double number) {
    // JSON has no infinity or NaN; null keeps the file readable by every JSON reader.
    if (!std::isfinite(number)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    out += text;
    // "1" would read back as an integer and change the key's type; "1.0" stays a double.
    if (text.find_first_of(".e") == std::string_view::npos) {
        out += ".0";
    }
}

void start_line(std::string& out, bool indent, int depth) {
    if (indent) {
        out += '\n';
        out.append(static_cast<std::size_t>(2 * depth), ' ');
    }
}

void append_value(std::string& out, const json::value& v, bool indent, int depth) {
    switch (v.kind()) {
    case json::kind::object: {
        const json::object& object = v.get_object();
        if (object.empty()) {
            out += "{}";
            return;
        }
        std::vector<const json::key_value_pair*> entries;
        for (const json::key_value_pair& entry : object) {
            entries.push_back(&entry);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto* a, const auto* b) { return a->key() < b->key(); });
        out += '{';
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            start_line(out, indent, depth + 1);
            out += json::serialize(entries[i]->key());
            out += indent ? ": " : ":";
            append_value(out, entries[i]->value(), indent, depth + 1);
        }
        start_line(out, indent, depth);
        out += '}';
        return;
    }
    case json::kind::array: {
        const json::array& array = v.get_array();
        if (array.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < array.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            start_line(out, indent, depth + 1);
            append_value(out, array[i], indent, depth + 1);
        }
        start_line(out, indent, depth);
        out += ']';
        return;
    }
    case json::kind::double_:
        append_double(out, v.get_double());
        return;
    default:
        out += json::serialize(v);
        return;
    }
}

// Boost.JSON reports what went wrong but not where. Feeding the text again one byte at a
// time makes the parser fail on the byte that broke it; this runs only after a failure.
std::size_t error_offset(std::string_view text) {
    json::stream_parser parser;
    json::error_code error;
    for (std::size_t offset = 0; offset < text.size(); ++offset) {
        parser.write(text.data() + offset, 1, error);
        if (error) {
            return offset;
        }
    }
    return text.size();
}

std::string position_of(std::string_view text, std::size_t offset) {
    const std::string_view before = text.substr(0, offset);
    const std::size_t line =
        1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t line_start = before.rfind('\n');
    const std::size_t column =
        1 + (line_start == std::string_view::npos ? offset : offset - line_start - 1);
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

std::string to_sorted_json(const json::value& v, bool indent) {
    std::string out;
    append_value(out, v, indent, 0);
    if (indent) {
        out += '\n';
    }
    return out;
}

json::value parse_json_text(std::string_view text, const std::string& where) {
    json::stream_parser parser;
    json::error_code error;
    parser.write(text.data(), text.size(), error);
    if (!error) {
        parser.finish(error);
    }
    if (error) {
        throw UsageError(where + ": not valid JSON at " + position_of(text, error_offset(text)) +
                         ": " + error.message());
    }
    return parser.release();
}

} // namespace nip::core
