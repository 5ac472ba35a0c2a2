#include "ForkSafeApplication.h"

#include <QSslSocket>

#include <socketserver/no_fork_scope.hpp>

ForkSafeApplication::ForkSafeApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool ForkSafeApplication::notify(QObject* receiver, QEvent* event) {
  if (!isInsideTlsSocket(receiver))
    return QApplication::notify(receiver, event);
  // No modal loop runs inside a socket's events here, so the scope stays short.
  const socketserver::NoForkScope noFork;
  return QApplication::notify(receiver, event);
}

bool ForkSafeApplication::isInsideTlsSocket(const QObject* object) {
  for (; object != nullptr; object = object->parent())
    if (qobject_cast<const QSslSocket*>(object) != nullptr)
      return true;
  return false;
}
