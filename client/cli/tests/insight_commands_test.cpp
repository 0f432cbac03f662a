#include "cli_test_support.hpp"
#include "test_support.hpp"
