// See assets.h. No inline script or style: the CSP is `default-src 'self'`.
#include "http/assets.h"

#include <array>

namespace receipts::http {
namespace {

constexpr std::string_view kIndex = R"html(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>receipts</title></head>
<body>
<h1>receipts</h1>
<p>The dashboard is coming. Until then, the JSON API serves every report:</p>
<ul>
<li><a href="/api/v1/reports">/api/v1/reports</a> — every report and its parameters</li>
<li><a href="/api/v1/reports/daily">/api/v1/reports/daily</a> — spend per day (same JSON as <code>receipts daily --json</code>)</li>
<li><a href="/api/v1/status">/api/v1/status</a> — store, freshness and watcher</li>
<li><code>/api/v1/events</code> — Server-Sent Events: <code>update</code> when new data arrives</li>
</ul>
</body>
</html>
)html";

constexpr std::array<Asset, 2> kAssets = {{
    {"/", "text/html; charset=utf-8", kIndex},
    {"/index.html", "text/html; charset=utf-8", kIndex},
}};

}  // namespace

const Asset* FindAsset(std::string_view path) {
  for (const Asset& a : kAssets) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

}  // namespace receipts::http
