#include "ConversationModel.h"

#include "ByteFormats.h"
#include "ByteText.h"
#include "ConsoleStyle.h"

#include <algorithm>

ConversationModel::ConversationModel(QObject* parent, int cap)
    : QAbstractListModel(parent), cap_(std::max(1, cap)) {
  flushTimer_.setSingleShot(true);
  connect(&flushTimer_, &QTimer::timeout, this, &ConversationModel::flush);
}

void ConversationModel::addSent(const QByteArray& bytes) {
  append({Kind::Sent, QDateTime::currentDateTime(), bytes, -1, {}, 0});
}

void ConversationModel::addReceived(const QByteArray& bytes, double rttMs, const QString& from) {
  append({Kind::Received, QDateTime::currentDateTime(), bytes, rttMs, from, 0});
}

void ConversationModel::addNotice(const QString& text) {
  append({Kind::Notice, QDateTime::currentDateTime(), {}, -1, text, 0});
}

void ConversationModel::addError(const QString& text) {
  append({Kind::Error, QDateTime::currentDateTime(), {}, -1, text, 0});
}

// A view lays every row out again for each change of the rows: entries arriving faster than a
// person reads are shown in batches, burstSize at once at the most every batchIntervalMs.
void ConversationModel::append(Entry entry) {
  entry.serial = nextSerial_++;
  pending_.push_back(std::move(entry));
  if (!window_.isValid() || window_.elapsed() >= batchIntervalMs) {
    window_.start();
    inWindow_ = 0;
  }
  if (++inWindow_ <= burstSize && !flushTimer_.isActive())
    flush();
  else if (!flushTimer_.isActive())
    flushTimer_.start(batchIntervalMs);
}

void ConversationModel::flush() {
  flushTimer_.stop();
  if (pending_.empty())
    return;
  const int first = static_cast<int>(entries_.size());
  beginInsertRows({}, first, first + static_cast<int>(pending_.size()) - 1);
  for (Entry& entry : pending_)
    entries_.push_back(std::move(entry));
  pending_.clear();
  endInsertRows();
  dropPastCap();
}

// Past the cap the oldest entries go, and the first row counts what went.
void ConversationModel::dropPastCap() {
  const bool note = hasDroppedNote();
  const int excess = static_cast<int>(entries_.size()) - (note ? 1 : 0) - cap_;
  if (excess <= 0)
    return;
  const int oldest = note ? 1 : 0;
  beginRemoveRows({}, oldest, oldest + excess - 1);
  entries_.erase(entries_.begin() + oldest, entries_.begin() + oldest + excess);
  endRemoveRows();
  dropped_ += excess;
  if (note) {
    entries_.front().time = QDateTime::currentDateTime();
    emit dataChanged(index(0), index(0));
    return;
  }
  beginInsertRows({}, 0, 0);
  entries_.push_front({Kind::Dropped, QDateTime::currentDateTime(), {}, -1, {}, nextSerial_++});
  endInsertRows();
}

void ConversationModel::clear() {
  flushTimer_.stop();
  beginResetModel();
  entries_.clear();
  pending_.clear();
  dropped_ = 0;
  endResetModel();
}

void ConversationModel::setFormat(Format format) {
  if (format == format_)
    return;
  emit layoutAboutToBeChanged();
  format_ = format;
  emit layoutChanged();
}

int ConversationModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QVariant ConversationModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount())
    return {};
  const Entry& e = entry(index.row());
  switch (role) {
  case Qt::DisplayRole: {
    const QString bytes = body(index.row(), hexBytesPerLine, -1);
    return bytes.isEmpty() ? header(index.row()) : header(index.row()) + QLatin1Char('\n') + bytes;
  }
  case Qt::ToolTipRole:
    return e.kind == Kind::Received ? tr("Received at %1; the round-trip time runs from the last "
                                         "send to this reply")
                                          .arg(ConsoleStyle::clockText(e.time))
                                    : QVariant();
  case KindRole:
    return kindName(e.kind);
  case SerialRole:
    return e.serial;
  default:
    return {};
  }
}

QString ConversationModel::kindName(Kind kind) {
  switch (kind) {
  case Kind::Sent:
    return QStringLiteral("sent");
  case Kind::Received:
    return QStringLiteral("received");
  case Kind::Notice:
    return QStringLiteral("notice");
  case Kind::Error:
    return QStringLiteral("error");
  case Kind::Dropped:
    return QStringLiteral("dropped");
  }
  return {};
}

QString ConversationModel::header(int row) const {
  const Entry& e = entry(row);
  const int size = static_cast<int>(e.bytes.size());
  QString what;
  switch (e.kind) {
  case Kind::Sent:
    what = tr("→ sent %n B", nullptr, size);
    break;
  case Kind::Received:
    what = tr("← received %n B", nullptr, size);
    if (!e.text.isEmpty())
      what = tr("%1 from %2").arg(what, e.text);
    if (e.rttMs >= 0)
      what = tr("%1 · rtt %2 ms").arg(what).arg(e.rttMs, 0, 'f', 2);
    break;
  case Kind::Notice:
    what = tr("— %1").arg(e.text);
    break;
  case Kind::Error:
    what = tr("✖ %1").arg(e.text);
    break;
  case Kind::Dropped:
    what = tr("⋯ %n older entries dropped (the newest %1 are kept)", nullptr,
              static_cast<int>(dropped_))
               .arg(cap_);
    break;
  }
  return ConsoleStyle::clockText(e.time) + QLatin1String("  ") + what;
}

QString ConversationModel::body(int row, int bytesPerLine, int limit) const {
  const Entry& e = entry(row);
  if (e.kind != Kind::Sent && e.kind != Kind::Received)
    return {};
  const bool cut = limit >= 0 && e.bytes.size() > limit;
  const QByteArray shown = cut ? e.bytes.left(limit) : e.bytes;
  QString text = format_ == Format::Hex
                     ? ByteFormats::hexDump(shown, bytesPerLine, ByteFormats::HexLayout::Compact)
                     : ByteText::toEscaped(shown);
  if (cut)
    text += QLatin1Char('\n') + tr("… %n more bytes (Copy takes them all)", nullptr,
                                   static_cast<int>(e.bytes.size() - limit));
  return text;
}
