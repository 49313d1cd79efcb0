// The binary contract between the host and a trainer plugin.
//
// A plugin exports one symbol, `nip_plugin` (see NIP_PLUGIN_SYMBOL), of type
// nip_plugin_descriptor, a constant object. The host first reads it from the plugin's file
// without loading it (no code of the plugin runs): the first three fields before anything
// else, refusing a plugin whose ABI major differs, whose minor is above its own, or whose
// descriptor is smaller than the layout it expects; only then the build facts, the
// metadata and whether each entry point is set. Only the plugin chosen is then loaded,
// and its descriptor checked again in memory. So the descriptor must be a constant
// initialised with addresses in the plugin itself (NIP_REGISTER_TRAINER makes one).
//
// Rules for changing this file: adding a field at the end is a MINOR bump; any other
// change to the layout, or to the meaning of a field or of the C++ types that cross the
// boundary (everything in nip/sdk/), is a MAJOR bump.
#pragma once

#include <cstddef>
#include <cstdint>

#include <torch/version.h>

#define NIP_SDK_ABI_MAJOR 1
#define NIP_SDK_ABI_MINOR 1
#define NIP_SDK_VERSION "0.1.0"

// The exported symbol's name, as a string for the loader.
#define NIP_PLUGIN_SYMBOL "nip_plugin"

// NIP_SDK_HEADERS_HASH: the hash of the SDK headers' paths and content, generated into
// headers_hash.hpp when the SDK is built and installed with the headers. A plugin records
// it, and the host refuses a plugin whose hash is not its own, even if the versions match.
// nip_add_trainer_plugin recomputes it from the installed headers when a plugin is
// configured and stops if they were edited, so that the recorded hash is that of the
// headers the plugin compiles. (A build that bypasses nip_add_trainer_plugin is not checked.)
#include "nip/sdk/headers_hash.hpp"

// Facts of the build that must match between host and plugin, because C++ objects
// (std::string, torch::Tensor, ...) cross the boundary.
#define NIP_TORCH_VERSION TORCH_VERSION
#if defined(__clang__)
#define NIP_COMPILER_ID "clang-" __clang_version__
#elif defined(__GNUC__)
#define NIP_STRINGIFY_(x) #x
#define NIP_STRINGIFY(x) NIP_STRINGIFY_(x)
// libstdc++'s ABI is stable within a major; a plugin built with g++ 12 works with a host
// built with g++ 12.x.
#define NIP_COMPILER_ID "gcc-" NIP_STRINGIFY(__GNUC__)
#else
#define NIP_COMPILER_ID "unknown"
#endif
#ifdef _GLIBCXX_USE_CXX11_ABI
#define NIP_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define NIP_CXX11_ABI -1
#endif

#if defined(_WIN32)
#define NIP_PLUGIN_EXPORT __declspec(dllexport)
#else
#define NIP_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

namespace nip::sdk {
struct TrainerArgs;
class HyperParams;
} // namespace nip::sdk

extern "C" {

// Which agent parts the core builds for the trainer.
enum nip_trainer_type : std::int32_t {
    NIP_TRAINER_RL = 0,         // bodies with policy (message, decision) and value heads
    NIP_TRAINER_SOLO_AGENT = 1, // bodies with a classification head only
};

// An error crosses the boundary as text in a buffer the host owns, never as an exception
// object made by the plugin (its type info and destructor live in the plugin's code).
struct nip_error {
    char message[2048];
};

struct nip_plugin_descriptor {
    // Read first, before anything else is trusted.
    std::uint32_t abi_major;
    std::uint32_t abi_minor;
    std::uint32_t descriptor_size;

    // Build facts that must match the host's.
    const char* sdk_headers_hash;
    const char* torch_version;
    std::int32_t cxx11_abi;
    const char* compiler;

    // What the plugin is.
    const char* name;
    const char* summary;
    const char* version;
    std::int32_t trainer_type;             // nip_trainer_type
    const char* default_hyper_params_json; // its own keys with their defaults
    const char* hyper_params_schema_json;  // optional ranges/choices per key path, or null

    // Entry points. Each returns 0 on success, or non-zero with `error` filled in.
    // create: makes the trainer (the seed's constructor, without the restore).
    int (*create)(const nip::sdk::TrainerArgs* args, void** trainer, nip_error* error);
    // start: restores the run's latest checkpoint, or initialises a fresh state.
    int (*start)(void* trainer, nip_error* error);
    int (*total_iterations)(void* trainer, std::int64_t* total, nip_error* error);
    int (*train)(void* trainer, nip_error* error);
    // destroy: never throws; must be the plugin's own, as the plugin allocated the trainer.
    void (*destroy)(void* trainer);

    // Since ABI 1.1; may be null. validate: checks the plugin's own rules on the run's
    // hyper-parameters (those its schema cannot state, e.g. one key a multiple of another)
    // before the host creates the run's directory or the trainer; non-zero with `error`
    // saying what is wrong makes the run a usage error (exit 2).
    int (*validate)(const nip::sdk::HyperParams* params, nip_error* error);
};

} // extern "C"
