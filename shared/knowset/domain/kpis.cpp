#include "knowset/domain/kpis.hpp"
