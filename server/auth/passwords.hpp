// Password hashing and the password policy (DESIGN.md "Server": Auth; RELIABILITY.md T8).
//
// Hashes are libsodium's Argon2id strings ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"): the
// algorithm, its parameters and the salt travel inside the string, so verification needs
// nothing else and parameters can be raised later (needsRehash tells when a stored hash is
// older than the current parameters).
#pragma once

#include "knowset/core/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace knowset::server {

// OWASP's minimum for Argon2id (m = 19 MiB, t = 2, p = 1): about 30-60 ms on our 2-core
// machines, so sign-in stays quick and the test suite can hash dozens of passwords, while an
// offline guess still costs 19 MiB of memory bandwidth.
inline constexpr unsigned long long kPasswordOpsLimit = 2;
inline constexpr std::size_t kPasswordMemLimit = std::size_t{19} * 1024 * 1024;

inline constexpr std::size_t kMinPasswordChars = 10;
// Argon2 accepts any length, but an unbounded one lets a pre-auth client make us hash megabytes.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// Errors: internal (not enough memory for Argon2).
Result<std::string> hashPassword(std::string_view password);

// False for a wrong password and for anything that is not a valid hash string.
bool verifyPassword(std::string_view hash, std::string_view password);

// True when the hash is not Argon2id with the current parameters (or is not a valid hash).
bool needsRehash(std::string_view hash);

// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 114 bits.
std::string generatePassword();

// Why a password is not acceptable as a new password, as one sentence; nullopt if it is.
std::optional<std::string> passwordProblem(std::string_view password);

} // namespace knowset::server
