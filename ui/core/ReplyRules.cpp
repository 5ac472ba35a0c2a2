#include "ReplyRules.h"

#include "ByteText.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <array>
#include <utility>

namespace {

struct NamedMatch {
  const char* name;
  ReplyRule::Match match;
};
constexpr std::array<NamedMatch, 5> matchNames{{{"exact", ReplyRule::Match::Exact},
                                                {"contains", ReplyRule::Match::Contains},
                                                {"startsWith", ReplyRule::Match::StartsWith},
                                                {"hex", ReplyRule::Match::Hex},
                                                {"regex", ReplyRule::Match::Regex}}};

const char* const placeholderNames[] = {"counter", "time", "date",    "unixtime",
                                        "peer",    "len",  "message", "hex"};

void setError(QString* error, const QString& message) {
  if (error)
    *error = message;
}

bool isNameCharacter(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }

// The name in "{name}" or "${name}" starting at `open` (the brace), or an empty string when
// the brace does not open one; `end` gets the index after the closing brace.
QString braceName(const QString& text, qsizetype open, qsizetype* end) {
  qsizetype i = open + 1;
  if (i >= text.size() || !text.at(i).isLetter())
    return {};
  while (i < text.size() && isNameCharacter(text.at(i)))
    ++i;
  if (i == open + 1 || i >= text.size() || text.at(i) != QLatin1Char('}'))
    return {};
  *end = i + 1;
  return text.mid(open + 1, i - open - 1);
}

} // namespace

// ---- ReplyTemplate ----

std::optional<ReplyTemplate::Placeholder> ReplyTemplate::placeholderNamed(const QString& name) {
  for (int i = 0; i < static_cast<int>(std::size(placeholderNames)); ++i) {
    if (name == QLatin1String(placeholderNames[i]))
      return static_cast<Placeholder>(i);
  }
  return std::nullopt;
}

std::optional<ReplyTemplate> ReplyTemplate::compile(const QString& text, Format format,
                                                    const QRegularExpression* regex,
                                                    QString* error) {
  ReplyTemplate compiled;
  compiled.source_ = text;
  compiled.format_ = format;
  if (format == Format::Hex) { // bytes only: a hex reply has nothing to fill in
    QString why;
    const auto bytes = ByteText::fromHex(text, &why);
    if (!bytes) {
      setError(error, why);
      return std::nullopt;
    }
    compiled.segments_ << *bytes;
    return compiled;
  }
  QString literal; // escaped text up to the next placeholder or capture
  const auto flushLiteral = [&]() -> bool {
    if (literal.isEmpty())
      return true;
    QString why;
    const auto bytes = ByteText::fromEscaped(literal, &why);
    if (!bytes) {
      setError(error, why);
      return false;
    }
    compiled.segments_ << *bytes;
    literal.clear();
    return true;
  };
  for (qsizetype i = 0; i < text.size();) {
    const QChar c = text.at(i);
    const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
    qsizetype end = 0;
    Segment segment;
    if (c == QLatin1Char('{') && !braceName(text, i, &end).isEmpty()) {
      const QString name = braceName(text, i, &end);
      const auto placeholder = placeholderNamed(name);
      if (!placeholder) {
        setError(error, tr("unknown placeholder {%1} (known: {counter}, {time}, {date}, "
                           "{unixtime}, {peer}, {len}, {message}, {hex})")
                            .arg(name));
        return std::nullopt;
      }
      segment = *placeholder;
    } else if (c == QLatin1Char('$') && next == QLatin1Char('$')) {
      literal += QLatin1Char('$');
      i += 2;
      continue;
    } else if (c == QLatin1Char('$') && next.isDigit()) {
      segment = next.digitValue();
      end = i + 2;
    } else if (c == QLatin1Char('$') && next == QLatin1Char('{') &&
               !braceName(text, i + 1, &end).isEmpty()) {
      segment = braceName(text, i + 1, &end);
    } else {
      literal += c;
      ++i;
      continue;
    }
    if (!flushLiteral() || !captureIsKnown(segment, regex, error))
      return std::nullopt;
    compiled.segments_ << segment;
    i = end;
  }
  if (!flushLiteral())
    return std::nullopt;
  return compiled;
}

bool ReplyTemplate::captureIsKnown(const Segment& segment, const QRegularExpression* regex,
                                   QString* error) {
  const int* number = std::get_if<int>(&segment);
  const QString* name = std::get_if<QString>(&segment);
  if (!number && !name)
    return true; // not a capture
  const QString written =
      number ? QStringLiteral("$%1").arg(*number) : QStringLiteral("${%1}").arg(*name);
  if (!regex) {
    setError(error,
             tr("%1: captures are only for regex rules (write $$ for a dollar sign)").arg(written));
    return false;
  }
  const bool known =
      number ? *number <= regex->captureCount() : regex->namedCaptureGroups().contains(*name);
  if (!known)
    setError(error, tr("%1: the expression has no such capture group").arg(written));
  return known;
}

QByteArray ReplyTemplate::placeholderValue(Placeholder placeholder, const ReplyValues& values) {
  switch (placeholder) {
  case Placeholder::Counter:
    return QByteArray::number(values.counter);
  case Placeholder::Time:
    return values.now.toString(QStringLiteral("HH:mm:ss")).toUtf8();
  case Placeholder::Date:
    return values.now.toString(QStringLiteral("yyyy-MM-dd")).toUtf8();
  case Placeholder::UnixTime:
    return QByteArray::number(values.now.toSecsSinceEpoch());
  case Placeholder::Peer:
    return values.peer.toUtf8();
  case Placeholder::Length:
    return QByteArray::number(values.message.size());
  case Placeholder::Message:
    return values.message;
  case Placeholder::Hex:
    return ByteText::toHex(values.message).toUtf8();
  }
  return {};
}

QByteArray ReplyTemplate::expand(const ReplyValues& values) const {
  QByteArray reply;
  for (const Segment& segment : segments_) {
    if (const auto* bytes = std::get_if<QByteArray>(&segment))
      reply += *bytes;
    else if (const auto* placeholder = std::get_if<Placeholder>(&segment))
      reply += placeholderValue(*placeholder, values);
    else if (const auto* number = std::get_if<int>(&segment))
      reply += values.match.captured(*number).toUtf8();
    else if (const auto* name = std::get_if<QString>(&segment))
      reply += values.match.captured(*name).toUtf8();
  }
  return reply;
}

// ---- ReplyRule ----

bool ReplyRule::matches(const QByteArray& message, QRegularExpressionMatch* found) const {
  switch (match) {
  case Match::Exact:
  case Match::Hex:
    return message == patternBytes;
  case Match::Contains:
    return message.contains(patternBytes);
  case Match::StartsWith:
    return message.startsWith(patternBytes);
  case Match::Regex: {
    QRegularExpressionMatch result = regex.match(QString::fromUtf8(message));
    const bool matched = result.hasMatch();
    if (matched && found)
      *found = std::move(result);
    return matched;
  }
  }
  return false;
}

// ---- ReplyRuleSet ----

std::optional<ReplyRuleSet> ReplyRuleSet::fromJson(const QJsonObject& json, QString* error) {
  ReplyRuleSet set;
  const QString framing = json.value(QLatin1String("framing")).toString(QStringLiteral("line"));
  QString why;
  const auto parsedFraming = Framing::parse(framing, &why);
  if (!parsedFraming) {
    setError(error, why);
    return std::nullopt;
  }
  set.framing = *parsedFraming;
  const QJsonArray rules = json.value(QLatin1String("rules")).toArray();
  for (qsizetype i = 0; i < rules.size(); ++i) {
    auto rule = ruleFromJson(rules.at(i).toObject(), &why);
    if (!rules.at(i).isObject() || !rule) {
      setError(
          error,
          tr("rule %1: %2").arg(i + 1).arg(rules.at(i).isObject() ? why : tr("not a JSON object")));
      return std::nullopt;
    }
    set.rules << std::move(*rule);
  }
  const QJsonValue fallback = json.value(QLatin1String("default"));
  if (fallback.isString()) {
    const auto format =
        json.value(QLatin1String("defaultFormat")).toString() == QLatin1String("hex")
            ? ReplyTemplate::Format::Hex
            : ReplyTemplate::Format::Text;
    set.defaultReply = ReplyTemplate::compile(fallback.toString(), format, nullptr, &why);
    if (!set.defaultReply) {
      setError(error, tr("default: %1").arg(why));
      return std::nullopt;
    }
  }
  return set;
}

std::optional<ReplyRule> ReplyRuleSet::ruleFromJson(const QJsonObject& json, QString* error) {
  ReplyRule rule;
  const QString match = json.value(QLatin1String("match")).toString(QStringLiteral("exact"));
  const auto named = std::find_if(matchNames.begin(), matchNames.end(), [&](const auto& entry) {
    return match == QLatin1String(entry.name);
  });
  if (named == matchNames.end()) {
    setError(error,
             tr("match: '%1' is not one of exact, contains, startsWith, hex, regex").arg(match));
    return std::nullopt;
  }
  rule.match = named->match;
  rule.pattern = json.value(QLatin1String("pattern")).toString();
  QString why;
  if (rule.match == ReplyRule::Match::Regex) {
    rule.regex = QRegularExpression(rule.pattern);
    if (!rule.regex.isValid()) {
      setError(error, tr("pattern: invalid regular expression at offset %1: %2")
                          .arg(rule.regex.patternErrorOffset())
                          .arg(rule.regex.errorString()));
      return std::nullopt;
    }
  } else {
    const auto bytes = rule.match == ReplyRule::Match::Hex
                           ? ByteText::fromHex(rule.pattern, &why)
                           : ByteText::fromEscaped(rule.pattern, &why);
    if (!bytes) {
      setError(error, tr("pattern: %1").arg(why));
      return std::nullopt;
    }
    rule.patternBytes = *bytes;
  }
  rule.close = json.value(QLatin1String("close")).toBool(false);
  rule.delayMs = json.value(QLatin1String("delayMs")).toInt(0);
  if (rule.delayMs < 0 || rule.delayMs > maxDelayMs) {
    setError(error, tr("delayMs: must be from 0 to %1").arg(maxDelayMs));
    return std::nullopt;
  }
  if (!readReplies(json, rule, error))
    return std::nullopt;
  return rule;
}

bool ReplyRuleSet::readReplies(const QJsonObject& json, ReplyRule& rule, QString* error) {
  const auto format = json.value(QLatin1String("replyFormat")).toString() == QLatin1String("hex")
                          ? ReplyTemplate::Format::Hex
                          : ReplyTemplate::Format::Text;
  const QJsonValue reply = json.value(QLatin1String("reply"));
  const QJsonArray texts = reply.isArray() ? reply.toArray() : QJsonArray{reply};
  const QRegularExpression* regex = rule.match == ReplyRule::Match::Regex ? &rule.regex : nullptr;
  for (const QJsonValue text : texts) {
    if (text.isNull() || text.isUndefined())
      continue; // no reply: the rule only closes, or swallows the message
    QString why;
    auto compiled = ReplyTemplate::compile(text.toString(), format, regex, &why);
    if (!text.isString() || !compiled) {
      setError(error, tr("reply: %1").arg(text.isString() ? why : tr("not a string")));
      return false;
    }
    rule.replies << std::move(*compiled);
  }
  return true;
}

QJsonObject ReplyRuleSet::ruleToJson(const ReplyRule& rule) {
  QJsonObject json;
  for (const auto& entry : matchNames) {
    if (entry.match == rule.match)
      json[QLatin1String("match")] = QLatin1String(entry.name);
  }
  json[QLatin1String("pattern")] = rule.pattern;
  QJsonArray replies;
  for (const ReplyTemplate& reply : rule.replies)
    replies << reply.source();
  if (replies.size() == 1)
    json[QLatin1String("reply")] = replies.first();
  else if (!replies.isEmpty())
    json[QLatin1String("reply")] = replies;
  if (!rule.replies.isEmpty() && rule.replies.first().format() == ReplyTemplate::Format::Hex)
    json[QLatin1String("replyFormat")] = QStringLiteral("hex");
  if (rule.close)
    json[QLatin1String("close")] = true;
  if (rule.delayMs != 0)
    json[QLatin1String("delayMs")] = rule.delayMs;
  return json;
}

QJsonObject ReplyRuleSet::toJson() const {
  QJsonObject json;
  json[QLatin1String("framing")] = framing.toString();
  QJsonArray array;
  for (const ReplyRule& rule : rules)
    array << ruleToJson(rule);
  json[QLatin1String("rules")] = array;
  if (defaultReply) {
    json[QLatin1String("default")] = defaultReply->source();
    if (defaultReply->format() == ReplyTemplate::Format::Hex)
      json[QLatin1String("defaultFormat")] = QStringLiteral("hex");
  }
  return json;
}

std::optional<int> ReplyRuleSet::choose(ReplyValues& values) const {
  for (qsizetype i = 0; i < rules.size(); ++i) {
    if (rules.at(i).matches(values.message, &values.match))
      return static_cast<int>(i + 1);
  }
  if (defaultReply)
    return 0;
  return std::nullopt;
}

ReplyPlan ReplyRuleSet::planFor(int rule, const ReplyValues& values) const {
  ReplyPlan plan;
  plan.rule = rule;
  if (rule == 0) {
    plan.replies << defaultReply->expand(values);
    return plan;
  }
  const ReplyRule& fired = rules.at(rule - 1);
  for (const ReplyTemplate& reply : fired.replies)
    plan.replies << reply.expand(values);
  plan.close = fired.close;
  plan.delayMs = fired.delayMs;
  return plan;
}

std::optional<ReplyPlan> ReplyRuleSet::plan(ReplyValues& values) const {
  const std::optional<int> rule = choose(values);
  if (!rule)
    return std::nullopt;
  return planFor(*rule, values);
}

// ---- ReplyResponder ----

std::optional<ReplyPlan> ReplyResponder::respond(const QByteArray& message, const QString& peer) {
  ReplyValues values;
  values.message = message;
  values.peer = peer;
  const std::optional<int> rule = rules_->choose(values);
  if (!rule)
    return std::nullopt;
  values.counter = counter_.next();
  values.now = QDateTime::currentDateTime();
  return rules_->planFor(*rule, values);
}
