// See assets.h. The files themselves live in web/ (no inline script or style there: the CSP is
// `default-src 'self'`).
#include "http/assets.h"

namespace receipts::http {
namespace {

const Asset* Exact(std::string_view path) {
  for (std::size_t i = 0; i < kWebAssetCount; ++i) {
    if (kWebAssets[i].path == path) return &kWebAssets[i];
  }
  return nullptr;
}

}  // namespace

const Asset* FindAsset(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.rfind("/api/", 0) == 0 || path == "/api") {
    return nullptr;
  }
  if (path == "/") return Exact("/index.html");
  if (const Asset* a = Exact(path)) return a;
  // A deep link into the app (/sessions/<id>, /prompts, …) is the app; a missing file
  // (anything with a dot in its last segment) or a path with "..", is not.
  std::string_view last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos || path.find("..") != std::string_view::npos) {
    return nullptr;
  }
  return Exact("/index.html");
}

}  // namespace receipts::http
