#include "knowset/domain/customers.hpp"
