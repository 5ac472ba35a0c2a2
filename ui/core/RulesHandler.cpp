#include "RulesHandler.h"

#include "RulesConversation.h"

#include <chrono>
#include <thread>

#include <cerrno>
#include <poll.h>

void RulesHandler::answerDatagram(std::string_view packet) {
  RulesConversation conversation(*options().responder, false, peer());
  const std::optional<ReplyPlan> plan = conversation.answerDatagram(packet);
  if (!plan)
    return;
  if (plan->delayMs > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(plan->delayMs));
  for (const QByteArray& reply : plan->replies)
    replyDatagram(reply.toStdString());
}

void RulesHandler::serveConnection() {
  RulesConversation conversation(*options().responder, options().once, peer());
  for (;;) {
    const std::string data = request.recv(chunkSize);
    const QList<ReplyPlan> plans = data.empty() ? conversation.finish() : conversation.feed(data);
    for (const ReplyPlan& plan : plans) {
      if (!carryOut(plan))
        return; // returning closes the connection
    }
    if (conversation.isOver())
      return;
  }
}

bool RulesHandler::carryOut(const ReplyPlan& plan) {
  if (plan.delayMs > 0 && !waitOnConnection(plan.delayMs))
    return false;
  for (const QByteArray& reply : plan.replies) {
    if (!reply.isEmpty())
      request.sendall(std::string_view(reply.constData(), static_cast<std::size_t>(reply.size())));
  }
  return !plan.close;
}

bool RulesHandler::waitOnConnection(int ms) {
  // No events asked for: poll() then reports only a hang-up (both directions shut down, as
  // the console's kick and stop do, or a reset) or an error, never data the peer sends next.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  pollfd watched{request.socket().fileno(), 0, 0};
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      return true;
    const int ready = ::poll(&watched, 1, static_cast<int>(left));
    if (ready > 0)
      return false; // POLLHUP / POLLERR: nobody to answer any more
    if (ready < 0 && errno != EINTR)
      return true; // cannot watch: wait no longer than asked, and answer
  }
}

QString RulesHandler::peer() const { return QString::fromStdString(client_address.to_string()); }
