// One libFuzzer executable per target (fuzz_<target>): GATEMAP_FUZZ_TARGET names it.
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/targets.hpp"

namespace {
const gatemap::fuzz::Target& target() {
  static const gatemap::fuzz::Target* t = gatemap::fuzz::find_target(GATEMAP_FUZZ_TARGET);
  if (!t) {
    std::fprintf(stderr, "unknown fuzz target %s\n", GATEMAP_FUZZ_TARGET);
    std::abort();
  }
  return *t;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gatemap::fuzz::init();
  (void)target();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  target().run(data, size);
  return 0;
}
