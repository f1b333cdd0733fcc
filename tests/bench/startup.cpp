// Startup bench: exec → first presented frame, peak RSS, CPU over idle seconds; median of N runs.
// Runs the kiosk (and, side by side in the same run, a naive SDL2 + ImGui + OpenGL3 loop as the
// baseline) under the current DISPLAY. Prints one figure a line, `name: value`.
//
//   xvfb-run -a -s "-screen 0 1080x1920x24" build/bin/bench_startup [--runs 5] [--idle-s 10]
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Figures {
  double first_frame_ms = -1;
  double peak_rss_mb = -1;
  double driver_rss_mb = -1;  // resident pages of the GL driver's files (Mesa, LLVM, libGL)
  double idle_cpu_percent = -1;
};

double now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const auto close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  std::vector<std::string> f;
  while (rest >> field) f.push_back(field);
  // After "(comm)": state is field 3; utime and stime are fields 14 and 15.
  if (f.size() < 13) return -1;
  return double(std::stoll(f[11]) + std::stoll(f[12])) / double(sysconf(_SC_CLK_TCK));
}

double status_kb(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::atof(line.c_str() + key.size() + 1);
  return -1;
}

// Resident kB of the mappings that belong to the GL stack (Mesa's DRI driver, LLVM, libGL…).
double driver_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps");
  std::string line;
  bool driver = false;
  double kb = 0;
  auto is_header = [](const std::string& l) {  // "7f12-7f34 r-xp 0000 08:01 123 /path"
    const auto dash = l.find('-'), space = l.find(' ');
    if (dash == std::string::npos || space == std::string::npos || dash > space) return false;
    return std::all_of(l.begin(), l.begin() + long(dash),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  };
  while (std::getline(in, line)) {
    if (is_header(line)) {
      driver = false;
      for (const char* name : {"dri", "LLVM", "libGL", "gallium", "libEGL", "glapi"})
        driver = driver || line.find(name) != std::string::npos;
    } else if (driver && line.rfind("Rss:", 0) == 0) {
      kb += std::atof(line.c_str() + 4);
    }
  }
  return kb;
}

Figures run_once(const std::vector<std::string>& argv, double idle_s) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const double t0 = now_ms();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  Figures f;
  std::string seen;
  char buf[256];
  pollfd p{fds[0], POLLIN, 0};
  while (seen.find("first_frame") == std::string::npos && poll(&p, 1, 10000) > 0) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, std::size_t(n));
  }
  if (seen.find("first_frame") != std::string::npos) {
    f.first_frame_ms = now_ms() - t0;
    usleep(1'000'000);  // let start-up work after the first frame finish
    const double c0 = cpu_seconds(pid), w0 = now_ms();
    usleep(useconds_t(idle_s * 1e6));
    const double c1 = cpu_seconds(pid), w1 = now_ms();
    f.idle_cpu_percent = 100.0 * (c1 - c0) / ((w1 - w0) / 1e3);
    f.peak_rss_mb = status_kb(pid, "VmHWM") / 1024.0;
    f.driver_rss_mb = driver_rss_kb(pid) / 1024.0;
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fds[0]);
  return f;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? -1 : v[v.size() / 2];
}

void report(const std::string& suffix, const std::vector<Figures>& runs) {
  std::vector<double> ff, rss, drv, cpu;
  for (const Figures& f : runs) {
    ff.push_back(f.first_frame_ms);
    rss.push_back(f.peak_rss_mb);
    drv.push_back(f.driver_rss_mb);
    cpu.push_back(f.idle_cpu_percent);
  }
  std::printf("first_frame_ms%s: %.0f\n", suffix.c_str(), median(ff));
  std::printf("peak_rss_mb%s: %.1f\n", suffix.c_str(), median(rss));
  std::printf("gl_driver_rss_mb%s: %.1f\n", suffix.c_str(), median(drv));
  std::printf("idle_cpu_percent%s: %.2f\n", suffix.c_str(), median(cpu));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  double idle_s = 10;
  std::string kiosk = KIOSK_BINARY, naive = NAIVE_BINARY;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--runs")
      runs = std::atoi(argv[i + 1]);
    else if (a == "--idle-s")
      idle_s = std::atof(argv[i + 1]);
    else if (a == "--kiosk")
      kiosk = argv[i + 1];
  }
  if (!std::getenv("DISPLAY")) {
    std::fprintf(
        stderr, "bench_startup: no DISPLAY; run it under xvfb-run -s \"-screen 0 1080x1920x24\"\n");
    return 2;
  }
  const std::string state =
      std::filesystem::temp_directory_path() / ("bench-startup-" + std::to_string(getpid()));
  struct Variant {
    std::string suffix;
    std::vector<std::string> argv;
  };
  const std::vector<Variant> variants = {
      {"", {kiosk, "--print-first-frame", "--window-scale", "1", "--state-dir", state}},
      {"_opengl",
       {kiosk, "--print-first-frame", "--window-scale", "1", "--state-dir", state, "--renderer",
        "opengl"}},
      {"_software",
       {kiosk, "--print-first-frame", "--window-scale", "1", "--state-dir", state, "--renderer",
        "software"}},
      {"_naive_gl3_loop", {naive}},
  };
  // Interleave the variants run by run, so a noisy moment hurts them alike.
  std::vector<std::vector<Figures>> results(variants.size());
  for (int r = 0; r < runs; ++r)
    for (std::size_t v = 0; v < variants.size(); ++v)
      results[v].push_back(run_once(variants[v].argv, idle_s));
  for (std::size_t v = 0; v < variants.size(); ++v) report(variants[v].suffix, results[v]);
  std::filesystem::remove_all(state);
  return 0;
}
