#define BOOST_TEST_MODULE gi_env
#include <boost/test/unit_test.hpp>
