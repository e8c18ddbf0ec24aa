// AtomicFile and FrameDirectory: a file appears whole or not at all; messages name path and reason.
#include "app/export/atomic_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "tests/export/test_util.hpp"

namespace gatemap::exporter {
namespace {
namespace fs = std::filesystem;
using testing::MountedTmpfs;
using testing::read_bytes;
using testing::TempDir;

TEST(AtomicFile, AppearsOnlyOnCommit) {
  TempDir dir;
  AtomicFile f(dir / "a.txt", false);
  EXPECT_EQ(f.temp_path().parent_path(), dir.path());
  EXPECT_EQ(f.temp_path().filename().string().rfind(".a.txt.tmp-", 0), 0u) << f.temp_path();
  f.write("hello ", 6);
  f.write("world", 5);
  EXPECT_FALSE(fs::exists(dir / "a.txt"));
  f.commit();
  EXPECT_EQ(read_bytes(dir / "a.txt"), "hello world");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.txt"});
  // The usual permissions (0666 & ~umask), not mkstemp's 0600.
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a.txt").c_str(), &st), 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
}

TEST(AtomicFile, DestructorWithoutCommitRemovesTemporary) {
  TempDir dir;
  {
    AtomicFile f(dir / "a.txt", false);
    f.write("partial", 7);
  }
  EXPECT_TRUE(dir.entries().empty());
  {
    AtomicFile f(dir / "b.txt", false);
    f.close_descriptor();  // by-name mode, as for GDAL and ffmpeg
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(AtomicFile, RefusesExistingUnlessForced) {
  TempDir dir;
  { std::ofstream(dir / "a.txt") << "old"; }
  try {
    AtomicFile f(dir / "a.txt", false);
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_EQ(e.kind(), ExportError::Kind::exists);
    EXPECT_EQ(std::string(e.what()), (dir / "a.txt").string() + " exists; use --force to overwrite");
    EXPECT_EQ(e.path(), dir / "a.txt");
  }
  EXPECT_EQ(read_bytes(dir / "a.txt"), "old");

  // A file that appears while we write is not replaced either (checked again at commit).
  fs::remove(dir / "b.txt");
  AtomicFile racer(dir / "b.txt", false);
  racer.write("new", 3);
  { std::ofstream(dir / "b.txt") << "someone else's"; }
  EXPECT_THROW(racer.commit(), ExportError);
  EXPECT_EQ(read_bytes(dir / "b.txt"), "someone else's");
  EXPECT_EQ(dir.entries().size(), 2u);  // a.txt, b.txt: no temporary left

  AtomicFile forced(dir / "a.txt", true);
  forced.write("new", 3);
  forced.commit();
  EXPECT_EQ(read_bytes(dir / "a.txt"), "new");
}

TEST(AtomicFile, ClearErrors) {
  TempDir dir;
  auto message = [](const fs::path& p) {
    try {
      AtomicFile f(p, false);
    } catch (const ExportError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(dir / "missing" / "a.png"),
            (dir / "missing" / "a.png").string() + ": folder " + (dir / "missing").string() + " does not exist");
  { std::ofstream(dir / "file") << "x"; }
  EXPECT_NE(message(dir / "file" / "a.png").find("is not a folder"), std::string::npos);
  fs::create_directory(dir / "sub");
  EXPECT_NE(message(dir / "sub").find("is a folder"), std::string::npos);
}

TEST(AtomicFile, FullDisk) {
  MountedTmpfs small("size=64k");
  if (!small.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(small.error());
  std::vector<char> block(200 * 1024, 'x');
  try {
    AtomicFile f(small / "big.bin", false);
    f.write(block.data(), block.size());
    f.commit();
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_EQ(std::string(e.what()),
              (small / "big.bin").string() + ": write failed: No space left on device (the disk is full)");
    EXPECT_EQ(e.kind(), ExportError::Kind::io);
  }
  EXPECT_TRUE(small.entries().empty());
}

TEST(AtomicFile, ReadOnlyFolder) {
  MountedTmpfs ro("size=64k");
  if (!ro.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(ro.error());
  ASSERT_TRUE(ro.remount_read_only());
  try {
    AtomicFile f(ro / "a.png", false);
    FAIL();
  } catch (const ExportError& e) {
    const fs::path folder = (ro / "a.png").parent_path();
    EXPECT_EQ(std::string(e.what()),
              (ro / "a.png").string() + ": cannot create a file in " + folder.string() + ": Read-only file system");
  }
}

TEST(FrameDirectory, WritesToAHiddenFolderRenamedIntoPlaceRefusesExistingFramesAndCleansUpOnFailure) {
  TempDir dir;
  const fs::path out = dir / "frames";
  const std::vector<std::string> names = {"1979-02-17.png", "1979-02-18.png", "1979-02-19.png"};
  {
    FrameDirectory frames(out, names, false);
    EXPECT_FALSE(fs::exists(out)) << "the folder appears only when the sequence is complete";
    EXPECT_EQ(frames.frame_path(names[0]).parent_path().parent_path(), dir.path());
    EXPECT_EQ(frames.stage().filename().string().rfind(".frames.tmp-" + std::to_string(::getpid()) + "-", 0), 0u);
    for (const auto& n : {names[0], names[1]}) {
      AtomicFile f(frames.frame_path(n), frames.force());
      f.write("png", 3);
      f.commit();
      frames.frame_written(n);
    }
    EXPECT_FALSE(fs::exists(out));
  }  // the third frame failed: no commit
  EXPECT_TRUE(dir.entries().empty()) << "a failed sequence should leave nothing";

  {
    FrameDirectory frames(out, names, false);
    for (const auto& n : names) {
      AtomicFile f(frames.frame_path(n), false);
      f.write("png", 3);
      f.commit();
      frames.frame_written(n);
    }
    frames.commit();
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"frames"});
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator{}), 3);

  // A second run without force refuses before writing anything; with force it replaces the frames,
  // but only at commit(): a run that fails leaves the older frames as they were.
  try {
    FrameDirectory again(out, names, false);
    FAIL();
  } catch (const ExportError& e) {
    EXPECT_EQ(e.kind(), ExportError::Kind::exists);
    EXPECT_NE(std::string(e.what()).find("1979-02-17.png exists; use --force to overwrite"), std::string::npos);
  }
  {
    FrameDirectory failed(out, names, true);
    EXPECT_EQ(failed.stage().parent_path(), out) << "inside an existing folder: renames stay on its file system";
    AtomicFile f(failed.frame_path(names[0]), true);
    f.write("new", 3);
    f.commit();
    failed.frame_written(names[0]);
  }
  EXPECT_EQ(read_bytes(out / names[0]), "png");
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator{}), 3);
  {
    FrameDirectory forced(out, names, true);
    for (const auto& n : names) {
      AtomicFile f(forced.frame_path(n), true);
      f.write("new", 3);
      f.commit();
      forced.frame_written(n);
    }
    forced.commit();
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(out), fs::directory_iterator{}), 3);
  for (const auto& n : names) EXPECT_EQ(read_bytes(out / n), "new");
}

// SIGTERM/SIGINT after install_signal_cleanup(): the open temporary files, the frames written so
// far (and the folder made for them) and a registered child go, and the process ends by the signal.
// In a forked child, so that the signal ends the child and not the tests.
TEST(SignalCleanup, RemovesTemporaryFilesFramesAndChildThenDiesOfTheSignal) {
  for (int sig : {SIGTERM, SIGINT}) {
    TempDir dir;
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    // --force over older frames: this run's new old.png is written in the hidden folder, so the older
    // file stays whatever the moment of the signal.
    for (const char* sub : {"f1", "f2"}) {
      fs::create_directory(dir / sub);
      std::ofstream(dir / sub / "old.png") << "older run";
    }
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(ready[0]);
      install_signal_cleanup();
      FrameDirectory g1(dir / "f1", {"old.png"}, true);
      g1.frame_starting("old.png");
      AtomicFile replaced(g1.frame_path("old.png"), true);
      replaced.commit();
      g1.frame_written("old.png");
      FrameDirectory g2(dir / "f2", {"old.png"}, true);
      g2.frame_starting("old.png");
      AtomicFile replacing(g2.frame_path("old.png"), true);
      AtomicFile a(dir / "a.png", false);
      a.write("partial", 7);
      AtomicFile b(dir / "b.mp4", false);
      b.close_descriptor();
      AtomicFile done(dir / "done.png", false);  // committed: stays
      done.commit();
      FrameDirectory frames(dir / "frames", {"1.png", "2.png", "3.png"}, false);
      AtomicFile f1(frames.frame_path("1.png"), false);
      f1.commit();
      frames.frame_written("1.png");
      frames.frame_starting("2.png");
      AtomicFile f2(frames.frame_path("2.png"), false);  // the frame being written
      frames.frame_starting("3.png");
      AtomicFile f3(frames.frame_path("3.png"), false);  // in place, frame_written() not reached yet
      f3.commit();
      const pid_t sleeper = ::fork();
      if (sleeper == 0) {
        ::pause();
        ::_exit(0);
      }
      set_signal_child(sleeper);
      (void)!::write(ready[1], &sleeper, sizeof sleeper);
      for (;;) ::pause();  // the parent sends the signal
    }
    ::close(ready[1]);
    pid_t sleeper = 0;
    ASSERT_EQ(::read(ready[0], &sleeper, sizeof sleeper), ssize_t(sizeof sleeper));
    ::close(ready[0]);
    ASSERT_EQ(::kill(pid, sig), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "status " << status;
    std::vector<std::string> left = dir.entries();
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"done.png", "f1", "f2"}));
    EXPECT_EQ(read_bytes(dir / "f1" / "old.png"), "older run");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "f1"), fs::directory_iterator{}), 1);
    EXPECT_EQ(read_bytes(dir / "f2" / "old.png"), "older run");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir / "f2"), fs::directory_iterator{}), 1);
    EXPECT_NE(::kill(sleeper, 0), 0) << "the registered child still runs";
    if (::kill(sleeper, 0) == 0) ::kill(sleeper, SIGKILL);
  }
}

}  // namespace
}  // namespace gatemap::exporter
