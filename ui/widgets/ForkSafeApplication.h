#pragma once

#include <QApplication>

/// The console's QApplication: events for a QSslSocket (or anything inside one: its plain
/// socket, notifiers, timers) are delivered inside a socketserver::NoForkScope. Qt calls
/// OpenSSL while it handles them, and a forking TLS server of the same process must not fork
/// meanwhile: the child would inherit OpenSSL's locks held and hang in its handshake
/// (socketserver/no_fork_scope.hpp). Code that calls into a QSslSocket directly (outside its
/// events) opens a NoForkScope of its own.
class ForkSafeApplication : public QApplication {
  Q_OBJECT

public:
  ForkSafeApplication(int& argc, char** argv);

  bool notify(QObject* receiver, QEvent* event) override;

  /// True when `object` is a QSslSocket or one of its descendants.
  static bool isInsideTlsSocket(const QObject* object);
};
