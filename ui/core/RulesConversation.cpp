#include "RulesConversation.h"

#include <utility>

RulesConversation::RulesConversation(ReplyResponder& responder, bool once, QString peer)
    : responder_(responder), once_(once), peer_(std::move(peer)),
      framer_(responder.rules().framing) {}

QList<ReplyPlan> RulesConversation::feed(std::string_view data) {
  if (over_)
    return {};
  return answer(framer_.feed(QByteArray(data.data(), static_cast<qsizetype>(data.size()))));
}

QList<ReplyPlan> RulesConversation::finish() {
  QList<ReplyPlan> plans;
  if (!over_ && !framer_.pending().isEmpty())
    plans = answer({framer_.pending()});
  over_ = true;
  return plans;
}

std::optional<ReplyPlan> RulesConversation::answerDatagram(std::string_view packet) {
  return responder_.respond(QByteArray(packet.data(), static_cast<qsizetype>(packet.size())),
                            peer_);
}

QList<RulesConversation::Exchange> RulesConversation::converse(std::string_view data) {
  QList<Exchange> exchanges;
  const QByteArray bytes(data.data(), static_cast<qsizetype>(data.size()));
  for (const QByteArray& message : framer_.feed(bytes))
    exchanges << Exchange{message, {}, false, false};
  if (!framer_.pending().isEmpty())
    exchanges << Exchange{framer_.pending(), {}, true, false};
  for (Exchange& exchange : exchanges) {
    exchange.tooLate = over_;
    if (!over_)
      exchange.plan = answerOne(exchange.message);
  }
  over_ = true;
  return exchanges;
}

QList<ReplyPlan> RulesConversation::answer(const QList<QByteArray>& messages) {
  QList<ReplyPlan> plans;
  for (const QByteArray& message : messages) {
    if (std::optional<ReplyPlan> plan = answerOne(message))
      plans << *plan;
    if (over_)
      break; // what else arrived is not answered: the connection closes
  }
  return plans;
}

std::optional<ReplyPlan> RulesConversation::answerOne(const QByteArray& message) {
  std::optional<ReplyPlan> plan = responder_.respond(message, peer_);
  if (once_) { // one request per connection: this message's answer, then close
    if (!plan)
      plan = ReplyPlan{-1, {}, true, 0};
    plan->close = true;
  }
  if (plan && plan->close)
    over_ = true;
  return plan;
}
