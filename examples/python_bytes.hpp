// Python's bytes.strip() and bytes.upper(), which the upper-case echo examples use.
// Both work on ASCII only, as Python's bytes methods do, so nothing depends on the locale.
#pragma once

#include <string>
#include <string_view>

namespace examples {

/// bytes.strip(): without leading and trailing ASCII whitespace.
inline std::string_view strip(std::string_view data) {
  constexpr std::string_view whitespace = " \t\n\r\v\f";
  const auto first = data.find_first_not_of(whitespace);
  if (first == std::string_view::npos)
    return {};
  return data.substr(first, data.find_last_not_of(whitespace) - first + 1);
}

/// bytes.upper(): a-z become A-Z, every other byte stays.
inline std::string upper(std::string_view data) {
  std::string result{data};
  for (char& c : result) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

} // namespace examples
