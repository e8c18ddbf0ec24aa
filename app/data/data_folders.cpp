#include "app/data/data_folders.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace gatemap {

namespace fs = std::filesystem;

namespace {

bool is_dir(const std::string& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// Folders 1 and 2 of data_folders.hpp, existing or not.
std::vector<std::string> candidate_folders() {
  if (const char* list = std::getenv("GATEMAP_SYSTEM_DATA_DIRS")) {
    std::vector<std::string> out;
    std::string s = list;
    for (size_t start = 0; start <= s.size();) {
      const size_t end = std::min(s.find(':', start), s.size());
      if (end > start) out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  if (!running_installed()) return {};
  std::vector<std::string> out;
#ifdef GATEMAP_SYSCONF_DIR
  out.push_back(std::string(GATEMAP_SYSCONF_DIR) + "/gatemap/data");
#endif
  std::string data_home = env("XDG_DATA_HOME");
  if (data_home.empty() || data_home[0] != '/') {  // the XDG rule: a relative value is ignored
    const std::string home = env("HOME");
    data_home = home.empty() ? std::string() : home + "/.local/share";
  }
  if (!data_home.empty()) out.push_back(data_home + "/gatemap/data");
  return out;
}

// True when the folder holds an entry named like a data file (the names load_user_data reads).
// A folder made ready for updates but still empty is not an error for every command: it is skipped
// (an explicit --data of an empty folder still is one).
bool holds_data_file(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (is_data_file_name(it->path().string())) return true;
  return !!ec;  // an unreadable folder is read, and says why
}

}  // namespace

bool is_data_file_name(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e == ".csv" || e == ".geojson" || e == ".json" || e == ".gpkg";
}

bool running_installed() {
#ifdef GATEMAP_INSTALL_PREFIX
  std::error_code ec;
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) return false;
  const fs::path expected = fs::weakly_canonical(fs::path(GATEMAP_INSTALL_PREFIX) / "bin" / "gatemap", ec);
  return !ec && exe == expected;
#else
  return false;
#endif
}

std::vector<std::string> installed_data_folders() {
  std::vector<std::string> out;
  for (const std::string& d : candidate_folders())
    if (is_dir(d) && holds_data_file(d)) out.push_back(d);
  return out;
}

std::vector<std::string> data_folder_stack(const std::string& explicit_dir) {
  std::vector<std::string> out = installed_data_folders();
  if (!explicit_dir.empty()) out.push_back(explicit_dir);
  return out;
}

std::vector<std::string> data_folders_to_watch(const std::string& explicit_dir) {
  std::vector<std::string> out = candidate_folders();
  if (!explicit_dir.empty()) out.push_back(explicit_dir);
  return out;
}

std::vector<std::string> data_folders_read(const std::string& explicit_dir) {
  const std::vector<std::string> stack = data_folder_stack(explicit_dir);
  size_t first = stack.size();
  for (size_t i = stack.size(); i-- > 0;) {
    std::error_code ec;
    if (fs::exists(fs::path(stack[i]) / "frontier.geojson", ec)) {
      first = i;
      break;
    }
  }
  if (first == stack.size()) {
    std::vector<std::string> out{kBuiltinData};
    out.insert(out.end(), stack.begin(), stack.end());
    return out;
  }
  return {stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end()};
}

}  // namespace gatemap
