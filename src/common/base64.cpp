#include "common/base64.h"

#include <openssl/evp.h>

namespace armada {

std::string Base64Encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Base64UrlEncode(const std::string& bytes) {
  std::string out = Base64Encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

StatusOr<std::string> Base64Decode(const std::string& text, const std::string& what) {
  std::string in;
  for (char c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') in += c;
  }
  while (in.size() % 4 != 0) in += '=';
  std::string out(in.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(in.data()),
                                static_cast<int>(in.size()));
  if (n < 0) return Status::Error(what + " is not base64");
  size_t padding = 0;
  if (!in.empty() && in.back() == '=') ++padding;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace armada
