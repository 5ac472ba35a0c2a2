// RulesEventHandler: the reply-rules handler of the event-driven servers (EventMixIn). The
// same conversation as the blocking RulesHandler (RulesConversation: framing, plans, once),
// carried out without ever blocking a loop: a rule's delay is a timer (call_later), and
// meanwhile the loop serves its other connections.
//
// Plans of one connection are carried out in order: a message's replies wait for those of
// the messages before it (as on a blocking server, where the handler answers one message
// after the other), and a delay counts from when the plan before it was done. A client that
// piles up more than maxWaitingPlans messages behind delays is disconnected (the request
// ends with an error that says so) rather than let the queue grow without bound.
//
// Datagrams are answered at once: the engine has no timers for datagram requests, so
// ServerSpec::validationError() refuses delayed rules on event-driven datagram servers.
#pragma once

#include "ReplyRules.h"
#include "RulesConversation.h"

#include <socketserver/event_handler.hpp>

#include <deque>
#include <memory>
#include <optional>

class RulesEventHandler final : public socketserver::EventHandler {
public:
  /// Most plans a connection may have waiting behind a delay.
  static constexpr std::size_t maxWaitingPlans = 1000;

  /// One factory per server: its requests share one responder, so {counter} counts them all.
  static socketserver::EventHandlerFactory factory(const ReplyRuleSet& rules, bool once);

  /// `once`: a stream's first message is answered, then the connection closes.
  RulesEventHandler(std::shared_ptr<ReplyResponder> responder, bool once);

  void on_connect() override;
  /// Stream: the plans of the messages completed, queued and carried out in order.
  /// Datagram: the datagram's replies, at once.
  void on_data(std::string_view data) override;
  /// What is left of a message is answered; the connection closes once every plan is done.
  void on_eof() override;

private:
  void enqueue(const QList<ReplyPlan>& plans);
  /// Carries out queued plans until one must wait for its delay (a timer then resumes).
  void drain();
  void deliver(const ReplyPlan& plan);

  std::shared_ptr<ReplyResponder> responder_;
  bool once_ = false;
  std::optional<RulesConversation> conversation_;
  std::deque<ReplyPlan> queue_;
  bool waiting_ = false; ///< a timer holds the queue's first plan
  bool atEof_ = false;
  bool closing_ = false;
};
