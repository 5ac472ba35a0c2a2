// What a ServerSpec / ServerProfile error must begin with: the field or the part of the SPEC
// that is wrong, so that a person knows where to look. Shared by fuzz_spec_url and
// fuzz_profile; the list follows ServerSpec.cpp and ServerProfile.cpp, and a message that
// matches none of it is a finding (a new message that names nothing, or an empty one).
#pragma once

#include <QRegularExpression>
#include <QString>

namespace fuzz {

// Errors from ServerSpec::validationError(): "<field>: <why>".
inline const QString validationFields = QStringLiteral(
    "address|handler|fixed reply|pool size|pool queue|backlog|max packet size|request timeout|"
    "rules|kind|key|verify|join|iface|broadcast");

// Also false for a message with half a character in it (a lone UTF-16 surrogate), which
// would print as garbage.
inline bool namesSpecField(const QString& error) {
  if (!error.isValidUtf16())
    return false;
  static const QRegularExpression pattern(
      QStringLiteral("^((%1): |field '[^']*'|unknown field '|fields 'reply' and 'replyHex')")
          .arg(validationFields));
  return pattern.match(error).hasMatch();
}

inline bool namesUrlPart(const QString& error) {
  if (!error.isValidUtf16())
    return false;
  static const QRegularExpression pattern(
      QStringLiteral("^((%1): |'.*' is not a SPEC: |unknown server kind '|.*?:// needs "
                     "(host:port|a socket path)|"
                     "option '|unknown option '|give the fixed reply once|reply= and replyhex= "
                     "go with|pool= and queue= go with|rules file |rules= goes with|"
                     "iface= is the interface|cert, key, ca and verify are for)")
          .arg(validationFields),
      QRegularExpression::DotMatchesEverythingOption);
  return pattern.match(error).hasMatch();
}

} // namespace fuzz
