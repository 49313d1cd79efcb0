// A plugin's descriptor read from its file, without loading the library: none of the
// plugin's code runs (no static initialiser, no constructor), so a file that would crash
// or end the process when loaded can still be named, listed and checked.
//
// The descriptor is a constant object, so its bytes are in the file; its pointers are
// filled in by the dynamic loader from relocations, which are in the file too. Reading
// it means: find `nip_plugin` in the dynamic symbol table, copy its bytes from the
// segment that holds them, and resolve each pointer field the way the loader would
// (relative relocations, and absolute ones against symbols the file defines).
#pragma once

#include <deque>
#include <filesystem>
#include <memory>
#include <string>

#include "nip/sdk/abi.hpp"

namespace nip::core::detail {

class DescriptorInFile {
public:
    // The ABI fields (abi_major, abi_minor, descriptor_size) are read; nothing else is
    // trusted until check_abi() accepted them and resolve() ran. Throws PluginError if the
    // file exports no descriptor or its tables cannot be read.
    static std::unique_ptr<DescriptorInFile> read(const std::filesystem::path& file);

    // Fills the string fields from the file, and each entry point with a placeholder
    // that is never called (only whether it is set matters before loading). Throws
    // PluginError if a field points at no string in the file.
    void resolve();

    // Its strings are owned by this object.
    const nip_plugin_descriptor& descriptor() const { return descriptor_; }

    DescriptorInFile(const DescriptorInFile&) = delete;
    DescriptorInFile& operator=(const DescriptorInFile&) = delete;
    ~DescriptorInFile();

private:
    struct Image;
    explicit DescriptorInFile(std::unique_ptr<Image> image);

    std::unique_ptr<Image> image_;
    nip_plugin_descriptor descriptor_{};
    std::deque<std::string> strings_; // a deque, so that pointers into it stay valid
};

} // namespace nip::core::detail
