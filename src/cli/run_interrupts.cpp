#include "cli/run_interrupts.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace armada::cli {

RunInterrupts::RunInterrupts(StopSignal& stop)
    : stop_(stop), signals_([this](int signo) { OnSignal(signo); }) {}

void RunInterrupts::OnSignal(int signo) {
  const int seen = ++signals_seen_;
  signal_received_.store(signo);
  const std::string name = signo == SIGINT ? "SIGINT" : "SIGTERM";
  if (seen == 1) {
    spdlog::warn(
        "{} received: stopping; job sets are being cancelled (again to write the reports and "
        "exit now)",
        name);
    stop_.Stop("interrupted by " + name);
  } else if (seen == 2 && StartReports(signo)) {
    spdlog::warn("{} again: writing the reports now (a third to exit without them)", name);
  } else {
    // The user insists. The local server dies with us (it is told to on our death).
    std::_Exit(128 + signo);
  }
}

void RunInterrupts::ArmReports(std::function<void(int)> write) {
  std::lock_guard<std::mutex> lock(mu_);
  write_ = std::move(write);
}

void RunInterrupts::DisarmReports() {
  std::unique_lock<std::mutex> lock(mu_);
  // A writer under way exits the process when done: wait for that.
  while (writing_) written_.wait(lock);
  write_ = nullptr;
  ending_ = true;
}

bool RunInterrupts::StartReports(int signo) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ending_) return true;
  if (!write_ || writing_) return false;
  writing_ = true;
  std::thread([write = write_, signo] { write(signo); }).detach();
  return true;
}

}  // namespace armada::cli
