#pragma once

namespace knowset::domain {} // namespace knowset::domain
