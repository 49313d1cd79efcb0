// SHA-256 digests (OpenSSL), as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nip::core {

std::string sha256_hex(std::string_view data);
// Streams the file; throws IoError if it cannot be read.
std::string sha256_file(const std::filesystem::path& path);

} // namespace nip::core
