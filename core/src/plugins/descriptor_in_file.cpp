#include "descriptor_in_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <elf.h>

#include "nip/core/errors.hpp"

namespace nip::core::detail {
namespace {

// The relocation types that put an address into a pointer of a shared library: relative
// to the load address, or the address of a symbol (which, for a symbol the file defines,
// is its value plus the load address). Load address 0 is used throughout: only offsets
// within the file matter here.
#if defined(__x86_64__)
constexpr std::uint32_t relative_type = R_X86_64_RELATIVE;
const std::set<std::uint32_t> symbol_types{R_X86_64_64, R_X86_64_GLOB_DAT};
#elif defined(__aarch64__)
constexpr std::uint32_t relative_type = R_AARCH64_RELATIVE;
const std::set<std::uint32_t> symbol_types{R_AARCH64_ABS64, R_AARCH64_GLOB_DAT};
#elif defined(__riscv)
constexpr std::uint32_t relative_type = R_RISCV_RELATIVE;
const std::set<std::uint32_t> symbol_types{R_RISCV_64};
#elif defined(__powerpc64__)
constexpr std::uint32_t relative_type = R_PPC64_RELATIVE;
const std::set<std::uint32_t> symbol_types{R_PPC64_ADDR64, R_PPC64_GLOB_DAT};
#elif defined(__s390x__)
constexpr std::uint32_t relative_type = R_390_RELATIVE;
const std::set<std::uint32_t> symbol_types{R_390_64, R_390_GLOB_DAT};
#else
#error "descriptor_in_file.cpp: add this machine's relocation types"
#endif

// Packed relative relocations (-z pack-relative-relocs); older elf.h lacks the name.
constexpr std::uint32_t section_type_relr = 19;

int placeholder_create(const nip::sdk::TrainerArgs*, void**, nip_error*) {
    return 1;
}
int placeholder_call(void*, nip_error*) {
    return 1;
}
int placeholder_total(void*, std::int64_t*, nip_error*) {
    return 1;
}
void placeholder_destroy(void*) {}
int placeholder_validate(const nip::sdk::HyperParams*, nip_error*) {
    return 1;
}

} // namespace

struct DescriptorInFile::Image {
    std::filesystem::path file;
    std::string bytes;
    std::vector<Elf64_Phdr> loads;
    std::vector<Elf64_Shdr> sections;
    std::uint64_t address = 0;                         // of the descriptor
    std::uint64_t size = 0;                            // bytes of it read
    std::map<std::uint64_t, std::uint64_t> pointer_at; // relocated pointers, by address
    std::set<std::uint64_t> outside;                   // relocated to another library

    [[noreturn]] void damaged() const {
        throw PluginError("Not a plugin: '" + file.string() +
                          "' is not a readable ELF shared library (truncated or damaged?)");
    }

    template <class T> T at(std::uint64_t offset) const {
        if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
            damaged();
        }
        T value;
        std::memcpy(&value, bytes.data() + offset, sizeof(T));
        return value;
    }

    template <class T> std::vector<T> table(std::uint64_t offset, std::uint64_t count) const {
        std::vector<T> entries;
        for (std::uint64_t i = 0; i < count; ++i) {
            entries.push_back(at<T>(offset + i * sizeof(T)));
        }
        return entries;
    }

    // Where `address` lies in the file, and how many file bytes follow it in its segment.
    std::optional<std::pair<std::uint64_t, std::uint64_t>> in_file(std::uint64_t address) const {
        for (const auto& load : loads) {
            if (address >= load.p_vaddr && address - load.p_vaddr < load.p_filesz) {
                const auto offset = load.p_offset + (address - load.p_vaddr);
                const auto rest = load.p_filesz - (address - load.p_vaddr);
                if (offset >= bytes.size()) {
                    return std::nullopt;
                }
                return std::pair{offset, std::min<std::uint64_t>(rest, bytes.size() - offset)};
            }
        }
        return std::nullopt;
    }

    std::string c_string(std::uint64_t offset, std::uint64_t limit) const {
        const char* start = bytes.data() + offset;
        const auto* end = static_cast<const char*>(std::memchr(start, '\0', limit));
        if (end == nullptr) {
            damaged();
        }
        return std::string(start, end);
    }

    void load(const std::filesystem::path& path) {
        file = path;
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) {
            damaged();
        }
        const auto header = at<Elf64_Ehdr>(0);
        if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_shentsize != sizeof(Elf64_Shdr)) {
            damaged();
        }
        for (const auto& segment : table<Elf64_Phdr>(header.e_phoff, header.e_phnum)) {
            if (segment.p_type == PT_LOAD) {
                loads.push_back(segment);
            }
        }
        sections = table<Elf64_Shdr>(header.e_shoff, header.e_shnum);
    }

    const Elf64_Shdr& section(std::uint64_t index) const {
        if (index >= sections.size()) {
            damaged();
        }
        return sections[index];
    }

    std::vector<Elf64_Sym> symbols(const Elf64_Shdr& symbol_table) const {
        return table<Elf64_Sym>(symbol_table.sh_offset, symbol_table.sh_size / sizeof(Elf64_Sym));
    }

    // The exported nip_plugin, as the dynamic loader's dlsym would find it.
    std::optional<Elf64_Sym> descriptor_symbol() const {
        for (const auto& symbol_table : sections) {
            if (symbol_table.sh_type != SHT_DYNSYM) {
                continue;
            }
            const auto& names = section(symbol_table.sh_link);
            for (const auto& symbol : symbols(symbol_table)) {
                if (symbol.st_shndx == SHN_UNDEF || symbol.st_name >= names.sh_size) {
                    continue;
                }
                if (c_string(names.sh_offset + symbol.st_name, names.sh_size - symbol.st_name) ==
                    NIP_PLUGIN_SYMBOL) {
                    return symbol;
                }
            }
        }
        return std::nullopt;
    }

    bool in_descriptor(std::uint64_t where) const {
        return where >= address && where - address < size;
    }

    void relocate(std::uint64_t where, std::uint32_t type, std::uint64_t symbol_index,
                  std::uint64_t addend, const Elf64_Shdr& relocations) {
        if (!in_descriptor(where)) {
            return;
        }
        if (type == relative_type) {
            pointer_at[where] = addend;
            return;
        }
        if (symbol_types.count(type) > 0) {
            const auto& symbol_table = section(relocations.sh_link);
            const auto symbol =
                at<Elf64_Sym>(symbol_table.sh_offset + symbol_index * sizeof(Elf64_Sym));
            if (symbol.st_shndx != SHN_UNDEF) {
                pointer_at[where] = symbol.st_value + addend;
                return;
            }
        }
        outside.insert(where); // another library's symbol, or a type not read here
    }

    // The value stored at `where` (the implicit addend of REL and RELR relocations).
    std::uint64_t stored(std::uint64_t where) const {
        const auto place = in_file(where);
        if (!place || place->second < sizeof(std::uint64_t)) {
            damaged();
        }
        return at<std::uint64_t>(place->first);
    }

    void read_relocations() {
        for (const auto& relocations : sections) {
            if (relocations.sh_type == SHT_RELA) {
                for (const auto& r : table<Elf64_Rela>(relocations.sh_offset,
                                                       relocations.sh_size / sizeof(Elf64_Rela))) {
                    relocate(r.r_offset, ELF64_R_TYPE(r.r_info), ELF64_R_SYM(r.r_info),
                             static_cast<std::uint64_t>(r.r_addend), relocations);
                }
            } else if (relocations.sh_type == SHT_REL) {
                for (const auto& r : table<Elf64_Rel>(relocations.sh_offset,
                                                      relocations.sh_size / sizeof(Elf64_Rel))) {
                    if (in_descriptor(r.r_offset)) {
                        relocate(r.r_offset, ELF64_R_TYPE(r.r_info), ELF64_R_SYM(r.r_info),
                                 stored(r.r_offset), relocations);
                    }
                }
            } else if (relocations.sh_type == section_type_relr) {
                read_packed_relocations(relocations);
            }
        }
    }

    // RELR: an even entry is an address to relocate (and the start of the run that
    // follows); an odd entry is a bitmap of the next 63 words after the run so far.
    void read_packed_relocations(const Elf64_Shdr& relocations) {
        std::uint64_t next = 0;
        for (auto entry : table<std::uint64_t>(relocations.sh_offset,
                                               relocations.sh_size / sizeof(std::uint64_t))) {
            if ((entry & 1U) == 0) {
                if (in_descriptor(entry)) {
                    pointer_at[entry] = stored(entry);
                }
                next = entry + sizeof(std::uint64_t);
                continue;
            }
            for (std::uint64_t word = 0; (entry >>= 1U) != 0; ++word) {
                const auto where = next + word * sizeof(std::uint64_t);
                if ((entry & 1U) != 0 && in_descriptor(where)) {
                    pointer_at[where] = stored(where);
                }
            }
            next += 63 * sizeof(std::uint64_t);
        }
    }
};

DescriptorInFile::DescriptorInFile(std::unique_ptr<Image> image) : image_(std::move(image)) {}
DescriptorInFile::~DescriptorInFile() = default;

std::unique_ptr<DescriptorInFile> DescriptorInFile::read(const std::filesystem::path& file) {
    auto image = std::make_unique<Image>();
    image->load(file);
    const auto symbol = image->descriptor_symbol();
    if (!symbol) {
        throw PluginError("Not a plugin: '" + file.string() +
                          "' exports no " NIP_PLUGIN_SYMBOL
                          " descriptor (build it with NIP_REGISTER_TRAINER)");
    }
    image->address = symbol->st_value;
    image->size = std::min<std::uint64_t>(symbol->st_size, sizeof(nip_plugin_descriptor));
    const auto place = image->in_file(image->address);
    constexpr std::uint64_t abi_fields = offsetof(nip_plugin_descriptor, descriptor_size) +
                                         sizeof(nip_plugin_descriptor::descriptor_size);
    if (!place || image->size < abi_fields || place->second < image->size) {
        throw PluginError("Not a plugin: '" + file.string() +
                          "' exports a " NIP_PLUGIN_SYMBOL " of " +
                          std::to_string(symbol->st_size) +
                          " bytes that is no descriptor (build it with NIP_REGISTER_TRAINER)");
    }
    image->read_relocations();

    std::unique_ptr<DescriptorInFile> read(new DescriptorInFile(std::move(image)));
    // Only the ABI fields for now; the rest is copied by resolve().
    std::memcpy(&read->descriptor_, read->image_->bytes.data() + place->first, abi_fields);
    return read;
}

void DescriptorInFile::resolve() {
    const auto& image = *image_;
    const auto place = image.in_file(image.address);
    std::memcpy(&descriptor_, image.bytes.data() + place->first, image.size);

    // The value a pointer field holds once loaded (load address 0), or nullopt when it
    // points into another library.
    const auto pointer = [&](std::size_t offset) -> std::optional<std::uint64_t> {
        const auto where = image.address + offset;
        if (image.outside.count(where) > 0) {
            return std::nullopt;
        }
        if (const auto found = image.pointer_at.find(where); found != image.pointer_at.end()) {
            return found->second;
        }
        std::uint64_t raw = 0;
        std::memcpy(&raw, reinterpret_cast<const char*>(&descriptor_) + offset, sizeof raw);
        return raw;
    };
    const auto in_range = [&](std::size_t offset) { return offset + sizeof(void*) <= image.size; };

    const auto string_field = [&](const char*& field, std::size_t offset, const char* what) {
        field = nullptr;
        if (!in_range(offset)) {
            return;
        }
        const auto address = pointer(offset);
        if (address && *address == 0) {
            return;
        }
        const auto place = address ? image.in_file(*address) : std::nullopt;
        if (!place) {
            throw PluginError("Not a plugin: '" + image.file.string() + "': its descriptor's " +
                              what +
                              " is not a string in the file (build it with "
                              "NIP_REGISTER_TRAINER)");
        }
        field = strings_.emplace_back(image.c_string(place->first, place->second)).c_str();
    };
    string_field(descriptor_.sdk_headers_hash, offsetof(nip_plugin_descriptor, sdk_headers_hash),
                 "SDK headers hash");
    string_field(descriptor_.torch_version, offsetof(nip_plugin_descriptor, torch_version),
                 "libtorch version");
    string_field(descriptor_.compiler, offsetof(nip_plugin_descriptor, compiler), "compiler");
    string_field(descriptor_.name, offsetof(nip_plugin_descriptor, name), "name");
    string_field(descriptor_.summary, offsetof(nip_plugin_descriptor, summary), "summary");
    string_field(descriptor_.version, offsetof(nip_plugin_descriptor, version), "version");
    string_field(descriptor_.default_hyper_params_json,
                 offsetof(nip_plugin_descriptor, default_hyper_params_json),
                 "default hyper-parameters");
    string_field(descriptor_.hyper_params_schema_json,
                 offsetof(nip_plugin_descriptor, hyper_params_schema_json),
                 "hyper-parameter schema");

    // An entry point is checked for being set; the placeholders are never called.
    const auto is_set = [&](std::size_t offset) {
        const auto address = in_range(offset) ? pointer(offset) : std::optional<std::uint64_t>(0);
        return !address || *address != 0;
    };
    descriptor_.create =
        is_set(offsetof(nip_plugin_descriptor, create)) ? &placeholder_create : nullptr;
    descriptor_.start =
        is_set(offsetof(nip_plugin_descriptor, start)) ? &placeholder_call : nullptr;
    descriptor_.total_iterations =
        is_set(offsetof(nip_plugin_descriptor, total_iterations)) ? &placeholder_total : nullptr;
    descriptor_.train =
        is_set(offsetof(nip_plugin_descriptor, train)) ? &placeholder_call : nullptr;
    descriptor_.destroy =
        is_set(offsetof(nip_plugin_descriptor, destroy)) ? &placeholder_destroy : nullptr;
    descriptor_.validate =
        is_set(offsetof(nip_plugin_descriptor, validate)) ? &placeholder_validate : nullptr;
}

} // namespace nip::core::detail
