// ConversationDelegate: draws one entry of a ConversationModel as a short block — a header line
// in the entry's colour (a send blue, a reply green, an error red, a notice grey) over its bytes
// in a fixed-pitch font, wrapped to the view's width, with a bar of the same colour at the left.
// Hex is laid out with as many bytes a line as the width holds (16, 8 or 4).
//
//   view->setItemDelegate(new ConversationDelegate(view));   // view: a QListView
//
// Heights are measured with the view's viewport width and cached per entry until the width,
// the format or the font changes. Thread rule: GUI thread only.
#pragma once

#include <QFont>
#include <QHash>
#include <QStyledItemDelegate>

#include <memory>
#include <vector>

class ConversationModel;
class QListView;
class QTextLayout;

class ConversationDelegate : public QStyledItemDelegate {
  Q_OBJECT

public:
  explicit ConversationDelegate(QListView* view);

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

  /// The hex bytes a line holds at a text width of `width` pixels in `fixed`: 16, 8 or 4.
  static int hexBytesPerLine(int width, const QFont& fixed);

private:
  /// The width text is wrapped to (the viewport's, less the margins).
  int textWidth() const;
  /// The entry's bytes as drawn at the view's width.
  QString bodyText(const ConversationModel& model, int row) const;
  /// Lays `text` out at `width` into `layouts` (one per paragraph); returns the height.
  static int layOut(const QString& text, const QFont& font, int width,
                    std::vector<std::unique_ptr<QTextLayout>>* layouts);

  QListView* view_;
  QFont fixed_;
  mutable QHash<quint64, int> heights_; // by entry serial, for cachedWidth_ and cachedFormat_
  mutable int cachedWidth_ = -1;
  mutable int cachedFormat_ = -1;
  mutable int bytesPerLineWidth_ = -1; // the width bytesPerLine_ was measured at
  mutable int bytesPerLine_ = 16;
};
