#include "app/cli.hpp"
#include "app/front_end.hpp"

int main(int argc, char** argv) {
  gatemap::remember_command_line(argc, argv);
  return gatemap::run_cli(argc, argv);
}
