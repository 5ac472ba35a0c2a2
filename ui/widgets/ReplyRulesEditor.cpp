#include "ReplyRulesEditor.h"

#include "ByteText.h"
#include "ConsoleStyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <array>

namespace {

struct NamedItem {
  const char* json;  ///< the rules file's word
  const char* label; ///< what the person reads (translated)
};

constexpr std::array<NamedItem, 5> matchItems{
    {{"exact", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Exact")},
     {"contains", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Contains")},
     {"startsWith", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Starts with")},
     {"hex", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Hex bytes")},
     {"regex", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Regex")}}};

constexpr std::array<NamedItem, 5> framingItems{
    {{"chunk", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Each chunk as it arrives")},
     {"line", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Each line (LF or CRLF)")},
     {"length", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Fixed length")},
     {"delimiter", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Up to a delimiter (text)")},
     {"delimiterHex", QT_TRANSLATE_NOOP("ReplyRulesEditor", "Up to a delimiter (hex)")}}};

/// The peer the try box pretends the message came from ({peer}).
const char* const examplePeer = "127.0.0.1:50000";

template <std::size_t N>
void addNamedItems(QComboBox* combo, const std::array<NamedItem, N>& items) {
  for (const NamedItem& item : items)
    combo->addItem(QCoreApplication::translate("ReplyRulesEditor", item.label),
                   QString::fromLatin1(item.json));
}

QComboBox* textHexCombo(QWidget* parent) {
  auto* combo = new QComboBox(parent);
  combo->addItem(ReplyRulesEditor::tr("Text"));
  combo->addItem(ReplyRulesEditor::tr("Hex"));
  combo->setToolTip(ReplyRulesEditor::tr("Text understands \\n, \\r, \\t and \\xNN; hex is "
                                         "pairs of digits, spaces allowed"));
  return combo;
}

QColor markColor(const QColor& color) { return color.lighter(185); }

} // namespace

ReplyRulesEditor::ReplyRulesEditor(QWidget* parent) : QWidget(parent) {
  table_ = new QTableWidget(0, ColumnCount, this);
  table_->setObjectName(QStringLiteral("rulesTable"));
  table_->setHorizontalHeaderLabels(
      {tr("#"), tr("Match"), tr("Pattern"), tr("Replies"), tr("Format"), tr("Delay"), tr("Close")});
  table_->horizontalHeaderItem(ReplyColumn)->setToolTip(tr("One reply per line"));
  table_->horizontalHeaderItem(CloseColumn)->setToolTip(tr("Close the connection after replying"));
  table_->verticalHeader()->hide();
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  QHeaderView* header = table_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::ResizeToContents);
  header->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);
  header->setSectionResizeMode(ReplyColumn, QHeaderView::Stretch);
  header->setMinimumSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("#99")) + 12);
  table_->setMinimumHeight(table_->verticalHeader()->defaultSectionSize() * 5);
  // Room for the columns and the buttons: squeezed, the patterns and replies cannot be read.
  // (An 'x', not the average character: a CJK font's average is a full-width one.)
  setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 110);

  errorLabel_ = new QLabel(this);
  errorLabel_->setObjectName(QStringLiteral("rulesErrorLabel"));
  errorLabel_->setWordWrap(true);
  errorLabel_->setStyleSheet(ConsoleStyle::textColorSheet(ConsoleStyle::problemColor()));
  errorLabel_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(table_, 1);
  layout->addWidget(buildButtons());
  layout->addWidget(errorLabel_);
  auto* form = new QFormLayout;
  form->addRow(tr("&Framing:"), buildFramingRow());
  form->addRow(buildDefaultRow());
  layout->addLayout(form);
  layout->addWidget(buildTryBox(), 1);

  connect(table_, &QTableWidget::currentCellChanged, this, &ReplyRulesEditor::updateEnabled);
  setRules(ReplyRuleSet{});
}

QWidget* ReplyRulesEditor::buildButtons() {
  auto* buttons = new QWidget(this);
  auto* row = new QHBoxLayout(buttons);
  row->setContentsMargins(0, 0, 0, 0);
  const auto button = [&](const QString& name, const QString& text, const QString& tip) {
    auto* b = new QPushButton(text, buttons);
    b->setObjectName(name);
    b->setToolTip(tip);
    row->addWidget(b);
    return b;
  };
  auto* add = button(QStringLiteral("addRuleButton"), tr("&Add rule"),
                     tr("Add a rule after the selected one"));
  removeButton_ =
      button(QStringLiteral("removeRuleButton"), tr("&Remove"), tr("Remove the selected rule"));
  upButton_ = button(QStringLiteral("upRuleButton"), tr("Move &up"),
                     tr("Try the selected rule earlier: the first rule that matches answers"));
  downButton_ =
      button(QStringLiteral("downRuleButton"), tr("Move do&wn"), tr("Try the selected rule later"));
  row->addStretch();
  auto* load = button(QStringLiteral("loadRulesButton"), tr("&Load…"),
                      tr("Read the rules from a rules file (JSON)"));
  auto* save = button(QStringLiteral("saveRulesButton"), tr("&Save…"),
                      tr("Write the rules to a rules file (JSON), as headless mode reads it"));
  connect(add, &QPushButton::clicked, this, &ReplyRulesEditor::addRule);
  connect(removeButton_, &QPushButton::clicked, this, &ReplyRulesEditor::removeRule);
  connect(upButton_, &QPushButton::clicked, this, [this] { moveRule(-1); });
  connect(downButton_, &QPushButton::clicked, this, [this] { moveRule(1); });
  connect(load, &QPushButton::clicked, this, &ReplyRulesEditor::loadClicked);
  connect(save, &QPushButton::clicked, this, &ReplyRulesEditor::saveClicked);
  return buttons;
}

QWidget* ReplyRulesEditor::buildFramingRow() {
  auto* framing = new QWidget(this);
  auto* row = new QHBoxLayout(framing);
  row->setContentsMargins(0, 0, 0, 0);
  framingCombo_ = new QComboBox(framing);
  framingCombo_->setObjectName(QStringLiteral("framingCombo"));
  addNamedItems(framingCombo_, framingItems);
  lengthSpin_ = new QSpinBox(framing);
  lengthSpin_->setObjectName(QStringLiteral("framingLengthSpin"));
  lengthSpin_->setRange(1, MessageFramer::maxMessageBytes);
  lengthSpin_->setSuffix(tr(" bytes"));
  delimiterEdit_ = new QLineEdit(framing);
  delimiterEdit_->setObjectName(QStringLiteral("framingDelimiterEdit"));
  delimiterEdit_->setPlaceholderText(tr("delimiter, e.g. \\r\\n or 03"));
  row->addWidget(framingCombo_);
  row->addWidget(lengthSpin_);
  row->addWidget(delimiterEdit_, 1);
  connect(framingCombo_, &QComboBox::currentIndexChanged, this, &ReplyRulesEditor::edited);
  connect(lengthSpin_, &QSpinBox::valueChanged, this, &ReplyRulesEditor::edited);
  connect(delimiterEdit_, &QLineEdit::textChanged, this, &ReplyRulesEditor::edited);
  return framing;
}

QWidget* ReplyRulesEditor::buildDefaultRow() {
  auto* fallback = new QWidget(this);
  auto* row = new QHBoxLayout(fallback);
  row->setContentsMargins(0, 0, 0, 0);
  defaultCheck_ = new QCheckBox(tr("&Default reply:"), fallback);
  defaultCheck_->setObjectName(QStringLiteral("defaultReplyCheck"));
  defaultCheck_->setToolTip(tr("What to answer when no rule matches; unchecked: nothing"));
  defaultEdit_ = new QLineEdit(fallback);
  defaultEdit_->setObjectName(QStringLiteral("defaultReplyEdit"));
  defaultEdit_->setPlaceholderText(tr("e.g. unknown: {message}\\n"));
  defaultFormatCombo_ = textHexCombo(fallback);
  defaultFormatCombo_->setObjectName(QStringLiteral("defaultFormatCombo"));
  row->addWidget(defaultCheck_);
  row->addWidget(defaultEdit_, 1);
  row->addWidget(defaultFormatCombo_);
  connect(defaultCheck_, &QCheckBox::toggled, this, &ReplyRulesEditor::edited);
  connect(defaultEdit_, &QLineEdit::textChanged, this, &ReplyRulesEditor::edited);
  connect(defaultFormatCombo_, &QComboBox::currentIndexChanged, this, &ReplyRulesEditor::edited);
  return fallback;
}

QWidget* ReplyRulesEditor::buildTryBox() {
  auto* box = new QGroupBox(tr("Try a message"), this);
  tryEdit_ = new QLineEdit(box);
  tryEdit_->setObjectName(QStringLiteral("tryEdit"));
  tryEdit_->setPlaceholderText(tr("what a client sends, e.g. PING 1\\nPING 2\\n"));
  tryEdit_->setToolTip(tr("What a client sends before it closes, cut into messages by the "
                          "framing as the server cuts it (\\n ends a line; a datagram is one "
                          "message). Here {peer} is %1, {counter} counts from 1 and the time is "
                          "now.")
                           .arg(QLatin1String(examplePeer)));
  tryFormatCombo_ = textHexCombo(box);
  tryFormatCombo_->setObjectName(QStringLiteral("tryFormatCombo"));
  tryResult_ = new QPlainTextEdit(box);
  tryResult_->setObjectName(QStringLiteral("tryResult"));
  tryResult_->setReadOnly(true);
  tryResult_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)); // hex in columns
  // Room for a message and its reply at the least; a few messages when the dialog has room.
  tryResult_->setMinimumHeight(tryResult_->fontMetrics().lineSpacing() * 6 + 12);
  auto* input = new QHBoxLayout;
  input->addWidget(tryEdit_, 1);
  input->addWidget(tryFormatCombo_);
  auto* layout = new QVBoxLayout(box);
  layout->addLayout(input);
  layout->addWidget(tryResult_, 1);
  connect(tryEdit_, &QLineEdit::textChanged, this, &ReplyRulesEditor::edited);
  connect(tryFormatCombo_, &QComboBox::currentIndexChanged, this, &ReplyRulesEditor::edited);
  return box;
}

// ---- rows ----

void ReplyRulesEditor::insertRow(int row, const Row& values) {
  table_->insertRow(row);
  auto* number = new QTableWidgetItem;
  number->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  number->setTextAlignment(Qt::AlignCenter);
  table_->setItem(row, NumberColumn, number);

  auto* match = new QComboBox;
  addNamedItems(match, matchItems);
  match->setCurrentIndex(std::max(0, match->findData(values.match)));
  auto* pattern = new QLineEdit(values.pattern);
  pattern->setFrame(false);
  pattern->setPlaceholderText(tr("text, hex or expression"));
  auto* replies = new QPlainTextEdit(values.replies.join(QLatin1Char('\n')));
  replies->setFrameShape(QFrame::NoFrame);
  replies->setTabChangesFocus(true);
  replies->setLineWrapMode(QPlainTextEdit::NoWrap); // a line is a reply: wrapped, it reads as two
  replies->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  replies->setPlaceholderText(tr("no reply"));
  replies->setToolTip(tr("One reply per line. Placeholders: {counter} {time} {date} {unixtime} "
                         "{peer} {len} {message} {hex}; regex captures: $1 .. $9, ${name}"));
  auto* format = textHexCombo(nullptr);
  format->setCurrentIndex(values.hex ? 1 : 0);
  auto* delay = new QSpinBox;
  delay->setFrame(false);
  delay->setRange(0, ReplyRuleSet::maxDelayMs);
  delay->setSuffix(tr(" ms"));
  delay->setValue(values.delayMs);
  auto* close = new QCheckBox;
  close->setChecked(values.close);
  close->setToolTip(tr("Close the connection after replying"));

  const std::array<QWidget*, 6> cells{match, pattern, replies, format, delay, close};
  for (int column = MatchColumn; column < ColumnCount; ++column) {
    QWidget* cell = cells.at(static_cast<std::size_t>(column - MatchColumn));
    cell->installEventFilter(this);
    table_->setCellWidget(row, column, cell);
  }
  connect(match, &QComboBox::currentIndexChanged, this, &ReplyRulesEditor::edited);
  connect(pattern, &QLineEdit::textChanged, this, &ReplyRulesEditor::edited);
  connect(replies, &QPlainTextEdit::textChanged, this, &ReplyRulesEditor::edited);
  connect(format, &QComboBox::currentIndexChanged, this, &ReplyRulesEditor::edited);
  connect(delay, &QSpinBox::valueChanged, this, &ReplyRulesEditor::edited);
  connect(close, &QCheckBox::toggled, this, &ReplyRulesEditor::edited);
}

ReplyRulesEditor::Row ReplyRulesEditor::rowValues(int row) const {
  Row values;
  values.match =
      qobject_cast<QComboBox*>(table_->cellWidget(row, MatchColumn))->currentData().toString();
  values.pattern = qobject_cast<QLineEdit*>(table_->cellWidget(row, PatternColumn))->text();
  values.replies = qobject_cast<QPlainTextEdit*>(table_->cellWidget(row, ReplyColumn))
                       ->toPlainText()
                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  values.hex = qobject_cast<QComboBox*>(table_->cellWidget(row, FormatColumn))->currentIndex() == 1;
  values.delayMs = qobject_cast<QSpinBox*>(table_->cellWidget(row, DelayColumn))->value();
  values.close = qobject_cast<QCheckBox*>(table_->cellWidget(row, CloseColumn))->isChecked();
  return values;
}

void ReplyRulesEditor::setRows(const QList<Row>& rows) {
  filling_ = true;
  table_->setRowCount(0);
  for (const Row& row : rows)
    insertRow(table_->rowCount(), row);
  filling_ = false;
  edited();
}

int ReplyRulesEditor::rowOf(const QWidget* widget) const {
  for (int row = 0; row < table_->rowCount(); ++row) {
    for (int column = MatchColumn; column < ColumnCount; ++column) {
      const QWidget* cell = table_->cellWidget(row, column);
      if (cell && (cell == widget || cell->isAncestorOf(widget)))
        return row;
    }
  }
  return -1;
}

bool ReplyRulesEditor::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::FocusIn) {
    const int row = rowOf(qobject_cast<QWidget*>(watched));
    if (row >= 0 && row != table_->currentRow())
      table_->setCurrentCell(row, NumberColumn);
  }
  return QWidget::eventFilter(watched, event);
}

// ---- JSON ----

QJsonObject ReplyRulesEditor::rowToJson(const Row& row) {
  QJsonObject json{{QStringLiteral("match"), row.match}, {QStringLiteral("pattern"), row.pattern}};
  if (row.replies.size() == 1)
    json[QLatin1String("reply")] = row.replies.first();
  else if (!row.replies.isEmpty())
    json[QLatin1String("reply")] = QJsonArray::fromStringList(row.replies);
  if (row.hex)
    json[QLatin1String("replyFormat")] = QStringLiteral("hex");
  if (row.close)
    json[QLatin1String("close")] = true;
  if (row.delayMs != 0)
    json[QLatin1String("delayMs")] = row.delayMs;
  return json;
}

ReplyRulesEditor::Row ReplyRulesEditor::rowFromJson(const QJsonObject& json) {
  Row row;
  row.match = json.value(QLatin1String("match")).toString(QStringLiteral("exact"));
  row.pattern = json.value(QLatin1String("pattern")).toString();
  const QJsonValue reply = json.value(QLatin1String("reply"));
  for (const QJsonValue text : reply.isArray() ? reply.toArray() : QJsonArray{reply}) {
    if (text.isString())
      row.replies << text.toString();
  }
  row.hex = json.value(QLatin1String("replyFormat")).toString() == QLatin1String("hex");
  row.delayMs = json.value(QLatin1String("delayMs")).toInt(0);
  row.close = json.value(QLatin1String("close")).toBool(false);
  return row;
}

void ReplyRulesEditor::setFramingJson(const QString& framing) {
  const qsizetype colon = framing.indexOf(QLatin1Char(':'));
  const QString kind = colon < 0 ? framing : framing.left(colon);
  const QString argument = colon < 0 ? QString() : framing.mid(colon + 1);
  framingCombo_->setCurrentIndex(std::max(0, framingCombo_->findData(kind)));
  if (kind == QLatin1String("length"))
    lengthSpin_->setValue(argument.toInt());
  else
    delimiterEdit_->setText(argument);
}

QString ReplyRulesEditor::framingJson() const {
  QString kind = framingCombo_->currentData().toString();
  if (kind == QLatin1String("length"))
    return kind + QLatin1Char(':') + QString::number(lengthSpin_->value());
  if (kind.startsWith(QLatin1String("delimiter")))
    return kind + QLatin1Char(':') + delimiterEdit_->text();
  return kind;
}

QJsonObject ReplyRulesEditor::toJson() const {
  QJsonArray rules;
  for (int row = 0; row < table_->rowCount(); ++row)
    rules << rowToJson(rowValues(row));
  QJsonObject json{{QStringLiteral("framing"), framingJson()}, {QStringLiteral("rules"), rules}};
  if (defaultCheck_->isChecked()) {
    json[QLatin1String("default")] = defaultEdit_->text();
    if (defaultFormatCombo_->currentIndex() == 1)
      json[QLatin1String("defaultFormat")] = QStringLiteral("hex");
  }
  return json;
}

void ReplyRulesEditor::setJson(const QJsonObject& json) {
  filling_ = true;
  setFramingJson(json.value(QLatin1String("framing")).toString(QStringLiteral("line")));
  const QJsonValue fallback = json.value(QLatin1String("default"));
  defaultCheck_->setChecked(fallback.isString());
  defaultEdit_->setText(fallback.toString());
  defaultFormatCombo_->setCurrentIndex(
      json.value(QLatin1String("defaultFormat")).toString() == QLatin1String("hex") ? 1 : 0);
  QList<Row> rows;
  for (const QJsonValue rule : json.value(QLatin1String("rules")).toArray())
    rows << rowFromJson(rule.toObject());
  setRows(rows); // ends the filling and shows the result once
}

void ReplyRulesEditor::setRules(const ReplyRuleSet& rules) { setJson(rules.toJson()); }

std::optional<ReplyRuleSet> ReplyRulesEditor::rules(QString* error) const {
  return ReplyRuleSet::fromJson(toJson(), error);
}

QString ReplyRulesEditor::errorText() const {
  return errorLabel_->isHidden() ? QString() : errorLabel_->text();
}

// ---- files ----

bool ReplyRulesEditor::loadFile(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (error)
      *error = tr("%1: %2").arg(path, file.errorString());
    return false;
  }
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
  QString why;
  if (parseError.error != QJsonParseError::NoError)
    why = tr("not JSON: %1").arg(parseError.errorString());
  else if (!document.isObject())
    why = tr("not a rules file (a JSON object is expected)");
  else
    ReplyRuleSet::fromJson(document.object(), &why);
  if (!why.isEmpty()) {
    if (error)
      *error = tr("%1: %2").arg(path, why);
    return false;
  }
  setJson(document.object());
  return true;
}

bool ReplyRulesEditor::saveFile(const QString& path, QString* error) const {
  QString why;
  if (!rules(&why)) {
    if (error)
      *error = tr("Not saved: %1").arg(why);
    return false;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
    if (error)
      *error = tr("%1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

void ReplyRulesEditor::loadClicked() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load reply rules"), QString(),
                                                    tr("Rules files (*.json);;All files (*)"));
  QString error;
  if (!path.isEmpty() && !loadFile(path, &error))
    QMessageBox::warning(this, tr("Load reply rules"), error);
}

void ReplyRulesEditor::saveClicked() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save reply rules"), QStringLiteral("rules.json"), tr("Rules files (*.json)"));
  QString error;
  if (!path.isEmpty() && !saveFile(path, &error))
    QMessageBox::warning(this, tr("Save reply rules"), error);
}

// ---- editing ----

void ReplyRulesEditor::addRule() {
  const int row = table_->currentRow() < 0 ? table_->rowCount() : table_->currentRow() + 1;
  insertRow(row, Row{});
  table_->setCurrentCell(row, NumberColumn);
  table_->cellWidget(row, PatternColumn)->setFocus();
  edited();
}

void ReplyRulesEditor::removeRule() {
  const int row = table_->currentRow();
  if (row < 0)
    return;
  table_->removeRow(row);
  table_->setCurrentCell(std::min(row, table_->rowCount() - 1), NumberColumn);
  edited();
}

void ReplyRulesEditor::moveRule(int by) {
  const int from = table_->currentRow();
  const int to = from + by;
  if (from < 0 || to < 0 || to >= table_->rowCount())
    return;
  QList<Row> rows;
  for (int row = 0; row < table_->rowCount(); ++row)
    rows << rowValues(row);
  rows.swapItemsAt(from, to);
  setRows(rows);
  table_->setCurrentCell(to, NumberColumn);
}

void ReplyRulesEditor::setStreamKind(bool stream) {
  if (stream_ == stream)
    return;
  stream_ = stream;
  retry(); // the try box cuts messages, or takes a datagram whole
}

void ReplyRulesEditor::setOncePerConnection(bool once) {
  if (once_ == once)
    return;
  once_ = once;
  retry();
}

void ReplyRulesEditor::updateEnabled() {
  const int row = table_->currentRow();
  removeButton_->setEnabled(row >= 0);
  upButton_->setEnabled(row > 0);
  downButton_->setEnabled(row >= 0 && row + 1 < table_->rowCount());
  const QString kind = framingCombo_->currentData().toString();
  framingCombo_->setEnabled(stream_);
  framingCombo_->setToolTip(stream_ ? tr("How the stream is cut into messages")
                                    : tr("Datagrams: each one is a message"));
  lengthSpin_->setVisible(kind == QLatin1String("length"));
  lengthSpin_->setEnabled(stream_);
  delimiterEdit_->setVisible(kind.startsWith(QLatin1String("delimiter")));
  delimiterEdit_->setEnabled(stream_);
  defaultEdit_->setEnabled(defaultCheck_->isChecked());
  defaultFormatCombo_->setEnabled(defaultCheck_->isChecked());
}

void ReplyRulesEditor::fitRows() {
  const int line = fontMetrics().lineSpacing();
  const int single = table_->verticalHeader()->defaultSectionSize();
  for (int row = 0; row < table_->rowCount(); ++row) {
    const auto* replies = qobject_cast<QPlainTextEdit*>(table_->cellWidget(row, ReplyColumn));
    const int lines = std::clamp(replies->document()->blockCount(), 1, 4);
    table_->setRowHeight(row, std::max(single, lines * line + 12));
  }
}

// The first rule that is wrong on its own, from 1; 0 when each is right.
int ReplyRulesEditor::badRule() const {
  for (int row = 0; row < table_->rowCount(); ++row) {
    const QJsonObject alone{{QStringLiteral("rules"), QJsonArray{rowToJson(rowValues(row))}}};
    if (!ReplyRuleSet::fromJson(alone))
      return row + 1;
  }
  return 0;
}

void ReplyRulesEditor::markRows(int bad) {
  for (int row = 0; row < table_->rowCount(); ++row) {
    QTableWidgetItem* number = table_->item(row, NumberColumn);
    const int rule = row + 1;
    const int fired = triedRules_.contains(rule) ? rule : 0;
    number->setText(rule == bad     ? QStringLiteral("\u26a0 %1").arg(rule)
                    : rule == fired ? QStringLiteral("\u25b6 %1").arg(rule)
                                    : QString::number(rule));
    number->setBackground(rule == bad     ? markColor(ConsoleStyle::problemColor())
                          : rule == fired ? markColor(ConsoleStyle::healthyColor())
                                          : QBrush());
    number->setToolTip(rule == bad     ? errorText()
                       : rule == fired ? tr("This rule answers a message tried below")
                                       : QString());
  }
}

void ReplyRulesEditor::edited() {
  if (filling_)
    return;
  QString error;
  const bool valid = rules(&error).has_value();
  errorLabel_->setText(valid ? QString() : error);
  errorLabel_->setVisible(!valid);
  fitRows();
  retry();
  emit rulesChanged();
}

void ReplyRulesEditor::retry() {
  tryMessage();
  markRows(errorLabel_->isHidden() ? 0 : badRule());
  updateEnabled();
}

// ---- the try box ----

void ReplyRulesEditor::tryMessage() {
  triedRules_.clear();
  QString error;
  const auto set = rules(&error);
  if (!set) {
    tryResult_->setPlainText(tr("Fix the rules first: %1").arg(error));
    return;
  }
  const auto sent = triedBytes();
  if (!sent)
    return;
  // A responder of its own: {counter} counts from 1 in the box, whatever the server did.
  ReplyResponder responder(std::make_shared<const ReplyRuleSet>(*set));
  RulesConversation conversation(responder, once_, QLatin1String(examplePeer));
  const std::string_view sentData(sent->constData(), static_cast<std::size_t>(sent->size()));
  QList<RulesConversation::Exchange> exchanges;
  if (stream_)
    exchanges = conversation.converse(sentData);
  else
    exchanges << RulesConversation::Exchange{*sent, conversation.answerDatagram(sentData), false,
                                             false};
  QStringList lines;
  for (qsizetype i = 0; i < exchanges.size(); ++i) {
    const RulesConversation::Exchange& exchange = exchanges.at(i);
    triedRules_ << (exchange.plan ? exchange.plan->rule : -1);
    lines << exchangeText(static_cast<int>(i + 1), exchange);
  }
  tryResult_->setPlainText(lines.join(QLatin1Char('\n')));
}

std::optional<QByteArray> ReplyRulesEditor::triedBytes() {
  if (tryEdit_->text().isEmpty()) {
    tryResult_->setPlainText(tr("Type a message to see which rule answers it and the exact "
                                "reply."));
    return std::nullopt;
  }
  QString error;
  auto bytes = tryFormatCombo_->currentIndex() == 1
                   ? ByteText::fromHex(tryEdit_->text(), &error)
                   : ByteText::fromEscaped(tryEdit_->text(), &error);
  if (!bytes)
    tryResult_->setPlainText(tr("The message: %1").arg(error));
  return bytes;
}

QStringList ReplyRulesEditor::exchangeText(int number,
                                           const RulesConversation::Exchange& exchange) const {
  const QString shown = ByteText::toEscaped(exchange.message);
  QStringList lines{
      stream_ ? tr("Message %1 (%2 bytes): %3").arg(number).arg(exchange.message.size()).arg(shown)
              : tr("The datagram (%1 bytes): %2").arg(exchange.message.size()).arg(shown)};
  QStringList details;
  if (exchange.atClose)
    details << tr("The framing has not ended it: the server answers it when the client closes.");
  if (exchange.tooLate)
    details << tr("Not answered: the connection is closed before it.");
  else if (!exchange.plan || exchange.plan->rule < 0)
    details << tr("No rule matches and there is no default reply: nothing is sent.");
  if (exchange.plan && exchange.plan->rule >= 0)
    details << planText(*exchange.plan);
  else if (exchange.plan && exchange.plan->close)
    details << tr("Then the connection is closed.");
  for (const QString& line : std::as_const(details))
    lines << QStringLiteral("  ") + line;
  return lines;
}

QStringList ReplyRulesEditor::planText(const ReplyPlan& plan) const {
  QStringList lines;
  lines << (plan.rule == 0 ? tr("No rule matches: the default reply answers.")
                           : tr("Rule %1 answers.").arg(plan.rule));
  if (plan.replies.isEmpty())
    lines << tr("It sends nothing.");
  for (qsizetype i = 0; i < plan.replies.size(); ++i) {
    const QByteArray& reply = plan.replies.at(i);
    lines << tr("Reply %1 (%2 bytes): %3")
                 .arg(i + 1)
                 .arg(reply.size())
                 .arg(ByteText::toEscaped(reply))
          << tr("  hex: %1").arg(ByteText::toHex(reply));
  }
  if (plan.delayMs > 0)
    lines << tr("Sent after %1 ms.").arg(plan.delayMs);
  if (plan.close)
    lines << tr("Then the connection is closed.");
  return lines;
}

QString ReplyRulesEditor::tryResultText() const { return tryResult_->toPlainText(); }
