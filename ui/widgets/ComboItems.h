// Combo boxes whose items stand for the values of an enum: each item's data is the value as
// an int, so that a choice survives translation of the labels and can be saved as a number.
//
//   addEnumItems<ServerSpec::Kind>(combo, {Kind::Tcp, Kind::Udp}, &ServerSpec::kindLabel);
//   setComboValue(combo, spec.kind);
//   spec.kind = comboValue<ServerSpec::Kind>(combo);
#pragma once

#include <QComboBox>
#include <QString>

#include <initializer_list>

template <class Enum>
void addEnumItems(QComboBox* combo, std::initializer_list<Enum> values, QString (*label)(Enum)) {
  for (Enum v : values)
    combo->addItem(label(v), QVariant::fromValue(static_cast<int>(v)));
}

template <class Enum> Enum comboValue(const QComboBox* combo) {
  return static_cast<Enum>(combo->currentData().toInt());
}

/// Selects the item of `value`; leaves the selection as it is when there is none.
template <class Enum> void setComboValue(QComboBox* combo, Enum value) {
  const int i = combo->findData(static_cast<int>(value));
  if (i >= 0)
    combo->setCurrentIndex(i);
}
