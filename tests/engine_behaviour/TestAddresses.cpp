// Addresses as a user writes them: IPv6 loopback, port 0 resolved into server_address, a host
// name, Unix paths; bad text refused with AddressError before any socket exists; binding
// failures as SocketError with errno and words a user understands; and Address's own
// parse / format round trips.

#include <cerrno>

#include <dirent.h>
#include <sys/un.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;
using socketserver::AddressError;
using socketserver::SocketError;

namespace {

int open_descriptors() {
  int count = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (const dirent* entry = ::readdir(dir))
      count += entry->d_name[0] != '.' ? 1 : 0;
    ::closedir(dir);
  }
  return count;
}

bool ipv6_loopback_available() {
  try {
    Socket probe(AF_INET6, SOCK_STREAM);
    probe.bind(Address{"[::1]:0"});
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

/// The SocketError `make` throws, or nullopt (and a failed test) when it throws nothing.
template <class F> std::optional<SocketError> socket_error_of(F make) {
  try {
    make();
  } catch (const SocketError& error) {
    return error;
  }
  return std::nullopt;
}

} // namespace

class TestAddresses : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;

  std::string path_in_dir(const char* name) { return dir_.filePath(name).toStdString(); }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void ipv6LoopbackWithPortZeroServes() {
    if (!ipv6_loopback_available())
      QSKIP("no IPv6 loopback (::1) on this machine");
    fail_on_exception([this] {
      socketserver::TCPServer server{"[::1]:0", socketserver::handler<UpperHandler>()};
      QCOMPARE(server.server_address.family(), AF_INET6);
      QCOMPARE(QString::fromStdString(server.server_address.host()), QString("::1"));
      QVERIFY(server.server_address.port() > 0);
      QVERIFY(QString::fromStdString(server.server_address.to_string()).startsWith("[::1]:"));
      ServingThread serving(server);
      QCOMPARE(bytes(exchange(server, "six\n", dir_)), QByteArray("SIX\n"));
    });
  }

  void portZeroIsResolvedInServerAddress_data() {
    QTest::addColumn<QString>("server_class");
    QTest::newRow("TCPServer") << "TCPServer";
    QTest::newRow("UDPServer") << "UDPServer";
  }
  void portZeroIsResolvedInServerAddress() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [](auto type) {
      using Server = typename decltype(type)::type;
      Server server{"127.0.0.1:0", socketserver::handler<UpperHandler>()};
      QVERIFY(server.server_address.port() > 0);
      QCOMPARE(server.server_address.to_string(), server.socket.getsockname().to_string());
      QVERIFY(server.server_address == server.socket.getsockname());
    }));
  }

  void hostNameLocalhostResolvesAndServes() {
    fail_on_exception([this] {
      socketserver::TCPServer server{"localhost:0", socketserver::handler<UpperHandler>()};
      QVERIFY(server.server_address.is_ip());
      QVERIFY(server.server_address.port() > 0);
      // Python's TCPServer is AF_INET: a name that has both answers binds IPv4.
      QCOMPARE(server.server_address.family(), AF_INET);
      QCOMPARE(QString::fromStdString(server.server_address.host()), QString("127.0.0.1"));
      ServingThread serving(server);
      QCOMPARE(bytes(exchange(server, "name\n", dir_)), QByteArray("NAME\n"));
    });
  }

  void unixPathsServeAndStayAfterClose_data() {
    QTest::addColumn<QString>("server_class");
    QTest::newRow("UnixStreamServer") << "UnixStreamServer";
    QTest::newRow("UnixDatagramServer") << "UnixDatagramServer";
  }
  void unixPathsServeAndStayAfterClose() {
    QFETCH(QString, server_class);
    QVERIFY(with_server_class(server_class, [this](auto type) {
      using Server = typename decltype(type)::type;
      const std::string path = path_in_dir(is_datagram_v<Server> ? "dgram.sock" : "stream.sock");
      {
        Server server{path, socketserver::handler<UpperHandler>()};
        QCOMPARE(server.server_address.family(), AF_UNIX);
        QCOMPARE(QString::fromStdString(server.server_address.path()),
                 QString::fromStdString(path));
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        ServingThread serving(server);
        QCOMPARE(bytes(exchange(server, "unix\n", dir_)), QByteArray("UNIX\n"));
      }
      // server_close() (here: the destructor) leaves the file, as Python does.
      QVERIFY(QFile::exists(QString::fromStdString(path)));
      QVERIFY(QFile::remove(QString::fromStdString(path)));
    }));
  }

  void badAddressesThrowAddressError_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("port too large") << "127.0.0.1:999999";
    QTest::newRow("port 65536") << "127.0.0.1:65536";
    QTest::newRow("negative port") << "127.0.0.1:-1";
    QTest::newRow("port not a number") << "127.0.0.1:http";
    QTest::newRow("no port after colon") << "127.0.0.1:";
    QTest::newRow("unclosed bracket") << "[::1";
    QTest::newRow("bracket without port") << "[::1]";
    QTest::newRow("IPv6 without brackets") << "::1:80";
    QTest::newRow("empty") << "";
    QTest::newRow("Unix path too long") << "/tmp/" + QString(200, 'x');
    QTest::newRow("unix: prefix, nothing after") << "unix:";
  }
  void badAddressesThrowAddressError() {
    QFETCH(QString, text);
    const std::string address = text.toStdString();
    QVERIFY_THROWS_EXCEPTION(AddressError, Address{address});
    // A server given it refuses it before making any socket.
    const int before = open_descriptors();
    QVERIFY_THROWS_EXCEPTION(AddressError, socketserver::TCPServer(address, nullptr));
    QCOMPARE(open_descriptors(), before);
  }

  void outOfRangePortInHostPortFormThrowsAddressError() {
    QVERIFY_THROWS_EXCEPTION(AddressError, Address("127.0.0.1", 70000));
    QVERIFY_THROWS_EXCEPTION(AddressError, Address("127.0.0.1", -1));
  }

  void unixPathAtTheLimitIsAccepted() {
    const std::size_t limit = sizeof(sockaddr_un{}.sun_path) - 1;
    const std::string longest = "/" + std::string(limit - 1, 'p');
    QCOMPARE(Address::unix_path(longest).path().size(), limit);
    QVERIFY_THROWS_EXCEPTION(AddressError, Address::unix_path(longest + "p"));
  }

  void wrongFamilyForTheServerThrowsAddressError() {
    const std::string path = path_in_dir("wrong-family.sock");
    QVERIFY_THROWS_EXCEPTION(AddressError, socketserver::TCPServer(path, nullptr));
    QVERIFY_THROWS_EXCEPTION(AddressError, socketserver::UDPServer(path, nullptr));
    QVERIFY_THROWS_EXCEPTION(AddressError, socketserver::UnixStreamServer("127.0.0.1:0", nullptr));
    QVERIFY_THROWS_EXCEPTION(AddressError,
                             socketserver::UnixDatagramServer("127.0.0.1:0", nullptr));
    QVERIFY(!QFile::exists(QString::fromStdString(path)));
  }

  void portInUseIsSocketErrorEaddrinuse() {
    fail_on_exception([] {
      socketserver::TCPServer first{"127.0.0.1:0", nullptr};
      const Address taken = first.server_address;
      const int before = open_descriptors();
      const auto error = socket_error_of([&] { socketserver::TCPServer second{taken, nullptr}; });
      QVERIFY2(error.has_value(), "binding a port in use must throw SocketError");
      QCOMPARE(error->code().value(), EADDRINUSE);
      const QString what = error->what();
      QVERIFY2(what.contains("already in use"), qPrintable(what));
      QVERIFY2(what.contains(QString::number(taken.port())), qPrintable(what));
      QCOMPARE(open_descriptors(), before); // the failed server leaked nothing
    });
  }

  void existingUnixPathIsSocketError() {
    fail_on_exception([this] {
      const std::string path = path_in_dir("taken.sock");
      socketserver::UnixStreamServer first{path, nullptr};
      const auto error = socket_error_of([&] {
        socketserver::UnixStreamServer second{path, nullptr};
      });
      QVERIFY2(error.has_value(), "binding an existing path must throw SocketError");
      QCOMPARE(error->code().value(), EADDRINUSE);
      const QString what = error->what();
      QVERIFY2(what.contains("already in use") && what.contains(QString::fromStdString(path)),
               qPrintable(what));

      // A plain file in the way is refused the same way, and left alone.
      const std::string file = path_in_dir("plain-file");
      QFile plain(QString::fromStdString(file));
      QVERIFY(plain.open(QIODevice::WriteOnly));
      plain.close();
      const auto file_error = socket_error_of([&] {
        socketserver::UnixDatagramServer third{file, nullptr};
      });
      QVERIFY(file_error.has_value());
      QCOMPARE(file_error->code().value(), EADDRINUSE);
      QVERIFY(QFile::exists(QString::fromStdString(file)));
    });
  }

  void missingDirectoryIsSocketErrorEnoent() {
    fail_on_exception([this] {
      const std::string path = path_in_dir("no-such-directory/server.sock");
      const auto error = socket_error_of([&] {
        socketserver::UnixStreamServer server{path, nullptr};
      });
      QVERIFY2(error.has_value(), "binding in a missing directory must throw SocketError");
      QCOMPARE(error->code().value(), ENOENT);
      const QString what = error->what();
      QVERIFY2(what.contains("no such file or directory"), qPrintable(what));
    });
  }

  void addressTextRoundTrips_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("formatted");
    QTest::addColumn<int>("family");
    QTest::newRow("IPv4") << "127.0.0.1:9999"
                          << "127.0.0.1:9999" << int(AF_INET);
    QTest::newRow("IPv4 any, port 0") << "0.0.0.0:0"
                                      << "0.0.0.0:0" << int(AF_INET);
    QTest::newRow("empty host is any") << ":8080"
                                       << "0.0.0.0:8080" << int(AF_INET);
    QTest::newRow("IPv6 loopback") << "[::1]:9999"
                                   << "[::1]:9999" << int(AF_INET6);
    QTest::newRow("IPv6 full") << "[2001:db8::1]:65535"
                               << "[2001:db8::1]:65535" << int(AF_INET6);
    QTest::newRow("IPv6 any") << "[::]:0"
                              << "[::]:0" << int(AF_INET6);
    // Found by tests/fuzz: without its scope id a link-local address names another one.
    QTest::newRow("IPv6 link-local with a scope id") << "[fe80::1%1]:80"
                                                     << "[fe80::1%1]:80" << int(AF_INET6);
    QTest::newRow("Unix path") << "/tmp/echo.sock"
                               << "/tmp/echo.sock" << int(AF_UNIX);
    QTest::newRow("unix: prefix") << "unix:/tmp/echo.sock"
                                  << "/tmp/echo.sock" << int(AF_UNIX);
    QTest::newRow("relative Unix path") << "./echo.sock"
                                        << "./echo.sock" << int(AF_UNIX);
  }
  void addressTextRoundTrips() {
    QFETCH(QString, text);
    QFETCH(QString, formatted);
    QFETCH(int, family);
    fail_on_exception([&] {
      const Address parsed{text.toStdString()};
      QCOMPARE(parsed.family(), family);
      QCOMPARE(QString::fromStdString(parsed.to_string()), formatted);
      // Formatting then parsing gives the same address back...
      const Address again{parsed.to_string()};
      QVERIFY(again == parsed);
      // ...and so does the kernel form (what accept() and getsockname() hand back).
      QVERIFY(Address(parsed.data(), parsed.size()) == parsed);
      if (parsed.is_ip()) {
        QVERIFY(Address(parsed.host(), parsed.port()) == parsed);
        QCOMPARE(QString::fromStdString(parsed.path()), QString());
      } else {
        QCOMPARE(parsed.port(), -1);
        QCOMPARE(QString::fromStdString(parsed.host()), QString());
      }
    });
  }

  void emptyAddressIsUnspecified() {
    const Address none;
    QVERIFY(none.empty());
    QCOMPARE(none.family(), AF_UNSPEC);
    QCOMPARE(QString::fromStdString(none.to_string()), QString());
    QVERIFY(!(none == Address{"127.0.0.1:1"}));
  }
};

QTEST_GUILESS_MAIN(TestAddresses)
#include "TestAddresses.moc"
