#include "redact/redact.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "redact/samples.h"

namespace receipts::redact {
namespace {

struct Case {
  const char* name;
  std::string in;
  std::string want;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name << ": " << c.in; }

// Fake credentials used in the tables below (shapes of the real thing, values made up).
const std::string kAnt =
    "sk-ant-api03-R2D2c3poBB8yoda4Luke_Leia-Han5Solo6Chewie7Lando8Vader9Palpatine0Kylo1Rey2Finn3"
    "Poe4BB8-AA";
const std::string kOai = "sk-proj-Jq3mVx8sLp2ZkR7tYw5nB0cF4hG6dE9aU1iO_-Xy2Tz8Qv3Wp4Kr5Ls6Mn7";
const std::string kOaiLegacy = "sk-4fKz9Qm2VxP7LwT3BlbkFJr8Yt5Nc1Hd6Gb0Sa3Ze9";
const std::string kGhp = "ghp_1A2b3C4d5E6f7G8h9I0jK1lM2nO3pQ4rS5tU";
const std::string kGhPat =
    "github_pat_11ABCDEFG0123456789_abcdefGHIJKLmnopQRSTuvwxYZ0123456789abcdEFGHijklMNOPqrstUVWXyz01";
const std::string kGlpat = "glpat-Xy9zA8bC7dE6fG5hI4jK";
const std::string kAkia = "AKIAQ3EGRTY7UIOP2ZXC";
const std::string kAwsSecret = "wJa1rXUtnFEMI/K7MDENG/bPxRfiCY9EXAMPLE4K";
const std::string kAiza = "AIzaSyD3x9Kq-7Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5D";
const std::string kXoxb = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const std::string kStripe = "sk_live_51HqZ3bKx9Lm2Np4Rs6Tu8Vw0Xy1Za3Bc5De7Fg";
const std::string kHf = "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh";
const std::string kNpm = "npm_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";
const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const std::string kPemBody =
    "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpI\n"
    "8nNvLbb6U3r9lJZqT0o6wTp0yQkGxH2lJ2cNvQx5uL0mGl4zC1RZk7dF0Kq1Vh2a\n"
    "Zx3sQ2ab";

std::vector<Case> SecretCases() {
  return {
      // Provider keys in shell commands and prose.
      {"curl_bearer_anthropic", "curl -H \"Authorization: Bearer " + kAnt + "\" https://api.anthropic.com/v1/messages",
       "curl -H \"Authorization: Bearer [REDACTED:anthropic_key]\" https://api.anthropic.com/v1/messages"},
      {"x_api_key_header", "curl https://api.anthropic.com/v1/messages -H 'x-api-key: " + kAnt + "'",
       "curl https://api.anthropic.com/v1/messages -H 'x-api-key: [REDACTED:anthropic_key]'"},
      {"prompt_mid_sentence", "my key is " + kAnt + " can you check why it fails?",
       "my key is [REDACTED:anthropic_key] can you check why it fails?"},
      {"openai_proj", "use " + kOai + ".", "use [REDACTED:openai_key]."},
      {"openai_legacy", "(" + kOaiLegacy + ")", "([REDACTED:openai_key])"},
      {"openai_env", "export OPENAI_API_KEY=" + kOai, "export OPENAI_API_KEY=[REDACTED:openai_key]"},
      {"github_clone_url", "git clone https://user:" + kGhp + "@github.com/x/y",
       "git clone https://user:[REDACTED:url_password]@github.com/x/y"},
      {"github_token_as_user", "git clone https://" + kGhp + "@github.com/x/y.git",
       "git clone https://[REDACTED:github_token]@github.com/x/y.git"},
      {"github_pat", "GH_TOKEN " + kGhPat + " expired", "GH_TOKEN [REDACTED:github_token] expired"},
      {"gh_auth_header", "-H \"Authorization: token " + kGhp + "\"",
       "-H \"Authorization: token [REDACTED:github_token]\""},
      {"gitlab", "glab auth login --token " + kGlpat, "glab auth login --token [REDACTED:gitlab_token]"},
      {"aws_access_key_id", "aws_access_key_id = " + kAkia, "aws_access_key_id = [REDACTED:aws_key]"},
      {"aws_secret", "aws_secret_access_key=" + kAwsSecret, "aws_secret_access_key=[REDACTED:aws_key]"},
      {"aws_env_pair",
       "AWS_ACCESS_KEY_ID=" + kAkia + " AWS_SECRET_ACCESS_KEY=" + kAwsSecret + " aws s3 ls",
       "AWS_ACCESS_KEY_ID=[REDACTED:aws_key] AWS_SECRET_ACCESS_KEY=[REDACTED:aws_key] aws s3 ls"},
      {"aws_asia", "ASIAY34FZKBOKMUTVV7A", "[REDACTED:aws_key]"},
      {"google", "https://maps.googleapis.com/maps/api/js?key=" + kAiza + "&callback=init",
       "https://maps.googleapis.com/maps/api/js?key=[REDACTED:google_key]&callback=init"},
      {"slack", "SLACK_BOT_TOKEN=" + kXoxb, "SLACK_BOT_TOKEN=[REDACTED:slack_token]"},
      {"slack_bare", "token " + kXoxb + " works", "token [REDACTED:slack_token] works"},
      {"slack_webhook", "POST https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/AbCdEfGhIjKlMnOpQrStUvWx ok",
       "POST https://[REDACTED:slack_webhook] ok"},
      {"stripe", "stripe.api_key = '" + kStripe + "'", "stripe.api_key = '[REDACTED:stripe_key]'"},
      {"stripe_bare", "rk_live_51HqZ3bKx9Lm2Np4Rs6Tu8 and pk_live_51HqZ3bKx9Lm2Np4Rs6Tu8",
       "[REDACTED:stripe_key] and [REDACTED:stripe_key]"},
      {"huggingface", "huggingface-cli login --token " + kHf, "huggingface-cli login --token [REDACTED:huggingface_token]"},
      {"npm", "//registry.npmjs.org/:_authToken=" + kNpm, "//registry.npmjs.org/:_authToken=[REDACTED:npm_token]"},
      {"jwt", "cookie was " + kJwt + ";", "cookie was [REDACTED:jwt];"},
      {"bearer_lowercase", "send it as bearer abc123.def456-ghi789 please",
       "send it as bearer [REDACTED:bearer] please"},
      {"bearer_jwt", "Authorization: Bearer " + kJwt, "Authorization: Bearer [REDACTED:jwt]"},
      {"basic_auth", "curl -H 'Authorization: Basic dXNlcjpodW50ZXIy' http://localhost:8080",
       "curl -H 'Authorization: Basic [REDACTED:basic_auth]' http://localhost:8080"},
      // PEM private keys.
      {"pem_full",
       "key:\n-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "\n-----END RSA PRIVATE KEY-----\nnext line",
       "key:\n[REDACTED:private_key]\nnext line"},
      {"pem_truncated", "cat id_rsa\n-----BEGIN OPENSSH PRIVATE KEY-----\n" + kPemBody,
       "cat id_rsa\n[REDACTED:private_key]"},
      {"pem_json_escaped",
       "{\"key\": \"-----BEGIN PRIVATE KEY-----\\n" + std::string("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") +
           "\\n-----END PRIVATE KEY-----\\n\", \"n\": 1}",
       "{\"key\": \"[REDACTED:private_key]\\n\", \"n\": 1}"},
      // Passwords in URLs: keep user and host.
      {"postgres_url", "DATABASE_URL=postgres://app:S3cr3tPassw0rd@db.internal:5432/prod",
       "DATABASE_URL=postgres://app:[REDACTED:url_password]@db.internal:5432/prod"},
      {"redis_no_user", "redis-cli -u redis://:hunter2hunter2@cache:6379/0",
       "redis-cli -u redis://:[REDACTED:url_password]@cache:6379/0"},
      {"mongo_srv", "mongodb+srv://admin:pa55word@cluster0.abcde.mongodb.net/?retryWrites=true",
       "mongodb+srv://admin:[REDACTED:url_password]@cluster0.abcde.mongodb.net/?retryWrites=true"},
      // .env files, shell exports, YAML, JSON, code.
      {"dotenv",
       "# local\nDB_HOST=localhost\nDB_PASSWORD=correct-horse-battery\nAPI_KEY=abc123xyz\n"
       "SECRET_KEY_BASE=9f8e7d6c5b4a\nNODE_ENV=development\nPORT=3000\n",
       "# local\nDB_HOST=localhost\nDB_PASSWORD=[REDACTED:env_secret]\nAPI_KEY=[REDACTED:env_secret]\n"
       "SECRET_KEY_BASE=[REDACTED:env_secret]\nNODE_ENV=development\nPORT=3000\n"},
      {"export_quoted", "export SECRET_TOKEN=\"s0me-t0ken-value\" && ./run.sh",
       "export SECRET_TOKEN=\"[REDACTED:env_secret]\" && ./run.sh"},
      {"single_quoted", "GITHUB_TOKEN='abc def 123' make release",
       "GITHUB_TOKEN='[REDACTED:env_secret]' make release"},
      {"yaml_password", "database:\n  user: app\n  password: hunter2\n  host: db\n",
       "database:\n  user: app\n  password: [REDACTED:env_secret]\n  host: db\n"},
      {"json_config", R"({"api_key": "k-12345-abcde", "client_secret":"zzTop", "name": "acme", "timeout": 30})",
       R"({"api_key": "[REDACTED:env_secret]", "client_secret":"[REDACTED:env_secret]", "name": "acme", "timeout": 30})"},
      {"json_escaped", R"({\"password\":\"p@ss w0rd\",\"user\":\"bob\"})",
       R"({\"password\":\"[REDACTED:env_secret]\",\"user\":\"bob\"})"},
      {"camel_case_names", "const cfg = { apiKey: 'AbCd1234', accessToken: \"tok_9876\", userName: 'bob' };",
       "const cfg = { apiKey: '[REDACTED:env_secret]', accessToken: \"[REDACTED:env_secret]\", userName: 'bob' };"},
      {"client_secret_query", "POST /oauth/token?client_id=abc&client_secret=s3cr3tValue&grant_type=client_credentials",
       "POST /oauth/token?client_id=abc&client_secret=[REDACTED:env_secret]&grant_type=client_credentials"},
      {"cli_flag", "mysql --user=root --password=Sup3rS3cret! -h db",
       "mysql --user=root --password=[REDACTED:env_secret] -h db"},
      {"python_assignment", "db_pwd = \"letmein99\"\n", "db_pwd = \"[REDACTED:env_secret]\"\n"},
      {"passphrase_colon", "Passphrase: Tr0ub4dor&3", "Passphrase: [REDACTED:env_secret]"},
      {"auth_header_generic", "Authorization: a1b2c3d4e5", "Authorization: [REDACTED:env_secret]"},
      {"credentials_ini", "[default]\ncredential = ZmFrZS1jcmVk\n", "[default]\ncredential = [REDACTED:env_secret]\n"},
      // Long blobs.
      {"base64_blob", "data: Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla== end",
       "data: [REDACTED:base64_blob] end"},
      {"base64_url_path", "GET /download/Q2xhdWRlQ29kZVNlc3Npb24xMjM0NTY3ODkwQUJDREVG/file",
       "GET /download/[REDACTED:base64_blob]/file"},
      {"hex_64", "secret 3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed ok",
       "secret [REDACTED:hex_blob] ok"},
      {"hex_0x", "PRIVATE=0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
       "PRIVATE=[REDACTED:hex_blob]"},
      {"sendgrid", "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 ok",
       "[REDACTED:generic_token] ok"},
      {"several_in_one",
       "AKIAQ3EGRTY7UIOP2ZXC then " + kGhp + " then https://u:p4ss@h.io/",
       "[REDACTED:aws_key] then [REDACTED:github_token] then https://u:[REDACTED:url_password]@h.io/"},
  };
}

class RedactSecrets : public testing::TestWithParam<Case> {};
TEST_P(RedactSecrets, ExactOutput) {
  const Case& c = GetParam();
  EXPECT_EQ(Redact(c.in), c.want);
  EXPECT_TRUE(LooksSecret(c.in));
  EXPECT_EQ(Redact(c.want), c.want) << "not idempotent";
}
INSTANTIATE_TEST_SUITE_P(Table, RedactSecrets, testing::ValuesIn(SecretCases()),
                         [](const auto& info) { return std::string(info.param.name); });

// Text that must come through unchanged.
std::vector<Case> KeepCases() {
  std::vector<std::string> keep = {
      "/home/dev/src/acme-api/packages/ui/Button.tsx",
      "/Users/JohnDoe/Projects/MyApp2/src/components/HeaderBar/index.tsx",
      "git checkout 3f786850e387550fdab836ed7e6dc881de23001b",
      "git show 3F786850E387550FDAB836ED7E6DC881DE23001B --stat",
      "session 550e8400-e29b-41d4-a716-446655440000 and 6BA7B810-9DAD-11D1-80B4-00C04FD430C8",
      "task-sketch, risk-assessment, desk-lamp, sk-learn, ask-user",
      "sort_key=name",
      "primary_key: id",
      "foreign_key = user_id",
      "max_tokens=4096 input_tokens: 1200 output_tokens=88 cache_read_input_tokens: 9000",
      "token_count=12 password_min_length=8 token_url=https://auth.example.com/token",
      "key=value",
      "dGVzdA== and aGVsbG8gd29ybGQ=",
      "handleUserProfileCardRenderingWithLongNameAndTimezoneOffset2",
      "TestParseRFC3339TimestampWithTimezoneOffsetAndLeapSecondHandling",
      "getHTTP2ConnectionPoolForS3BucketInUSEast1RegionWithRetries",
      "test_parse_v2_UserProfile_with_ID_42_and_UTF8_name_and_more_words",
      "AbstractSingletonProxyFactoryBean2ImplementationStrategyProvider",
      "https://github.com/anthropics/claude-code/blob/main/README.md",
      "https://example.com/api/v2/users/12345/profile?sort=desc&page=2",
      "ssh://git@github.com/acme/api.git",
      "git@github.com:acme/api.git",
      "http://localhost:3000/@scope/pkg",
      "Use a bearer token for authentication; bearer tokens expire.",
      "Basic usage: run make. Basic authentication is configured elsewhere.",
      "Fix the password: it does not validate",
      "The token: Please refresh it",
      "if (password == confirm) { ok(); }",
      "password = getpass.getpass(\"Password: \")",
      "api_key = os.environ[\"OPENAI_API_KEY\"]",
      "token = process.env.GITHUB_TOKEN",
      "export API_KEY=$API_KEY",
      "API_KEY=${OPENAI_API_KEY:-}",
      "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com",
      "password: ${{ secrets.DB_PASSWORD }}",
      "\"password\": \"\"",
      "api_key: <your-api-key-here>",
      "SECRET_KEY=********",
      "password: string; token?: string | null;",
      "auth: true",
      "credential.helper=store",
      "PWD=/home/dev/src OLDPWD=/tmp",
      "secrets: inherit",
      "std::string key; std::map<std::string, int> tokens; a::b::password::c",
      "if line.startswith(\"-----BEGIN RSA PRIVATE KEY-----\"):\n    parse(line)",
      "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709, short 3f78685",
      "docs/adr/0001-record-architecture-decisions-and-other-long-file-names.md",
      "~/.codex/sessions/2026/02/23/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
      "projects/-home-USER-projects-spotter-worktrees-spotter-gqc/258c7280-ae70-4798-800f-63464d01a85d/subagents/agent-a881341.jsonl",
      "using SessionKey = std::pair<std::string, std::string>;",
      "Map<String, Object> tokenMap = new HashMap<String, Object>();",
      "aws s3 cp s3://my-bucket/path/to/file.txt . --region us-east-1",
      "AKIA is the prefix of an access key id",
      "The ghp_ prefix marks a GitHub token; xoxb- marks a Slack bot token.",
      "npm_config_cache=/tmp/npm, hf_hub_download(repo_id, filename)",
      "eyJ is base64 for {\" and eyJhbGciOiJIUzI1NiJ9 alone is a header",
      "[REDACTED:github_token] already redacted, API_KEY=[REDACTED:env_secret]",
      "",
      "plain ascii text with punctuation: a, b; c. (d) [e] {f} <g> @h #i $j %k ^l &m *n",
      "utf-8 text: café, naïve, 日本語のテキスト, emoji 🚀",
  };
  std::vector<Case> out;
  int k = 0;
  for (auto& s : keep) out.push_back({"keep", s, s}), ++k;
  return out;
}

class RedactKeeps : public testing::TestWithParam<Case> {};
TEST_P(RedactKeeps, Unchanged) {
  const Case& c = GetParam();
  EXPECT_EQ(Redact(c.in), c.want);
  EXPECT_FALSE(LooksSecret(c.in));
}
INSTANTIATE_TEST_SUITE_P(Table, RedactKeeps, testing::ValuesIn(KeepCases()));

// Every sample secret, alone and in several contexts, is fully absent after redaction and
// produces the expected marker when it stands alone in a sentence.
const char* kContexts[] = {
    "{}",
    "Here is my key: {}. Please keep it safe.",
    "curl -s -H 'X-Custom: {}' https://api.example.com/v1",
    "{\"value\": \"{}\", \"n\": 1}",
    "line one\n{}\nline three",
    "`{}`",
    "echo \"{}\" | pbcopy",
};

std::string Embed(const char* ctx, const std::string& s) {
  std::string c = ctx;
  auto p = c.find("{}");
  return c.substr(0, p) + s + c.substr(p + 2);
}

void CheckSample(const SampleSecret& s) {
  for (const char* ctx : kContexts) {
    std::string text = Embed(ctx, s.text);
    std::string red = Redact(text);
    EXPECT_EQ(red.find(s.secret), std::string::npos)
        << "kind " << s.kind << " leaked in context '" << ctx << "':\n" << red;
    EXPECT_EQ(red.find(s.text), std::string::npos) << s.kind;
    EXPECT_EQ(Redact(red), red) << "not idempotent: " << red;
  }
  std::string red = Redact(Embed("see {} now", s.text));
  EXPECT_NE(red.find(Marker(s.kind)), std::string::npos) << s.kind << ": " << red;
}

TEST(RedactSamples, FixedListCoversEveryKind) {
  auto cases = SampleSecretCases();
  ASSERT_GE(cases.size(), 20u);
  ASSERT_EQ(SampleSecrets().size(), cases.size());
  std::set<std::string> kinds;
  for (auto& c : cases) kinds.insert(c.kind);
  for (const char* k : {"anthropic_key", "openai_key", "github_token", "gitlab_token", "aws_key",
                        "google_key", "slack_token", "slack_webhook", "stripe_key", "huggingface_token",
                        "npm_token", "pypi_token", "jwt", "bearer", "basic_auth", "private_key",
                        "url_password", "env_secret", "base64_blob", "hex_blob", "generic_token"})
    EXPECT_TRUE(kinds.count(k)) << k;
  for (auto& c : cases) CheckSample(c);
}

TEST(RedactSamples, GeneratedSecretsAreRedacted) {
  for (uint64_t seed : {1ull, 42ull, 20260421ull}) {
    auto gen = GeneratedSecrets(seed, 50);
    ASSERT_FALSE(gen.empty());
    for (auto& c : gen) CheckSample(c);
  }
  // Deterministic in the seed.
  EXPECT_EQ(GeneratedSecrets(7, 3)[0].text, GeneratedSecrets(7, 3)[0].text);
}

TEST(RedactSamples, SeededCorpusKeepsSurroundingText) {
  // A prompt with a planted secret: everything else survives byte for byte.
  for (auto& s : SampleSecrets()) {
    std::string text = "Please deploy src/app/main.ts using " + s + " and report back.";
    std::string red = Redact(text);
    EXPECT_TRUE(red.starts_with("Please deploy src/app/main.ts using ")) << red;
    if (s.find("-----BEGIN") == std::string::npos || s.find("-----END") != std::string::npos) {
      EXPECT_TRUE(red.ends_with(" and report back.")) << red;  // a truncated PEM eats the rest
    }
  }
}

TEST(Redact, MarkerFormat) {
  EXPECT_EQ(Marker("jwt"), "[REDACTED:jwt]");
  EXPECT_EQ(std::string(kMarkerPrefix), "[REDACTED:");
}

TEST(Redact, HashIsSha256Hex) {
  EXPECT_EQ(Hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hash("abc"), Hash("abc"));
  EXPECT_NE(Hash("abc"), Hash("abd"));
}

TEST(Redact, RedactToAppends) {
  std::string out = "prefix:";
  RedactTo("key " + kGhp, &out);
  EXPECT_EQ(out, "prefix:key [REDACTED:github_token]");
}

TEST(Redact, BinaryAndEdgeInputsDoNotCrash) {
  std::string bin;
  for (int k = 0; k < 4096; ++k) bin.push_back(static_cast<char>((k * 131 + 7) & 0xff));
  (void)Redact(bin);
  for (const char* s : {"-", "-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----", "://", "a://b:c@",
                        "API_KEY=", "\"password\": \"", "Bearer", "eyJ", "sk-ant-", "0x", "=",
                        "\\\"token\\\": \\\"abc"}) {
    (void)Redact(s);
    for (size_t n = 0; n <= std::char_traits<char>::length(s); ++n) (void)Redact(std::string_view(s, n));
  }
}

// Typical agent text (prompts, commands, paths, code, JSON) passes through unchanged.
// Throughput is measured in bench/redact_bench.cpp, not here.
TEST(Redact, TypicalAgentTextUnchanged) {
  std::string chunk =
      "Please refactor src/components/HeaderBar/index.tsx so that the useEffect hook does not "
      "re-run on every render; also update tests/unit/header_bar.test.ts accordingly.\n"
      "cd /home/dev/src/acme-api && npm run build && git commit -m \"fix: header bar render loop\"\n"
      "{\"file_path\": \"/home/dev/src/acme-api/packages/ui/Button.tsx\", \"old_string\": "
      "\"const [open, setOpen] = useState(false);\", \"new_string\": \"const [isOpen, setIsOpen] = "
      "useState<boolean>(false);\"}\n"
      "error: TS2345: Argument of type 'string | undefined' is not assignable to parameter of type "
      "'string'. at packages/api/src/handlers/user.ts:42:17\n"
      "commit 3f786850e387550fdab836ed7e6dc881de23001b Author: Dev <dev@example.com>\n"
      "https://github.com/acme/api/pull/1234/files?diff=split&w=1 session "
      "550e8400-e29b-41d4-a716-446655440000 max_tokens=4096\n";
  std::string text;
  for (int i = 0; i < 100; ++i) text += chunk;
  std::string out;
  RedactTo(text, &out);
  EXPECT_EQ(out, text);
}

}  // namespace
}  // namespace receipts::redact
