// RulesConversation: one connection, or one datagram, answered by reply rules — what the
// blocking rules handler (RulesHandler) and the event-driven one (RulesEventHandler) share:
// cutting a stream into messages by the rules' framing, asking the server's responder for
// each message's plan, and knowing when the conversation is over (a rule that closes, or
// once=1 after the first message). The handlers only carry plans out: wait the delay, send
// the replies, close.
//
//   RulesConversation conversation(responder, once, "127.0.0.1:50312");
//   for (const ReplyPlan& plan : conversation.feed("PING 1\nPI"))   // the plan for "PING 1"
//     ...;
//
// The rules editor's try box asks converse() instead: the whole of what one peer sends before
// it closes, each message with its plan or none, as the handlers would answer it.
//
// Not thread safe: one per connection (the responder it asks is shared and thread safe).
#pragma once

#include "MessageFramer.h"
#include "ReplyRules.h"

#include <QList>
#include <QString>

#include <optional>
#include <string_view>

class RulesConversation {
public:
  /// One message of converse(): what the rules saw and what they answered.
  struct Exchange {
    QByteArray message;
    std::optional<ReplyPlan> plan; ///< nullopt: no rule answers it (or it came too late)
    bool atClose = false;          ///< the rest the framing had not ended, answered at the close
    bool tooLate = false;          ///< after a plan that closed: never answered
  };

  /// `responder` (the server's, outliving this) answers; `once`: end after the first message.
  RulesConversation(ReplyResponder& responder, bool once, QString peer);

  /// Stream: the plans for the messages `data` completes, oldest first. A message no rule
  /// answers has no plan, except under once=1 (then an empty plan that closes, rule -1). A plan
  /// that closes is the last one: from then on the conversation is over.
  QList<ReplyPlan> feed(std::string_view data);
  /// Stream: the peer sends no more. What is left of a message is a message of its own (a
  /// last line without its newline, as Python's readline() returns it). Ends the conversation.
  QList<ReplyPlan> finish();
  /// Datagram: the plan for one whole datagram (`close` means nothing there); nullopt when no
  /// rule answers and there is no default reply.
  std::optional<ReplyPlan> answerDatagram(std::string_view packet);
  /// Stream: a peer sends `data`, then closes — feed() and finish() in one, keeping every
  /// message, answered or not, in order. Ends the conversation.
  QList<Exchange> converse(std::string_view data);
  /// True once a plan closed, or finish() was called: nothing more will be answered.
  bool isOver() const { return over_; }

private:
  QList<ReplyPlan> answer(const QList<QByteArray>& messages);
  /// The plan for one message (once=1 and closing rules end the conversation).
  std::optional<ReplyPlan> answerOne(const QByteArray& message);

  ReplyResponder& responder_;
  const bool once_;
  const QString peer_;
  MessageFramer framer_;
  bool over_ = false;
};
