#include "app/gui/gui_main.h"

#include <QApplication>
#include <QFont>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <cstdio>
#include <algorithm>

#include "app/gui/main_window.h"
#include "app/gui/playback.h"

namespace seqscope::gui {

void setUpAppearance() {
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
}

int run(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Seqscope"));
  QApplication::setOrganizationName(QStringLiteral("Seqscope"));
  QApplication::setApplicationVersion(QStringLiteral(SEQSCOPE_VERSION));
  setUpAppearance();

  // seqscope [SCENE.json | MODEL_DIR] [--frame K|middle|end] [--present] [--screenshot PNG]:
  // what to open, which frame to show once the runs end (screenshots, slides), and whether to
  // start presenting.
  QStringList args = QApplication::arguments().mid(1);
  // --screenshot OUT.png: once the runs end and the frame is shown, save what the screen shows
  // (the window as a person sees it, under Xvfb in tools/screenshots.sh) and quit.
  QString frame;
  QString screenshot;
  bool present = false;
  QString path;
  for (int i = 0; i < args.size(); ++i) {
    if (args[i] == QLatin1String("--frame") && i + 1 < args.size()) frame = args[++i];
    else if (args[i] == QLatin1String("--screenshot") && i + 1 < args.size()) screenshot = args[++i];
    else if (args[i] == QLatin1String("--present")) present = true;
    else if (path.isEmpty()) path = args[i];
  }
  MainWindow window(path);
  if (!frame.isEmpty() || !screenshot.isEmpty()) {
    QObject::connect(&window, &MainWindow::runsFinished, &window, [&window, frame, screenshot] {
      Playback* p = window.playback();
      if (frame == QLatin1String("end")) p->seek(p->lastFrame());
      else if (frame == QLatin1String("middle")) p->seek(p->lastFrame() / 2);
      else if (!frame.isEmpty()) p->seek(frame.toInt());
      if (screenshot.isEmpty()) return;
      // Let the panes repaint the frame before the screen is read.
      QTimer::singleShot(400, &window, [&window, screenshot] {
        QScreen* screen = window.screen();
        const bool saved = screen && screen->grabWindow(0).save(screenshot);
        if (!saved) std::fprintf(stderr, "seqscope: could not write the screenshot %s\n", qPrintable(screenshot));
        QApplication::exit(saved ? 0 : 1);
      });
    });
  }
  if (present) window.setPresentationMode(true);
  // Maximised: under Xvfb (no window manager) a window otherwise keeps its minimum size in
  // the top-left corner; on a desktop it is what a presenter wants anyway.
  // Never larger than the screen: a window wider than a 1280 px projector hides its last
  // pane and the Run button.
  if (const QScreen* screen = QGuiApplication::primaryScreen())
    window.setGeometry(screen->availableGeometry());
  window.showMaximized();
  return app.exec();
}

}  // namespace seqscope::gui
