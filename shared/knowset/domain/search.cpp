#include "knowset/domain/search.hpp"
