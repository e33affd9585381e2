// Errors as values: a Status says ok or carries a message for the user and
// the kind of failure, and a StatusOr<T> carries either a T or the Status
// that explains its absence. No exception crosses a unit's boundary; a unit
// returns one of these instead.
//
// The kinds are gRPC's codes, by name and number (google.rpc.Code), because
// armada-localstack answers Armada's API with them: its control plane says
// which kind a refusal is, and the server maps a Status to the wire in one
// place (localstack/server/rpc_status.h). A refusal may also carry a
// machine-readable reason with metadata, sent as a google.rpc.ErrorInfo.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace armada {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

class Status {
 public:
  // The ok status.
  Status() = default;

  // A failure with a message meant for the person running the tool, of no
  // particular kind (kUnknown).
  static Status Error(std::string message) {
    return Status(StatusCode::kUnknown, std::move(message));
  }
  // A failure of kind `code`. REQUIRES: code is not kOk.
  static Status Error(StatusCode code, std::string message) {
    return Status(code, std::move(message));
  }
  static Status InvalidArgument(std::string m) {
    return Error(StatusCode::kInvalidArgument, std::move(m));
  }
  static Status NotFound(std::string m) { return Error(StatusCode::kNotFound, std::move(m)); }
  static Status AlreadyExists(std::string m) {
    return Error(StatusCode::kAlreadyExists, std::move(m));
  }
  static Status FailedPrecondition(std::string m) {
    return Error(StatusCode::kFailedPrecondition, std::move(m));
  }
  static Status Unavailable(std::string m) { return Error(StatusCode::kUnavailable, std::move(m)); }

  bool ok() const { return failure_ == nullptr; }
  StatusCode code() const { return failure_ ? failure_->code : StatusCode::kOk; }
  // The message; empty when ok().
  const std::string& message() const { return failure_ ? failure_->message : Empty(); }

  // The refusal's machine-readable reason (google.rpc.ErrorInfo.reason) and
  // its metadata; empty when it has none. REQUIRES for WithReason: !ok().
  Status WithReason(std::string reason, std::map<std::string, std::string> metadata) const {
    Status s;
    s.failure_ = std::make_shared<const Failure>(
        Failure{code(), message(), std::move(reason), std::move(metadata)});
    return s;
  }
  const std::string& reason() const { return failure_ ? failure_->reason : Empty(); }
  const std::map<std::string, std::string>& metadata() const {
    static const std::map<std::string, std::string> kNone;
    return failure_ ? failure_->metadata : kNone;
  }

 private:
  struct Failure {
    StatusCode code;
    std::string message;
    std::string reason;
    std::map<std::string, std::string> metadata;
  };
  Status(StatusCode code, std::string message)
      : failure_(std::make_shared<const Failure>(Failure{code, std::move(message), {}, {}})) {}
  static const std::string& Empty() {
    static const std::string kEmpty;
    return kEmpty;
  }
  // Shared and immutable: a Status is copied freely and costs one pointer when ok.
  std::shared_ptr<const Failure> failure_;
};

template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  // Precondition: !status.ok().
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // Preconditions for the accessors below: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  // The value, or `fallback` when !ok().
  T value_or(T fallback) const& { return value_ ? *value_ : std::move(fallback); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace armada
