// Reading CSV files through GDAL's virtual file layer (so /vsimem/ paths work too). Kept apart
// from csv.cpp so that parsing needs no GDAL: the lean export reads the embedded files directly.
#include <cpl_vsi.h>

#include <memory>

#include "geo/csv.hpp"
#include "geo/error.hpp"
#include "geo/limits.hpp"

namespace geo {

std::string read_text_file(const std::string& path) {
  // A folder (or a symlink to one, e.g. to `.`) opens and reads as zero bytes: say what it is rather
  // than "empty file".
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) throw Error(path, "", "cannot open the file (missing or unreadable)");
  if (VSI_ISDIR(st.st_mode)) throw Error(path, "", "is a folder, not a file");
  const std::uint64_t max_bytes = input_limits().file_bytes;
  auto too_large = [&](const std::string& size) {
    return Error(path, "", "file too large: " + size + " " + limit_text(max_bytes, "bytes"));
  };
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) throw too_large(std::to_string(st.st_size) + " bytes");
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) throw Error(path, "", "cannot open the file (missing or unreadable)");
  std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> guard(fp, VSIFCloseL);
  std::string out;
  char buf[65536];
  while (true) {
    size_t n = VSIFReadL(buf, 1, sizeof buf, fp);
    out.append(buf, n);
    // A file that grows while it is read, or a special file that reports no size, stops here too.
    if (out.size() > max_bytes) throw too_large("more than " + std::to_string(max_bytes) + " bytes");
    if (n < sizeof buf) break;
  }
  // A file replaced or rewritten while it was read may have given half of each version: refuse
  // it rather than read rows that were never written together.
  VSIStatBufL after;
  const bool changed = VSIStatL(path.c_str(), &after) != 0 || after.st_size != st.st_size ||
                       after.st_mtime != st.st_mtime || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec ||
                       after.st_ino != st.st_ino ||
                       (VSI_ISREG(st.st_mode) && out.size() != static_cast<std::uint64_t>(st.st_size));
  if (changed)
    throw Error(path, "",
                "the file changed while it was read (rewritten or replaced): read it again once it is complete");
  return out;
}

void refuse_oversized_folder(const std::string& shown, const std::vector<std::string>& paths) {
  const std::uint64_t max_bytes = input_limits().file_bytes;
  std::uint64_t total = 0;
  for (const std::string& p : paths) {
    VSIStatBufL st;
    // A file over the limit on its own is refused on its own, with its name.
    if (VSIStatL(p.c_str(), &st) == 0 && !VSI_ISDIR(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= max_bytes)
      total += static_cast<std::uint64_t>(st.st_size);
  }
  if (total > max_bytes)
    throw Error(shown, "",
                "the folder's data files are too large together: " + std::to_string(total) + " bytes " +
                    limit_text(max_bytes, "bytes"));
}

CsvTable read_csv(const std::string& path) { return parse_csv(read_text_file(path), path); }

}  // namespace geo
