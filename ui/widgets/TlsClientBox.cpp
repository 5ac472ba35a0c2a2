#include "TlsClientBox.h"

#include "ConsoleStyle.h"
#include "ElidedLabel.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QToolButton>

TlsClientBox::TlsClientBox(QWidget* parent) : QGroupBox(parent) {
  setObjectName(QStringLiteral("tlsBox"));
  setTitle(tr("TLS"));
  buildUi();
  withdrawTrust();
}

void TlsClientBox::buildUi() {
  auto* form = new QFormLayout(this);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setContentsMargins(6, 4, 6, 4);
  form->setVerticalSpacing(4);

  verifyCheck_ = new QCheckBox(tr("Verify the server's certificate"), this);
  verifyCheck_->setObjectName(QStringLiteral("tlsVerifyCheck"));
  verifyCheck_->setChecked(true);
  verifyCheck_->setToolTip(tr("On: a certificate that is not signed by a trusted CA or does not "
                              "name the server is refused, with the choice to continue for this "
                              "session. Off: any certificate is taken (still shown)."));
  form->addRow(verifyCheck_);

  serverNameEdit_ = new QLineEdit(this);
  serverNameEdit_->setObjectName(QStringLiteral("tlsServerNameEdit"));
  serverNameEdit_->setPlaceholderText(tr("the host typed above"));
  serverNameEdit_->setToolTip(tr("The name sent in the handshake (SNI) and checked against the "
                                 "certificate, as in localhost"));
  form->addRow(tr("Server name (SNI):"), serverNameEdit_);

  alpnEdit_ = new QLineEdit(this);
  alpnEdit_->setObjectName(QStringLiteral("tlsAlpnEdit"));
  alpnEdit_->setPlaceholderText(tr("none, or as in h2, http/1.1"));
  alpnEdit_->setToolTip(tr("Application protocols offered (ALPN), most wanted first"));
  form->addRow(tr("ALPN:"), alpnEdit_);

  const QString certificates = tr("PEM certificates (*.pem *.crt);;All files (*)");
  caFileEdit_ = addFileRow(form, tr("CA &bundle:"), QStringLiteral("tlsCaFile"),
                           tr("CA certificates"), certificates);
  caFileEdit_->setPlaceholderText(tr("the system's CAs only"));
  caFileEdit_->setToolTip(tr("A PEM file of certificates to trust besides the system's: the "
                             "console's own certificate, exported, for instance"));

  clientCertificateEdit_ =
      addFileRow(form, tr("Client certificate:"), QStringLiteral("tlsClientCertificate"),
                 tr("Client certificate"), certificates);
  clientCertificateEdit_->setPlaceholderText(tr("none"));
  clientCertificateEdit_->setToolTip(
      tr("A PEM certificate to show a server that asks for one (a console TLS server with "
         "verify=1): it must be signed by a CA the server trusts"));
  clientKeyEdit_ = addFileRow(form, tr("Client &key:"), QStringLiteral("tlsClientKey"),
                              tr("Client key"), tr("PEM keys (*.pem *.key);;All files (*)"));
  clientKeyEdit_->setPlaceholderText(tr("in the certificate's file"));
  clientKeyEdit_->setToolTip(tr("The client certificate's private key: a PEM file, not "
                                "encrypted; empty when it is in the certificate's file"));

  certificateLabel_ = new ElidedLabel(this);
  certificateLabel_->setObjectName(QStringLiteral("tlsCertificateLabel"));
  certificateLabel_->setText(tr("shown after the handshake"));
  form->addRow(tr("Server certificate:"), certificateLabel_);

  trustBar_ = new QWidget(this);
  trustBar_->setObjectName(QStringLiteral("tlsTrustBar"));
  auto* trustRow = new QHBoxLayout(trustBar_);
  trustRow->setContentsMargins(0, 0, 0, 0);
  trustLabel_ = new ElidedLabel(trustBar_);
  trustLabel_->setObjectName(QStringLiteral("tlsTrustLabel"));
  QPalette warning = trustLabel_->palette();
  warning.setColor(QPalette::WindowText, ConsoleStyle::noticeColor());
  trustLabel_->setPalette(warning);
  trustButton_ = new QPushButton(tr("Continue for this session"), trustBar_);
  trustButton_->setObjectName(QStringLiteral("tlsTrustButton"));
  trustButton_->setToolTip(tr("Trust this certificate on this address until the console exits, "
                              "and connect again"));
  trustRow->addWidget(trustLabel_, 1);
  trustRow->addWidget(trustButton_);
  form->addRow(trustBar_);

  connect(trustButton_, &QPushButton::clicked, this, [this] {
    const TlsCertificateProblem problem = offered_;
    withdrawTrust();
    emit trustRequested(problem);
  });
}

QLineEdit* TlsClientBox::addFileRow(QFormLayout* form, const QString& label, const QString& name,
                                    const QString& caption, const QString& filter) {
  auto* row = new QHBoxLayout;
  auto* edit = new QLineEdit(this);
  edit->setObjectName(name + QStringLiteral("Edit"));
  auto* browseButton = new QToolButton(this);
  browseButton->setObjectName(name + QStringLiteral("BrowseButton"));
  browseButton->setText(QStringLiteral("…"));
  browseButton->setToolTip(caption);
  connect(browseButton, &QToolButton::clicked, this, [this, edit, caption, filter] {
    const QString file = QFileDialog::getOpenFileName(this, caption, edit->text(), filter);
    if (!file.isEmpty())
      edit->setText(file);
  });
  row->addWidget(edit, 1);
  row->addWidget(browseButton);
  // A label of its own: the form gives a buddy (and so the Alt letter) only to a widget field.
  auto* rowLabel = new QLabel(label, this);
  rowLabel->setBuddy(edit);
  form->addRow(rowLabel, row);
  return edit;
}

ClientTlsOptions TlsClientBox::options() const {
  ClientTlsOptions options;
  options.verifyPeer = verifyCheck_->isChecked();
  options.serverName = serverNameEdit_->text().trimmed();
  static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
  options.alpn = alpnEdit_->text().split(separators, Qt::SkipEmptyParts);
  options.caFile = caFileEdit_->text().trimmed();
  options.certificateFile = clientCertificateEdit_->text().trimmed();
  options.keyFile = clientKeyEdit_->text().trimmed();
  return options;
}

void TlsClientBox::setOptions(const ClientTlsOptions& options) {
  verifyCheck_->setChecked(options.verifyPeer);
  serverNameEdit_->setText(options.serverName);
  alpnEdit_->setText(options.alpn.join(QLatin1String(", ")));
  caFileEdit_->setText(options.caFile);
  clientCertificateEdit_->setText(options.certificateFile);
  clientKeyEdit_->setText(options.keyFile);
}

void TlsClientBox::showSession(const TlsSessionFacts& facts) {
  withdrawTrust();
  certificateLabel_->setText(facts.certificate.summary());
  certificateLabel_->setToolTip(facts.describe() + QLatin1Char('\n') +
                                facts.certificate.describe());
}

void TlsClientBox::offerTrust(const TlsCertificateProblem& problem) {
  offered_ = problem;
  certificateLabel_->setText(problem.certificate.summary());
  certificateLabel_->setToolTip(problem.certificate.describe());
  trustLabel_->setText(tr("Not trusted: %1").arg(problem.words.join(QLatin1String("; "))));
  trustBar_->show();
}

void TlsClientBox::withdrawTrust() {
  offered_ = {};
  trustBar_->hide();
}

bool TlsClientBox::isTrustOffered() const { return !trustBar_->isHidden(); }

void TlsClientBox::saveSettings(QSettings& settings) const {
  const ClientTlsOptions o = options();
  settings.setValue(QStringLiteral("tls/verify"), o.verifyPeer);
  settings.setValue(QStringLiteral("tls/serverName"), o.serverName);
  settings.setValue(QStringLiteral("tls/alpn"), o.alpn.join(QLatin1String(", ")));
  settings.setValue(QStringLiteral("tls/caFile"), o.caFile);
  settings.setValue(QStringLiteral("tls/certificateFile"), o.certificateFile);
  settings.setValue(QStringLiteral("tls/keyFile"), o.keyFile);
}

void TlsClientBox::restoreSettings(const QSettings& settings) {
  ClientTlsOptions o;
  o.verifyPeer = settings.value(QStringLiteral("tls/verify"), true).toBool();
  o.serverName = settings.value(QStringLiteral("tls/serverName")).toString();
  o.alpn = settings.value(QStringLiteral("tls/alpn"))
               .toString()
               .split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (QString& protocol : o.alpn)
    protocol = protocol.trimmed();
  o.caFile = settings.value(QStringLiteral("tls/caFile")).toString();
  o.certificateFile = settings.value(QStringLiteral("tls/certificateFile")).toString();
  o.keyFile = settings.value(QStringLiteral("tls/keyFile")).toString();
  setOptions(o);
}
