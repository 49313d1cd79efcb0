// Which checkpoints a run may resume from: versions as semantic versioning reads them
// (MAJOR must match; while MAJOR is 0, MINOR too), and the same hyper-parameters.
#define BOOST_TEST_MODULE resume_checks
#include <boost/test/unit_test.hpp>

#include "nip/core/errors.hpp"
#include "resume_checks.hpp"

namespace {

struct SilentLogger final : nip::sdk::Logger {
    std::vector<std::string> lines;
    void log(nip::sdk::LogLevel, std::string_view message) override { lines.emplace_back(message); }
};

nip::core::CheckpointInfo saved_with(const std::string& plugin_version) {
    nip::core::CheckpointInfo info;
    info.directory = "runs/x/checkpoints/iter-5";
    info.iteration = 5;
    info.metadata = {"nip-cpp", "0.1.0", "abc", "ppo_trainer", plugin_version};
    info.hyper_params_json = R"({"rl":{"lr":0.001}})";
    return info;
}

// Whether resuming with plugin version `now` from a checkpoint of `saved` goes ahead.
bool resumes(const std::string& saved, const std::string& now, SilentLogger& logger) {
    const nip::sdk::Metadata current{"nip-cpp", "0.1.0", "def", "ppo_trainer", now};
    const boost::json::object params{{"rl", boost::json::object{{"lr", 0.001}}}};
    try {
        nip::core::check_resume_compatible(saved_with(saved), current, params, false, logger);
        return true;
    } catch (const nip::core::CheckpointError& error) {
        logger.lines.emplace_back(error.what());
        return false;
    }
}

// Same versions, these hyper-parameters now, no defaults given.
bool resumes_with_params(const boost::json::object& params, SilentLogger& logger) {
    const nip::sdk::Metadata current{"nip-cpp", "0.1.0", "def", "ppo_trainer", "1.0.0"};
    try {
        nip::core::check_resume_compatible(saved_with("1.0.0"), current, params, false, logger);
        return true;
    } catch (const nip::core::CheckpointError& error) {
        logger.lines.emplace_back(error.what());
        return false;
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(patch_and_minor_differences_of_a_1_x_version_resume) {
    SilentLogger logger;
    BOOST_TEST(resumes("1.2.0", "1.2.3", logger));
    BOOST_TEST(resumes("1.2.0", "1.4.0", logger));
    BOOST_TEST(logger.lines.back().find("(compatible)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_major_difference_is_refused) {
    SilentLogger logger;
    BOOST_TEST(!resumes("1.2.0", "2.0.0", logger));
    BOOST_TEST(logger.lines.back().find("MAJOR differs") != std::string::npos);
    BOOST_TEST(!resumes("0.9.0", "1.0.0", logger));
}

BOOST_AUTO_TEST_CASE(while_major_is_0_a_minor_difference_is_refused_and_a_patch_resumes) {
    SilentLogger logger;
    BOOST_TEST(!resumes("0.2.0", "0.3.0", logger));
    BOOST_TEST(logger.lines.back().find("MINOR of a 0.x version differs") != std::string::npos);
    BOOST_TEST(logger.lines.back().find("--force") != std::string::npos);
    BOOST_TEST(resumes("0.2.0", "0.2.1", logger));
}

// A key a later version added, at its default, changes nothing the run did: the run
// resumes and says so. A changed value, a removed key or a new key away from its default
// is still refused.
BOOST_AUTO_TEST_CASE(keys_added_at_their_defaults_resume_with_a_note) {
    const nip::sdk::Metadata current{"nip-cpp", "0.1.0", "def", "ppo_trainer", "1.0.0"};
    const auto parse = [](const char* text) { return boost::json::parse(text).as_object(); };
    const auto defaults =
        parse(R"({"rl":{"lr":0.001},"protocol":{"debate":{"sequential":false}}})");
    const auto check = [&](const boost::json::object& params, SilentLogger& logger) {
        try {
            nip::core::check_resume_compatible(saved_with("1.0.0"), current, params, false, logger,
                                               defaults);
            return true;
        } catch (const nip::core::CheckpointError& error) {
            logger.lines.emplace_back(error.what());
            return false;
        }
    };
    SilentLogger logger;
    BOOST_TEST(check(defaults, logger));
    BOOST_TEST(logger.lines.back().find("added, at their defaults (the checkpoint predates "
                                        "them): protocol.debate.sequential") != std::string::npos);

    SilentLogger away;
    BOOST_TEST(
        !check(parse(R"({"rl":{"lr":0.001},"protocol":{"debate":{"sequential":true}}})"), away));
    BOOST_TEST(away.lines.back().find("protocol.debate.sequential: added") != std::string::npos);

    SilentLogger changed;
    BOOST_TEST(
        !check(parse(R"({"rl":{"lr":0.01},"protocol":{"debate":{"sequential":false}}})"), changed));
    BOOST_TEST(changed.lines.back().find("rl.lr: 0.001 -> 0.01") != std::string::npos);

    // Without defaults (an older caller), an added key is a difference as before.
    SilentLogger strict;
    BOOST_TEST(!resumes_with_params(defaults, strict));
}
