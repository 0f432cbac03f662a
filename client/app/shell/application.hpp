// The desktop app's start-up: command line, controller, QML engine; `main` only calls this.
//
//   knowset [--profile DIR] [--color-scheme system|light|dark] [--size WxH]
//   knowset --self-test                 compile every QML file, open the window, quit; any QML
//                                       warning fails it (exit 1)
//   knowset --screenshots DIR [...]     open every main screen once the replica is ready,
//                                       save DIR/<screen>.png and check what each must show
#pragma once

namespace knowset::app {

int runApplication(int argc, char** argv);

} // namespace knowset::app
