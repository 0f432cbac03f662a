// A minimal expected<T, E> (C++23's std::expected is not in g++ 12): a value or an error,
// never both. Used for every fallible call in the core so errors are values, not exceptions.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace knowset {

template <typename E> struct Unexpected { E error; };

template <typename E> Unexpected(E) -> Unexpected<E>;

template <typename E> Unexpected<std::decay_t<E>> unexpected(E&& error) {
    return {std::forward<E>(error)};
}

template <typename T, typename E> class [[nodiscard]] Expected {
public:
    Expected() requires std::is_default_constructible_v<T> : m_storage(std::in_place_index<0>) {}
    Expected(T value)
        : m_storage(std::in_place_index<0>, std::move(value)) {} // NOLINT(google-explicit-constructor)
    template <typename G>
    Expected(Unexpected<G> error) // NOLINT(google-explicit-constructor)
        : m_storage(std::in_place_index<1>, E(std::move(error.error))) {}

    bool hasValue() const { return m_storage.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T& value() & {
        assert(hasValue());
        return std::get<0>(m_storage);
    }
    const T& value() const& {
        assert(hasValue());
        return std::get<0>(m_storage);
    }
    T&& value() && {
        assert(hasValue());
        return std::get<0>(std::move(m_storage));
    }
    const E& error() const {
        assert(!hasValue());
        return std::get<1>(m_storage);
    }
    E& error() {
        assert(!hasValue());
        return std::get<1>(m_storage);
    }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, E> m_storage;
};

// Expected<void, E>: success carries nothing.
struct Done {};

} // namespace knowset
