// The console's main window. For now a placeholder that gives the application its title,
// icon and menus; the servers, connections, log and test client panels will dock into it.
#pragma once

#include <QMainWindow>

class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  explicit MainWindow(QWidget* parent = nullptr);

private:
  void createMenus();
  void showAbout();
};
