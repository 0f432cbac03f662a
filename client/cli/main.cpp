// knowset-cli: wires the process to the CLI library. No logic here.
#include <iostream>

#include "client/cli/command_line.hpp"

int main(int argc, char* argv[]) {
    return knowset::cli::run(argc, argv, std::cout, std::cerr, std::cin);
}
