// Replays files through a fuzz target's entry function (targets.hpp), without libFuzzer: ctest
// runs every corpus and regression file this way in every build (gcc too), so an input that once
// crashed a parser keeps being tested.
//   fuzz_replay TARGET PATH...   (a PATH that is a folder: each file in it, sorted)
// Prints the number of files replayed; an input that crashes the target crashes this program (the
// message of the sanitizer or of std::terminate names it first: "replaying PATH").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/targets.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET PATH...\n");
    return 2;
  }
  const gatemap::fuzz::Target* target = gatemap::fuzz::find_target(argv[1]);
  if (!target) {
    std::fprintf(stderr, "fuzz_replay: unknown target %s; targets:", argv[1]);
    for (const auto& t : gatemap::fuzz::targets()) std::fprintf(stderr, " %s", t.name);
    std::fprintf(stderr, "\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "fuzz_replay: %s: not found\n", p.c_str());
      return 1;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "fuzz_replay: no input to replay\n");
    return 1;
  }
  gatemap::fuzz::init();
  for (const fs::path& f : files) {
    std::fprintf(stderr, "replaying %s\n", f.c_str());
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    target->run(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  std::printf("%s: replayed %zu inputs\n", target->name, files.size());
  return 0;
}
