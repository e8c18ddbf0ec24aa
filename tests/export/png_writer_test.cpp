// PngStreamWriter: exact round trips through libpng, metadata, safety, size against zlib level 6.
#include "app/export/png_writer.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include "app/export/atomic_file.hpp"
#include "tests/export/png_read.hpp"
#include "tests/export/synthetic_map.hpp"
#include "tests/export/test_util.hpp"

namespace gatemap::exporter {
namespace {
namespace fs = std::filesystem;
using testing::MountedTmpfs;
using testing::read_bytes;
using testing::read_png;
using testing::SyntheticMap;
using testing::TempDir;

std::vector<std::uint8_t> noise_rgba(int w, int h, std::uint32_t seed, bool opaque) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> v(std::size_t(w) * h * 4);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = (opaque && i % 4 == 3) ? 255 : std::uint8_t(rng());
  return v;
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return std::uint32_t(std::uint8_t(s[at])) << 24 | std::uint32_t(std::uint8_t(s[at + 1])) << 16 |
         std::uint32_t(std::uint8_t(s[at + 2])) << 8 | std::uint32_t(std::uint8_t(s[at + 3]));
}

// Checks the file's structure without libpng: chunk CRCs, and that the IDATs together form one
// zlib stream that inflates (Adler-32 checked by zlib) to exactly `expected_bytes`.
void check_zlib_stream(const fs::path& p, std::size_t expected_bytes) {
  const std::string png = read_bytes(p);
  ASSERT_GE(png.size(), 8u);
  std::string idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::uint32_t len = be32(png, at);
    ASSERT_LE(at + 12 + len, png.size());
    const auto* type = reinterpret_cast<const Bytef*>(png.data() + at + 4);
    EXPECT_EQ(crc32(0, type, len + 4), be32(png, at + 8 + len)) << "CRC of chunk at " << at;
    if (png.compare(at + 4, 4, "IDAT") == 0) idat.append(png, at + 8, len);
    at += 12 + len;
  }
  std::vector<std::uint8_t> out(expected_bytes + 1);
  z_stream zs{};
  ASSERT_EQ(inflateInit(&zs), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(idat.data());
  zs.avail_in = static_cast<uInt>(idat.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END) << (zs.msg ? zs.msg : "");
  EXPECT_EQ(zs.total_out, expected_bytes);
  EXPECT_EQ(zs.avail_in, 0u) << "data after the end of the zlib stream";
  inflateEnd(&zs);
}

// Decodes `file` and checks it holds exactly `rgba` (w × h; alpha dropped when opaque).
void expect_pixels(const fs::path& file, const std::vector<std::uint8_t>& rgba, int w, int h, bool opaque) {
  auto png = read_png(file);
  ASSERT_TRUE(png.ok) << png.error;
  ASSERT_EQ(png.width, w);
  ASSERT_EQ(png.height, h);
  ASSERT_EQ(png.color_type, opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA);
  const int bpp = opaque ? 3 : 4;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < bpp; ++c)
        ASSERT_EQ(png.pixels[(std::size_t(y) * w + x) * bpp + c], rgba[(std::size_t(y) * w + x) * 4 + c])
            << "pixel " << x << "," << y << " channel " << c;
  check_zlib_stream(file, std::size_t(h) * (1 + std::size_t(w) * bpp));
}

// Noise with runs of equal pixels and rows repeating the row above, so that every kind of match
// and literal occurs.
std::vector<std::uint8_t> mixed_rgba(int w, int h, std::uint32_t seed, bool opaque) {
  auto rgba = noise_rgba(w, h, seed, opaque);
  std::mt19937 rng(seed);
  const std::size_t row = std::size_t(w) * 4;
  for (int y = 0; y < h; ++y) {
    std::uint8_t* r = &rgba[row * y];
    switch (rng() % 4) {
      case 0:  // flat runs of random lengths
        for (int x = 1; x < w; ++x)
          if (rng() % 8 != 0) std::memcpy(r + 4 * x, r + 4 * (x - 1), 4);
        break;
      case 1:  // like the row above, with a few changes
        if (y > 0) {
          std::memcpy(r, r - row, row);
          for (int k = 0; k < 3; ++k) r[rng() % row] ^= 0x5A;
        }
        break;
      case 2:  // same RGB, different alpha: equal only when opaque
        for (int x = 1; x < w; ++x) {
          std::memcpy(r + 4 * x, r + 4 * (x - 1), 3);
          if (!opaque) r[4 * x + 3] = std::uint8_t(rng());
        }
        break;
      default:  // noise
        break;
    }
  }
  return rgba;
}

// Writes a w × h image in strips of `strip` rows (padded stride) and checks the decoded pixels exactly.
void round_trip(int w, int h, int strip, PngOptions opt, std::uint32_t seed) {
  SCOPED_TRACE(::testing::Message() << w << "x" << h << " strip " << strip << " opaque " << opt.opaque
                                    << " zlib fallback " << opt.zlib_fallback << " block " << opt.block_bytes);
  TempDir dir;
  auto rgba = mixed_rgba(w, h, seed, opt.opaque);
  PngStreamWriter writer(opt);
  writer.open(dir / "a.png", w, h, {}, false);
  // A padded stride, to check that rows are taken from the right places.
  const std::size_t stride = std::size_t(w) * 4 + 12;
  std::vector<std::uint8_t> padded(stride * h, 0xEE);
  for (int y = 0; y < h; ++y) std::memcpy(&padded[stride * y], &rgba[std::size_t(w) * 4 * y], std::size_t(w) * 4);
  for (int y = 0; y < h; y += strip) writer.write_rows(&padded[stride * y], std::min(strip, h - y), stride);
  writer.finish();
  expect_pixels(dir / "a.png", rgba, w, h, opt.opaque);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.png"});  // no temporary left behind
}

TEST(PngWriter, RoundTripOddSizes) {
  struct Case {
    int w, h, strip;
    std::size_t block_rows;
  };
  // 1×1; one row per block (many IDATs); strips dividing neither the height nor the blocks.
  const Case cases[] = {{1, 1, 1, 4},     {17, 5, 2, 4},    {17, 5, 5, 1},    {33, 101, 7, 3},
                        {33, 101, 64, 5}, {33, 101, 13, 8}, {1000, 77, 10, 6}};
  std::uint32_t seed = 1;
  for (bool opaque : {false, true})
    for (const Case& c : cases) {
      PngOptions opt;
      opt.opaque = opaque;
      opt.block_bytes = c.block_rows * std::size_t(c.w) * 4;
      // With the fallback, noisy rows also go through the SUB/UP filters and zlib.
      for (bool fallback : {true, false}) {
        opt.zlib_fallback = fallback;
        round_trip(c.w, c.h, c.strip, opt, seed++);
      }
    }
}

// Rows longer than deflate's 32 KiB window cannot refer to the row above: the pixel encoder must
// notice. 10922 RGB pixels make a 32767-byte row (still allowed), 10923 one byte more.
TEST(PngWriter, RowsWiderThanTheDeflateWindow) {
  PngOptions opt;
  opt.opaque = true;
  round_trip(10922, 9, 4, opt, 21);
  round_trip(10923, 9, 4, opt, 22);
  opt.opaque = false;
  round_trip(8191, 7, 3, opt, 23);
  round_trip(8192, 7, 3, opt, 24);
}

TEST(PngWriter, MapLikeImageRoundTrip) {
  SyntheticMap map(640, 360, 9);
  std::vector<std::uint8_t> rgba(map.data(), map.data() + map.stride() * map.height());
  for (bool opaque : {true, false}) {
    TempDir dir;
    PngOptions opt;
    opt.opaque = opaque;
    write_png(dir / "map.png", map.data(), map.width(), map.height(), map.stride(), {}, false, opt);
    expect_pixels(dir / "map.png", rgba, map.width(), map.height(), opaque);
  }
}

// The zero-copy path: strips lent by the writer, some stored bottom-up, mixed with write_rows.
TEST(PngWriter, LentStrips) {
  const int w = 123, h = 97;
  auto rgba = mixed_rgba(w, h, 77, false);
  TempDir dir;
  PngOptions opt;
  opt.strip_rows = 16;
  opt.block_bytes = 5 * w * 4;
  PngStreamWriter writer(opt);
  writer.open(dir / "z.png", w, h, {}, false);
  EXPECT_EQ(writer.max_strip_rows(), 16);
  EXPECT_THROW(
      {
        PngStreamWriter other(opt);
        other.open(dir / "other.png", w, h, {}, false);
        other.begin_rows(17);  // more than a strip
      },
      ExportError);
  int y = 0;
  writer.write_rows(&rgba[0], 5, std::size_t(w) * 4);  // a partial buffer, submitted by begin_rows
  y = 5;
  for (int k = 0; y < h; ++k) {
    const int n = std::min(16 - k % 3, h - y);
    RowBuffer buf = writer.begin_rows(n);
    ASSERT_EQ(buf.rows, n);
    ASSERT_EQ(buf.stride, std::size_t(w) * 4);
    const bool bottom_up = k % 2 == 1;
    for (int r = 0; r < n; ++r)
      std::memcpy(buf.rgba + buf.stride * std::size_t(bottom_up ? n - 1 - r : r), &rgba[std::size_t(w) * 4 * (y + r)],
                  std::size_t(w) * 4);
    writer.commit_rows(bottom_up);
    y += n;
  }
  writer.finish();
  expect_pixels(dir / "z.png", rgba, w, h, false);
}

// Smooth gradients defeat the pixel encoder (no equal neighbours); those chunks go to zlib and
// are spliced between pixel-coded ones. Bands of gradient, flat fill and noise over chunks of
// 43 rows (256 KiB of 2000-pixel RGB rows) in jobs of 150 rows, the last band a gradient.
TEST(PngWriter, GradientChunksFallBackToZlib) {
  const int w = 2000, h = 1000;
  std::vector<std::uint8_t> rgba(std::size_t(w) * h * 4);
  std::mt19937 rng(5);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = &rgba[(std::size_t(y) * w + x) * 4];
      const int band = (y / 100) % 3;
      const double v = 128 + 60 * std::sin(x * 0.01) * std::cos(y * 0.04);
      p[0] = band == 0 ? std::uint8_t(v) : band == 1 ? 200 : std::uint8_t(rng());
      p[1] = band == 0 ? std::uint8_t(v * 0.9) : band == 1 ? 180 : std::uint8_t(rng());
      p[2] = band == 0 ? std::uint8_t(v * 0.7) : band == 1 ? 160 : std::uint8_t(rng());
      p[3] = 255;
    }
  for (int y = 900; y < h; ++y)  // end on a gradient
    for (int x = 0; x < w; ++x) rgba[(std::size_t(y) * w + x) * 4] = std::uint8_t(x + y);
  TempDir dir;
  std::size_t sizes[2] = {};
  for (bool fallback : {false, true}) {
    PngOptions opt;
    opt.opaque = true;
    opt.zlib_fallback = fallback;
    opt.block_bytes = std::size_t(w) * 4 * 150;
    const fs::path p = dir / (fallback ? "with.png" : "without.png");
    write_png(p, rgba.data(), w, h, std::size_t(w) * 4, {}, false, opt);
    expect_pixels(p, rgba, w, h, true);
    sizes[fallback] = fs::file_size(p);
  }
  EXPECT_LT(double(sizes[1]), 0.8 * double(sizes[0])) << "the zlib fallback was not used";
}

// Many small random images through the pixel encoder, against zlib's inflate and libpng.
TEST(PngWriter, PixelEncoderFuzz) {
  std::mt19937 rng(2024);
  TempDir dir;
  for (int i = 0; i < 60; ++i) {
    const int w = 1 + int(rng() % 300), h = 1 + int(rng() % 40);
    PngOptions opt;
    opt.opaque = rng() % 2 == 0;
    opt.block_bytes = (1 + rng() % 20) * std::size_t(w) * 4;
    opt.strip_rows = int(1 + rng() % 20);
    opt.threads = int(1 + rng() % 3);
    auto rgba = mixed_rgba(w, h, std::uint32_t(rng()), opt.opaque);
    SCOPED_TRACE(::testing::Message() << "case " << i << ": " << w << "x" << h);
    write_png(dir / "f.png", rgba.data(), w, h, std::size_t(w) * 4, {}, true, opt);
    expect_pixels(dir / "f.png", rgba, w, h, opt.opaque);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// All-0xFF data is the worst case for the SIMD Adler-32's intermediate sums.
TEST(PngWriter, LargeWhiteImageChecksum) {
  TempDir dir;
  const int w = 1500, h = 700;
  std::vector<std::uint8_t> white(std::size_t(w) * h * 4, 255);
  write_png(dir / "white.png", white.data(), w, h, std::size_t(w) * 4, {}, true);
  check_zlib_stream(dir / "white.png", std::size_t(h) * (1 + std::size_t(w) * 4));
  auto png = read_png(dir / "white.png");
  ASSERT_TRUE(png.ok) << png.error;
  EXPECT_EQ(png.pixels, white);
}

TEST(PngWriter, BottomUpStrips) {
  TempDir dir;
  const int w = 19, h = 23;
  auto rgba = noise_rgba(w, h, 9, false);
  PngStreamWriter writer;
  writer.open(dir / "b.png", w, h, {}, false);
  // Each strip stored lowest row first, as glReadPixels returns it.
  for (int y = 0; y < h; y += 6) {
    int n = std::min(6, h - y);
    std::vector<std::uint8_t> strip(std::size_t(w) * 4 * n);
    for (int r = 0; r < n; ++r)
      std::memcpy(&strip[std::size_t(w) * 4 * (n - 1 - r)], &rgba[std::size_t(w) * 4 * (y + r)], std::size_t(w) * 4);
    writer.write_rows_bottom_up(strip.data(), n, std::size_t(w) * 4);
  }
  writer.finish();
  auto png = read_png(dir / "b.png");
  ASSERT_TRUE(png.ok) << png.error;
  EXPECT_EQ(png.pixels, rgba);
}

TEST(PngWriter, MetadataIsUtf8ITxtBeforeImageData) {
  TempDir dir;
  const Metadata meta = {{"Title", "Lạng Sơn – 凭祥"},
                         {"gatemap:date", "1979-02-17"},
                         {"gatemap:bbox", "106.3,21.4,107.6,22.6"},
                         {"gatemap:crs", "EPSG:32648"},
                         {"Source", "OSM © OpenStreetMap contributors (ODbL)"},
                         {"Software", "gatemap 0.1.0"},
                         {"gatemap:data_version", ""}};
  PngOptions opt;
  opt.opaque = true;
  opt.dpi = 300;
  std::vector<std::uint8_t> px(8 * 4 * 3, 200);
  write_png(dir / "m.png", px.data(), 8, 3, 32, meta, false, opt);
  auto png = read_png(dir / "m.png");
  ASSERT_TRUE(png.ok) << png.error;
  EXPECT_EQ(png.texts, meta);
  for (int c : png.text_compression) EXPECT_EQ(c, PNG_ITXT_COMPRESSION_NONE);
  EXPECT_NEAR(png.dpi, 300, 0.01);
  // The chunks come before the first IDAT (so that readers that stop early see them).
  std::string bytes = read_bytes(dir / "m.png");
  EXPECT_LT(bytes.find("iTXtgatemap:data_version"), bytes.find("IDAT"));
  if (std::system("command -v pngcheck >/dev/null 2>&1") == 0) {
    std::string cmd = "pngcheck -q " + (dir / "m.png").string() + " >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "pngcheck rejected the file";
  }
}

TEST(PngWriter, RejectsBadMetadataAndSizes) {
  TempDir dir;
  PngStreamWriter w;
  EXPECT_THROW(w.open(dir / "x.png", 4, 4, {{"", "empty keyword"}}, false), ExportError);
  EXPECT_THROW(w.open(dir / "x.png", 4, 4, {{"two  spaces", "v"}}, false), ExportError);
  EXPECT_THROW(w.open(dir / "x.png", 4, 4, {{"Title", std::string("bad \xC3\x28 utf8")}}, false), ExportError);
  EXPECT_THROW(w.open(dir / "x.png", 0, 4, {}, false), ExportError);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(PngWriter, RefusesToOverwriteWithoutForce) {
  TempDir dir;
  const fs::path p = dir / "map.png";
  { std::ofstream(p, std::ios::binary) << "previous export"; }
  PngStreamWriter w;
  try {
    w.open(p, 4, 4, {}, false);
    FAIL() << "overwrote without force";
  } catch (const ExportError& e) {
    EXPECT_EQ(e.kind(), ExportError::Kind::exists);
    EXPECT_EQ(std::string(e.what()), p.string() + " exists; use --force to overwrite");
  }
  EXPECT_EQ(read_bytes(p), "previous export");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"map.png"});

  std::vector<std::uint8_t> px(4 * 4 * 4, 7);
  write_png(p, px.data(), 4, 4, 16, {}, /*force=*/true);
  auto png = read_png(p);
  ASSERT_TRUE(png.ok) << png.error;
  EXPECT_EQ(png.width, 4);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"map.png"});
}

TEST(PngWriter, FailureMidWriteLeavesNoFile) {
  TempDir dir;
  const fs::path p = dir / "partial.png";
  auto rgba = noise_rgba(64, 64, 3, true);
  {  // Abandoned half way (e.g. the render threw): the destructor cleans up.
    PngStreamWriter w;
    w.open(p, 64, 64, {{"Title", "t"}}, false);
    w.write_rows(rgba.data(), 32, 256);
  }
  EXPECT_TRUE(dir.entries().empty());
  {  // An exception thrown through the writer's scope.
    try {
      PngStreamWriter w;
      w.open(p, 64, 64, {}, false);
      w.write_rows(rgba.data(), 40, 256);
      throw std::runtime_error("render failed");
    } catch (const std::runtime_error&) {
    }
  }
  EXPECT_TRUE(dir.entries().empty());
  {  // finish() with rows missing refuses and leaves nothing.
    PngStreamWriter w;
    w.open(p, 64, 64, {}, false);
    w.write_rows(rgba.data(), 63, 256);
    EXPECT_THROW(w.finish(), ExportError);
  }
  EXPECT_TRUE(dir.entries().empty());
  {  // Too many rows.
    PngStreamWriter w;
    w.open(p, 64, 10, {}, false);
    EXPECT_THROW(w.write_rows(rgba.data(), 11, 256), ExportError);
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(PngWriter, MissingFolderHasClearMessage) {
  TempDir dir;
  PngStreamWriter w;
  try {
    w.open(dir / "no-such-folder" / "m.png", 4, 4, {}, false);
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-folder does not exist"), std::string::npos) << e.what();
    EXPECT_EQ(e.kind(), ExportError::Kind::io);
  }
}

// Root ignores permission bits, so the unwritable folder is a read-only mount.
TEST(PngWriter, UnwritableFolderHasClearMessage) {
  MountedTmpfs ro("size=64k,mode=0755");
  if (!ro.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(ro.error());
  ASSERT_TRUE(ro.remount_read_only()) << std::strerror(errno);
  PngStreamWriter w;
  try {
    w.open(ro / "m.png", 4, 4, {}, false);
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find("Read-only file system"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("m.png"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(ro.entries().empty());
}

TEST(PngWriter, FullDiskLeavesNoFile) {
  MountedTmpfs small("size=64k");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(small.error());
  auto rgba = noise_rgba(256, 256, 11, false);  // 256 KiB of noise does not fit in 64 KiB
  PngStreamWriter w;
  try {
    w.open(small / "full.png", 256, 256, {}, false);
    for (int y = 0; y < 256; y += 16) w.write_rows(&rgba[std::size_t(y) * 1024], 16, 1024);
    w.finish();
    FAIL() << "a 256 KiB PNG fitted in 64 KiB";
  } catch (const ExportError& e) {
    EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("full.png"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(small.entries().empty());
}

// What libpng makes at its defaults (zlib level 6, adaptive filters) of the same pixels (RGB
// when opaque): the reference size.
std::size_t libpng_default_size(const SyntheticMap& map, bool opaque) {
  std::vector<std::uint8_t> rgb;
  const std::uint8_t* pixels = map.data();
  if (opaque) {
    rgb.reserve(std::size_t(map.width()) * map.height() * 3);
    for (std::size_t i = 0; i < std::size_t(map.width()) * map.height() * 4; i += 4)
      rgb.insert(rgb.end(), map.data() + i, map.data() + i + 3);
    pixels = rgb.data();
  }
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  img.width = static_cast<png_uint_32>(map.width());
  img.height = static_cast<png_uint_32>(map.height());
  img.format = opaque ? PNG_FORMAT_RGB : PNG_FORMAT_RGBA;
  png_alloc_size_t size = 0;
  // First call measures, second writes (the simplified API's documented pattern).
  png_image_write_to_memory(&img, nullptr, &size, 0, pixels, 0, nullptr);
  std::vector<std::uint8_t> mem(size);
  EXPECT_TRUE(png_image_write_to_memory(&img, mem.data(), &size, 0, pixels, 0, nullptr)) << img.message;
  png_image_free(&img);
  return size;
}

TEST(PngWriter, SizeWithinOneAndAHalfOfZlibLevel6) {
  SyntheticMap map(1920, 1080, 5);
  TempDir dir;
  PngOptions opt;  // the defaults the exporter uses, except opaque
  for (bool opaque : {false, true}) {
    opt.opaque = opaque;
    const fs::path p = dir / (opaque ? "rgb.png" : "rgba.png");
    PngStreamWriter w(opt);
    w.open(p, map.width(), map.height(), {}, false);
    for (int y = 0; y < map.height(); y += 128) w.write_rows(map.row(y), std::min(128, map.height() - y), map.stride());
    w.finish();
    const std::size_t ours = fs::file_size(p);
    const std::size_t reference = libpng_default_size(map, opaque);
    RecordProperty(opaque ? "rgb_bytes" : "rgba_bytes", std::to_string(ours));
    RecordProperty(opaque ? "libpng_level6_rgb_bytes" : "libpng_level6_rgba_bytes", std::to_string(reference));
    std::printf("%s: ours %zu bytes, libpng level 6 %zu bytes, ratio %.3f\n", opaque ? "RGB" : "RGBA", ours, reference,
                double(ours) / double(reference));
    EXPECT_LE(double(ours), 1.5 * double(reference)) << "ours " << ours << " vs libpng level 6 " << reference;
    if (std::system("command -v pngcheck >/dev/null 2>&1") == 0) {
      const std::string cmd = "pngcheck -q " + p.string() + " >/dev/null";
      EXPECT_EQ(std::system(cmd.c_str()), 0) << "pngcheck rejected " << p;
    }
    auto png = read_png(p);
    ASSERT_TRUE(png.ok) << png.error;
    if (!opaque) {
      EXPECT_EQ(0, std::memcmp(png.pixels.data(), map.data(), png.pixels.size()));
    }
  }
}

}  // namespace
}  // namespace gatemap::exporter
