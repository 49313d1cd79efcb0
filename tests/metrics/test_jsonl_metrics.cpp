#define BOOST_TEST_MODULE metrics
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "nip/core/errors.hpp"
#include "nip/core/jsonl_metrics.hpp"

namespace fs = std::filesystem;
using nip::core::JsonlMetrics;

namespace {

// A fresh directory per test under the suite's build directory.
struct TempDir {
    TempDir() {
        path = fs::path(NIP_TEST_BINARY_DIR) / "metrics_tmp" /
               boost::unit_test::framework::current_test_case().p_name.get();
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path path;
};

std::vector<boost::json::object> records_in(const fs::path& file) {
    std::vector<boost::json::object> records;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        records.push_back(boost::json::parse(line).as_object());
    }
    return records;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(jsonl_metrics, TempDir)

BOOST_AUTO_TEST_CASE(each_call_is_one_json_record_readable_at_once) {
    fs::path file = path / "metrics.jsonl";
    JsonlMetrics metrics(file);
    metrics.log_scalars(0, {{"loss", 0.5}, {"reward", -1.25}});
    metrics.log_scalars(1, {{"loss", 0.25}});
    // Read while the sink is still open: each record is flushed as it is logged.
    auto records = records_in(file);
    BOOST_REQUIRE(records.size() == 2u);
    BOOST_TEST(records[0].at("iteration").as_int64() == 0);
    BOOST_TEST(records[0].at("scalars").at("loss").as_double() == 0.5);
    BOOST_TEST(records[0].at("scalars").at("reward").as_double() == -1.25);
    BOOST_TEST(records[1].at("iteration").as_int64() == 1);
    BOOST_TEST(records[1].at("scalars").as_object().size() == 1u);
    std::string time(records[0].at("time").as_string());
    BOOST_TEST(time.size() == std::string("2026-11-25T09:31:02.123Z").size());
    BOOST_TEST(time[10] == 'T');
    BOOST_TEST(time.back() == 'Z');
    BOOST_TEST(records[0].at("elapsed_s").as_double() >= 0.0);
    BOOST_TEST(!records[0].contains("non_finite"));
}

BOOST_AUTO_TEST_CASE(non_finite_values_are_null_and_named) {
    fs::path file = path / "metrics.jsonl";
    JsonlMetrics metrics(file);
    metrics.log_scalars(3, {{"loss", std::numeric_limits<double>::quiet_NaN()},
                            {"grad_norm", std::numeric_limits<double>::infinity()},
                            {"reward", 1.0}});
    auto records = records_in(file);
    BOOST_REQUIRE(records.size() == 1u);
    const auto& scalars = records[0].at("scalars").as_object();
    BOOST_TEST(scalars.at("loss").is_null());
    BOOST_TEST(scalars.at("grad_norm").is_null());
    BOOST_TEST(scalars.at("reward").as_double() == 1.0);
    BOOST_TEST(boost::json::serialize(records[0].at("non_finite")) == R"(["loss","grad_norm"])");
}

BOOST_AUTO_TEST_CASE(a_new_sink_appends_to_an_existing_file) {
    fs::path file = path / "metrics.jsonl";
    JsonlMetrics(file).log_scalars(0, {{"loss", 1.0}});
    JsonlMetrics(file).log_scalars(1, {{"loss", 2.0}});
    BOOST_TEST(records_in(file).size() == 2u);
}

BOOST_AUTO_TEST_CASE(drop_from_keeps_only_earlier_records_and_later_appends_land) {
    fs::path file = path / "metrics.jsonl";
    {
        JsonlMetrics before_crash(file);
        for (std::int64_t i = 0; i < 10; ++i) {
            before_crash.log_scalars(i, {{"loss", static_cast<double>(i)}});
        }
    }
    // The crash tore the last record in half.
    std::ofstream(file, std::ios::app) << R"({"iteration": 10, "ti)";
    JsonlMetrics resumed(file);
    BOOST_TEST(resumed.drop_from(6) == 5u); // 6..9 and the torn line
    resumed.log_scalars(6, {{"loss", 60.0}});
    auto records = records_in(file);
    BOOST_REQUIRE(records.size() == 7u);
    for (std::int64_t i = 0; i < 6; ++i) {
        BOOST_TEST(records[static_cast<std::size_t>(i)].at("iteration").as_int64() == i);
    }
    BOOST_TEST(records[6].at("iteration").as_int64() == 6);
    BOOST_TEST(records[6].at("scalars").at("loss").as_double() == 60.0);
}

BOOST_AUTO_TEST_CASE(an_unwritable_location_is_an_io_error) {
    BOOST_CHECK_THROW(JsonlMetrics(path / "missing_dir" / "metrics.jsonl"), nip::core::IoError);
}

BOOST_AUTO_TEST_SUITE_END()
