// The version of a field value: (hlc, node), totally ordered by hlc first and node second,
// so two replicas that stamp the same hlc still order their changes the same way.
// Text form "<hlc 16 hex>-<node 16 hex>": fixed width, so text order equals version order.
#pragma once

#include "knowset/core/hlc.hpp"
#include "knowset/core/ids.hpp"

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace knowset {

struct Version {
    Hlc hlc;
    NodeId node;

    static constexpr std::size_t kTextLength = 33;

    std::string toString() const;
    static std::optional<Version> parse(std::string_view text);

    constexpr auto operator<=>(const Version&) const = default;
};

} // namespace knowset
