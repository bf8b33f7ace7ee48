// File buffers and the deliberate line damage of FORMATS.md §7: NUL runs, `}{` joins,
// splices, truncated records, garbage and non-object lines. Counting follows generator.h.
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "demo/corpus.h"

namespace receipts::demo {

namespace {

// Where to cut a copy of `line` so the cut text stays unrecoverable: never right after a
// '}' (an inner `{"…}` suffix could then parse) and never inside a UTF-8 sequence.
size_t CutPoint(std::string_view line, size_t lo, size_t hi, Rng& rng) {
  if (hi <= lo) hi = lo + 1;
  if (hi >= line.size()) hi = line.size() - 1;
  size_t cut = static_cast<size_t>(rng.Range(static_cast<int64_t>(lo), static_cast<int64_t>(hi)));
  while (cut > 1 && (line[cut - 1] == '}' || line[cut - 1] == ' ' ||
                     (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)) {
    --cut;
  }
  return cut;
}

}  // namespace

bool CorpusWriter::Due(int64_t& countdown, int64_t lo, int64_t hi) {
  if (--countdown > 0) return false;
  countdown = rng_.Range(lo, hi);
  return true;
}

FileBuf* CorpusWriter::OpenFile(const std::string& path, bool track_marks) {
  auto& slot = files_[path];
  if (!slot) {
    slot = std::make_unique<FileBuf>();
    slot->path = path;
    slot->track_marks = track_marks;
    if (!spare_buffers_.empty()) {
      slot->text = std::move(spare_buffers_.back());
      spare_buffers_.pop_back();
      slot->text.clear();
    }
  }
  return slot.get();
}

void CorpusWriter::Emit(FileBuf& file, std::string_view line, LineKind kind) {
  bool joined = false;
  if (file.join_pending) {
    file.join_pending = false;
    file.text.pop_back();  // the '\n' of the previous record: `}{`
    if (file.track_marks && !file.marks.empty()) file.marks.pop_back();
    Trait("joined_lines");
    joined = true;
  }
  auto end_line = [&file]() {
    file.text += '\n';
    if (file.track_marks) {
      LineMark m = file.totals;
      m.end = file.text.size();
      file.marks.push_back(m);
    }
  };
  auto count = [&](int usage, int synthetic, int malformed, int malformed_usage) {
    file.totals.usage += usage;
    file.totals.synthetic += synthetic;
    file.totals.malformed += malformed;
    file.totals.malformed_usage += malformed_usage;
    truth_.usage_records += usage;
    truth_.synthetic_records += synthetic;
    truth_.malformed_lines += malformed;
    truth_.malformed_usage_lines += malformed_usage;
  };

  if (!joined && !kind.damageable) EmitStandaloneDamage(file);
  if (!joined && kind.damageable) {
    if (Due(cd_nul_, 60, 180)) {
      file.text.append(static_cast<size_t>(rng_.Range(3, 300)), '\0');
      Trait("nul_prefix_lines");
    } else if (Due(cd_splice_, 80, 220)) {
      size_t cut = CutPoint(line, line.size() / 5, line.size() * 9 / 10, rng_);
      file.text.append(line.substr(0, cut));  // a truncated record, then the full one
      Trait("spliced_lines");
    } else if (Due(cd_truncated_, 80, 220)) {
      size_t pos = line.find("\"usage\":{");
      if (pos != std::string_view::npos) {
        size_t cut = CutPoint(line, pos + 10, line.size() - 2, rng_);
        if (cut > pos + 9) {
          file.text.append(line.substr(0, cut));  // lost for good: the full copy follows
          count(0, 0, 1, 1);
          end_line();
          Trait("truncated_record_lines");
        }
      }
    } else if (Due(cd_join_, 60, 180)) {
      file.join_pending = true;
    }
  }
  file.text.append(line);
  count(kind.usage, kind.synthetic, 0, 0);
  end_line();
}

void CorpusWriter::EmitStandaloneDamage(FileBuf& file) {
  auto put = [&](std::string_view text) {
    file.text.append(text);
    file.totals.malformed += 1;
    truth_.malformed_lines += 1;
    file.text += '\n';
    if (file.track_marks) {
      LineMark m = file.totals;
      m.end = file.text.size();
      file.marks.push_back(m);
    }
  };
  if (Due(cd_garbage_, 200, 600)) {
    static constexpr const char* kGarbage[] = {
        "npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory",
        "\x1b[2K\x1b[1G\xe2\xa0\x8b Thinking\xe2\x80\xa6",
        "<<<<<<< HEAD",
        "\xff\xfe\xfd\xfc not utf-8 at all \xc3",
        "{\"parentUuid\":\"5f0c2a61-7d7e-4a43-9b7e-2f1d3c0a9e11\",\"isSidechain\":fal",
        "Error: EACCES: permission denied, open",
    };
    put(kGarbage[rng_.Next() % (sizeof(kGarbage) / sizeof(kGarbage[0]))]);
    Trait("garbage_lines");
  } else if (Due(cd_non_object_, 250, 700)) {
    static constexpr const char* kNonObject[] = {"42", "\"x\"", "[1,2]", "true"};
    put(kNonObject[rng_.Next() % 4]);
    Trait("non_object_lines");
  } else if (Due(cd_message_string_, 300, 800)) {
    // A valid object that is no usable record: never malformed, never usage.
    std::string s = "{\"type\":\"assistant\",\"isSidechain\":false,\"timestamp\":\"";
    AppendIso8601(s, clock_);
    s += "\",\"uuid\":\"" + rng_.Uuid() + "\",\"message\":\"error\"}\n";
    file.text += s;
    if (file.track_marks) {
      LineMark m = file.totals;
      m.end = file.text.size();
      file.marks.push_back(m);
    }
    Trait("message_string_lines");
  }
}

void CorpusWriter::CopyPrefix(FileBuf& file, const ProjectHistory& from, size_t mark_index) {
  const LineMark& last = from.marks[mark_index];
  file.text.append(from.text, 0, last.end);
  for (size_t i = 0; i <= mark_index; ++i) file.marks.push_back(from.marks[i]);
  file.totals = last;
  truth_.usage_records += last.usage;
  truth_.synthetic_records += last.synthetic;
  truth_.malformed_lines += last.malformed;
  truth_.malformed_usage_lines += last.malformed_usage;
  Trait("fork_copied_records", last.usage);
}

Status CorpusWriter::FlushAll() {
  for (auto& [path, file] : files_) {
    if (file->text.empty()) continue;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return Status::Error("cannot create directory for " + path + ": " + ec.message());
    FILE* f = std::fopen(path.c_str(), file->append ? "ab" : "wb");
    if (f == nullptr) return Status::Error("cannot open " + path + " for writing");
    size_t n = std::fwrite(file->text.data(), 1, file->text.size(), f);
    bool failed = n != file->text.size();
    if (std::fclose(f) != 0) failed = true;
    if (failed) return Status::Error("cannot write " + path + " (disk full?)");
    truth_.bytes += static_cast<int64_t>(file->text.size());
    written_bytes_ += static_cast<int64_t>(file->text.size());
    truth_.files += 1;
  }
  for (auto& [path, file] : files_) {
    if (spare_buffers_.size() < 16 && file->text.capacity() >= 4096) {
      spare_buffers_.push_back(std::move(file->text));
    }
  }
  files_.clear();
  return Status::Ok();
}

}  // namespace receipts::demo
