#pragma once
// The lean `gatemap` executable: it parses the command line (cli.cpp) and runs `gatemap export`
// of the embedded default data itself, without GDAL, PROJ, GEOS or GLFW (~100 ms less start-up).
// Every other command (the window, info, check, GeoTIFF, --data DIR), and the default data when
// its baked scene is stale, goes to the full program: libgatemap_full.so, found beside the
// executable (build tree) or in ../lib/gatemap/ (install tree), loaded with dlopen and handed the
// same command line.
namespace gatemap {

// Keeps argv for run_full_program(); main() calls it first.
void remember_command_line(int argc, char** argv);

// Loads the full program and runs it with the remembered command line; returns its exit code
// (kExitFailure with a message when the module cannot be loaded).
int run_full_program();

// True once this executable ran an export itself (not the full program) and it failed (a
// successful one leaves at once: ExportBackend::exit_when_done). The GL context is gone then:
// main() may leave with _exit, skipping the libraries' destructors (LLVM's and Mesa's: ~5 ms).
bool ran_lean_export();

}  // namespace gatemap
