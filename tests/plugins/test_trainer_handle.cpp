// Driving a trainer through its plugin: creation, the three calls, failures reported with
// the plugin's name, and destruction by the plugin's own destroy.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>

#include "fakes.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/plugin_registry.hpp"
#include "test_support.hpp"

using nip::core::ExitCode;
using nip::core::PluginRegistry;
using nip_test::fixture_dir;

namespace {

std::shared_ptr<nip::core::LoadedPlugin> load(const std::string& name) {
    PluginRegistry registry({fixture_dir(name)}, "", {});
    return registry.find(name);
}

long destroyed_count(const nip_test::RecordingLogger& logger) {
    return std::count(logger.lines.begin(), logger.lines.end(), "counting trainer destroyed");
}

// Checks that `call` throws nip::core::Error with `code` and exactly `message`.
template <class F> void require_error(F&& call, ExitCode code, const std::string& message) {
    try {
        call();
        BOOST_FAIL("no error was raised; expected: " << message);
    } catch (const nip::core::Error& e) {
        BOOST_TEST(e.what() == message);
        BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(code));
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(valid_plugin_trains_and_is_destroyed_by_its_plugin) {
    nip_test::FakeHost host;
    auto plugin = load("valid"); // the registry is gone: the plugin must keep itself loaded
    {
        auto args = host.args();
        auto trainer = nip::core::create_trainer(plugin, args);
        BOOST_TEST(trainer.plugin_info().name == "valid");
        BOOST_TEST(host.progress.declared.size() == 1u);
        BOOST_TEST(host.progress.declared.at(0).first == "train");

        trainer.start();
        BOOST_TEST(trainer.total_iterations() == 3);
        trainer.train();
        BOOST_TEST(host.progress.steps == 3);
        BOOST_TEST(host.progress.ended == 1);
        BOOST_TEST(destroyed_count(host.logger) == 0);
    }
    BOOST_TEST(destroyed_count(host.logger) == 1);
}

BOOST_AUTO_TEST_CASE(moved_trainer_is_destroyed_once) {
    nip_test::FakeHost host;
    auto args = host.args();
    {
        auto first = nip::core::create_trainer(load("valid"), args);
        auto second = std::move(first);
        auto third = nip::core::create_trainer(load("valid"), args);
        third = std::move(second); // destroys third's own trainer
        BOOST_TEST(destroyed_count(host.logger) == 1);
    }
    BOOST_TEST(destroyed_count(host.logger) == 2);
}

BOOST_AUTO_TEST_CASE(factory_that_throws_is_reported_with_the_plugin_name) {
    nip_test::FakeHost host;
    auto args = host.args();
    require_error([&] { nip::core::create_trainer(load("factory_throws"), args); },
                  ExitCode::plugin,
                  "Plugin 'factory_throws' failed in create(): bad config for factory");

    // The failure stayed inside the plugin: the process goes on and can still train.
    auto trainer = nip::core::create_trainer(load("valid"), args);
    trainer.start();
    BOOST_CHECK_NO_THROW(trainer.train());
}

BOOST_AUTO_TEST_CASE(train_that_throws_is_a_training_failure_with_its_message) {
    nip_test::FakeHost host;
    auto args = host.args();
    {
        auto trainer = nip::core::create_trainer(load("train_throws"), args);
        trainer.start();
        BOOST_TEST(trainer.total_iterations() == 3);
        require_error([&] { trainer.train(); }, ExitCode::training_failed,
                      "Plugin 'train_throws' failed in train(): loss became NaN at iteration 2");
    }
    BOOST_TEST(destroyed_count(host.logger) == 1);
}

// Running out of memory is said in words, as a training failure (exit 1): std::bad_alloc,
// and libtorch's own allocator failing.
BOOST_AUTO_TEST_CASE(out_of_memory_in_train_is_reported_as_such) {
    const std::pair<std::string, std::string> cases[] = {
        {"bad_alloc", "out of memory: an allocation failed"}, {"torch_oom", "out of memory: "}};
    for (const auto& [mode, words] : cases) {
        ::setenv("NIP_FIXTURE_CRASH", mode.c_str(), 1);
        nip_test::FakeHost host;
        auto args = host.args();
        auto trainer = nip::core::create_trainer(load("train_crash"), args);
        trainer.start();
        try {
            trainer.train();
            BOOST_FAIL("train() did not fail");
        } catch (const nip::core::Error& e) {
            BOOST_TEST(
                std::string(e.what()).find("Plugin 'train_crash' failed in train(): " + words) == 0,
                e.what());
            // libtorch's own words follow, its first line only (no stack trace).
            BOOST_TEST(std::string(e.what()).find("\n") == std::string::npos, e.what());
            BOOST_TEST(static_cast<int>(e.code()) == static_cast<int>(ExitCode::training_failed));
        }
    }
    ::unsetenv("NIP_FIXTURE_CRASH");
}
