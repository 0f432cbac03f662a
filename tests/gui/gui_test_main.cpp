// Catch2's main for the desktop app's C++ model tests: a QGuiApplication on the offscreen
// platform (no display needed, also when ctest lists the tests at build time).
#define CATCH_CONFIG_RUNNER
#include <QGuiApplication>
#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication application(argc, argv);
    return Catch::Session().run(argc, argv);
}
