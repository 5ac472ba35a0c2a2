// ReplyRules: a server that answers by rules — an ordered list of rules, the first whose
// pattern matches a message answers it, with a reply template that can use the match's
// captures and placeholders; a default reply when none matches, or none.
//
//   QString error;
//   auto rules = ReplyRuleSet::fromJson(QJsonDocument::fromJson(R"({"framing": "line",
//       "rules": [{"match": "regex", "pattern": "^PING (\\d+)$", "reply": "PONG $1 {counter}\n"}],
//       "default": "unknown: {message}\n"})").object(), &error);
//   ReplyResponder responder(std::make_shared<const ReplyRuleSet>(*rules));
//   responder.respond("PING 7", "127.0.0.1:50312")->replies;  // {"PONG 7 1\n"}
//
// The rules file (the same JSON whether a person writes it or the editor saves it):
//   framing   chunk | line | length:N | delimiter:TEXT | delimiterHex:HEX  (stream kinds)
//   rules     [{match, pattern, reply, replyFormat, close, delayMs}, ...] in order
//             match: exact | contains | startsWith | hex | regex
//             reply: a template, or an array of them (several replies, in order)
//             replyFormat: text (escapes such as \n, \x01) | hex
//             close: close the connection after replying; delayMs: wait before replying
//   default   the template used when no rule matches (absent or null: no reply)
// Templates: placeholders {counter} {time} {date} {unixtime} {peer} {len} {message} {hex};
// regex captures $0..$9 and ${name}; $$ is a dollar sign. A brace that does not open a
// placeholder name, such as JSON's {"a": 1}, is kept as it is.
//
// A bad rule is refused with its number (from 1) and what is wrong. A ReplyRuleSet is an
// immutable value, safe to share between threads; ReplyResponder adds the per-server counter.
#pragma once

#include "MessageFramer.h"
#include "SharedCounter.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <memory>
#include <optional>
#include <variant>

/// What a template may use besides literal bytes; filled for each message answered.
struct ReplyValues {
  QByteArray message;
  QString peer;
  quint64 counter = 0;
  QDateTime now;
  QRegularExpressionMatch match; ///< a regex rule's match; empty otherwise
};

/// A reply template, read once and expanded for each answer.
class ReplyTemplate {
  Q_DECLARE_TR_FUNCTIONS(ReplyTemplate)

public:
  enum class Format { Text, Hex };

  /// Reads `text` in `format`. `regex` is the rule's expression when it is a regex rule
  /// (captures are checked against it), nullptr otherwise (captures are then refused).
  static std::optional<ReplyTemplate> compile(const QString& text, Format format,
                                              const QRegularExpression* regex,
                                              QString* error = nullptr);
  /// The reply's bytes for one message.
  QByteArray expand(const ReplyValues& values) const;

  const QString& source() const { return source_; }
  Format format() const { return format_; }
  /// Templates are equal when written alike (the rest is read from the source).
  bool operator==(const ReplyTemplate& other) const {
    return source_ == other.source_ && format_ == other.format_;
  }

private:
  enum class Placeholder { Counter, Time, Date, UnixTime, Peer, Length, Message, Hex };
  using Segment = std::variant<QByteArray, Placeholder, int, QString>; // bytes, {name}, $N, ${name}

  static std::optional<Placeholder> placeholderNamed(const QString& name);
  static QByteArray placeholderValue(Placeholder placeholder, const ReplyValues& values);
  /// False with `error` when `segment` is a capture the rule cannot give.
  static bool captureIsKnown(const Segment& segment, const QRegularExpression* regex,
                             QString* error);

  QString source_;
  Format format_ = Format::Text;
  QList<Segment> segments_;
};

/// One rule: when a message matches, these replies.
struct ReplyRule {
  enum class Match { Exact, Contains, StartsWith, Hex, Regex };

  Match match = Match::Exact;
  QString pattern;              ///< as written (escaped text, hex, or the expression)
  QByteArray patternBytes;      ///< Exact, Contains, StartsWith, Hex: the bytes to compare
  QRegularExpression regex;     ///< Regex
  QList<ReplyTemplate> replies; ///< in order; empty means answer nothing
  bool close = false;           ///< close the connection after the replies
  int delayMs = 0;              ///< wait this long before replying (a timer, never a sleep)

  /// True when `message` matches; a regex rule's match is stored in `match`.
  bool matches(const QByteArray& message, QRegularExpressionMatch* match) const;
  bool operator==(const ReplyRule& other) const = default;
};

/// What to do with one message.
struct ReplyPlan {
  int rule = 0; ///< the rule that fired, from 1; 0 for the default reply; -1 for none (once=1)
  QList<QByteArray> replies;
  bool close = false;
  int delayMs = 0;
};

class ReplyRuleSet {
  Q_DECLARE_TR_FUNCTIONS(ReplyRuleSet)

public:
  static constexpr int maxDelayMs = 600000; ///< ten minutes

  Framing framing;
  QList<ReplyRule> rules;
  std::optional<ReplyTemplate> defaultReply;

  /// Reads a rules file's object; nullopt with `error` ("rule 2: pattern: ...") when a rule
  /// or field is wrong.
  static std::optional<ReplyRuleSet> fromJson(const QJsonObject& json, QString* error = nullptr);
  QJsonObject toJson() const;
  /// Equal rule sets are written alike (same framing, rules in the same order, same default).
  bool operator==(const ReplyRuleSet& other) const = default;

  /// Which rule answers `values.message`: its number from 1, 0 for the default reply,
  /// nullopt when none does. A regex rule's match is stored in `values.match`.
  std::optional<int> choose(ReplyValues& values) const;
  /// The replies of rule `rule` (as choose() returned it) for these values.
  ReplyPlan planFor(int rule, const ReplyValues& values) const;
  /// choose() then planFor(), with values.counter as given (the editor's try-a-message box).
  std::optional<ReplyPlan> plan(ReplyValues& values) const;

private:
  static std::optional<ReplyRule> ruleFromJson(const QJsonObject& json, QString* error);
  static bool readReplies(const QJsonObject& json, ReplyRule& rule, QString* error);
  static QJsonObject ruleToJson(const ReplyRule& rule);
};

/// A server's responder: its rules and its counter ({counter} counts the messages it has
/// answered, from 1). Thread safe: request threads of one server share it, and so do the
/// children of a forking server that made it before they were forked (SharedCounter).
class ReplyResponder {
public:
  explicit ReplyResponder(std::shared_ptr<const ReplyRuleSet> rules) : rules_(std::move(rules)) {}

  std::optional<ReplyPlan> respond(const QByteArray& message, const QString& peer);
  const ReplyRuleSet& rules() const { return *rules_; }

private:
  std::shared_ptr<const ReplyRuleSet> rules_;
  SharedCounter counter_;
};
