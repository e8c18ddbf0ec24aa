// Issue 20 (robustness): data text is shown escaped and cut short in messages, and `check` of a
// folder it cannot use is an error, never "0 errors".
#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>

#include "geo/check.hpp"
#include "geo/csv.hpp"
#include "geo/error.hpp"

namespace {

namespace fs = std::filesystem;

bool has_control_byte(const std::string& s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(geo::printable("plain Hữu Nghị 友谊关"), "plain Hữu Nghị 友谊关");
  EXPECT_EQ(geo::printable("\x1b]0;title\x07\x1b[2J"), "\\x1b]0;title\\x07\\x1b[2J");
  EXPECT_EQ(geo::printable("a\tb\nc\x7f"), "a\\x09b\\x0ac\\x7f");
  EXPECT_EQ(geo::printable("\xc2\x9b"
                           "2J"),
            "\\u009b2J");  // C1 CSI as UTF-8
  EXPECT_EQ(geo::printable("\x9b"
                           "2J"),
            "\\x9b2J");                                 // a lone byte, not UTF-8
  EXPECT_EQ(geo::printable("\xe2\x82"), "\\xe2\\x82");  // a cut sequence
  const std::string once = geo::printable("\x1b\x07\xc2\x85\xff");
  EXPECT_EQ(geo::printable(once), once);
}

TEST(Printable, CutsLongText) {
  EXPECT_EQ(geo::printable(std::string(100, 'a'), 80), std::string(80, 'a') + "\xE2\x80\xA6");
  EXPECT_EQ(geo::printable(std::string(80, 'a'), 80), std::string(80, 'a'));
  // Counted in characters: a cut never splits a UTF-8 sequence.
  std::string vi;
  for (int i = 0; i < 50; ++i) vi += "ữ";
  EXPECT_EQ(geo::printable(vi, 3), "ữữữ\xE2\x80\xA6");
}

TEST(Printable, ErrorMessagesAreEscaped) {
  const geo::Error e("f.csv", "line 2", "bad \x1b[2J");
  EXPECT_EQ(std::string(e.what()), "f.csv:line 2: bad \\x1b[2J");
}

// (A 60 kB cell: under the 64 KiB row limit of geo/limits.hpp, over which the row is refused whole.)
TEST(CheckRobustness, ControlCharactersOfACellAreEscapedAndCut) {
  std::string text =
      "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n"
      "2023-01-05,day,,coc_nam,\x1b]0;pwned\x07\x1b[2Jclosed,cn,note,pub,undated,https://example.org/b,high\n"
      "2023-01-06,day,,coc_nam," +
      std::string(60000, 'x') + ",cn,note,pub,undated,https://example.org/c,high\n";
  const std::string path = "/vsimem/robustness_test/events.csv";
  VSILFILE* fp = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(text.data()),
                                      static_cast<vsi_l_offset>(text.size()), FALSE);
  ASSERT_NE(fp, nullptr);
  VSIFCloseL(fp);
  geo::CheckContext ctx;
  ctx.default_data_dir = GATEMAP_DATA_DIR;
  const geo::CheckReport r = geo::check_path(path, ctx, "events.csv");
  VSIUnlink(path.c_str());
  ASSERT_EQ(r.errors(), 2);
  const std::string first = geo::format_problem(r.problems[0]);
  EXPECT_EQ(first.rfind("events.csv:2: unknown event type \"\\x1b]0;pwned\\x07\\x1b[2Jclosed\"", 0), 0u) << first;
  const std::string second = geo::format_problem(r.problems[1]);
  EXPECT_NE(second.find("\"" + std::string(80, 'x') + "\xE2\x80\xA6\""), std::string::npos) << second;
  EXPECT_LT(second.size(), 1000u);
  for (const geo::CheckProblem& p : r.problems) EXPECT_FALSE(has_control_byte(geo::format_problem(p)));
}

class CheckFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("gatemap_robustness_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  geo::CheckReport check(const fs::path& p) { return geo::check_path(p.string(), {}); }
  fs::path dir;
};

TEST_F(CheckFolder, WithNoDataFileIsAnError) {
  const geo::CheckReport r = check(dir);
  ASSERT_EQ(r.errors(), 1);
  EXPECT_EQ(geo::format_problem(r.problems[0]),
            dir.string() + ": no data file found (expected *.csv, *.geojson, *.json, *.gpkg)");
}

TEST_F(CheckFolder, DirectoryNamedLikeADataFileIsAnError) {
  fs::create_directory(dir / "events.csv");
  const geo::CheckReport r = check(dir);
  ASSERT_EQ(r.errors(), 1);
  EXPECT_EQ(geo::format_problem(r.problems[0]), (dir / "events.csv").string() + ": is a directory, not a file");
  const geo::CheckReport direct = check(dir / "events.csv");
  ASSERT_EQ(direct.errors(), 1);
  EXPECT_EQ(geo::format_problem(direct.problems[0]),
            (dir / "events.csv").string() + ": no data file found (expected *.csv, *.geojson, *.json, *.gpkg)");
}

TEST_F(CheckFolder, SymlinkLoopIsAnError) {
  fs::create_symlink("loop.csv", dir / "loop.csv");
  const geo::CheckReport r = check(dir);
  EXPECT_GE(r.errors(), 1);
  const geo::CheckReport direct = check(dir / "loop.csv");
  EXPECT_GE(direct.errors(), 1);
}

// ---- A data file replaced while it is read (issue 20) -------------------------------------------
// A GDAL file system of one file, /vsireplaced/events.csv, whose reads the test controls: after the
// first read of a file handle, the file is "replaced" (stat answers the new file's size and time,
// as a rename or a rewrite in place does), deterministically.
struct ReplacedFile {
  std::string before, after;
  bool replace_after_first_read = false;
  bool replaced = false;
};
ReplacedFile g_replaced;

struct ReplacedHandle {
  const std::string* text;
  size_t pos = 0;
};

int replaced_stat(void*, const char*, VSIStatBufL* st, int) {
  *st = {};
  st->st_mode = S_IFREG | 0644;
  st->st_size = static_cast<off_t>((g_replaced.replaced ? g_replaced.after : g_replaced.before).size());
  st->st_mtime = g_replaced.replaced ? 2000 : 1000;
  return 0;
}
void* replaced_open(void*, const char*, const char*) {
  return new ReplacedHandle{g_replaced.replaced ? &g_replaced.after : &g_replaced.before};
}
size_t replaced_read(void* h, void* buf, size_t size, size_t count) {
  auto* f = static_cast<ReplacedHandle*>(h);
  const size_t n = std::min(size * count, f->text->size() - f->pos);
  std::memcpy(buf, f->text->data() + f->pos, n);
  f->pos += n;
  if (g_replaced.replace_after_first_read) g_replaced.replaced = true;
  return size ? n / size : 0;
}
vsi_l_offset replaced_tell(void* h) { return static_cast<ReplacedHandle*>(h)->pos; }
int replaced_seek(void* h, vsi_l_offset off, int whence) {
  auto* f = static_cast<ReplacedHandle*>(h);
  f->pos = whence == SEEK_SET ? off : whence == SEEK_END ? f->text->size() + off : f->pos + off;
  return 0;
}
int replaced_eof(void* h) {
  auto* f = static_cast<ReplacedHandle*>(h);
  return f->pos >= f->text->size();
}
int replaced_close(void* h) {
  delete static_cast<ReplacedHandle*>(h);
  return 0;
}

void install_replaced_fs() {
  static const bool installed = [] {
    VSIFilesystemPluginCallbacksStruct* cb = VSIAllocFilesystemPluginCallbacksStruct();
    cb->stat = replaced_stat;
    cb->open = replaced_open;
    cb->read = replaced_read;
    cb->tell = replaced_tell;
    cb->seek = replaced_seek;
    cb->eof = replaced_eof;
    cb->close = replaced_close;
    const bool ok = VSIInstallPluginHandler("/vsireplaced/", cb) == 0;
    VSIFreeFilesystemPluginCallbacksStruct(cb);
    return ok;
  }();
  ASSERT_TRUE(installed);
}

std::string events_text(size_t rows, const char* note) {
  std::string s = "date,date_precision,end_date,gate_id,event,initiated_by,note,publisher,source_date,url,confidence\n";
  for (size_t i = 0; i < rows; ++i)
    s += "2021-03-01,day,,chi_ma,closed,cn," + std::string(note) + ",p,2021-03,https://example.org,medium\n";
  return s;
}

TEST(ReplacedWhileRead, RefusedWithAMessage) {
  install_replaced_fs();
  // Several 64 KiB reads, so the file changes between two of them.
  g_replaced = {events_text(3000, "before"), events_text(2000, "after, longer"), true, false};
  try {
    geo::read_text_file("/vsireplaced/events.csv");
    FAIL() << "a file replaced while it was read was read";
  } catch (const geo::Error& e) {
    EXPECT_EQ(e.file(), "/vsireplaced/events.csv");
    EXPECT_NE(e.problem().find("the file changed while it was read"), std::string::npos) << e.what();
  }
  // `check` says the same, as one problem of the file.
  g_replaced = {events_text(3000, "before"), events_text(2000, "after, longer"), true, false};
  const geo::CheckReport r = geo::check_path("/vsireplaced/events.csv", {});
  ASSERT_EQ(r.errors(), 1);
  EXPECT_NE(r.problems[0].message.find("changed while it was read"), std::string::npos);
}

TEST(ReplacedWhileRead, AFileThatStaysIsRead) {
  install_replaced_fs();
  g_replaced = {events_text(3000, "before"), events_text(2000, "after"), false, false};
  EXPECT_EQ(geo::read_text_file("/vsireplaced/events.csv"), g_replaced.before);
  EXPECT_EQ(geo::check_path("/vsireplaced/events.csv", {}).errors(), 0);
}

}  // namespace
