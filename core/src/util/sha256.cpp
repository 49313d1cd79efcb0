#include "nip/core/sha256.hpp"

#include <array>
#include <fstream>
#include <memory>

#include <openssl/evp.h>

#include "nip/core/errors.hpp"

namespace nip::core {
namespace {

struct Digest {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
    Digest() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
            throw std::runtime_error("OpenSSL could not initialise SHA-256");
        }
    }
    void update(const void* data, std::size_t size) { EVP_DigestUpdate(ctx.get(), data, size); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(ctx.get(), out.data(), &length);
        static constexpr char digits[] = "0123456789abcdef";
        std::string text;
        for (unsigned int i = 0; i < length; ++i) {
            text += digits[out[i] >> 4];
            text += digits[out[i] & 0xf];
        }
        return text;
    }
};

} // namespace

std::string sha256_hex(std::string_view data) {
    Digest digest;
    digest.update(data.data(), data.size());
    return digest.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw IoError("Cannot read '" + path.string() + "' to compute its digest");
    }
    Digest digest;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        digest.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        throw IoError("Error while reading '" + path.string() + "'");
    }
    return digest.hex();
}

} // namespace nip::core
