// Read access to the experiment's hyper-parameters, implemented by the host.
//
// The document is JSON; keys are addressed by dotted paths ("rl.num_iterations"). By the
// time a trainer sees it, it has been merged with every default and validated, so a
// missing key or a wrong type here is a bug in the plugin's defaults, reported as such.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nip::sdk {

class HyperParams {
public:
    virtual ~HyperParams() = default;

    virtual bool has(const std::string& path) const = 0;
    virtual std::int64_t get_int(const std::string& path) const = 0;
    virtual double get_double(const std::string& path) const = 0; // integers widen
    virtual bool get_bool(const std::string& path) const = 0;
    virtual std::string get_string(const std::string& path) const = 0;
    virtual std::vector<double> get_double_list(const std::string& path) const = 0;
    // The whole document, or the sub-tree at `path`, as JSON text (sorted keys).
    virtual std::string json(const std::string& path = "") const = 0;
};

} // namespace nip::sdk
