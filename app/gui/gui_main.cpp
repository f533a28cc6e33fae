#include "app/gui/gui_main.h"

#include <QApplication>
#include <QFont>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>

#include "app/gui/main_window.h"

namespace seqscope::gui {

int run(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Seqscope"));
  QApplication::setOrganizationName(QStringLiteral("Seqscope"));
  // A light Fusion look whatever the desktop theme: the views are dark-on-light, and a
  // lecture hall projector needs the same contrast everywhere.
  if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) {
    QApplication::setStyle(fusion);
    QApplication::setPalette(fusion->standardPalette());
  }
  // Type large enough to read from the back of a room.
  QFont font = QApplication::font();
  font.setPointSizeF(std::max(font.pointSizeF(), 13.0));
  QApplication::setFont(font);

  // seqscope [MODEL_DIR]: a model directory to open instead of the bundled demo model.
  const QStringList args = QApplication::arguments().mid(1);
  MainWindow window(args.isEmpty() ? QString() : args.first());
  // Maximised: under Xvfb (no window manager) a window otherwise keeps its minimum size in
  // the top-left corner; on a desktop it is what a presenter wants anyway.
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    window.setGeometry(screen->availableGeometry());
  window.showMaximized();
  return app.exec();
}

}  // namespace seqscope::gui
