// The entry point of libgatemap_full.so, the full program (window, info, check, GDAL, GeoTIFF),
// which the lean `gatemap` executable loads for every command it does not run itself
// (app/commands/lean.cpp). Exported alone; the module's other symbols stay its own.
#include "app/cli/cli.hpp"

extern "C" __attribute__((visibility("default"))) int gatemap_full_main(int argc, char** argv) {
  return gatemap::run_cli(argc, argv);
}
