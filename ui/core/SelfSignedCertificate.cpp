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

// `issuer` signs (itself when null): the authority key identifier names its key.
bool addExtension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context{};
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer ? issuer : certificate, certificate, nullptr, nullptr, 0);
  const Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// The extensions that say what the certificate is for.
bool addExtensions(X509* certificate, X509* issuer, SelfSignedCertificate::Use use) {
  using Use = SelfSignedCertificate::Use;
  const auto add = [certificate, issuer](int nid, const char* value) {
    return addExtension(certificate, issuer, nid, value);
  };
  if (!add(NID_subject_key_identifier, "hash") ||
      (issuer && !add(NID_authority_key_identifier, "keyid:always")))
    return false;
  switch (use) {
  case Use::Authority:
    return add(NID_basic_constraints, "critical,CA:TRUE") &&
           add(NID_key_usage, "critical,keyCertSign,cRLSign");
  case Use::Client:
    return add(NID_basic_constraints, "critical,CA:FALSE") &&
           add(NID_key_usage, "critical,digitalSignature") && add(NID_ext_key_usage, "clientAuth");
  case Use::Server:
    break;
  }
  return add(NID_basic_constraints, "critical,CA:FALSE") &&
         add(NID_key_usage, "critical,digitalSignature") && add(NID_ext_key_usage, "serverAuth") &&
         add(NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
}

// A random positive 63-bit serial: two certificates made in turn never share one.
bool setSerial(X509* certificate) {
  const BigNumber serial(BN_new());
  return serial && BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
         BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

// The subject; the issuer's name is `issuer`'s subject, or the subject itself (self-signed).
bool setName(X509* certificate, const QString& commonName, X509* issuer) {
  X509_NAME* name = X509_get_subject_name(certificate);
  const QByteArray cn = commonName.toUtf8();
  const auto add = [name](const char* field, const QByteArray& value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.constData()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  return add("CN", cn) && add("O", QByteArrayLiteral("SocketServer Console")) &&
         X509_set_issuer_name(certificate, issuer ? X509_get_subject_name(issuer) : name) == 1;
}

bool setValidity(X509* certificate, int validDays) {
  const long end = validDays * secondsPerDay;
  const long start = validDays < 0 ? end - clockSlackSeconds : -clockSlackSeconds;
  return X509_gmtime_adj(X509_getm_notBefore(certificate), start) != nullptr &&
         X509_gmtime_adj(X509_getm_notAfter(certificate), end) != nullptr;
}

// What signs a certificate: its own key (issuer null), or a CA's certificate and key.
struct Signer {
  EVP_PKEY* key = nullptr;
  X509* issuer = nullptr;
};

// The certificate's fields and extensions for `key`, signed by `signer`; the step that failed,
// or "".
QString fill(X509* certificate, EVP_PKEY* key, const QString& commonName, int validDays,
             SelfSignedCertificate::Use use, Signer signer) {
  if (X509_set_version(certificate, 2) != 1 || !setSerial(certificate) ||
      !setValidity(certificate, validDays) || !setName(certificate, commonName, signer.issuer) ||
      X509_set_pubkey(certificate, key) != 1)
    return SelfSignedCertificate::tr("the certificate's fields");
  if (!addExtensions(certificate, signer.issuer, use))
    return SelfSignedCertificate::tr("the certificate's extensions");
  if (X509_sign(certificate, signer.key ? signer.key : key, EVP_sha256()) == 0)
    return SelfSignedCertificate::tr("signing");
  return {};
}

Bio readBio(const QByteArray& pem) {
  return Bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
}

// The first certificate in `pem`, or null.
Certificate readCertificate(const QByteArray& pem) {
  const Bio bio = readBio(pem);
  return Certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

// The unencrypted private key in `pem`, or null. No passphrase is asked for (OpenSSL's default
// would ask on the terminal): an encrypted key is simply not read.
Key readKey(const QByteArray& pem) {
  const Bio bio = readBio(pem);
  const auto noPassphrase = [](char*, int, int, void*) { return 0; };
  return Key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
}

// A new key and a certificate for it, signed by `signer`.
std::optional<SelfSignedCertificate> makeCertificate(const QString& commonName, int validDays,
                                                     SelfSignedCertificate::Use use, Signer signer,
                                                     QString* error) {
  const Key key(EVP_EC_gen("P-256"));
  const Certificate certificate(X509_new());
  QString step = !key           ? SelfSignedCertificate::tr("the EC P-256 key")
                 : !certificate ? SelfSignedCertificate::tr("the certificate")
                                : QString();
  if (step.isEmpty())
    step = fill(certificate.get(), key.get(), commonName, validDays, use, signer);
  const Bio certificateBio(BIO_new(BIO_s_mem()));
  const Bio keyBio(BIO_new(BIO_s_mem()));
  if (step.isEmpty() && (!certificateBio || !keyBio ||
                         PEM_write_bio_X509(certificateBio.get(), certificate.get()) != 1 ||
                         PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0,
                                                  nullptr, nullptr) != 1))
    step = SelfSignedCertificate::tr("writing PEM");
  if (!step.isEmpty()) {
    fail(error, step);
    return std::nullopt;
  }
  return SelfSignedCertificate{drain(certificateBio.get()), drain(keyBio.get())};
}

} // namespace

std::optional<SelfSignedCertificate> SelfSignedCertificate::make(const QString& commonName,
                                                                 int validDays, QString* error) {
  return make(commonName, validDays, Use::Server, error);
}

std::optional<SelfSignedCertificate>
SelfSignedCertificate::make(const QString& commonName, int validDays, Use use, QString* error) {
  // No forking server forks while this thread is inside OpenSSL (socketserver/no_fork_scope.hpp);
  // declared first, so it also covers the frees at the end. The same in each function below.
  const socketserver::NoForkScope noFork;
  ERR_clear_error();
  return makeCertificate(commonName, validDays, use, {}, error);
}

std::optional<SelfSignedCertificate>
SelfSignedCertificate::issue(const QString& commonName, int validDays, Use use,
                             const SelfSignedCertificate& authority, QString* error) {
  const socketserver::NoForkScope noFork;
  ERR_clear_error();
  const Certificate issuer = readCertificate(authority.certificatePem);
  const Key issuerKey = readKey(authority.keyPem);
  if (!issuer || !issuerKey) {
    fail(error, tr("reading the authority's certificate and key"));
    return std::nullopt;
  }
  return makeCertificate(commonName, validDays, use, {issuerKey.get(), issuer.get()}, error);
}

bool SelfSignedCertificate::keyMatches(const QByteArray& certificatePem, const QByteArray& keyPem) {
  const socketserver::NoForkScope noFork;
  const Certificate certificate = readCertificate(certificatePem);
  const Key key = readKey(keyPem);
  const bool matches = certificate && key && X509_check_private_key(certificate.get(), key.get());
  ERR_clear_error();
  return matches;
}

QString SelfSignedCertificate::fingerprint(const QByteArray& pem, QString* error) {
  const socketserver::NoForkScope noFork;
  ERR_clear_error();
  const Certificate certificate = readCertificate(pem);
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
