#include "RulesEventHandler.h"

#include <socketserver/address.hpp>
#include <socketserver/request.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <utility>

socketserver::EventHandlerFactory RulesEventHandler::factory(const ReplyRuleSet& rules,
                                                             bool once) {
  auto responder = std::make_shared<ReplyResponder>(std::make_shared<const ReplyRuleSet>(rules));
  return [responder, once]() -> std::unique_ptr<socketserver::EventHandler> {
    return std::make_unique<RulesEventHandler>(responder, once);
  };
}

RulesEventHandler::RulesEventHandler(std::shared_ptr<ReplyResponder> responder, bool once)
    : responder_(std::move(responder)), once_(once) {}

void RulesEventHandler::on_connect() {
  conversation_.emplace(*responder_, once_ && !request().is_datagram(),
                        QString::fromStdString(client_address().to_string()));
}

void RulesEventHandler::on_data(std::string_view data) {
  if (request().is_datagram()) {
    if (const std::optional<ReplyPlan> plan = conversation_->answerDatagram(data)) {
      for (const QByteArray& reply : plan->replies)
        send(std::string_view(reply.constData(), static_cast<std::size_t>(reply.size())));
    }
    return;
  }
  enqueue(conversation_->feed(data));
}

void RulesEventHandler::on_eof() {
  atEof_ = true;
  enqueue(conversation_->finish());
}

void RulesEventHandler::enqueue(const QList<ReplyPlan>& plans) {
  if (queue_.size() + static_cast<std::size_t>(plans.size()) > maxWaitingPlans)
    throw std::runtime_error("more than " + std::to_string(maxWaitingPlans) +
                             " messages waiting for delayed replies: connection closed");
  queue_.insert(queue_.end(), plans.begin(), plans.end());
  drain();
}

void RulesEventHandler::drain() {
  while (!waiting_ && !closing_ && !queue_.empty()) {
    if (queue_.front().delayMs > 0) {
      waiting_ = true;
      call_later(std::chrono::milliseconds(queue_.front().delayMs), [this] {
        waiting_ = false;
        const ReplyPlan plan = std::move(queue_.front());
        queue_.pop_front();
        deliver(plan);
        drain();
      });
      return;
    }
    const ReplyPlan plan = std::move(queue_.front());
    queue_.pop_front();
    deliver(plan);
  }
  // The peer sends no more and every answer is out (or on its way): the request is done.
  if (atEof_ && !waiting_ && !closing_ && queue_.empty())
    close();
}

void RulesEventHandler::deliver(const ReplyPlan& plan) {
  for (const QByteArray& reply : plan.replies) {
    if (!reply.isEmpty())
      send(std::string_view(reply.constData(), static_cast<std::size_t>(reply.size())));
  }
  if (plan.close) {
    closing_ = true;
    queue_.clear();
    close();
  }
}
