// Fuzzes ServerSpec's two readers: the SPEC URL of `--headless --serve SPEC` (fromUrl) and,
// when the input is a JSON object, the profile entry (fromJson). Properties:
//   - a rejected spec comes with an error that names the part or field that is wrong;
//   - an accepted spec is startable (validationError() is empty);
//   - toUrl() of an accepted spec reads back as the same spec, and so does toJson(): nothing
//     the user gave is lost or changed on the way through a file or a command line.
#include "fuzz_check.h"
#include "spec_error_words.h"

#include "ServerSpec.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

std::string show(const QString& text) { return "'" + text.toStdString() + "'"; }

void checkAcceptedSpec(const ServerSpec& spec, const std::string& source) {
  fuzz_check(spec.validationError().isEmpty(),
             source + " accepted but invalid: " + spec.validationError().toStdString());
  // Text with half a surrogate pair has no UTF-8 form: the engine would get another path.
  fuzz_check(spec.address.isValidUtf16() && spec.name.isValidUtf16(),
             source + " accepted with half a character in its address or name");

  // The URL reader fills in the default host; a fixed reply or rules kept for another handler
  // (the editor keeps them while the user tries handlers; JSON keeps them) have no place in a
  // SPEC, where reply= means handler=fixed and rules= handler=rules. Otherwise the spec must come back unchanged.
  ServerSpec expected = spec;
  expected.address = spec.effectiveAddress();
  if (spec.handler != ServerSpec::Handler::FixedReply)
    expected.fixedReply.clear();
  if (spec.handler != ServerSpec::Handler::Rules) // kept for other handlers too, likewise
    expected.rules = ReplyRuleSet{};
  const QString url = spec.toUrl();
  QString error;
  const auto fromUrl = ServerSpec::fromUrl(url, &error);
  fuzz_check(fromUrl.has_value(),
             source + " -> " + show(url) + " is rejected: " + error.toStdString());
  fuzz_check(*fromUrl == expected,
             source + " -> " + show(url) + " reads back as " + show(fromUrl->toUrl()));

  const QJsonObject json = spec.toJson();
  const auto fromJson = ServerSpec::fromJson(json, &error);
  const std::string jsonText = QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
  fuzz_check(fromJson.has_value(),
             source + " -> " + jsonText + " is rejected: " + error.toStdString());
  fuzz_check(*fromJson == spec, source + " -> " + jsonText + " reads back differently");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  const QString text = QString::fromUtf8(bytes);

  QString error;
  if (const auto spec = ServerSpec::fromUrl(text, &error))
    checkAcceptedSpec(*spec, "SPEC " + show(text));
  else
    fuzz_check(fuzz::namesUrlPart(error),
               "SPEC " + show(text) + ": the error names nothing: " + show(error));

  const QJsonDocument document = QJsonDocument::fromJson(bytes);
  if (document.isObject()) {
    if (const auto spec = ServerSpec::fromJson(document.object(), &error))
      checkAcceptedSpec(*spec, "JSON " + bytes.toStdString());
    else
      fuzz_check(fuzz::namesSpecField(error),
                 "JSON " + bytes.toStdString() + ": the error names no field: " + show(error));
  }
  return 0;
}
