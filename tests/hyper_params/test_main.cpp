#define BOOST_TEST_MODULE hyper_params_test
#include <boost/test/unit_test.hpp>
