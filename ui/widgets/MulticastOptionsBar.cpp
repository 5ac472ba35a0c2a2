#include "MulticastOptionsBar.h"

#include "MulticastSpec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>

MulticastOptionsBar::MulticastOptionsBar(QWidget* parent) : QWidget(parent) {
  hopsSpin_ = new QSpinBox(this);
  hopsSpin_->setObjectName(QStringLiteral("multicastHopsSpin"));
  hopsSpin_->setRange(0, 255);
  hopsSpin_->setValue(1);
  hopsSpin_->setPrefix(tr("hops "));
  hopsSpin_->setToolTip(tr("How many routers a datagram to a multicast group may cross (IPv4 "
                           "TTL, IPv6 hop limit): 1 keeps it on this network, 0 on this host"));
  loopCheck_ = new QCheckBox(tr("loopback"), this);
  loopCheck_->setObjectName(QStringLiteral("multicastLoopCheck"));
  loopCheck_->setChecked(true);
  loopCheck_->setToolTip(tr("Members of the group on this machine receive the datagram too "
                            "(on the loopback interface itself they always do)"));
  interfaceCombo_ = new QComboBox(this);
  interfaceCombo_->setObjectName(QStringLiteral("multicastInterfaceCombo"));
  interfaceCombo_->addItem(tr("system's choice"), QString());
  for (const QString& name : MulticastSpec::interfaceNames())
    interfaceCombo_->addItem(name, name);
  interfaceCombo_->setToolTip(tr("The interface datagrams to a multicast group leave from"));

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(hopsSpin_);
  layout->addWidget(loopCheck_);
  layout->addWidget(new QLabel(tr("from"), this));
  layout->addWidget(interfaceCombo_, 1);
  setToolTip(tr("Used when the address is a multicast group (as 239.1.2.3:5000) or a broadcast "
                "address: every answer is shown with its sender"));
}

ClientConnection::MulticastOptions MulticastOptionsBar::options() const {
  return {hopsSpin_->value(), loopCheck_->isChecked(), interfaceCombo_->currentData().toString()};
}

void MulticastOptionsBar::saveSettings(QSettings& settings) const {
  settings.setValue(QStringLiteral("multicastHops"), hopsSpin_->value());
  settings.setValue(QStringLiteral("multicastLoopback"), loopCheck_->isChecked());
  settings.setValue(QStringLiteral("multicastInterface"), interfaceCombo_->currentData());
}

void MulticastOptionsBar::restoreSettings(QSettings& settings) {
  hopsSpin_->setValue(settings.value(QStringLiteral("multicastHops"), 1).toInt());
  loopCheck_->setChecked(settings.value(QStringLiteral("multicastLoopback"), true).toBool());
  const int index =
      interfaceCombo_->findData(settings.value(QStringLiteral("multicastInterface")).toString());
  interfaceCombo_->setCurrentIndex(std::max(index, 0));
}
