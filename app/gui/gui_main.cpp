#include "app/gui/gui_main.h"

#include <QApplication>
#include <QFont>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>

#include "app/gui/main_window.h"
#include "app/gui/playback.h"

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

  // seqscope [SCENE.json | MODEL_DIR] [--frame K|end] [--present]: what to open, which frame
  // to show once the runs end (screenshots, slides), and whether to start presenting.
  QStringList args = QApplication::arguments().mid(1);
  QString frame;
  bool present = false;
  QString path;
  for (int i = 0; i < args.size(); ++i) {
    if (args[i] == QLatin1String("--frame") && i + 1 < args.size()) frame = args[++i];
    else if (args[i] == QLatin1String("--present")) present = true;
    else if (path.isEmpty()) path = args[i];
  }
  MainWindow window(path);
  if (!frame.isEmpty()) {
    QObject::connect(&window, &MainWindow::runsFinished, &window, [&window, frame] {
      Playback* p = window.playback();
      p->seek(frame == QLatin1String("end") ? p->lastFrame() : frame.toInt());
    });
  }
  if (present) window.setPresentationMode(true);
  // Maximised: under Xvfb (no window manager) a window otherwise keeps its minimum size in
  // the top-left corner; on a desktop it is what a presenter wants anyway.
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    window.setGeometry(screen->availableGeometry());
  window.showMaximized();
  return app.exec();
}

}  // namespace seqscope::gui
