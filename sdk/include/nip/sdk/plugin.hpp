// Turning a Trainer class into a plugin: one macro.
//
//   class MyTrainer : public nip::sdk::Trainer {
//   public:
//       static constexpr nip::sdk::PluginInfo info{
//           "my_trainer", "One line on what it does", "1.0.0", NIP_TRAINER_RL,
//           R"({"my": {"lr": 0.001}})"};
//       explicit MyTrainer(const nip::sdk::TrainerArgs& args);
//       void train() override;
//       // Optional: rules the schema cannot state, checked before the run starts (exit 2).
//       static void validate(const nip::sdk::HyperParams& params);
//   };
//   NIP_REGISTER_TRAINER(MyTrainer)
//
// The macro exports the descriptor of abi.hpp and the glue that keeps exceptions inside
// the plugin: each entry point catches everything and hands the host a message.
#pragma once

#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "nip/sdk/abi.hpp"
#include "nip/sdk/trainer.hpp"

namespace nip::sdk {

struct PluginInfo {
    const char* name;
    const char* summary;
    const char* version;
    nip_trainer_type trainer_type;
    const char* default_hyper_params_json; // this trainer's own keys, with defaults
    // Optional: per key path, {"min": x, "max": y, "exclusive_min": bool, "choices": [..]}.
    const char* hyper_params_schema_json = nullptr;
};

namespace detail {

inline void set_error(nip_error* error, const char* what) {
    std::snprintf(error->message, sizeof(error->message), "%s", what);
}

template <class F> int guarded(nip_error* error, F&& body) noexcept {
    try {
        body();
        return 0;
    } catch (const std::bad_alloc& e) {
        // Says so in words: "std::bad_alloc" alone does not tell a user what happened.
        set_error(error, (std::string("out of memory: an allocation failed (") + e.what() +
                          "); use smaller batches or fewer environments, or free memory")
                             .c_str());
    } catch (const std::exception& e) {
        // libtorch's CPU allocator reports a failed allocation in its own words ("can't
        // allocate memory", "not enough memory"), followed by a stack trace: it is named
        // the same way as any other, in its first line.
        const std::string what = e.what();
        const bool memory = what.find("DefaultCPUAllocator") != std::string::npos ||
                            what.find("not enough memory") != std::string::npos;
        set_error(error, memory ? ("out of memory: " + what.substr(0, what.find('\n'))).c_str()
                                : what.c_str());
    } catch (...) {
        set_error(error, "unknown exception (not derived from std::exception)");
    }
    return 1;
}

template <class T> struct Glue {
    static int create(const TrainerArgs* args, void** trainer, nip_error* error) noexcept {
        return guarded(error, [&] { *trainer = static_cast<Trainer*>(new T(*args)); });
    }
    static int start(void* trainer, nip_error* error) noexcept {
        return guarded(error, [&] { static_cast<Trainer*>(trainer)->start(); });
    }
    static int total_iterations(void* trainer, std::int64_t* total, nip_error* error) noexcept {
        return guarded(
            error, [&] { *total = static_cast<Trainer*>(trainer)->get_total_num_iterations(); });
    }
    static int train(void* trainer, nip_error* error) noexcept {
        return guarded(error, [&] { static_cast<Trainer*>(trainer)->train(); });
    }
    // T::validate(params), if T declares it: its own rules on the hyper-parameters, each
    // broken one thrown as an exception whose message says what to change.
    static int validate(const HyperParams* params, nip_error* error) noexcept {
        if constexpr (requires { T::validate(*params); }) {
            return guarded(error, [&] { T::validate(*params); });
        } else {
            return 0;
        }
    }
    static void destroy(void* trainer) noexcept {
        try {
            delete static_cast<Trainer*>(trainer);
        } catch (...) {
            // A destructor that throws has nowhere to report to; the trainer is gone.
        }
    }
};

} // namespace detail
} // namespace nip::sdk

#define NIP_REGISTER_TRAINER(TrainerClass)                                                         \
    extern "C" NIP_PLUGIN_EXPORT const nip_plugin_descriptor nip_plugin{                           \
        NIP_SDK_ABI_MAJOR,                                                                         \
        NIP_SDK_ABI_MINOR,                                                                         \
        sizeof(nip_plugin_descriptor),                                                             \
        NIP_SDK_HEADERS_HASH,                                                                      \
        NIP_TORCH_VERSION,                                                                         \
        NIP_CXX11_ABI,                                                                             \
        NIP_COMPILER_ID,                                                                           \
        TrainerClass::info.name,                                                                   \
        TrainerClass::info.summary,                                                                \
        TrainerClass::info.version,                                                                \
        TrainerClass::info.trainer_type,                                                           \
        TrainerClass::info.default_hyper_params_json,                                              \
        TrainerClass::info.hyper_params_schema_json,                                               \
        &::nip::sdk::detail::Glue<TrainerClass>::create,                                           \
        &::nip::sdk::detail::Glue<TrainerClass>::start,                                            \
        &::nip::sdk::detail::Glue<TrainerClass>::total_iterations,                                 \
        &::nip::sdk::detail::Glue<TrainerClass>::train,                                            \
        &::nip::sdk::detail::Glue<TrainerClass>::destroy,                                          \
        &::nip::sdk::detail::Glue<TrainerClass>::validate};
