#include "knowset/domain/insights.hpp"
