#include "auth/static_credentials.h"

#include "common/base64.h"

namespace armada::auth {
namespace {

class Fixed : public Credentials {
 public:
  Fixed(std::string mode, std::string header)
      : mode_(std::move(mode)), header_(std::move(header)) {}
  StatusOr<std::string> Authorization() override { return header_; }
  std::string Mode() const override { return mode_; }

 private:
  const std::string mode_, header_;
};

}  // namespace

std::shared_ptr<Credentials> BearerCredentials(const std::string& token) {
  return std::make_shared<Fixed>("bearer token", "bearer " + token);
}

std::shared_ptr<Credentials> BasicCredentials(const std::string& username,
                                              const std::string& password) {
  return std::make_shared<Fixed>("basicAuth", "basic " + Base64Encode(username + ":" + password));
}

}  // namespace armada::auth
