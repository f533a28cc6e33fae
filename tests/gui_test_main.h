#pragma once
// main() for tests that create widgets: an offscreen platform (no display needed), a fixed
// 96 DPI and a fixed font, so that pixel positions and text sizes are the same on every
// machine. Must run before QApplication exists, hence a macro instead of QTEST_MAIN.
#include <QApplication>
#include <QFont>
#include <QtTest>

#define SEQSCOPE_GUI_TEST_MAIN(TestClass)                            \
  int main(int argc, char** argv) {                                  \
    /* A screen size may come with the platform: offscreen:configfile=SCREEN.json */ \
    if (!qEnvironmentVariable("QT_QPA_PLATFORM").startsWith("offscreen:"))            \
      qputenv("QT_QPA_PLATFORM", "offscreen");                                       \
    qputenv("QT_FONT_DPI", "96");                                    \
    qputenv("QT_ENABLE_HIGHDPI_SCALING", "0");                       \
    QCoreApplication::setAttribute(Qt::AA_Use96Dpi, true);           \
    QApplication app(argc, argv);                                    \
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans"), 10)); \
    TestClass tc;                                                    \
    QTEST_SET_MAIN_SOURCE_PATH                                       \
    return QTest::qExec(&tc, argc, argv);                            \
  }
