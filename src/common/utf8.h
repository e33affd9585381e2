// Making text valid UTF-8, as protobuf's `string` fields require.
//
// Contract: ValidUtf8 returns `text` unchanged when it is valid UTF-8 and
// otherwise replaces each maximal invalid subsequence (Unicode's "substitution
// of maximal subparts": a stray byte, a truncated sequence, an overlong form,
// a surrogate, anything above U+10FFFF) with U+FFFD, so the result is always
// valid and every valid character of the input survives.
// MakeStringsValidUtf8 does that to every `string` field (not `bytes`) of a
// message, including repeated fields, map keys and values, and nested
// messages. A proto3 message holding invalid UTF-8 serializes, but every
// reader rejects it, so whatever comes from outside (a job's termination
// message or logs) goes through here before it goes into a message.
#pragma once

#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
}

namespace armada {

bool IsValidUtf8(std::string_view text);
std::string ValidUtf8(std::string_view text);
void MakeStringsValidUtf8(google::protobuf::Message* message);

}  // namespace armada
