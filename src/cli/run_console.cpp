#include "cli/run_console.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/console_format.h"

namespace armada::cli {

namespace {

void LogTo(std::shared_ptr<spdlog::sinks::sink> sink, const RunOptions& options) {
  auto logger = std::make_shared<spdlog::logger>("armada-testsuite", std::move(sink));
  logger->set_level(options.verbose ? spdlog::level::debug
                    : options.quiet ? spdlog::level::err
                                    : spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  spdlog::set_formatter(ConsoleFormatter());
}

}  // namespace

RunConsole::RunConsole(const RunOptions& options) : options_(options) {
  const bool terminal = isatty(STDOUT_FILENO) != 0;
  color_ = UseColor(terminal, std::getenv("NO_COLOR"));
  LiveStatus::Options console;
  console.terminal = terminal;
  console.color = color_;
  console.columns = [] { return TerminalColumns(STDOUT_FILENO); };
  live_ = std::make_unique<LiveStatus>(stdout, console);
  LogTo(live_->sink(), options_);
}

void RunConsole::Close() {
  LogTo(std::make_shared<spdlog::sinks::stdout_color_sink_mt>(color_ ? spdlog::color_mode::always
                                                                     : spdlog::color_mode::never),
        options_);
  live_.reset();
}

}  // namespace armada::cli
