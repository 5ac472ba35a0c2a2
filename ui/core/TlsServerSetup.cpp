#include "TlsServerSetup.h"

#include "ConsoleCertificate.h"

#include <socketserver/config.hpp>
#if SOCKETSERVER_HAS_TLS
#include <socketserver/tls_context.hpp>
#endif

#include <QFile>

#include <stdexcept>

namespace {

std::string fileName(const QString& path) { return QFile::encodeName(path).toStdString(); }

} // namespace

#if SOCKETSERVER_HAS_TLS

std::shared_ptr<socketserver::TlsContext> TlsServerSetup::makeContext(const ServerSpec& spec) {
  auto context = socketserver::TlsContext::create();
  if (spec.tlsCertificate.isEmpty()) {
    const ConsoleCertificate own;
    QString error;
    if (!own.ensure(&error))
      throw std::runtime_error(tr("the console's own certificate: %1").arg(error).toStdString());
    context->load_cert_chain(fileName(own.certificatePath()), fileName(own.keyPath()));
  } else {
    context->load_cert_chain(fileName(spec.tlsCertificate), fileName(spec.tlsKey));
  }
  if (!spec.tlsCa.isEmpty())
    context->load_verify_locations(fileName(spec.tlsCa));
  if (spec.tlsVerifyClients)
    context->set_verify_mode(socketserver::VerifyMode::CERT_REQUIRED);
  return context;
}

QString TlsServerSetup::filesProblem(const ServerSpec& spec) {
  if (spec.kind != ServerSpec::Kind::Tls)
    return {};
  try {
    auto context = socketserver::TlsContext::create();
    if (!spec.tlsCertificate.isEmpty())
      context->load_cert_chain(fileName(spec.tlsCertificate), fileName(spec.tlsKey));
    if (!spec.tlsCa.isEmpty())
      context->load_verify_locations(fileName(spec.tlsCa));
  } catch (const std::exception& error) {
    return QString::fromLocal8Bit(error.what());
  }
  return {};
}

#else

std::shared_ptr<socketserver::TlsContext> TlsServerSetup::makeContext(const ServerSpec& spec) {
  throw std::runtime_error(spec.validationError().toStdString());
}

QString TlsServerSetup::filesProblem(const ServerSpec& spec) { return spec.validationError(); }

#endif
