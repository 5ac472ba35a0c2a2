#include "LogDetailView.h"

#include "ByteFormats.h"
#include "ByteText.h"
#include "ConsoleStyle.h"
#include "ElidedLabel.h"
#include "LogModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// The hex dump asks for the width of a whole line (offset, sixteen bytes, ASCII column), so
// that the splitter beside the text gives it that and the text the rest.
class HexDumpEdit : public QPlainTextEdit {
public:
  using QPlainTextEdit::QPlainTextEdit;
  QSize sizeHint() const override {
    const QString line = ByteFormats::hexDump(QByteArray(ByteFormats::defaultBytesPerLine, 'x'));
    const int text = fontMetrics().horizontalAdvance(line.trimmed());
    return {text + 2 * frameWidth() + 2 * static_cast<int>(document()->documentMargin()) +
                verticalScrollBar()->sizeHint().width(),
            QPlainTextEdit::sizeHint().height()};
  }
};

// The escaped text with a line break after each \n, so that the lines of a line protocol read
// as lines. The escaping is done per line: an escaped backslash followed by "n" stays whole.
QString readableText(const QByteArray& payload) {
  QStringList lines;
  for (const QByteArray& line : payload.split('\n'))
    lines << ByteText::toEscaped(line);
  return lines.join(QStringLiteral("\\n\n"));
}

bool sameEvent(const ConsoleEvent& a, const ConsoleEvent& b) {
  return a.timestampMs == b.timestampMs && a.serverId == b.serverId && a.requestId == b.requestId &&
         a.kind == b.kind && a.size == b.size && a.payload.constData() == b.payload.constData() &&
         a.text == b.text;
}

} // namespace

LogDetailView::LogDetailView(LogModel* log, QWidget* parent) : QWidget(parent), log_(log) {
  setObjectName(QStringLiteral("logDetail"));
  createCopyActions();
  createViews();
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setObjectName(QStringLiteral("detailSplitter"));
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(textView_);
  splitter->addWidget(hexView_);
  splitter->setStretchFactor(0, 1);
  splitter->setStretchFactor(1, 0);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(createHeader());
  layout->addWidget(cutLabel_);
  layout->addWidget(splitter, 1);
  showNothing();
}

void LogDetailView::createCopyActions() {
  const std::pair<Form, std::pair<QString, QString>> forms[] = {
      {Form::Text, {QStringLiteral("copyTextAction"), tr("Escaped &text")}},
      {Form::Hex, {QStringLiteral("copyHexAction"), tr("&Hex")}},
      {Form::CString, {QStringLiteral("copyCStringAction"), tr("&C string literal")}},
      {Form::CArray, {QStringLiteral("copyCArrayAction"), tr("C &array")}},
      {Form::Python, {QStringLiteral("copyPythonAction"), tr("&Python bytes literal")}}};
  for (const auto& [form, names] : forms) {
    auto* action = new QAction(names.second, this);
    action->setObjectName(names.first);
    connect(action, &QAction::triggered, this, [this, f = form] { copy(f); });
    copyActions_ << action;
  }
  copyActions_.at(0)->setToolTip(
      tr("Copy the payload as escaped text, which the test client's Text mode reads back as the "
         "same bytes"));
}

QLayout* LogDetailView::createHeader() {
  summaryLabel_ = new ElidedLabel(this);
  summaryLabel_->setObjectName(QStringLiteral("detailSummaryLabel"));
  copyButton_ = new QToolButton(this);
  copyButton_->setObjectName(QStringLiteral("detailCopyButton"));
  copyButton_->setText(tr("Copy as"));
  copyButton_->setToolTip(tr("Copy the selected row's payload, whole as captured"));
  copyButton_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  copyButton_->setPopupMode(QToolButton::InstantPopup);
  copyButton_->setAutoRaise(true);
  auto* menu = new QMenu(copyButton_);
  menu->addActions(copyActions_);
  copyButton_->setMenu(menu);
  cutLabel_ = new QLabel(this);
  cutLabel_->setObjectName(QStringLiteral("detailCutLabel"));
  cutLabel_->setStyleSheet(ConsoleStyle::textColorSheet(ConsoleStyle::noticeColor()));
  cutLabel_->setWordWrap(true);

  auto* header = new QHBoxLayout;
  header->setSpacing(6);
  header->addWidget(summaryLabel_, 1);
  header->addWidget(copyButton_);
  return header;
}

void LogDetailView::createViews() {
  textView_ = new QPlainTextEdit(this);
  textView_->setObjectName(QStringLiteral("detailTextView"));
  textView_->setReadOnly(true);
  textView_->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  textView_->setToolTip(tr("The payload as text: printable UTF-8 as it is, other bytes as "
                           "escapes (\\n \\r \\t \\0 \\\\ \\xNN)"));
  hexView_ = new HexDumpEdit(this);
  hexView_->setObjectName(QStringLiteral("detailHexView"));
  hexView_->setReadOnly(true);
  hexView_->setLineWrapMode(QPlainTextEdit::NoWrap);
  hexView_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  // Its lines are all as wide: more room would stay blank, so the text beside gets it.
  hexView_->setMaximumWidth(hexView_->sizeHint().width());
  hexView_->setToolTip(tr("The payload in hex, sixteen bytes a line: the offset in hex, the "
                          "bytes, then the bytes as ASCII ('.' for any other byte)"));
}

void LogDetailView::showRow(int sourceRow) {
  if (sourceRow < 0 || sourceRow >= log_->rowCount()) {
    if (event_)
      showNothing();
    return;
  }
  if (event_ && sameEvent(*event_, log_->rowAt(sourceRow).event))
    return;
  showContents(sourceRow);
}

void LogDetailView::showContents(int sourceRow) {
  event_ = log_->rowAt(sourceRow).event;
  const ConsoleEvent& e = *event_;
  QStringList summary;
  for (const int column : {LogModel::Event, LogModel::Server, LogModel::Peer, LogModel::Time}) {
    const QString cell = log_->index(sourceRow, column).data().toString();
    if (!cell.isEmpty())
      summary << cell;
  }
  const QLocale locale;
  if (e.isTraffic())
    summary << tr("%1 bytes").arg(locale.toString(e.size));
  summaryLabel_->setText(summary.join(QStringLiteral(" · ")));
  cutLabel_->setVisible(e.isTraffic() && e.payloadTruncated());
  if (e.payloadTruncated())
    cutLabel_->setText(tr("Showing the first %1 of %2 bytes: the rest was beyond the capture "
                          "cap. Raise Capture in the tool bar to keep more of new payloads.")
                           .arg(locale.toString(e.payload.size()), locale.toString(e.size)));
  textView_->setPlainText(e.isTraffic() ? readableText(e.payload) : e.text);
  QString dump = e.isTraffic() ? ByteFormats::hexDump(e.payload) : QString();
  dump.chop(1); // the last line's '\n' would add an empty line
  hexView_->setPlainText(dump);
  hexView_->setPlaceholderText(e.isTraffic() ? tr("No payload bytes were captured")
                                             : tr("This row has no payload"));
  for (QAction* action : copyActions_)
    action->setEnabled(e.isTraffic() || action == copyActions_.at(0));
  copyButton_->setEnabled(true);
}

void LogDetailView::showNothing() {
  event_.reset();
  summaryLabel_->setText(tr("Select a row of the log to see it here whole"));
  summaryLabel_->setToolTip(QString());
  cutLabel_->hide();
  textView_->clear();
  hexView_->clear();
  textView_->setPlaceholderText(tr("The selected row's payload, as text"));
  hexView_->setPlaceholderText(tr("The same payload in hex and ASCII, with offsets"));
  for (QAction* action : copyActions_)
    action->setEnabled(false);
  copyButton_->setEnabled(false);
}

QString LogDetailView::copied(Form form) const {
  const QByteArray& bytes = event_->payload;
  switch (form) {
  case Form::Text:
    return event_->isTraffic() ? ByteText::toEscaped(bytes) : event_->text;
  case Form::Hex:
    return ByteText::toHex(bytes);
  case Form::CString:
    return ByteFormats::cString(bytes);
  case Form::CArray:
    return ByteFormats::cArray(bytes);
  case Form::Python:
    return ByteFormats::pythonBytes(bytes);
  }
  return {};
}

void LogDetailView::copy(Form form) {
  if (!event_)
    return;
  QApplication::clipboard()->setText(copied(form));
  if (!event_->isTraffic()) {
    emit message(tr("Copied the row's detail text"), 4000);
    return;
  }
  const QString bytes = QLocale().toString(event_->payload.size());
  const QString said[] = {tr("Copied %1 bytes as escaped text").arg(bytes),
                          tr("Copied %1 bytes as hex").arg(bytes),
                          tr("Copied %1 bytes as a C string literal").arg(bytes),
                          tr("Copied %1 bytes as a C array").arg(bytes),
                          tr("Copied %1 bytes as a Python bytes literal").arg(bytes)};
  emit message(said[static_cast<int>(form)], 4000);
}
