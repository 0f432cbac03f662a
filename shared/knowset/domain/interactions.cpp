#include "knowset/domain/interactions.hpp"
