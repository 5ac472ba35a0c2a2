#include "MainWindow.h"

#include "ConsoleVersion.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  // The resources live in a static library and nothing refers to their object file, so the
  // linker would drop it; registering them here keeps them. Registering twice is harmless.
  Q_INIT_RESOURCE(socketserver);

  setWindowTitle(tr("SocketServer Console"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/socketserver-console.svg")));

  auto* placeholder =
      new QLabel(tr("<p><b>SocketServer Console is under construction.</b></p>"
                    "<p>Servers, live connections, the request log and the test client will appear "
                    "here.</p>"),
                 this);
  placeholder->setObjectName(QStringLiteral("placeholderLabel"));
  placeholder->setAlignment(Qt::AlignCenter);
  placeholder->setWordWrap(true);
  placeholder->setMargin(24);
  setCentralWidget(placeholder);

  createMenus();
  resize(960, 600);
}

void MainWindow::createMenus() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
  quitAction->setShortcut(QKeySequence::Quit);

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  helpMenu->addAction(tr("&About SocketServer Console"), this, &MainWindow::showAbout);
  helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About SocketServer Console"),
      tr("<h3>SocketServer Console %1</h3>"
         "<p>Start, stop and watch TCP, UDP and Unix socket servers built on the "
         "<code>socketserver</code> engine, a C++ port of Python's module of that name, "
         "and talk to them from the built-in test client.</p>")
          .arg(QStringLiteral(SOCKETSERVER_VERSION)));
}
