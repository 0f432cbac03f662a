// Conversions between the core's JSON (nlohmann::json) and the QVariant values QML reads and
// writes. Objects become QVariantMap, arrays QVariantList, integers qint64, null an invalid
// QVariant (QML sees `undefined`).
#pragma once

#include "knowset/core/patch.hpp"

#include <QString>
#include <QVariant>

namespace knowset::app {

QVariant toVariant(const Json& value);
Json toJson(const QVariant& value);

inline QString toQString(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace knowset::app
