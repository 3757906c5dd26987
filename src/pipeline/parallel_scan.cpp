#include "pipeline/parallel_scan.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "match/matcher.hpp"
#include "pipeline/range_scan.hpp"
#include "pipeline/task_output.hpp"
#include "pipeline/worker_pool.hpp"
#include "scanner.hpp"

namespace alertscan {
namespace {

// What the replay knows of a file being read in ranges.
struct SplitFile {
    std::string path;
    std::shared_ptr<PreadFile> file;
    std::uint64_t newlines = 0;  // in the ranges replayed so far
    std::uint64_t hits = 0;
    bool ends_with_newline = true;
    std::optional<std::string> error;
    ScanStart start;        // where this run began (--state)
    std::uint64_t end = 0;  // where its ranges end: the file size, or the held partial line
};

struct Task {
    std::shared_ptr<TaskOutput> output = std::make_shared<TaskOutput>();
    std::shared_ptr<SplitFile> split;  // range tasks only
    LineRange range;
    bool last_range = false;
    std::uint64_t weight = 0;  // bytes, for progress
};

std::uint64_t file_size(const std::string& path) {
    struct stat info {};
    return path != "-" && ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)
               ? static_cast<std::uint64_t>(info.st_size)
               : 0;
}

bool last_byte_ends_line(const PreadFile& file) {
    char last = '\n';
    if (file.size() > 0) file.read_at(file.size() - 1, &last, 1);
    return last == '\n' || last == '\r';  // a CR at the end is a line end
}

// Where the last line of a file that does not end with a line end starts.
std::uint64_t last_line_start(const PreadFile& file) {
    std::vector<char> block(64 * 1024);
    std::uint64_t end = file.size();
    while (end > 0) {
        const std::uint64_t begin = end - std::min<std::uint64_t>(end, block.size());
        const std::size_t n = file.read_at(begin, block.data(), end - begin);
        for (std::size_t i = n; i > 0; --i) {
            if (block[i - 1] == '\n' || block[i - 1] == '\r') return begin + i;
        }
        end = begin;
    }
    return 0;
}

class ParallelRun {
  public:
    ParallelRun(const std::vector<PatternDef>& patterns, const ParallelScanOptions& options,
                const ParallelScanSinks& sinks)
        : options_(options),
          sinks_(sinks),
          context_bytes_(options.context_bytes),
          pool_(options.jobs, patterns) {}

    void run(const std::vector<std::string>& inputs) {
        try {
            for (std::size_t i = 0; i < inputs.size(); ++i) {
                const ScanStart start = options_.starts.empty() ? ScanStart{} : options_.starts[i];
                const bool split =
                    options_.split_files && !start.skip && try_split(inputs[i], start);
                if (!split) add_whole(inputs[i], start);
            }
            while (!in_flight_.empty()) replay_front();
        } catch (...) {
            // Let the workers finish what they hold before the pool joins
            // them: a worker waiting for its turn would wait forever.
            for (Task& task : in_flight_) discard(task);
            throw;
        }
    }

  private:
    void submit(Task task, WorkerPool::Job job) {
        while (in_flight_.size() >= window()) replay_front();
        in_flight_.push_back(std::move(task));
        pool_.post(std::move(job));
    }

    std::size_t window() const { return 2 * static_cast<std::size_t>(options_.jobs); }

    void add_whole(const std::string& path, const ScanStart& start) {
        Task task;
        task.weight = file_size(path);
        auto output = task.output;
        const std::optional<InputFormat> forced = options_.forced;
        submit(std::move(task), [output, path, forced, start](Matcher& matcher) {
            std::exception_ptr failure;
            try {
                Scanner scanner(matcher, forced);
                scanner.set_helper_threads(true);
                output->summary = scanner.scan(path, *output, *output, start);
            } catch (...) {
                failure = std::current_exception();
            }
            output->finish(failure);
        });
    }

    bool try_split(const std::string& path, const ScanStart& start) {
        if (!splits_into_ranges(path, start, options_)) return false;
        auto split = std::make_shared<SplitFile>();
        split->path = path;
        split->start = start;
        try {
            split->file = std::make_shared<PreadFile>(path);
            split->ends_with_newline = last_byte_ends_line(*split->file);
            split->end = split->file->size();
            if (start.hold_partial_last_line && !split->ends_with_newline) {
                split->end = last_line_start(*split->file);
            }
        } catch (const InputError&) {
            return false;  // the sequential path reports it
        }
        const PreadFile& file = *split->file;
        // Too little new data to be worth cutting: the sequential path.
        if (split->end <= start.offset + options_.range_bytes) return false;
        std::uint64_t begin = start.offset;  // a line start: the state records line ends
        do {
            Task task;
            task.split = split;
            task.range = {begin,
                          std::min(split->end, range_end(file, begin, options_.range_bytes))};
            task.last_range = task.range.end >= split->end;
            task.weight = task.range.end - task.range.begin;
            begin = task.range.end;
            submit_range(std::move(task));
        } while (begin < split->end);
        return true;
    }

    void submit_range(Task task) {
        auto output = task.output;
        auto split = task.split;
        const LineRange range = task.range;
        submit(std::move(task), [output, split, range](Matcher& matcher) {
            std::exception_ptr failure;
            try {
                output->newlines = scan_range(*split->file, split->path, range, split->start.offset,
                                              matcher, *output);
            } catch (const InputError& error) {
                output->error = error.what();
            } catch (...) {
                failure = std::current_exception();
            }
            output->finish(failure);
        });
    }

    void replay_front() {
        Task task = std::move(in_flight_.front());
        in_flight_.pop_front();
        if (task.split) {
            replay_range(task);
        } else {
            task.output->drain([&](TaskOutput::Item& item) { forward(item, 0); });
            sinks_.on_input(std::move(task.output->summary));
        }
        if (sinks_.on_progress) sinks_.on_progress(task.weight, !task.split || task.last_range);
    }

    void replay_range(Task& task) {
        SplitFile& split = *task.split;
        // Hits come with line numbers relative to their range.
        const std::uint64_t line_base = split.start.line - 1 + split.newlines;
        task.output->drain([&](TaskOutput::Item& item) {
            if (split.error) return;  // after a read error, as sequentially: nothing more
            ++split.hits;
            forward(item, line_base);
        });
        if (!split.error) {
            split.error = task.output->error;
            split.newlines += task.output->newlines;
        }
        if (task.last_range) sinks_.on_input(summary_of(split));
    }

    InputSummary summary_of(const SplitFile& split) const {
        InputSummary summary;
        summary.path = split.path;
        summary.error = split.error;
        summary.encoding = "utf-8";
        summary.format = std::string(to_string(InputFormat::Text));
        summary.bytes = split.end - split.start.offset;
        const bool partial_read = !split.ends_with_newline && split.end == split.file->size();
        summary.lines = split.newlines + (partial_read ? 1 : 0);
        summary.hits = split.hits;
        summary.resume_offset = split.end;
        summary.resume_line = split.start.line + split.newlines;
        return summary;
    }

    void forward(TaskOutput::Item& item, std::uint64_t line_base) {
        if (Hit* hit = std::get_if<Hit>(&item)) {
            hit->line += line_base;
            sinks_.hits.on_hit(*hit);
        } else {
            sinks_.events.on_event(std::get<SchannelEvent>(item));
        }
    }

    static void discard(Task& task) {
        try {
            task.output->drain([](TaskOutput::Item&) {});
        } catch (...) {
        }
    }

    const ParallelScanOptions& options_;
    const ParallelScanSinks& sinks_;
    std::size_t context_bytes_;
    std::deque<Task> in_flight_;
    WorkerPool pool_;  // last: joined first, while the tasks it runs still exist
};

}  // namespace

bool splits_into_ranges(const std::string& path, const ScanStart& start,
                        const ParallelScanOptions& options) {
    return file_size(path) > start.offset + options.range_bytes &&
           splittable_text_file(path, options.forced, options.context_bytes);
}

void scan_in_parallel(const std::vector<std::string>& inputs,
                      const std::vector<PatternDef>& patterns, const ParallelScanOptions& options,
                      const ParallelScanSinks& sinks) {
    ParallelRun run(patterns, options, sinks);
    run.run(inputs);
}

}  // namespace alertscan
