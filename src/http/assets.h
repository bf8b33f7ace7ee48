// Static assets compiled into the binary (DESIGN.md §2: no files to install, no CDN): every
// file under web/ (the dashboard), embedded at build time by cmake/EmbedWebAssets.cmake.
#pragma once

#include <cstddef>
#include <string_view>

namespace receipts::http {

struct Asset {
  std::string_view path;          // URL path, e.g. "/js/app.js"
  std::string_view content_type;
  std::string_view body;
};

// The asset served at `path`: "/" and "/index.html" are the app; a page of the app
// (a deep link such as /sessions/<id>: no dot in its last segment) is the app too, so the
// client-side router can show it. nullptr for anything else (an unknown file, or /api/…).
const Asset* FindAsset(std::string_view path);

// Generated (web_assets.cpp): every embedded file.
extern const Asset kWebAssets[];
extern const std::size_t kWebAssetCount;

}  // namespace receipts::http
