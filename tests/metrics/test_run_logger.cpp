#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "nip/core/console.hpp"
#include "nip/core/errors.hpp"
#include "nip/core/run_logger.hpp"

namespace fs = std::filesystem;
using nip::core::Console;
using nip::core::RunLogger;
using nip::sdk::LogLevel;

namespace {

struct LogDir {
    LogDir() {
        path = fs::path(NIP_TEST_BINARY_DIR) / "logger_tmp" /
               boost::unit_test::framework::current_test_case().p_name.get();
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~LogDir() { fs::remove_all(path); }
    fs::path path;
    std::ostringstream out;
    Console console{out, false, [] { return std::size_t{0}; }};
};

std::vector<std::string> lines_in(const fs::path& file) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

const std::regex timestamp_prefix(R"(^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} )");

} // namespace

BOOST_FIXTURE_TEST_SUITE(run_logger, LogDir)

BOOST_AUTO_TEST_CASE(file_lines_carry_time_level_and_message_and_match_the_terminal) {
    fs::path file = path / "run.log";
    RunLogger logger(console, file);
    logger.info("checkpoint saved at iteration 100 {not a format}");
    logger.warning("loss is NaN");
    // Read while the logger is open: each line is flushed as it is logged.
    auto lines = lines_in(file);
    BOOST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(std::regex_search(lines[0], timestamp_prefix));
    BOOST_TEST(lines[0].ends_with(" [info] checkpoint saved at iteration 100 {not a format}"));
    BOOST_TEST(lines[1].ends_with(" [warning] loss is NaN"));
    BOOST_TEST(out.str() == lines[0] + "\n" + lines[1] + "\n");
}

BOOST_AUTO_TEST_CASE(lines_below_the_minimum_level_are_dropped) {
    fs::path file = path / "run.log";
    RunLogger logger(console, file, LogLevel::warning);
    logger.debug("hidden");
    logger.info("hidden too");
    logger.error("shown");
    auto lines = lines_in(file);
    BOOST_REQUIRE(lines.size() == 1u);
    BOOST_TEST(lines[0].ends_with(" [error] shown"));
}

BOOST_AUTO_TEST_CASE(a_file_set_later_gets_the_lines_from_then_on_appended) {
    fs::path file = path / "run.log";
    std::ofstream(file) << "from an earlier process\n";
    RunLogger logger(console, std::nullopt);
    logger.info("before the run directory is known");
    logger.set_file(file);
    logger.info("after");
    auto lines = lines_in(file);
    BOOST_REQUIRE(lines.size() == 2u);
    BOOST_TEST(lines[0] == "from an earlier process");
    BOOST_TEST(lines[1].ends_with(" [info] after"));
    BOOST_TEST(out.str().find("before the run directory is known") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unopenable_log_file_is_an_io_error) {
    // (spdlog makes missing directories itself; a file in the way is what it cannot get past.)
    std::ofstream(path / "not_a_dir") << "";
    BOOST_CHECK_THROW(RunLogger(console, path / "not_a_dir" / "run.log"), nip::core::IoError);
}

BOOST_AUTO_TEST_SUITE_END()
