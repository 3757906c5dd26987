// How a run ends when it is stopped from outside: by a signal (SIGINT,
// SIGTERM, SIGHUP) or by a reader that closed the pipe stdout writes to.
// docs/exit-status.md describes what the user sees.
#pragma once

namespace alertscan::cli {

// Installs the handlers; call once, first thing in main(). SIGINT, SIGTERM
// and SIGHUP remove the temporary files of unfinished AtomicFiles (so -o
// FILE and the state file stay at their old version) and end the process
// by that signal (status 130, 143, 129 in a shell). SIGPIPE is ignored so
// a closed stdout shows as EPIPE, handled by route_stdout().
void install_interrupt_handlers();

// Sends std::cout through a buffer that notices a failed write at once:
// EPIPE (the reader is gone, as in `alertscan ... | head -1`) ends the run
// quietly with status 0; any other failure (a full disk) is reported once,
// naming standard output, and ends the run with status 2. Either way
// unfinished AtomicFiles are removed first.
void route_stdout();

}  // namespace alertscan::cli
