// Unix socket paths that cannot simply be bound, on the stream and datagram servers (and the
// event-driven stream server): too long, a directory missing, a component that is a file,
// no permission, a stale socket file left by a server that crashed (refused with a hint by
// default, replaced when replace_stale_socket is set), and a path a running server holds
// (always refused, and that server keeps serving). Every refusal is a SocketError or
// AddressError whose words say what is wrong; nothing but a stale socket is ever removed.

#include <cerrno>

#include <sys/stat.h>
#include <unistd.h>

#include <QtTest>

#include "behaviour_support.hpp"

using namespace behaviour;
using socketserver::AddressError;
using socketserver::SocketError;

namespace {

/// The SocketError `make` throws, or nullopt when it throws none.
template <class F> std::optional<SocketError> socket_error_of(F make) {
  try {
    make();
  } catch (const SocketError& error) {
    return error;
  }
  return std::nullopt;
}

/// A server of class `Server` on `path`, built as the header asks when an attribute must be
/// set before binding: bind_and_activate = false, then server_bind() and server_activate().
template <class Server, class Factory>
std::unique_ptr<Server> bind_unix(const std::string& path, Factory factory, bool replace_stale) {
  auto server = std::make_unique<Server>(Address::unix_path(path), std::move(factory), false);
  server->replace_stale_socket = replace_stale;
  server->server_bind();
  server->server_activate();
  return server;
}

bool is_socket_file(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

struct UpperEvents : socketserver::EventHandler {
  void on_data(std::string_view data) override {
    send(upper(std::string(data)));
    if (data.find('\n') != std::string_view::npos)
      close();
  }
};

template <class Server> auto factory_for() {
  if constexpr (std::is_base_of_v<socketserver::EventMixIn<socketserver::UnixStreamServer>, Server>)
    return socketserver::event_handler<UpperEvents>();
  else
    return socketserver::handler<UpperHandler>();
}

} // namespace

class TestUnixPaths : public QObject {
  Q_OBJECT

private:
  QTemporaryDir dir_;
  int counter_ = 0;

  std::string fresh_path() {
    return dir_.filePath("s" + QString::number(++counter_) + ".sock").toStdString();
  }

  /// A server on `path` that served one request and closed, leaving its socket file behind
  /// as a crashed server does.
  template <class Server> void leave_stale_socket(const std::string& path) {
    Server gone{Address::unix_path(path), factory_for<Server>()};
    ServingThread serving(gone);
    QCOMPARE(bytes(exchange(gone, "first life\n", dir_)), QByteArray("FIRST LIFE\n"));
  }

  template <class Server> void staleSocketIsRefusedThenReplacedWhenAsked() {
    const std::string path = fresh_path();
    leave_stale_socket<Server>(path);
    QVERIFY2(is_socket_file(path), "server_close() leaves the socket file, as in Python");

    const auto refused =
        socket_error_of([&] { bind_unix<Server>(path, factory_for<Server>(), false); });
    QVERIFY2(refused.has_value(), "a stale socket file must be refused by default");
    QCOMPARE(refused->code().value(), EADDRINUSE);
    const QString what = refused->what();
    QVERIFY2(what.contains("stale socket file") && what.contains("replace_stale_socket") &&
                 what.contains(QString::fromStdString(path)),
             qPrintable(what));
    QVERIFY2(is_socket_file(path), "a refusal removes nothing");

    auto second = bind_unix<Server>(path, factory_for<Server>(), true);
    ServingThread serving(*second);
    QCOMPARE(bytes(exchange(*second, "second life\n", dir_)), QByteArray("SECOND LIFE\n"));
  }

  template <class Server> void liveSocketIsAlwaysRefused() {
    const std::string path = fresh_path();
    Server live{Address::unix_path(path), factory_for<Server>()};
    ServingThread serving(live);
    for (const bool replace : {false, true}) {
      const auto refused =
          socket_error_of([&] { bind_unix<Server>(path, factory_for<Server>(), replace); });
      QVERIFY2(refused.has_value(), "a path a running server holds must be refused");
      QCOMPARE(refused->code().value(), EADDRINUSE);
      const QString what = refused->what();
      QVERIFY2(what.contains("in use by a running server"), qPrintable(what));
    }
    // The probe's connection reached the live server; it still serves.
    QCOMPARE(bytes(exchange(live, "still here\n", dir_)), QByteArray("STILL HERE\n"));
  }

private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void pathTooLongIsAddressError() {
    const std::string path = dir_.path().toStdString() + "/" + std::string(120, 'p');
    for (int kind = 0; kind < 2; ++kind) {
      try {
        if (kind == 0)
          socketserver::UnixStreamServer server{Address::unix_path(path), nullptr};
        else
          socketserver::UnixDatagramServer server{Address::unix_path(path), nullptr};
        QFAIL("an over-long path must throw AddressError");
      } catch (const AddressError& error) {
        const QString what = error.what();
        QVERIFY2(what.contains("too long"), qPrintable(what));
      }
    }
  }

  void missingDirectoryIsEnoentOnBothKinds() {
    const std::string path = dir_.filePath("missing/dir/s.sock").toStdString();
    const auto stream = socket_error_of([&] { socketserver::UnixStreamServer s{path, nullptr}; });
    const auto datagram = socket_error_of([&] {
      socketserver::UnixDatagramServer s{path, nullptr};
    });
    QVERIFY(stream && datagram);
    QCOMPARE(stream->code().value(), ENOENT);
    QCOMPARE(datagram->code().value(), ENOENT);
    QVERIFY2(QString(datagram->what()).contains("no such file or directory"), datagram->what());
  }

  void fileAsADirectoryIsEnotdir() {
    const QString file = dir_.filePath("regular-file");
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const std::string path = (file + "/s.sock").toStdString();
    const auto error = socket_error_of([&] { socketserver::UnixStreamServer s{path, nullptr}; });
    QVERIFY(error.has_value());
    QCOMPARE(error->code().value(), ENOTDIR);
    QVERIFY2(QString(error->what()).contains("not a directory"), error->what());
  }

  void noPermissionIsEacces() {
    if (::geteuid() == 0)
      QSKIP("root bypasses directory permissions: EACCES cannot be provoked (ENOTDIR and "
            "ENOENT are tested instead)");
    const QString locked = dir_.filePath("locked");
    QVERIFY(QDir().mkdir(locked));
    QVERIFY(::chmod(QFile::encodeName(locked).constData(), 0500) == 0);
    const std::string path = (locked + "/s.sock").toStdString();
    const auto error = socket_error_of([&] { socketserver::UnixStreamServer s{path, nullptr}; });
    ::chmod(QFile::encodeName(locked).constData(), 0700);
    QVERIFY(error.has_value());
    QCOMPARE(error->code().value(), EACCES);
    QVERIFY2(QString(error->what()).contains("permission denied"), error->what());
  }

  void staleStreamSocket() {
    staleSocketIsRefusedThenReplacedWhenAsked<socketserver::UnixStreamServer>();
  }
  void staleDatagramSocket() {
    staleSocketIsRefusedThenReplacedWhenAsked<socketserver::UnixDatagramServer>();
  }
  void staleSocketOfTheEventServer() {
    staleSocketIsRefusedThenReplacedWhenAsked<socketserver::EventUnixStreamServer>();
  }

  void liveStreamSocket() { liveSocketIsAlwaysRefused<socketserver::ThreadingUnixStreamServer>(); }
  void liveDatagramSocket() { liveSocketIsAlwaysRefused<socketserver::UnixDatagramServer>(); }

  void plainFileIsNeverReplaced() {
    const std::string path = fresh_path();
    QFile plain(QString::fromStdString(path));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.write("keep me");
    plain.close();
    const auto error = socket_error_of([&] {
      bind_unix<socketserver::UnixStreamServer>(path, factory_for<socketserver::UnixStreamServer>(),
                                                true);
    });
    QVERIFY(error.has_value());
    QCOMPARE(error->code().value(), EADDRINUSE);
    QVERIFY2(QString(error->what()).contains("not a socket"), error->what());
    QVERIFY(plain.open(QIODevice::ReadOnly));
    QCOMPARE(plain.readAll(), QByteArray("keep me"));
  }
};

QTEST_GUILESS_MAIN(TestUnixPaths)
#include "TestUnixPaths.moc"
