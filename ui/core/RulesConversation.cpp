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

QList<ReplyPlan> RulesConversation::answer(const QList<QByteArray>& messages) {
  QList<ReplyPlan> plans;
  for (const QByteArray& message : messages) {
    std::optional<ReplyPlan> plan = responder_.respond(message, peer_);
    if (once_) { // one request per connection: this message's answer, then close
      if (!plan)
        plan.emplace();
      plan->close = true;
    }
    if (!plan)
      continue;
    plans << *plan;
    if (plan->close) {
      over_ = true;
      break; // what else arrived is not answered: the connection closes
    }
  }
  return plans;
}
