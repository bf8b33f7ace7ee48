// Static assets compiled into the binary (DESIGN.md §2: no files to install, no CDN).
// Today only the placeholder page; the dashboard's pages come in a later step.
#pragma once

#include <string_view>

namespace receipts::http {

struct Asset {
  std::string_view path;          // URL path, e.g. "/"
  std::string_view content_type;
  std::string_view body;
};

// nullptr when no asset has this path.
const Asset* FindAsset(std::string_view path);

}  // namespace receipts::http
