// Replacing a small file so that a crash leaves either the old or the new content, never a mix.
#pragma once

#include "knowset/core/error.hpp"

#include <filesystem>
#include <string_view>
#include <sys/types.h>

namespace knowset::sync {

// Writes `text` to a temporary file beside `file` (created with `mode`), fsyncs it, renames it
// over `file` and fsyncs the directory. The directory must exist.
// Errors: internal (the file system failed; the message names the file and the reason).
Result<Done> writeFileAtomically(const std::filesystem::path& file, std::string_view text, mode_t mode);

} // namespace knowset::sync
