// See app.h. Options follow the verb, as in ccusage; `receipts` alone is `receipts daily`.
#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <set>

#include "cli/commands.h"
#include "cli/serve.h"
#include "reports/view.h"

namespace receipts::cli {
namespace {

void AddCommon(CLI::App* sub, RawOptions& o, bool report) {
  sub->add_option("--db", o.db, "store file (default $XDG_DATA_HOME/receipts/receipts.db)");
  sub->add_option("--config", o.config, "config file (default $XDG_CONFIG_HOME/receipts/config.toml)");
  sub->add_option("--agent", o.agent, "only these agents, comma-separated (claude)");
  sub->add_flag("--no-scan", o.no_scan, "report from the store without ingesting new bytes");
  sub->add_flag("--no-text", o.no_text, "store prompts as hashes only (no prompt text)");
  sub->add_option("-z,--timezone", o.timezone, "IANA time zone for days (default: the machine's)");
  if (!report) return;
  sub->add_flag("--json", o.json, "JSON output (ccusage-compatible shape)");
  sub->add_flag("--csv", o.csv, "CSV output");
  sub->add_option("-s,--since", o.since, "first day, YYYY-MM-DD or YYYYMMDD (inclusive)");
  sub->add_option("-u,--until", o.until, "last day, YYYY-MM-DD or YYYYMMDD (inclusive)");
  sub->add_flag("-b,--breakdown", o.breakdown, "per-model rows");
  sub->add_option("-p,--project", o.project, "only projects whose path contains this (any case)");
  sub->add_option("-o,--order", o.order, "asc or desc (default asc)");
  sub->add_option("-m,--mode", o.mode, "cost mode: auto, calculate, display, compare");
  sub->add_flag("--offline")->description("accepted for ccusage compatibility (receipts never goes online)");
}

int WithContext(const RawOptions& raw, const sources::Environment& env,
                const std::function<int(const Context&)>& fn) {
  auto ctx = ResolveContext(raw, env);
  if (!ctx.ok()) {
    std::fprintf(stderr, "receipts: %s\n", ctx.status().message().c_str());
    return 2;
  }
  return fn(ctx.value());
}

}  // namespace

int Run(int argc, char** argv, const sources::Environment& env) {
  CLI::App app{"receipts — spend analytics for AI coding agents, with receipts", "receipts"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "receipts 0.1.0");
  RawOptions o;
  std::string session_id, sql, model;
  std::string token_limit;
  int64_t demo_bytes = 3'000'000;
  bool turns = false;
  bool demo_keep = false;

  auto* daily = app.add_subcommand("daily", "usage and cost per day (default)");
  auto* weekly = app.add_subcommand("weekly", "usage and cost per week");
  auto* monthly = app.add_subcommand("monthly", "usage and cost per month");
  auto* session = app.add_subcommand("session", "sessions, or every call of one session");
  auto* blocks = app.add_subcommand("blocks", "5-hour billing windows with burn rate");
  auto* scan = app.add_subcommand("scan", "ingest new bytes from every agent's logs");
  auto* sqlcmd = app.add_subcommand("sql", "read-only SQL over the store (docs/SCHEMA.md)");
  auto* doctor = app.add_subcommand("doctor", "config and settings, roots, files, bad lines, unpriced models, freshness");
  auto* demo = app.add_subcommand("demo", "generate a sample history in a temp dir and report on it");
  auto* pricing = app.add_subcommand("pricing", "the price table");
  ServeFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "local dashboard and JSON API on 127.0.0.1, live-updating");
  AddCommon(serve, o, false);
  serve->add_option("--port", serve_flags.port, "port (default 8787; 0 = any free port)");
  serve->add_option("--host", serve_flags.host, "address to bind (default 127.0.0.1; others need a token)");
  serve->add_option("--token", serve_flags.token, "require 'Authorization: Bearer TOKEN' (default $RECEIPTS_TOKEN)");
  serve->add_flag("--open", serve_flags.open, "open the dashboard in a browser (xdg-open; else print the URL)");
  serve->add_flag("--demo", serve_flags.demo, "serve a generated sample history (in a temp dir, removed at exit)");
  serve->add_option("--demo-bytes", serve_flags.demo_bytes, "size of the --demo history (default 3 MB)");
  for (auto* s : {daily, weekly, monthly, session, blocks}) AddCommon(s, o, true);
  for (auto* s : {scan, doctor, demo}) AddCommon(s, o, false);
  AddCommon(sqlcmd, o, false);
  sqlcmd->add_flag("--json", o.json, "JSON output");
  sqlcmd->add_flag("--csv", o.csv, "CSV output");
  sqlcmd->add_option("query", sql, "the SELECT statement")->required();
  weekly->add_option("-w,--start-of-week", o.start_of_week, "first day of the week (default monday)");
  session->add_option("id", session_id, "a session id (or a unique prefix)");
  blocks->add_option("-t,--token-limit", token_limit, "token limit for the projection: a number, or max (the largest past block)");
  demo->add_option("--bytes", demo_bytes, "size of the generated history (default 3 MB)");
  demo->add_flag("--keep", demo_keep, "keep the generated directory");
  auto* plist = pricing->add_subcommand("list", "every bundled (and overridden) price");
  auto* pshow = pricing->add_subcommand("show", "the prices one model id resolves to");
  pshow->add_option("model", model, "a model id as logged")->required();
  for (auto* s : {plist, pshow}) s->add_option("--config", o.config, "config file");
  plist->add_flag("--json", o.json, "JSON output (the same as GET /api/v1/pricing)");
  pricing->require_subcommand(1);
  session->add_flag("--turns", turns, "one session turn by turn: prompt, calls, tools, tokens, cost");
  // Every attribution and event view is a verb with the usual report options.
  std::vector<std::pair<CLI::App*, std::string>> views;
  reports::ViewParams view_params;
  for (const auto& v : reports::Views()) {
    if (v.name == "turns") continue;
    auto* sub = app.add_subcommand(v.name, v.description);
    AddCommon(sub, o, true);
    sub->add_option("-n,--limit", view_params.limit, "at most this many rows");
    if (v.by_session) {
      sub->add_option("--session", view_params.session_id, "only this session (an id or a unique prefix)");
    }
    views.emplace_back(sub, v.name);
  }

  // `receipts` and `receipts --json …` mean `receipts daily …`.
  std::vector<std::string> args(argv + 1, argv + argc);
  std::set<std::string> verbs = {"daily", "weekly", "monthly", "session", "blocks",
                                 "scan", "sql", "doctor", "demo", "pricing", "serve"};
  for (const auto& v : reports::Views()) verbs.insert(v.name);
  bool has_verb = !args.empty() && (verbs.count(args[0]) || args[0] == "--help" ||
                                    args[0] == "-h" || args[0] == "--version");
  if (!has_verb) args.insert(args.begin(), "daily");
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (*daily) return WithContext(o, env, [](const Context& c) { return RunGroupedCommand(c, reports::GroupBy::kDay); });
  if (*weekly) return WithContext(o, env, [](const Context& c) { return RunGroupedCommand(c, reports::GroupBy::kWeek); });
  if (*monthly) return WithContext(o, env, [](const Context& c) { return RunGroupedCommand(c, reports::GroupBy::kMonth); });
  if (*session) {
    return WithContext(o, env, [&](const Context& c) {
      if (turns) {
        if (session_id.empty()) return Fail("--turns needs a session id: receipts session ID --turns");
        reports::ViewParams p;
        p.session_id = session_id;
        return RunViewCommand(c, "turns", p);
      }
      return session_id.empty() ? RunGroupedCommand(c, reports::GroupBy::kSession)
                                : RunSessionCommand(c, session_id);
    });
  }
  if (*blocks) return WithContext(o, env, [&](const Context& c) { return RunBlocksCommand(c, token_limit); });
  if (*scan) return WithContext(o, env, RunScanCommand);
  if (*sqlcmd) return WithContext(o, env, [&](const Context& c) { return RunSqlCommand(c, sql); });
  if (*doctor) return WithContext(o, env, RunDoctorCommand);
  if (*serve) {
    if (serve_flags.demo && (!o.db.empty() || o.no_scan)) {
      return Fail("--demo serves a generated history with its own store; drop --db and --no-scan");
    }
    if (int rc = ExecServeBinary(argc, argv, env); rc >= 0) return rc;
    return WithContext(o, env, [&](const Context& c) { return RunServeCommand(c, serve_flags); });
  }
  if (*demo) return WithContext(o, env, [&](const Context& c) { return RunDemoCommand(c, demo_bytes, demo_keep); });
  for (auto& [sub, name] : views) {
    if (*sub) {
      return WithContext(o, env, [&, n = name](const Context& c) { return RunViewCommand(c, n, view_params); });
    }
  }
  if (*plist) return WithContext(o, env, RunPricingList);
  if (*pshow) return WithContext(o, env, [&](const Context& c) { return RunPricingShow(c, model); });
  return 0;
}

}  // namespace receipts::cli
