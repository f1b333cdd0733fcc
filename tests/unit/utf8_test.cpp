#include <doctest/doctest.h>

#include "utf8.hpp"

using namespace kiosk;

TEST_CASE("UTF-8 decoding accepts Vietnamese and rejects malformed bytes") {
  std::vector<char32_t> cps;
  CHECK(decode_utf8("Việt Nam", cps));
  CHECK(cps == std::vector<char32_t>{U'V', U'i', U'ệ', U't', U' ', U'N', U'a', U'm'});
  CHECK(decode_utf8("", cps));
  CHECK(cps.empty());
  CHECK_FALSE(decode_utf8("\xC3", cps));          // truncated
  CHECK_FALSE(decode_utf8("\xE1\xBB", cps));      // truncated
  CHECK_FALSE(decode_utf8("\xC0\xAF", cps));      // overlong '/'
  CHECK_FALSE(decode_utf8("\xED\xA0\x80", cps));  // surrogate
  CHECK_FALSE(decode_utf8("\xFF", cps));
  CHECK_FALSE(
      decode_utf8("a\x80"
                  "b",
                  cps));  // stray continuation byte
}

TEST_CASE("precomposed text passes, combining accents (NFD) do not") {
  CHECK(is_precomposed_vietnamese("Yêu cầu giải trình"));
  CHECK_FALSE(is_precomposed_vietnamese("Vie\xCC\xA3\xCC\x82t"));  // e + U+0323 + U+0302
  CHECK_FALSE(is_precomposed_vietnamese("\xFF"));
}
