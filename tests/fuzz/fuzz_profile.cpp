// Fuzzes ServerProfile::fromJson, the reader of profile files (`--headless --profile FILE`,
// "open profile"): truncated, mistyped, oversized or plain wrong files. Properties:
//   - a rejected file comes with an error that says what is wrong and where: not JSON (with
//     the offset), not a profile, an unsupported version, or "server N: " and the field;
//   - an accepted file gives startable specs, and toJson() of them reads back as the same
//     list, in the same order: saving what was opened loses nothing;
//   - a prefix of an accepted file (a file cut short by a full disk or a crash mid-copy) is
//     never read as a shorter list without a word: it is either rejected or the same list.
#include "fuzz_check.h"
#include "spec_error_words.h"

#include "ServerProfile.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

std::string show(const QString& text) { return "'" + text.toStdString() + "'"; }

bool saysWhatIsWrong(const QString& error) {
  static const QRegularExpression fileLevel(QStringLiteral(
      "^(not valid JSON: .* at offset \\d+$|not a console profile: |profile version .* is not "
      "supported|field 'servers' is missing)"),
      QRegularExpression::DotMatchesEverythingOption); // a quoted value may hold a line break
  static const QRegularExpression serverLevel(QStringLiteral("^server (\\d+): (.*)$"),
                                              QRegularExpression::DotMatchesEverythingOption);
  if (!error.isValidUtf16())
    return false; // half a character: QRegularExpression would not match it anyway
  if (fileLevel.match(error).hasMatch())
    return true;
  const auto server = serverLevel.match(error);
  if (!server.hasMatch() || server.captured(1).toInt() < 1)
    return false;
  return server.captured(2) == QLatin1String("expected an object") ||
         fuzz::namesSpecField(server.captured(2));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray file(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  QString error;
  const auto specs = ServerProfile::fromJson(file, &error);
  if (!specs) {
    fuzz_check(saysWhatIsWrong(error), "the error names nothing: " + show(error));
    return 0;
  }
  for (const ServerSpec& spec : *specs)
    fuzz_check(spec.isValid(), "accepted an invalid spec: " + spec.validationError().toStdString());

  const QByteArray saved = ServerProfile::toJson(*specs);
  const auto reopened = ServerProfile::fromJson(saved, &error);
  fuzz_check(reopened.has_value(),
             "a saved profile is rejected: " + error.toStdString() + "\n" + saved.toStdString());
  fuzz_check(*reopened == *specs,
             "a saved profile reads back differently:\n" + saved.toStdString());

  // Cut short anywhere inside the JSON text: rejected, never a shorter list.
  for (qsizetype cut = saved.size() - 2; cut > 0; cut -= 1 + cut / 8) {
    const auto partial = ServerProfile::fromJson(saved.left(cut), &error);
    fuzz_check(!partial || *partial == *specs, "a profile cut at byte " + std::to_string(cut) +
                                                   " reads as " + std::to_string(partial->size()) +
                                                   " of " + std::to_string(specs->size()) +
                                                   " servers");
  }
  return 0;
}
