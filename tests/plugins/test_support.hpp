// Where the fixture plugins were built (one directory each, see CMakeLists.txt), scratch
// directories for files a test writes itself, and checks on messages.
#pragma once

#include <filesystem>
#include <string>

namespace nip_test {

inline std::filesystem::path fixture_dir(const std::string& name) {
    return std::filesystem::path(NIP_FIXTURE_PLUGINS_DIR) / name;
}

// The fixture built as <dir>/<file_stem>.so.
inline std::filesystem::path fixture_file(const std::string& dir, const std::string& file_stem) {
    return fixture_dir(dir) / (file_stem + ".so");
}

// An empty directory of its own for one test.
inline std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::path(NIP_TEST_BINARY_DIR) / "scratch" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace nip_test
