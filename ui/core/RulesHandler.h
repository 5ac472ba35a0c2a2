// RulesHandler: the reply-rules handler for the blocking models (sync, threading, pool,
// forking). A stream is cut into messages by the rules' framing and each message answered by
// its plan (RulesConversation): wait the rule's delay, send each reply, close when the rule
// says so (or after the first message with once=1). Each datagram is one message, answered
// with one datagram per reply.
//
// A delay waits on the request's own thread, as a Python handler's time.sleep() would; on a
// connection it also ends early when the connection is shut down (the console's kick or
// stop), so a long delay never holds a stopping server. A datagram's delay is a plain sleep
// (at most ReplyRuleSet::maxDelayMs): a stopping sync datagram server waits for it.
//
// Made by BuiltinHandler::factory() for ServerSpec::Handler::Rules, with the server's
// ReplyResponder in its options (shared by every request, so {counter} counts them all).
#pragma once

#include "BuiltinHandler.h"

class RulesHandler final : public BuiltinHandler {
public:
  using BuiltinHandler::BuiltinHandler;

protected:
  void answerDatagram(std::string_view packet) override;
  void serveConnection() override;

private:
  /// Waits the plan's delay, sends its replies; false when the connection is to close now.
  bool carryOut(const ReplyPlan& plan);
  /// Waits `ms` milliseconds; false when the connection was shut down meanwhile.
  bool waitOnConnection(int ms);
  QString peer() const;
};
