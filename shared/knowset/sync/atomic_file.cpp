#include "knowset/sync/atomic_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace knowset::sync {

namespace {

std::string systemError(int error) {
    return std::strerror(error);
}

// Writes the whole buffer, retrying short writes and EINTR.
bool writeAll(int fd, std::string_view data) {
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t result = ::write(fd, data.data() + written, data.size() - written);
        if (result < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        written += static_cast<std::size_t>(result);
    }
    return true;
}

// Makes the rename itself durable: without it a crash may bring back the old file.
void syncDirectory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<Done> writeFileAtomically(const std::filesystem::path& file, std::string_view text, mode_t mode) {
    std::string temporary = file.string() + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data()); // created with mode 0600
    if (fd < 0) {
        return fail(ErrorCode::Internal, "cannot write " + file.string() + ": " + systemError(errno));
    }
    const bool written = ::fchmod(fd, mode) == 0 && writeAll(fd, text) && ::fsync(fd) == 0;
    const int writeError = errno;
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        ::unlink(temporary.c_str());
        return fail(ErrorCode::Internal,
                    "cannot write " + file.string() + ": " + systemError(written ? errno : writeError));
    }
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        const int renameError = errno;
        ::unlink(temporary.c_str());
        return fail(ErrorCode::Internal, "cannot replace " + file.string() + ": " + systemError(renameError));
    }
    const auto directory = file.parent_path();
    syncDirectory(directory.empty() ? std::filesystem::path(".") : directory);
    return Done{};
}

} // namespace knowset::sync
