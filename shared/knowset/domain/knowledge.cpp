#include "knowset/domain/knowledge.hpp"
