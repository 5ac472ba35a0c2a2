#include "ConversationDelegate.h"

#include "ByteFormats.h"
#include "ConsoleStyle.h"
#include "ConversationModel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QListView>
#include <QPainter>
#include <QTextLayout>

#include <memory>
#include <vector>

namespace {

constexpr int barWidth = 3;
constexpr int hMargin = 6;
constexpr int vMargin = 3;
constexpr int headerGap = 1;
// Heights kept at most (many times a conversation's cap; a bound, should entries churn).
constexpr qsizetype maxCachedHeights = 32768;

using Kind = ConversationModel::Kind;

QColor colorOf(Kind kind) {
  switch (kind) {
  case Kind::Sent:
    return ConsoleStyle::trafficColor();
  case Kind::Received:
    return ConsoleStyle::healthyColor();
  case Kind::Error:
    return ConsoleStyle::problemColor();
  case Kind::Notice:
  case Kind::Dropped:
    break;
  }
  return ConsoleStyle::fadedColor();
}

// A faint wash of `color` over `base`: sends and errors stand out from replies without
// making the bytes harder to read.
QColor tint(const QColor& base, const QColor& color, double amount) {
  return QColor::fromRgbF(float(base.redF() * (1 - amount) + color.redF() * amount),
                          float(base.greenF() * (1 - amount) + color.greenF() * amount),
                          float(base.blueF() * (1 - amount) + color.blueF() * amount));
}

QFont headerFont(const QFont& base) {
  QFont font = base;
  font.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() * 0.92 : base.pointSizeF());
  return font;
}

} // namespace

ConversationDelegate::ConversationDelegate(QListView* view)
    : QStyledItemDelegate(view), view_(view),
      fixed_(QFontDatabase::systemFont(QFontDatabase::FixedFont)) {}

int ConversationDelegate::hexBytesPerLine(int width, const QFont& fixed) {
  const QFontMetrics metrics(fixed);
  for (const int bytes : {16, 8})
    if (metrics.horizontalAdvance(
            ByteFormats::hexDump(QByteArray(bytes + 1, 'x'), bytes, ByteFormats::HexLayout::Compact)
                .section(QLatin1Char('\n'), 0, 0)) <= width)
      return bytes;
  return 4;
}

int ConversationDelegate::textWidth() const {
  return std::max(40, view_->viewport()->width() - barWidth - 2 * hMargin);
}

QString ConversationDelegate::bodyText(const ConversationModel& model, int row) const {
  const int width = textWidth();
  if (width != bytesPerLineWidth_) {
    bytesPerLine_ = hexBytesPerLine(width, fixed_);
    bytesPerLineWidth_ = width;
  }
  return model.body(row, bytesPerLine_);
}

int ConversationDelegate::layOut(const QString& text, const QFont& font, int width,
                                 std::vector<std::unique_ptr<QTextLayout>>* layouts) {
  QTextOption wrap;
  wrap.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  const QFontMetrics metrics(font);
  int height = 0;
  for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
    auto layout = std::make_unique<QTextLayout>(paragraph, font);
    layout->setTextOption(wrap);
    layout->beginLayout();
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
      line.setLineWidth(width);
      line.setPosition(QPointF(0, height));
      height += metrics.lineSpacing();
    }
    layout->endLayout();
    if (paragraph.isEmpty() && layout->lineCount() == 0)
      height += metrics.lineSpacing();
    if (layouts)
      layouts->push_back(std::move(layout));
  }
  return height;
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const {
  const auto* model = qobject_cast<const ConversationModel*>(index.model());
  if (!model)
    return QStyledItemDelegate::sizeHint(option, index);
  const int width = textWidth();
  const int format = static_cast<int>(model->format());
  if (width != cachedWidth_ || format != cachedFormat_ || heights_.size() > maxCachedHeights) {
    heights_.clear();
    cachedWidth_ = width;
    cachedFormat_ = format;
  }
  const quint64 serial = model->entry(index.row()).serial;
  auto cached = heights_.constFind(serial);
  int height = 0;
  if (cached != heights_.constEnd()) {
    height = *cached;
  } else {
    height = layOut(model->header(index.row()), headerFont(option.font), width, nullptr);
    const QString body = bodyText(*model, index.row());
    if (!body.isEmpty())
      height += headerGap + layOut(body, fixed_, width, nullptr);
    height += 2 * vMargin + 1; // and the rule under the entry
    heights_.insert(serial, height);
  }
  return {view_->viewport()->width(), height};
}

void ConversationDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
  const auto* model = qobject_cast<const ConversationModel*>(index.model());
  if (!model) {
    QStyledItemDelegate::paint(painter, option, index);
    return;
  }
  const Kind kind = model->entry(index.row()).kind;
  const QColor color = colorOf(kind);
  const QPalette& palette = option.palette;
  const bool selected = option.state & QStyle::State_Selected;
  painter->save();
  QColor background = palette.color(QPalette::Base);
  if (selected)
    background = palette.color(QPalette::Highlight);
  else if (kind == Kind::Sent || kind == Kind::Error)
    background = tint(background, color, 0.08);
  painter->fillRect(option.rect, background);
  painter->fillRect(QRect(option.rect.left(), option.rect.top(), barWidth, option.rect.height()),
                    color);
  painter->setPen(palette.color(QPalette::Midlight));
  painter->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());

  const int width = textWidth();
  QPointF at(option.rect.left() + barWidth + hMargin, option.rect.top() + vMargin);
  std::vector<std::unique_ptr<QTextLayout>> layouts;
  const int headerHeight =
      layOut(model->header(index.row()), headerFont(option.font), width, &layouts);
  painter->setPen(selected ? palette.color(QPalette::HighlightedText) : color);
  for (const auto& layout : layouts)
    layout->draw(painter, at);
  const QString body = bodyText(*model, index.row());
  if (!body.isEmpty()) {
    layouts.clear();
    layOut(body, fixed_, width, &layouts);
    at.ry() += headerHeight + headerGap;
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    for (const auto& layout : layouts)
      layout->draw(painter, at);
  }
  painter->restore();
}
