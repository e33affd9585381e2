#include "auth/token_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/read_file.h"

namespace armada::auth {
namespace {

constexpr size_t kMaxCacheBytes = 1 << 20;

StatusOr<nlohmann::json> ReadAll(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return nlohmann::json::object();
    return Status::Error(path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 || st.st_uid != geteuid()) {
    return Status::Error(path + " is not a private file of this user (mode 0600); not used");
  }
  StatusOr<std::string> text = ReadFileToString(path, kMaxCacheBytes);
  if (!text.ok()) return text.status();
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return Status::Error(path + " is not a JSON object; not used");
  return json;
}

Status WriteAll(const std::string& path, const nlohmann::json& json) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return Status::Error(folder.string() + ": " + error.message());
  chmod(folder.c_str(), 0700);
  const std::string temp = path + ".tmp" + std::to_string(getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Error(temp + ": " + std::strerror(errno));
  fchmod(fd, 0600);
  const std::string text = json.dump(2) + "\n";
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written || rename(temp.c_str(), path.c_str()) != 0) {
    unlink(temp.c_str());
    return Status::Error(path + ": cannot write: " + std::strerror(errno));
  }
  return Status();
}

}  // namespace

std::string TokenCache::DefaultPath() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  std::string base;
  if (xdg != nullptr && *xdg == '/') {
    base = xdg;
  } else if (home != nullptr && *home != '\0') {
    base = std::string(home) + "/.cache";
  } else {
    return "";
  }
  return base + "/armada-testsuite/oidc-refresh-tokens.json";
}

StatusOr<std::string> TokenCache::Load(const std::string& key) const {
  StatusOr<nlohmann::json> json = ReadAll(path_);
  if (!json.ok()) return json.status();
  if (!json->contains(key) || !(*json)[key].is_object()) return std::string();
  const nlohmann::json& entry = (*json)[key];
  return entry.contains("refresh_token") && entry["refresh_token"].is_string()
             ? entry["refresh_token"].get<std::string>()
             : std::string();
}

Status TokenCache::Save(const std::string& key, const std::string& refresh_token) const {
  StatusOr<nlohmann::json> json = ReadAll(path_);
  nlohmann::json all = json.ok() ? *json : nlohmann::json::object();
  all[key] = {{"refresh_token", refresh_token}};
  return WriteAll(path_, all);
}

Status TokenCache::Remove(const std::string& key) const {
  StatusOr<nlohmann::json> json = ReadAll(path_);
  if (!json.ok() || !json->contains(key)) return Status();
  json->erase(key);
  return WriteAll(path_, *json);
}

}  // namespace armada::auth
