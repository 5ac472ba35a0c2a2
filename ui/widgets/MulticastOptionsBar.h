// MulticastOptionsBar: the test client's options for datagrams to a multicast group, on one
// row — hops (TTL), loopback on/off, and the interface they leave from, chosen from the
// machine's own (MulticastSpec::interfaceNames()). The client panel shows it for UDP and hands
// options() to its connection before each send; they matter only when the target is a group.
//
// Object names, for tests: multicastHopsSpin, multicastLoopCheck, multicastInterfaceCombo.
// Thread rule: a widget; GUI thread only.
#pragma once

#include "ClientConnection.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSettings;
class QSpinBox;

class MulticastOptionsBar : public QWidget {
  Q_OBJECT

public:
  explicit MulticastOptionsBar(QWidget* parent = nullptr);

  ClientConnection::MulticastOptions options() const;
  /// Under the settings' current group.
  void saveSettings(QSettings& settings) const;
  void restoreSettings(QSettings& settings);

private:
  QSpinBox* hopsSpin_ = nullptr;
  QCheckBox* loopCheck_ = nullptr;
  QComboBox* interfaceCombo_ = nullptr;
};
