#include "redact/samples.h"

#include <string_view>

namespace receipts::redact {

std::vector<SampleSecret> SampleSecretCases() {
  // Generated once with a seeded PRNG; shapes follow each provider's published format.
  return {
      {"anthropic_key", "sk-ant-api03-qmIQ3BoXOCd2A3he7GXRsxQ7hFpWp4j2Fo5gG0KU5VMb4XlJIGdzoyITHgIUYIiUFI9_zyuYaUeh9Wda2H3wvYgJXw1EHAA",
       "sk-ant-api03-qmIQ3BoXOCd2A3he7GXRsxQ7hFpWp4j2Fo5gG0KU5VMb4XlJIGdzoyITHgIUYIiUFI9_zyuYaUeh9Wda2H3wvYgJXw1EHAA"},
      {"anthropic_key", "sk-ant-admin01-RYUbwSYon8mg6VzyAkZ2uyjaF7dPxMXqeJm8rRdfGCpt-rUNLg-TQniq_V2VMpo2QWGFVoh8hi9Kdw-nJnnxAtMXcJypiAA",
       "sk-ant-admin01-RYUbwSYon8mg6VzyAkZ2uyjaF7dPxMXqeJm8rRdfGCpt-rUNLg-TQniq_V2VMpo2QWGFVoh8hi9Kdw-nJnnxAtMXcJypiAA"},
      {"openai_key", "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",
       "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"},
      {"openai_key", "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",
       "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"},
      {"openai_key", "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",
       "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"},
      {"github_token", "ghp_Dv4foDNUqqfuaMECTCx7xTxHLWQ0wooiPChP",
       "ghp_Dv4foDNUqqfuaMECTCx7xTxHLWQ0wooiPChP"},
      {"github_token", "gho_nTThW5yngzuy5GqC4N7JPdDRd3MRar5v128P",
       "gho_nTThW5yngzuy5GqC4N7JPdDRd3MRar5v128P"},
      {"github_token", "ghs_2sT2qj6LT2TmNfwqir8qIOzK5MLylT27Q8nP",
       "ghs_2sT2qj6LT2TmNfwqir8qIOzK5MLylT27Q8nP"},
      {"github_token", "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",
       "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"},
      {"gitlab_token", "glpat-XtjYta9YcX0DXQyxEKcP",
       "glpat-XtjYta9YcX0DXQyxEKcP"},
      {"aws_key", "AKIAVRRU2E6ON2XXSORV",
       "AKIAVRRU2E6ON2XXSORV"},
      {"aws_key", "ASIAB2C7BFYESNOBXEVP",
       "ASIAB2C7BFYESNOBXEVP"},
      {"aws_key", "aws_secret_access_key = +tSSNquU8kFQ+6ZlNO0y3mb1D2F12SIkyXQrDSe0",
       "+tSSNquU8kFQ+6ZlNO0y3mb1D2F12SIkyXQrDSe0"},
      {"google_key", "AIzamK1FGTFzy4B6KIXuq1h9b9nDQ8_UcLwVAUi",
       "AIzamK1FGTFzy4B6KIXuq1h9b9nDQ8_UcLwVAUi"},
      {"slack_token", "xoxb-667308963451-9129356465048-q0QX6dlOUN1i8mLWlyGcpapz",
       "xoxb-667308963451-9129356465048-q0QX6dlOUN1i8mLWlyGcpapz"},
      {"slack_token", "xoxp-169062754806-754116248563-0803817873961-f3ca5772896530493b594c55c73496de",
       "xoxp-169062754806-754116248563-0803817873961-f3ca5772896530493b594c55c73496de"},
      {"slack_webhook", "https://hooks.slack.com/services/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",
       "T877AD1M7DF/BL1J9XF6JWN/KUZMRjvYXDUDmrZTuAuF6AdI"},
      {"stripe_key", "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",
       "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"},
      {"stripe_key", "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",
       "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"},
      {"stripe_key", "pk_live_51huSKvpS0BtWl6P5i4qBKBFCmv8xQPWRKZDEGyrlNy5H4CNzpJEipWAeceUzrrpLihwqpG3xLr0wH9fvddXbeG0Yra4jGjNI2M",
       "pk_live_51huSKvpS0BtWl6P5i4qBKBFCmv8xQPWRKZDEGyrlNy5H4CNzpJEipWAeceUzrrpLihwqpG3xLr0wH9fvddXbeG0Yra4jGjNI2M"},
      {"huggingface_token", "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",
       "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"},
      {"npm_token", "npm_2DPHnXowNslOiyaQZ7gFq4F0QxYHGDYBbmgB",
       "npm_2DPHnXowNslOiyaQZ7gFq4F0QxYHGDYBbmgB"},
      {"pypi_token", "pypi-AgEIcHlwaS5vcmcVDCN6CWWkUbVCjLmCpaHBLNHR2rxMKXjbI5DrShvmHTmfabcNXBr-meFDLUz0BmPg_vJEwS--lelytEy",
       "pypi-AgEIcHlwaS5vcmcVDCN6CWWkUbVCjLmCpaHBLNHR2rxMKXjbI5DrShvmHTmfabcNXBr-meFDLUz0BmPg_vJEwS--lelytEy"},
      {"jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzg4NDIiLCJpYXQiOjE3NjcyMjU2MDAsInNjb3BlIjoicmVwbzp3cml0ZSJ9.KEpH1_Uu5btNz8OLsA-ic4Ol30xDEIgA-lJJSCb5Qfa",
       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyXzg4NDIiLCJpYXQiOjE3NjcyMjU2MDAsInNjb3BlIjoicmVwbzp3cml0ZSJ9.KEpH1_Uu5btNz8OLsA-ic4Ol30xDEIgA-lJJSCb5Qfa"},
      {"bearer", "Authorization: Bearer 5zGUcQ20rjeVocEPtK7NSm4OM6UXMqOc.O6J5JONgvic1bQ4Bgg1D",
       "5zGUcQ20rjeVocEPtK7NSm4OM6UXMqOc.O6J5JONgvic1bQ4Bgg1D"},
      {"basic_auth", "Authorization: Basic ZGVwbG95OlRadTcwR0pWQ29CNDUzd21meA==",
       "ZGVwbG95OlRadTcwR0pWQ29CNDUzd21meA=="},
      {"private_key", "-----BEGIN RSA PRIVATE KEY-----\nM2VNapD92yxosSOppX6QHEcFJzwykt/p9a5XjOPcN4bJ+58tf5QpyEN7mU00rwgz\n2FeHW3GnhnljTVIB8bDM9z1amCcp/cXJoxds1/xUulhWm+mT02h19v8nVJQ75pHU\nxwVUfF76439y39kOp0WaM2WLR6Hc4n7fZqai2FMbApVuW0KMCx971WEjkAHO/d2j\nqsZx5k5kQO9tYj4q/zwkInoc0+BqnOI0oI/h3v1lkJ1qQTQl20k9wXNWqLU6KfDL\nTjLjlFfsdMzSlW1N5c1lPRy+mw+Wzi6TSINCbSa9CNgUDJPTiALLjSJ2FKPfWzaD\nHhYnOEGqndR3Ye8qPD03RCnpF/M4YsO8UtGBDVwosJOdGUjwqIsAaxi4dIDTTc+w\nz8pkRjZ4s5EwRR1/vws1W4sU==\n-----END RSA PRIVATE KEY-----",
       "M2VNapD92yxosSOppX6QHEcFJzwykt/p9a5XjOPcN4bJ+58tf5QpyEN7mU00rwgz\n2FeHW3GnhnljTVIB8bDM9z1amCcp/cXJoxds1/xUulhWm+mT02h19v8nVJQ75pHU\nxwVUfF76439y39kOp0WaM2WLR6Hc4n7fZqai2FMbApVuW0KMCx971WEjkAHO/d2j\nqsZx5k5kQO9tYj4q/zwkInoc0+BqnOI0oI/h3v1lkJ1qQTQl20k9wXNWqLU6KfDL\nTjLjlFfsdMzSlW1N5c1lPRy+mw+Wzi6TSINCbSa9CNgUDJPTiALLjSJ2FKPfWzaD\nHhYnOEGqndR3Ye8qPD03RCnpF/M4YsO8UtGBDVwosJOdGUjwqIsAaxi4dIDTTc+w\nz8pkRjZ4s5EwRR1/vws1W4sU=="},
      {"private_key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nydk/PFb/PIhrCS29tEAXQ2IO8+y+bCKY+QkuVuHXKv4+ir8spCyB749no/NoRDTl\n7PB19Sc+EBlP0QqwuBv867Fw74TtdvGk7Z7TBxeWRj6qqfrnJqI/oF+UHrYH3V9i\n1bbiRDNQjMMwmlDjH36YBudcFe/dxl4PEj6xXDRc5Repjwn6gwzHC7XBBHeDlCE2\n6y8p9yzYDZzzKy5tFBTtvTJ54GpbsQZnbTpiZVhGkBuQvpviwYKP6zIBdVq0jwFu\n-----END OPENSSH PRIVATE KEY-----",
       "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nydk/PFb/PIhrCS29tEAXQ2IO8+y+bCKY+QkuVuHXKv4+ir8spCyB749no/NoRDTl\n7PB19Sc+EBlP0QqwuBv867Fw74TtdvGk7Z7TBxeWRj6qqfrnJqI/oF+UHrYH3V9i\n1bbiRDNQjMMwmlDjH36YBudcFe/dxl4PEj6xXDRc5Repjwn6gwzHC7XBBHeDlCE2\n6y8p9yzYDZzzKy5tFBTtvTJ54GpbsQZnbTpiZVhGkBuQvpviwYKP6zIBdVq0jwFu"},
      {"private_key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCH6kKiMnTevjych3BETM626WAz8uPkwvv\nFbg1vcbUK9qpQOyPpddObrH62tSqy+iaOJmFAkWQumdxnht3iuNM9EPpQ3Uvy/ph\n0PKTFViil762pUJAH8aDkOkPFjwwJ2bIz9inlNdoxsr1jEJywKweU5KTHbGFF148\nZa+5Z3geIBV+/U3PbM9JtEAU09lO7W5NuniDneEIsjjPdvO15wUvR2WTRPPCpJmW",
       "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCH6kKiMnTevjych3BETM626WAz8uPkwvv\nFbg1vcbUK9qpQOyPpddObrH62tSqy+iaOJmFAkWQumdxnht3iuNM9EPpQ3Uvy/ph\n0PKTFViil762pUJAH8aDkOkPFjwwJ2bIz9inlNdoxsr1jEJywKweU5KTHbGFF148\nZa+5Z3geIBV+/U3PbM9JtEAU09lO7W5NuniDneEIsjjPdvO15wUvR2WTRPPCpJmW"},
      {"url_password", "postgres://app:nAE3WNnMfQ3SQ0@db.internal:5432/prod",
       "nAE3WNnMfQ3SQ0"},
      {"url_password", "https://oauth2:glpat-tbwbMriFPi1Wh0MBdQfO@gitlab.example.com/acme/api.git",
       "glpat-tbwbMriFPi1Wh0MBdQfO"},
      {"url_password", "redis://:Iz0TmhWZmiZj@cache.internal:6379/0",
       "Iz0TmhWZmiZj"},
      {"env_secret", "DB_PASSWORD=7zZ9su9T8dCB9LUt",
       "7zZ9su9T8dCB9LUt"},
      {"env_secret", "export SECRET_TOKEN=\"3hWJEJrMCe2-7TSqJKEEMPuIaoff\"",
       "3hWJEJrMCe2-7TSqJKEEMPuIaoff"},
      {"env_secret", "\"client_secret\": \"Eq6S18sFnq8fKuEuzEPVRfBojqcXnREl\"",
       "Eq6S18sFnq8fKuEuzEPVRfBojqcXnREl"},
      {"env_secret", "password: x2VOkWHGDg9",
       "x2VOkWHGDg9"},
      {"base64_blob", "lfzzX5qtRGWQ6PG0t8C68VG+N13XvP5bFHLEmD2Y45Aen5pB32S8k3+LoZ+97lN2",
       "lfzzX5qtRGWQ6PG0t8C68VG+N13XvP5bFHLEmD2Y45Aen5pB32S8k3+LoZ+97lN2"},
      {"hex_blob", "5ff31cf61ed86e92d499a538c2d98db3789d4fd6721545c9928fcc3e0da7373c",
       "5ff31cf61ed86e92d499a538c2d98db3789d4fd6721545c9928fcc3e0da7373c"},
      {"generic_token", "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",
       "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"},
      {"generic_token", "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",
       "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"},
  };
}

std::vector<std::string> SampleSecrets() {
  std::vector<std::string> out;
  for (auto& c : SampleSecretCases()) out.push_back(c.text);
  return out;
}

namespace {

struct Rng {
  uint64_t state;
  uint64_t Next() {  // splitmix64: same sequence on every platform
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::string Str(size_t n, std::string_view alphabet) {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[Next() % alphabet.size()];
    return s;
  }
};

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUrl64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUpDig = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHexLower = "0123456789abcdef";

}  // namespace

std::vector<SampleSecret> GeneratedSecrets(uint64_t seed, size_t per_kind) {
  Rng r{seed};
  std::vector<SampleSecret> out;
  auto bare = [&](std::string kind, std::string s) { out.push_back({kind, s, s}); };
  auto ctx = [&](std::string kind, std::string before, std::string secret, std::string after) {
    out.push_back({kind, before + secret + after, secret});
  };
  for (size_t k = 0; k < per_kind; ++k) {
    bare("anthropic_key", "sk-ant-api03-" + r.Str(93, kUrl64) + "AA");
    bare("openai_key", "sk-proj-" + r.Str(74, kUrl64) + "T3BlbkFJ" + r.Str(74, kUrl64));
    bare("openai_key", "sk-" + r.Str(20, kAlnum) + "T3BlbkFJ" + r.Str(20, kAlnum));
    bare("github_token", std::string("gh") + "pousr"[r.Next() % 5] + "_" + r.Str(36, kAlnum));
    bare("github_token", "github_pat_11" + r.Str(20, kUpDig) + "_" + r.Str(59, kAlnum));
    bare("gitlab_token", "glpat-" + r.Str(20, kUrl64));
    bare("aws_key", (r.Next() % 2 ? "AKIA" : "ASIA") + r.Str(16, kUpDig));
    ctx("aws_key", "aws_secret_access_key = ", r.Str(40, kB64), "");
    bare("google_key", "AIza" + r.Str(35, kUrl64));
    bare("slack_token", std::string("xox") + "abprs"[r.Next() % 5] + "-" + r.Str(12, kDigits) +
                            "-" + r.Str(13, kDigits) + "-" + r.Str(24, kAlnum));
    bare("stripe_key", std::string(r.Next() % 2 ? "sk" : "rk") + "_live_51" + r.Str(97, kAlnum));
    bare("huggingface_token", "hf_" + r.Str(34, kAlnum.substr(0, 52)));
    bare("npm_token", "npm_" + r.Str(36, kAlnum));
    bare("jwt", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + r.Str(60, kUrl64) + "." +
                    r.Str(86, kUrl64));
    ctx("bearer", "curl -H \"Authorization: Bearer ", r.Str(40, kUrl64) + "." + r.Str(12, kDigits),
        "\" https://api.example.com/v1/me");
    ctx("private_key", "-----BEGIN EC PRIVATE KEY-----\n",
        r.Str(64, kB64) + "\n" + r.Str(64, kB64) + "\n" + r.Str(20, kB64) + "==",
        "\n-----END EC PRIVATE KEY-----");
    ctx("url_password", "git clone https://deploy:", r.Str(20, kAlnum), "@git.example.com/acme/api.git");
    ctx("env_secret", "STRIPE_WEBHOOK_SECRET=", r.Str(12, kAlnum) + "-" + r.Str(12, kAlnum), "");
    ctx("env_secret", "\"db_password\": \"", r.Str(16, kAlnum), "\"");
    bare("base64_blob", r.Str(64, kB64));
    bare("hex_blob", r.Str(64, kHexLower));
  }
  return out;
}

}  // namespace receipts::redact
