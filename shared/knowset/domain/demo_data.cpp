#include "knowset/domain/demo_data.hpp"
