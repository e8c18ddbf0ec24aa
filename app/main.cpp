#include "app/cli.hpp"

int main(int argc, char** argv) { return gatemap::run_cli(argc, argv); }
