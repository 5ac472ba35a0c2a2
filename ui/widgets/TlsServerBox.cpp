#include "TlsServerBox.h"

#include "ElidedLabel.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

TlsServerBox::TlsServerBox(QWidget* parent) : QGroupBox(tr("TLS"), parent) {
  setObjectName(QStringLiteral("tlsServerBox"));
  auto* form = new QFormLayout(this);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  const auto lineEdit = [this](const char* name, const QString& placeholder, const QString& tip) {
    auto* edit = new QLineEdit(this);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(tip);
    connect(edit, &QLineEdit::textChanged, this, &TlsServerBox::changed);
    return edit;
  };
  certEdit_ = lineEdit("tlsCertEdit", tr("the console's own certificate"),
                       tr("The server's certificate chain, a PEM file; empty: the console's own "
                          "self-signed certificate below"));
  keyEdit_ = lineEdit("tlsKeyEdit", tr("in the certificate file"),
                      tr("The certificate's private key, a PEM file"));
  caEdit_ = lineEdit("tlsCaEdit", tr("none"),
                     tr("CA certificates (PEM) that client certificates are verified against"));
  verifyClientsCheck_ = new QCheckBox(tr("Require a client certificate signed by the CA"), this);
  verifyClientsCheck_->setObjectName(QStringLiteral("tlsVerifyClientsCheck"));
  connect(verifyClientsCheck_, &QCheckBox::toggled, this, &TlsServerBox::changed);
  form->addRow(tr("Certificate:"), certEdit_);
  form->addRow(tr("Key:"), keyEdit_);
  form->addRow(tr("Client CA:"), caEdit_);
  form->addRow(verifyClientsCheck_);

  fingerprintLabel_ = new ElidedLabel(this);
  fingerprintLabel_->setObjectName(QStringLiteral("ownFingerprintLabel"));
  regenerateButton_ = new QPushButton(tr("Regenerate"), this);
  regenerateButton_->setObjectName(QStringLiteral("regenerateButton"));
  regenerateButton_->setToolTip(tr("Make a new key and certificate; running servers use it "
                                   "once restarted, and clients must trust the new one"));
  exportButton_ = new QPushButton(tr("Export…"), this);
  exportButton_->setObjectName(QStringLiteral("exportButton"));
  exportButton_->setToolTip(tr("Save the certificate (PEM, without its key) for clients to "
                               "trust, as Python's cafile= or curl --cacert"));
  auto* ownRow = new QHBoxLayout;
  ownRow->addWidget(fingerprintLabel_, 1);
  ownRow->addWidget(regenerateButton_);
  ownRow->addWidget(exportButton_);
  form->addRow(tr("Console's own:"), ownRow);

  connect(regenerateButton_, &QPushButton::clicked, this, [this] { regenerateOwnCertificate(); });
  connect(exportButton_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the console's certificate"),
                                                      QStringLiteral("socketserver-console.pem"),
                                                      tr("PEM certificates (*.pem *.crt)"));
    if (!path.isEmpty())
      exportOwnCertificate(path);
  });
  showOwnCertificate();
}

void TlsServerBox::setFrom(const ServerSpec& spec) {
  certEdit_->setText(spec.tlsCertificate);
  keyEdit_->setText(spec.tlsKey);
  caEdit_->setText(spec.tlsCa);
  verifyClientsCheck_->setChecked(spec.tlsVerifyClients);
  showOwnCertificate();
}

void TlsServerBox::readInto(ServerSpec& spec) const {
  if (spec.kind != ServerSpec::Kind::Tls)
    return;
  spec.tlsCertificate = certEdit_->text().trimmed();
  spec.tlsKey = keyEdit_->text().trimmed();
  spec.tlsCa = caEdit_->text().trimmed();
  spec.tlsVerifyClients = verifyClientsCheck_->isChecked();
}

bool TlsServerBox::exportOwnCertificate(const QString& path) {
  QString error;
  const bool done = own_.ensure(&error) && own_.exportTo(path, &error);
  showOwnCertificate(done ? QString() : error);
  return done;
}

bool TlsServerBox::regenerateOwnCertificate() {
  QString error;
  const bool done = own_.regenerate(&error);
  showOwnCertificate(done ? QString() : error);
  return done;
}

void TlsServerBox::showOwnCertificate(const QString& problem) {
  const QString fingerprint = own_.fingerprint();
  if (!problem.isEmpty())
    fingerprintLabel_->setText(problem);
  else if (fingerprint.isEmpty())
    fingerprintLabel_->setText(tr("made when a TLS server first starts without a certificate"));
  else
    fingerprintLabel_->setText(tr("SHA-256 %1").arg(fingerprint));
  fingerprintLabel_->setToolTip(
      tr("%1\nKept in %2").arg(fingerprintLabel_->text(), own_.certificatePath()));
}
