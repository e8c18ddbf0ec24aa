#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/cli/cli.hpp"
#include "app/commands/lean.hpp"

int main(int argc, char** argv) {
  gatemap::remember_command_line(argc, argv);
  const int rc = gatemap::run_cli(argc, argv);
  if (gatemap::ran_lean_export()) {
    // Nothing is left to do but the libraries' destructors: skip them (commands/lean.hpp).
    std::cout.flush();
    std::fflush(nullptr);
    ::_exit(rc);
  }
  return rc;
}
