#include "SelfSignedCertificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <socketserver/no_fork_scope.hpp>

#include <array>
#include <memory>

namespace {

// Owners of OpenSSL's objects: each frees its object with OpenSSL's own function.
template <auto Free> struct Freer {
  template <class T> void operator()(T* object) const { Free(object); }
};
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Freer<X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Freer<X509_EXTENSION_free>>;
using Bio = std::unique_ptr<BIO, Freer<BIO_free_all>>;
using BigNumber = std::unique_ptr<BIGNUM, Freer<BN_free>>;

constexpr long secondsPerDay = 86400;
constexpr long clockSlackSeconds = 3600;

// The reason OpenSSL queued for the last failure, and the queue emptied.
QString openSslReason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return SelfSignedCertificate::tr("OpenSSL gave no reason");
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return QString::fromLatin1(text.data());
}

bool fail(QString* error, const QString& step) {
  if (error)
    *error =
        SelfSignedCertificate::tr("cannot make a certificate: %1: %2").arg(step, openSslReason());
  return false;
}

QByteArray drain(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return {data, static_cast<qsizetype>(size)};
}

bool addExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context{};
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  const Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// A random positive 63-bit serial: two certificates made in turn never share one.
bool setSerial(X509* certificate) {
  const BigNumber serial(BN_new());
  return serial && BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
         BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool setName(X509* certificate, const QString& commonName) {
  X509_NAME* name = X509_get_subject_name(certificate);
  const QByteArray cn = commonName.toUtf8();
  const auto add = [name](const char* field, const QByteArray& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.constData()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  return add("CN", cn) && add("O", QByteArrayLiteral("SocketServer Console")) &&
         X509_set_issuer_name(certificate, name) == 1;
}

bool setValidity(X509* certificate, int validDays) {
  const long end = validDays * secondsPerDay;
  const long start = validDays < 0 ? end - clockSlackSeconds : -clockSlackSeconds;
  return X509_gmtime_adj(X509_getm_notBefore(certificate), start) != nullptr &&
         X509_gmtime_adj(X509_getm_notAfter(certificate), end) != nullptr;
}

// The certificate's fields and extensions, signed by `key`; the step that failed, or "".
QString fill(X509* certificate, EVP_PKEY* key, const QString& commonName, int validDays) {
  if (X509_set_version(certificate, 2) != 1 || !setSerial(certificate) ||
      !setValidity(certificate, validDays) || !setName(certificate, commonName) ||
      X509_set_pubkey(certificate, key) != 1)
    return SelfSignedCertificate::tr("the certificate's fields");
  if (!addExtension(certificate, NID_basic_constraints, "critical,CA:FALSE") ||
      !addExtension(certificate, NID_key_usage, "critical,digitalSignature") ||
      !addExtension(certificate, NID_ext_key_usage, "serverAuth") ||
      !addExtension(certificate, NID_subject_key_identifier, "hash") ||
      !addExtension(certificate, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"))
    return SelfSignedCertificate::tr("the certificate's extensions");
  if (X509_sign(certificate, key, EVP_sha256()) == 0)
    return SelfSignedCertificate::tr("signing");
  return {};
}

} // namespace

std::optional<SelfSignedCertificate> SelfSignedCertificate::make(const QString& commonName,
                                                                 int validDays, QString* error) {
  // No forking server forks while this thread is inside OpenSSL (socketserver/no_fork_scope.hpp);
  // declared first, so it also covers the frees at the end.
  const socketserver::NoForkScope noFork;
  ERR_clear_error();
  const Key key(EVP_EC_gen("P-256"));
  const Certificate certificate(X509_new());
  QString step = !key ? tr("the EC P-256 key") : !certificate ? tr("the certificate") : QString();
  if (step.isEmpty())
    step = fill(certificate.get(), key.get(), commonName, validDays);
  const Bio certificateBio(BIO_new(BIO_s_mem()));
  const Bio keyBio(BIO_new(BIO_s_mem()));
  if (step.isEmpty() && (!certificateBio || !keyBio ||
                         PEM_write_bio_X509(certificateBio.get(), certificate.get()) != 1 ||
                         PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0,
                                                  nullptr, nullptr) != 1))
    step = tr("writing PEM");
  if (!step.isEmpty()) {
    fail(error, step);
    return std::nullopt;
  }
  return SelfSignedCertificate{drain(certificateBio.get()), drain(keyBio.get())};
}

QString SelfSignedCertificate::fingerprint(const QByteArray& pem, QString* error) {
  const socketserver::NoForkScope noFork; // as in make()
  ERR_clear_error();
  const Bio bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
  const Certificate certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                                    : nullptr);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (!certificate || X509_digest(certificate.get(), EVP_sha256(), digest.data(), &size) != 1) {
    if (error)
      *error = tr("no PEM certificate could be read: %1").arg(openSslReason());
    return {};
  }
  const QByteArray bytes(reinterpret_cast<const char*>(digest.data()),
                         static_cast<qsizetype>(size));
  return QString::fromLatin1(bytes.toHex(':').toUpper());
}
