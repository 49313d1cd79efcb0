#include "nip/core/state_codec.hpp"

#include <boost/json.hpp>
#include <torch/serialize.h>

#include "nip/core/errors.hpp"
#include "nip/core/json_text.hpp"

namespace nip::core {
namespace json = boost::json;
namespace {

// Appends the blob's tensors to `tensors` and describes the blob (its JSON and the
// names of its tensors, in the order they were appended).
json::object encode_blob(const sdk::StateBlob& blob, const std::string& owner,
                         std::vector<at::Tensor>& tensors) {
    json::object out;
    out["json"] = parse_json_text(blob.json, "state of " + owner);
    json::array names;
    for (const auto& [name, tensor] : blob.tensors) {
        if (!tensor.defined()) {
            throw std::invalid_argument("State of " + owner + ": tensor '" + name +
                                        "' is undefined; only defined tensors can be saved");
        }
        names.emplace_back(name);
        tensors.push_back(tensor.detach().cpu().contiguous());
    }
    out["tensors"] = std::move(names);
    return out;
}

sdk::StateBlob decode_blob(const json::value& described, const std::vector<at::Tensor>& tensors,
                           std::size_t& next, const std::string& where) {
    sdk::StateBlob blob;
    const auto& object = described.as_object();
    blob.json = to_sorted_json(object.at("json"), false);
    for (const auto& name : object.at("tensors").as_array()) {
        if (next >= tensors.size()) {
            throw CheckpointError(where + ": state.json names more tensors than the tensors file "
                                          "holds; the checkpoint is damaged");
        }
        blob.tensors.emplace(std::string(name.as_string()), tensors[next++]);
    }
    return blob;
}

} // namespace

EncodedState encode_state(const sdk::State& state) {
    std::vector<at::Tensor> tensors;
    json::object document;
    document["iteration"] = state.iteration;
    json::object agents;
    for (const auto& [name, agent] : state.agents) {
        agents[name] = encode_blob(agent, "agent '" + name + "'", tensors);
    }
    document["agents"] = std::move(agents);
    document["trainer"] = encode_blob(state.trainer, "the trainer", tensors);
    document["num_tensors"] = tensors.size();

    EncodedState encoded;
    encoded.state_json = to_sorted_json(document, true);
    encoded.tensors = torch::pickle_save(c10::IValue(c10::List<at::Tensor>(tensors)));
    return encoded;
}

sdk::State decode_state(const std::string& state_json, const std::vector<char>& tensor_bytes,
                        const std::string& where) {
    try {
        auto document = parse_json_text(state_json, where + " state.json").as_object();
        auto tensors = torch::pickle_load(tensor_bytes).toTensorVector();
        if (static_cast<std::int64_t>(tensors.size()) !=
            document.at("num_tensors").to_number<std::int64_t>()) {
            throw CheckpointError(where + ": the tensors file holds " +
                                  std::to_string(tensors.size()) +
                                  " tensors, state.json expects a different number; the "
                                  "checkpoint is damaged");
        }
        sdk::State state;
        state.iteration = document.at("iteration").to_number<std::int64_t>();
        std::size_t next = 0;
        for (const auto& [name, agent] : document.at("agents").as_object()) {
            state.agents.emplace(std::string(name), decode_blob(agent, tensors, next, where));
        }
        state.trainer = decode_blob(document.at("trainer"), tensors, next, where);
        return state;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw CheckpointError(where + ": cannot decode the saved state (" + e.what() +
                              "); the checkpoint is damaged or from an incompatible version");
    }
}

} // namespace nip::core
