// Internal header (TLS builds only). RAII owners of OpenSSL objects, so that no free is
// written by hand anywhere else, and OpenSSL's error queue read out in words.
#pragma once

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "openssl_call.hpp"

namespace socketserver::detail {

/// Calls the OpenSSL free function `Free` on the pointer a unique_ptr owns.
template <class T, void (*Free)(T*)> struct OpenSslFree {
  void operator()(T* object) const noexcept {
    const OpenSslCall openssl; // freeing takes OpenSSL's locks too: see openssl_call.hpp
    Free(object);
  }
};

using UniqueSslCtx = std::unique_ptr<SSL_CTX, OpenSslFree<SSL_CTX, SSL_CTX_free>>;
using UniqueSsl = std::unique_ptr<SSL, OpenSslFree<SSL, SSL_free>>;
using UniqueBio = std::unique_ptr<BIO, OpenSslFree<BIO, BIO_free_all>>;
using UniqueX509 = std::unique_ptr<X509, OpenSslFree<X509, X509_free>>;
using UniquePkey = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY, EVP_PKEY_free>>;

/// What TlsContext hides from its users: the OpenSSL context.
struct TlsContextHandle {
  UniqueSslCtx ctx;
};

/// The reasons OpenSSL queued on this thread, in its own words ("no start line"), and the
/// queue emptied; `fallback` when nothing was queued.
std::string take_openssl_errors(const std::string& fallback);

/// An X509 name (subject, issuer) as RFC 2253 text: "CN=client,O=Example".
std::string name_text(const X509_NAME* name);

} // namespace socketserver::detail
