// Reading CSV files through GDAL's virtual file layer (so /vsimem/ paths work too). Kept apart
// from csv.cpp so that parsing needs no GDAL: the lean export reads the embedded files directly.
#include <cpl_vsi.h>

#include <memory>

#include "geo/csv.hpp"
#include "geo/error.hpp"

namespace geo {

std::string read_text_file(const std::string& path) {
  // A folder (or a symlink to one, e.g. to `.`) opens and reads as zero bytes: say what it is rather
  // than "empty file".
  VSIStatBufL st;
  if (VSIStatL(path.c_str(), &st) != 0) throw Error(path, "", "cannot open the file (missing or unreadable)");
  if (VSI_ISDIR(st.st_mode)) throw Error(path, "", "is a folder, not a file");
  VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
  if (!fp) throw Error(path, "", "cannot open the file (missing or unreadable)");
  std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> guard(fp, VSIFCloseL);
  std::string out;
  char buf[65536];
  while (true) {
    size_t n = VSIFReadL(buf, 1, sizeof buf, fp);
    out.append(buf, n);
    if (n < sizeof buf) break;
  }
  return out;
}

CsvTable read_csv(const std::string& path) { return parse_csv(read_text_file(path), path); }

}  // namespace geo
