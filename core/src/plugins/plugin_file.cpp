#include "plugin_file.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include <elf.h>

#include "nip/core/errors.hpp"

namespace nip::core::detail {
namespace {

#if defined(__x86_64__)
constexpr std::uint16_t host_machine = EM_X86_64;
#elif defined(__aarch64__)
constexpr std::uint16_t host_machine = EM_AARCH64;
#elif defined(__powerpc64__)
constexpr std::uint16_t host_machine = EM_PPC64;
#elif defined(__riscv)
constexpr std::uint16_t host_machine = EM_RISCV;
#elif defined(__s390x__)
constexpr std::uint16_t host_machine = EM_S390;
#else
constexpr std::uint16_t host_machine = EM_NONE; // not checked
#endif

std::string machine_name(std::uint16_t machine) {
    switch (machine) {
    case EM_X86_64:
        return "x86-64";
    case EM_AARCH64:
        return "aarch64";
    case EM_386:
        return "i386";
    case EM_ARM:
        return "32-bit arm";
    case EM_PPC64:
        return "ppc64";
    case EM_RISCV:
        return "riscv";
    case EM_S390:
        return "s390x";
    default:
        return "ELF machine " + std::to_string(machine);
    }
}

} // namespace

// Reads the ELF header itself, so that a refusal says what is wrong with the file: it
// cannot be read, it is no ELF file, or it is built for another machine or word size.
void check_elf_header(const std::filesystem::path& file) {
    const std::string prefix = "Not a plugin: '" + file.string() + "' ";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw PluginError("Cannot read plugin file '" + file.string() +
                          "': " + std::strerror(errno) + " (check its permissions)");
    }
    std::array<unsigned char, sizeof(Elf64_Ehdr)> header{};
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got < SELFMAG || std::memcmp(header.data(), ELFMAG, SELFMAG) != 0) {
        throw PluginError(prefix + "is not an ELF shared library");
    }
    if (got > EI_CLASS && header[EI_CLASS] != ELFCLASS64) {
        throw PluginError(prefix + "is a 32-bit ELF file; this host loads 64-bit plugins");
    }
    if (got < sizeof(Elf64_Ehdr)) {
        throw PluginError(prefix + "is truncated: it ends inside its ELF header");
    }
    Elf64_Ehdr elf;
    std::memcpy(&elf, header.data(), sizeof elf);
    // Header fields are in the file's byte order; this host's is little-endian where it
    // checks the machine (x86-64, aarch64, riscv), so a big-endian file is foreign anyway.
    if (header[EI_DATA] != ELFDATA2LSB) {
        throw PluginError(prefix + "is a big-endian ELF file, built for another machine");
    }
    if (host_machine != EM_NONE && elf.e_machine != host_machine) {
        throw PluginError(prefix + "is built for " + machine_name(elf.e_machine) +
                          ", this host is " + machine_name(host_machine));
    }
    if (elf.e_type != ET_DYN) {
        throw PluginError(prefix + "is an ELF file but not a shared library (build it as one, "
                                   "e.g. with nip_add_trainer_plugin)");
    }
}

} // namespace nip::core::detail
