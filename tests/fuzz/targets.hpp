#pragma once
// The fuzz targets: one entry function per parser of user input, fed raw bytes. The same functions
// run under libFuzzer (fuzz_main.cpp, clang, -DGATEMAP_FUZZ=ON, scripts/fuzz.sh) and under the
// replay driver (replay.cpp, any compiler, ctest), so every corpus and regression file that the
// fuzzers found is replayed by the normal test suite.
//
// A target returns normally for any input. What the program documents as a rejection (geo::Error
// from the loaders, ValueError from an option's parser, UsageError / runtime_error from the scenes
// file) is caught; any other exception escapes, and libFuzzer (or the replay driver) reports it as
// a crash, as the program's user would have seen one.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace gatemap::fuzz {

struct Target {
  const char* name;
  void (*run)(const std::uint8_t* data, std::size_t size);
};

std::span<const Target> targets();
const Target* find_target(std::string_view name);  // null for an unknown name

// Reads the default data once (the ids that planners' rows are judged against). Called by the
// first run of any target; LLVMFuzzerInitialize calls it so that its allocations are not charged
// to the first input.
void init();

}  // namespace gatemap::fuzz
