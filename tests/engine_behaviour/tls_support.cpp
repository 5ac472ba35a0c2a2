#include "tls_support.hpp"

#include <cstdio>
#include <stdexcept>

#include <dirent.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

namespace tls_test {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

std::string openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    text += (text.empty() ? "" : "; ") + std::string(line);
  }
  return text;
}

void check(bool ok, const char* what) {
  if (!ok)
    throw std::runtime_error(std::string(what) + ": " + openssl_errors());
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EVP_EC_gen");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  check(extension != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

/// A certificate for `key` named `common_name`, valid from `from_days` to `to_days` (relative
/// to now), signed by `issuer_key` (with `issuer`'s name; none: self-signed).
Cert new_cert(EVP_PKEY* key, const char* common_name, long from_days, long to_days, X509* issuer,
              EVP_PKEY* issuer_key, bool is_ca, const char* alt_names) {
  static long serial = 1;
  Cert cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to_days * 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("socketserver tests"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (is_ca)
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (alt_names != nullptr)
    add_extension(cert.get(), signer, NID_subject_alt_name, alt_names);
  check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0,
        "X509_sign");
  return cert;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr)
    throw std::runtime_error("cannot write " + path);
  const bool ok = cert != nullptr
                      ? PEM_write_X509(file, cert) == 1
                      : PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(file);
  check(ok, "PEM_write");
}

} // namespace

TestPki make_test_pki(const std::string& dir) {
  TestPki pki;
  const Key ca_key = new_key();
  const Cert ca = new_cert(ca_key.get(), "Test CA", -1, 30, nullptr, nullptr, true, nullptr);
  const Key other_key = new_key();
  const Cert other = new_cert(other_key.get(), "Other CA", -1, 30, nullptr, nullptr, true, nullptr);
  const char* server_names = "DNS:localhost,IP:127.0.0.1";
  const Key server_key = new_key();
  const Cert server =
      new_cert(server_key.get(), "localhost", -1, 30, ca.get(), ca_key.get(), false, server_names);
  const Key expired_key = new_key();
  const Cert expired = new_cert(expired_key.get(), "localhost", -30, -1, ca.get(), ca_key.get(),
                                false, server_names);
  const Key client_key = new_key();
  const Cert client =
      new_cert(client_key.get(), "test client", -1, 30, ca.get(), ca_key.get(), false, nullptr);

  pki.ca_cert = dir + "/ca.pem";
  pki.other_ca_cert = dir + "/other-ca.pem";
  pki.server_cert = dir + "/server.pem";
  pki.server_key = dir + "/server.key";
  pki.expired_cert = dir + "/expired.pem";
  pki.expired_key = dir + "/expired.key";
  pki.client_cert = dir + "/client.pem";
  pki.client_key = dir + "/client.key";
  write_pem(pki.ca_cert, ca.get(), nullptr);
  write_pem(pki.other_ca_cert, other.get(), nullptr);
  write_pem(pki.server_cert, server.get(), nullptr);
  write_pem(pki.server_key, nullptr, server_key.get());
  write_pem(pki.expired_cert, expired.get(), nullptr);
  write_pem(pki.expired_key, nullptr, expired_key.get());
  write_pem(pki.client_cert, client.get(), nullptr);
  write_pem(pki.client_key, nullptr, client_key.get());
  return pki;
}

namespace {

/// The client's write BIO: send(2) with MSG_NOSIGNAL (a client writing to a server that
/// left fails instead of raising SIGPIPE), one byte at a time when it dribbles.
int writer_write(BIO* bio, const char* data, int size) {
  const auto* writer = static_cast<const TlsClient::Writer*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  if (writer->gap_ms <= 0) {
    const ssize_t n = ::send(writer->fd, data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    return n < 0 ? -1 : static_cast<int>(n);
  }
  for (int i = 0; i < size; ++i) {
    if (i > 0) // the peer's pace, not a synchronisation
      std::this_thread::sleep_for(std::chrono::milliseconds(writer->gap_ms));
    if (::send(writer->fd, data + i, 1, MSG_NOSIGNAL) != 1)
      return i > 0 ? i : -1;
  }
  return size;
}

long writer_ctrl(BIO*, int command, long, void*) { return command == BIO_CTRL_FLUSH ? 1 : 0; }

int writer_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

BIO* new_writer_bio(TlsClient::Writer& writer) {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* made = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "test writer");
    check(made != nullptr, "BIO_meth_new");
    BIO_meth_set_write(made, &writer_write);
    BIO_meth_set_ctrl(made, &writer_ctrl);
    BIO_meth_set_create(made, &writer_create);
    return made;
  }();
  BIO* bio = BIO_new(method);
  check(bio != nullptr, "BIO_new");
  BIO_set_data(bio, &writer);
  return bio;
}

} // namespace

TlsClient::TlsClient(const socketserver::Address& server, const ClientOptions& options)
    : socket_(socketserver::Socket::create_connection(
          server, socketserver::Seconds{options.timeout_seconds})) {
  if (options.after_connect)
    options.after_connect();
  set_up(options);
}

TlsClient::TlsClient(socketserver::Socket socket, const ClientOptions& options)
    : socket_(std::move(socket)) {
  socket_.settimeout(socketserver::Seconds{options.timeout_seconds}); // bounds its connect()
  set_up(options);
}

void TlsClient::set_up(const ClientOptions& options) {
  // Blocking socket with kernel timeouts: OpenSSL's own socket BIO then never waits for ever.
  timeval limit{static_cast<time_t>(options.timeout_seconds), 0};
  ::setsockopt(socket_.fileno(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(socket_.fileno(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  ctx_ = SSL_CTX_new(TLS_client_method());
  check(ctx_ != nullptr, "SSL_CTX_new");
  if (options.max_version != 0)
    SSL_CTX_set_max_proto_version(ctx_, options.max_version);
  if (!options.ca_file.empty()) {
    check(SSL_CTX_load_verify_locations(ctx_, options.ca_file.c_str(), nullptr) == 1,
          "load_verify_locations");
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  }
  if (!options.cert_file.empty()) {
    check(SSL_CTX_use_certificate_chain_file(ctx_, options.cert_file.c_str()) == 1, "client cert");
    check(SSL_CTX_use_PrivateKey_file(ctx_, options.key_file.c_str(), SSL_FILETYPE_PEM) == 1,
          "client key");
  }
  ssl_ = SSL_new(ctx_);
  check(ssl_ != nullptr, "SSL_new");
  writer_.fd = socket_.fileno();
  writer_.gap_ms = options.dribble_ms;
  BIO* reader = BIO_new_socket(socket_.fileno(), BIO_NOCLOSE);
  check(reader != nullptr, "BIO_new_socket");
  SSL_set_bio(ssl_, reader, new_writer_bio(writer_));
  SSL_set_connect_state(ssl_);
  SSL_set_options(ssl_, SSL_OP_IGNORE_UNEXPECTED_EOF);
  if (!options.server_name.empty())
    SSL_set_tlsext_host_name(ssl_, options.server_name.c_str());
  if (!options.alpn.empty()) {
    std::string wire;
    for (const auto& name : options.alpn)
      wire += static_cast<char>(name.size()) + name;
    SSL_set_alpn_protos(ssl_, reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned int>(wire.size()));
  }
}

int count_children() {
  // /proc/self/task/TID/children for every thread: read with plain system calls.
  int count = 0;
  DIR* tasks = ::opendir("/proc/self/task");
  if (tasks == nullptr)
    return 0;
  while (const dirent* task = ::readdir(tasks)) {
    if (task->d_name[0] == '.')
      continue;
    char path[320];
    std::snprintf(path, sizeof path, "/proc/self/task/%s/children", task->d_name);
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    char text[4096];
    const ssize_t n = ::read(fd, text, sizeof text);
    ::close(fd);
    for (ssize_t i = 0; i < n; ++i)
      count += text[i] == ' ' ? 1 : 0; // "pid pid " : each pid ends with a space
  }
  ::closedir(tasks);
  return count;
}

void wait_for_new_child(int before, double seconds) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
  while (count_children() <= before && std::chrono::steady_clock::now() < until)
    ::poll(nullptr, 0, 2);
}

TlsClient::~TlsClient() {
  // An explicit end: a forking server's child inherited this descriptor at fork(), so close()
  // alone would not end the connection.
  if (!gone_) {
    if (SSL_is_init_finished(ssl_) == 1)
      SSL_shutdown(ssl_);
    ::shutdown(socket_.fileno(), SHUT_RDWR);
  }
  SSL_free(ssl_);
  SSL_CTX_free(ctx_);
}

bool TlsClient::failed() {
  timed_out_ = errno == EAGAIN || errno == EWOULDBLOCK;
  error_ = openssl_errors();
  if (error_.empty())
    error_ = timed_out_ ? "timed out" : "connection ended";
  return false;
}

bool TlsClient::handshake() {
  ERR_clear_error();
  errno = 0;
  return SSL_connect(ssl_) == 1 || failed();
}

bool TlsClient::send(const std::string& data) {
  ERR_clear_error();
  errno = 0;
  std::size_t written = 0;
  return (SSL_write_ex(ssl_, data.data(), data.size(), &written) == 1 && written == data.size()) ||
         failed();
}

std::string TlsClient::read_line() {
  std::string line;
  char c;
  std::size_t got = 0;
  errno = 0;
  while (line.find('\n') == std::string::npos && SSL_read_ex(ssl_, &c, 1, &got) == 1)
    line += c;
  if (line.find('\n') == std::string::npos)
    failed();
  ERR_clear_error();
  return line;
}

std::string TlsClient::read_to_end() {
  std::string all;
  char buffer[4096];
  std::size_t got = 0;
  errno = 0;
  while (SSL_read_ex(ssl_, buffer, sizeof buffer, &got) == 1)
    all.append(buffer, got);
  failed();
  ERR_clear_error();
  return all;
}

void TlsClient::reset() {
  const linger abort_on_close{1, 0};
  ::setsockopt(socket_.fileno(), SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  gone_ = true;
  socket_.close();
}

bool TlsClient::request_key_update() {
  ERR_clear_error();
  errno = 0;
  return (SSL_key_update(ssl_, SSL_KEY_UPDATE_REQUESTED) == 1 && SSL_do_handshake(ssl_) == 1) ||
         failed();
}

std::string TlsClient::read_some(std::size_t most) {
  std::string got(most, '\0');
  std::size_t size = 0;
  errno = 0;
  if (SSL_read_ex(ssl_, got.data(), most, &size) != 1)
    failed();
  ERR_clear_error();
  got.resize(size);
  return got;
}

bool TlsClient::readable_within(int milliseconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  for (;;) {
    if (SSL_pending(ssl_) > 0)
      return true;
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd entry{socket_.fileno(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&entry, 1, static_cast<int>(left.count())) <= 0)
      return false;
    // Something came: a record of plaintext, or handshake messages OpenSSL takes by itself.
    const int flags = ::fcntl(socket_.fileno(), F_GETFL);
    ::fcntl(socket_.fileno(), F_SETFL, flags | O_NONBLOCK);
    char byte = 0;
    std::size_t got = 0;
    const int rc = SSL_peek_ex(ssl_, &byte, 1, &got);
    const int error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_, rc);
    ::fcntl(socket_.fileno(), F_SETFL, flags);
    ERR_clear_error();
    if (error != SSL_ERROR_WANT_READ)
      return true; // plaintext, the end, or a failure the next read reports
  }
}

std::string client_hello() {
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  check(context != nullptr, "SSL_CTX_new");
  SSL* ssl = SSL_new(context);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, in, out);
  SSL_connect(ssl); // writes the ClientHello, then wants the server's answer
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::string hello(data, static_cast<std::size_t>(std::max(size, 0L)));
  SSL_free(ssl);
  SSL_CTX_free(context);
  ERR_clear_error();
  check(!hello.empty(), "ClientHello");
  return hello;
}

std::string TlsClient::alpn() const {
  const unsigned char* data = nullptr;
  unsigned int size = 0;
  SSL_get0_alpn_selected(ssl_, &data, &size);
  return data != nullptr ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
}

} // namespace tls_test
