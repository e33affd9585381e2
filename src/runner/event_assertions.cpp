#include "runner/event_assertions.h"

#include <algorithm>
#include <map>

#include "runner/event_facts.h"

namespace armada::runner {
namespace {

// JobMatch::received as names ("" for an unknown kind).
std::vector<std::string> Names(const std::string& kinds) {
  std::vector<std::string> names;
  for (const char kind : kinds) {
    const auto k = static_cast<unsigned char>(kind);
    names.emplace_back(k != 0 ? EventKinds()[k - 1].camel : "");
  }
  return names;
}

std::string Bracketed(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out + "]";
}

std::vector<std::string> Sorted(const google::protobuf::RepeatedPtrField<std::string>& items) {
  std::vector<std::string> out(items.begin(), items.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

StatusOr<ExpectedEvents> ExpectedEvents::Compile(const std::vector<api::EventMessage>& expected) {
  ExpectedEvents out;
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& event = expected[i];
    if (event.events_case() == api::EventMessage::EVENTS_NOT_SET) {
      return Status::Error("expectedEvents[" + std::to_string(i) + "] names no event");
    }
    std::shared_ptr<const RE2> reason;
    if (event.has_failed() && !event.failed().reason().empty()) {
      RE2::Options options;
      options.set_log_errors(false);
      reason = std::make_shared<RE2>(event.failed().reason(), options);
      if (!reason->ok()) {
        return Status::Error("expectedEvents[" + std::to_string(i) +
                             "].failed.reason: invalid regex \"" + event.failed().reason() +
                             "\": " + reason->error());
      }
    }
    out.events_.push_back(event);
    out.reasons_.push_back(std::move(reason));
  }
  return out;
}

EventAssertions::EventAssertions(ExpectedEvents expected, const JobTable& jobs)
    : expected_(std::move(expected)), jobs_(jobs), progress_(jobs.size()) {
  if (expected_.size() == 0) jobs_done_ = progress_.size();
}

void EventAssertions::OnSubmitted(const JobTable& /*jobs*/, uint32_t /*first*/, uint32_t end,
                                  std::chrono::system_clock::time_point /*sent*/) {
  if (end <= progress_.size()) return;
  if (expected_.size() == 0) jobs_done_ += end - progress_.size();
  progress_.resize(end);
}

void EventAssertions::OnEvent(const api::EventMessage& event,
                              std::chrono::system_clock::time_point /*received*/) {
  if (failed()) return;
  const std::string job_id = JobIdOf(event);
  const uint32_t number = jobs_.Find(job_id);
  if (number >= progress_.size()) return;
  JobMatch& job = progress_[number];
  NoteGeneration(event);
  const EventKind* kind = EventKindOf(event);
  // EventKinds() has far fewer than 255 entries.
  job.received.push_back(static_cast<char>(kind != nullptr ? kind - EventKinds().data() + 1 : 0));
  if (job.matched == expected_.size()) return;

  const api::EventMessage& want = expected_.at(job.matched);
  if (want.events_case() == event.events_case()) {
    if (Mismatch mismatch = CheckMatch(job.matched, event);
        mismatch.kind != report::FailureKind::kNone) {
      failure_ = "job " + job_id + ": " + mismatch.message;
      failure_kind_ = mismatch.kind;
      return;
    }
    if (++job.matched == expected_.size()) {
      ++jobs_done_;
      return;
    }
  }
  if (IsTerminal(event)) {
    failure_ = "job " + job_id + " ended with " + DescribeEvent(event) + " while expecting " +
               DescribeEvent(expected_.at(job.matched)) + "; it received " +
               Bracketed(Names(job.received));
    failure_kind_ = report::FailureKind::kEndedEarly;
  }
}

void EventAssertions::NoteGeneration(const api::EventMessage& event) {
  if (!event.has_failed() || generation_ != report::ServerGeneration::kUnknown) return;
  const auto& failed = event.failed();
  if (failed.categories_size() > 0) {
    generation_ = report::ServerGeneration::kCategoriesList;
  } else if (!failed.failure_category().empty() || failed.retryable()) {
    generation_ = report::ServerGeneration::kFailureCategory;
  }
}

EventAssertions::Mismatch EventAssertions::CheckMatch(size_t i,
                                                      const api::EventMessage& actual) const {
  using report::FailureKind;
  if (!actual.has_failed()) return {};
  const auto& want = expected_.at(i).failed();
  const auto& got = actual.failed();
  if (const RE2* reason = expected_.reason(i);
      reason != nullptr && !RE2::PartialMatch(got.reason(), *reason)) {
    return {FailureKind::kReason, "failed reason \"" + got.reason() + "\" does not match regex \"" +
                                      want.reason() + "\""};
  }
  if (want.categories_size() > 0) {
    const auto expected_categories = Sorted(want.categories());
    const auto actual_categories = Sorted(got.categories());
    if (actual_categories.empty() && !got.failure_category().empty()) {
      // Armada since v0.20.41 sends failureCategory instead of categories.
      return {FailureKind::kCategories,
              "expected categories " + Bracketed(expected_categories) +
                  " but the server sent no categories, only failureCategory \"" +
                  got.failure_category() +
                  "\" (Armada v0.20.41 and later): expect `failureCategory: " +
                  got.failure_category() + "` instead of `categories`"};
    }
    if (expected_categories != actual_categories) {
      return {FailureKind::kCategories, "expected categories " + Bracketed(expected_categories) +
                                            " but got " + Bracketed(actual_categories)};
    }
  }
  if (!want.failure_category().empty() && want.failure_category() != got.failure_category()) {
    if (got.failure_category().empty() && got.categories_size() > 0) {
      // Armada v0.20.37..v0.20.40 send categories and no failureCategory.
      return {FailureKind::kFailureCategory,
              "expected failureCategory \"" + want.failure_category() +
                  "\" but the server sent no failureCategory, only categories " +
                  Bracketed(Sorted(got.categories())) +
                  " (Armada v0.20.37 to v0.20.40): expect `categories` instead"};
    }
    return {FailureKind::kFailureCategory, "expected failureCategory \"" + want.failure_category() +
                                               "\" but got \"" + got.failure_category() + "\""};
  }
  if (!want.failure_subcategory().empty() &&
      want.failure_subcategory() != got.failure_subcategory()) {
    return {FailureKind::kFailureSubcategory, "expected failureSubcategory \"" +
                                                  want.failure_subcategory() + "\" but got \"" +
                                                  got.failure_subcategory() + "\""};
  }
  if (want.retryable() != got.retryable()) {
    return {FailureKind::kRetryable,
            std::string("expected retryable ") + (want.retryable() ? "true" : "false") +
                " but got " + (got.retryable() ? "true" : "false") +
                (got.retryable() ? " (this run failed and the job will run again)" : "")};
  }
  return {};
}

std::string EventAssertions::DescribeMissing() const {
  struct Group {
    size_t matched;
    std::vector<uint32_t> jobs;  // numbers in jobs_
  };
  // Keyed by what the jobs received, so jobs stuck at the same point read as one line.
  std::map<std::vector<std::string>, Group> groups;
  for (uint32_t number = 0; number < progress_.size(); ++number) {
    const JobMatch& job = progress_[number];
    if (job.matched == expected_.size()) continue;
    auto& group = groups.try_emplace(Names(job.received), Group{job.matched, {}}).first->second;
    group.jobs.push_back(number);
  }
  std::string out;
  for (const auto& [received, group] : groups) {
    std::vector<std::string> missing;
    for (size_t i = group.matched; i < expected_.size(); ++i) {
      missing.push_back(DescribeEvent(expected_.at(i)));
    }
    std::vector<std::string> shown;
    for (size_t i = 0; i < group.jobs.size() && i < 3; ++i) {
      shown.emplace_back(jobs_.id(group.jobs[i]));
    }
    std::string ids = Bracketed(shown);
    if (group.jobs.size() > shown.size()) {
      ids.insert(ids.size() - 1,
                 ", ... " + std::to_string(group.jobs.size() - shown.size()) + " more");
    }
    if (!out.empty()) out += "; ";
    out += std::to_string(group.jobs.size()) + " job(s) " + ids + " received " +
           Bracketed(received) + " and are missing " + Bracketed(missing);
  }
  return out;
}

}  // namespace armada::runner
