// ServerFactory: turns a ServerSpec into the engine server it describes — one of the twenty
// kind × model classes (TCPServer ... EventMixIn<UnixDatagramServer>) with the spec's
// built-in handler — bound and activated, with the spec's options applied before binding as
// Python does it (bind_and_activate = false, set the attributes, server_bind(),
// server_activate()).
//
//   QString error;
//   auto server = ServerFactory::create(spec, nullptr, &error);
//   if (!server) { ... error: "bind 127.0.0.1:9999: port 9999 is already in use" }
//
// The servers it makes differ from the plain engine classes in these ways, all for the
// console: request ids come from the console's one sequence (RequestIds), so that no two
// servers share one; verify_request() refuses clients outside the spec's allow-list and requests
// beyond its maxConnections (counted by the tracker: with no tracker there is no cap), with the
// reason as a notice; a Unix socket file gets the spec's socketMode right after bind(),
// before listen(), and server_close() (or the destructor) removes it, only if it is still
// the file this server created; each request is registered with the ConnectionTracker (so a
// connection can be kicked or sent to, a datagram's peer answered by hand, and a stop never
// waits for an idle client); handle_error() writes
// nothing to stderr (the observer already reports the error as the request's outcome); a
// forked child closes the sockets it inherited from the console (other servers' listening
// sockets, other connections, the test client's) before running its handler; and for forking
// servers server_close() waits at most stopGraceSeconds for the children before killing
// those still running (after the tracker has closed their connections they normally end in
// milliseconds). Thread rule: create() is thread safe; it may block on a DNS lookup when the
// host is a name, so the console calls it on the server's own thread.
#pragma once

#include "ServerSpec.h"

#include <socketserver/address.hpp>
#include <socketserver/base_server.hpp>

#include <QString>

#include <memory>

class ConnectionTracker;

class ServerFactory {
public:
  ServerFactory() = delete;

  /// Seconds server_close() of a forking server gives children to end before SIGKILL.
  static constexpr double stopGraceSeconds = 3.0;

  /// The bound, activated server; nullptr with `error` in words when the spec is invalid or
  /// binding or listening fails (port in use, permission denied, no such directory...). A
  /// Unix socket file created before a failure is removed. `tracker` may be null.
  static std::unique_ptr<socketserver::BaseServer>
  create(const ServerSpec& spec, ConnectionTracker* tracker, QString* error = nullptr);

  /// The engine address for the spec: host:port with the default host, or the Unix path.
  /// Throws socketserver::AddressError (a host name that does not resolve, a path too long).
  static socketserver::Address engineAddress(const ServerSpec& spec);
};
