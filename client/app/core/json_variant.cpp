#include "client/app/core/json_variant.hpp"

#include <QVariantList>
#include <QVariantMap>

#include <cmath>

namespace knowset::app {

QVariant toVariant(const Json& value) {
    switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
        return {};
    case Json::value_t::boolean:
        return value.get<bool>();
    case Json::value_t::number_integer:
        return QVariant::fromValue(value.get<qint64>());
    case Json::value_t::number_unsigned:
        return QVariant::fromValue(static_cast<qint64>(value.get<std::uint64_t>()));
    case Json::value_t::number_float:
        return value.get<double>();
    case Json::value_t::string:
        return QString::fromStdString(value.get_ref<const std::string&>());
    case Json::value_t::array: {
        QVariantList list;
        list.reserve(static_cast<qsizetype>(value.size()));
        for (const Json& item : value) {
            list.push_back(toVariant(item));
        }
        return list;
    }
    case Json::value_t::object: {
        QVariantMap map;
        for (const auto& [key, item] : value.items()) {
            map.insert(QString::fromStdString(key), toVariant(item));
        }
        return map;
    }
    case Json::value_t::binary:
        break;
    }
    return {};
}

Json toJson(const QVariant& value) {
    if (!value.isValid() || value.isNull()) {
        return nullptr;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        // QML hands whole numbers over as doubles: keep them integers in the JSON.
        if (number == static_cast<double>(static_cast<qint64>(number)) && std::abs(number) < 9.0e15) {
            return static_cast<qint64>(number);
        }
        return number;
    }
    case QMetaType::QString:
        return value.toString().toStdString();
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        Json array = Json::array();
        for (const QVariant& item : value.toList()) {
            array.push_back(toJson(item));
        }
        return array;
    }
    case QMetaType::QVariantMap: {
        Json object = Json::object();
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            object[it.key().toStdString()] = toJson(it.value());
        }
        return object;
    }
    default:
        break;
    }
    if (value.canConvert<QVariantMap>()) {
        return toJson(QVariant(value.toMap()));
    }
    if (value.canConvert<QVariantList>()) {
        return toJson(QVariant(value.toList()));
    }
    return value.toString().toStdString();
}

} // namespace knowset::app
