#include "cli/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>

#include "cli/common.hpp"
#include "output/fd_buffer.hpp"
#include "util/pending_files.hpp"
#include "util/text.hpp"

namespace alertscan::cli {
namespace {

// Async-signal-safe only: unlink(2) through remove_pending_files(), then the
// signal again with its default action (SA_RESETHAND restored it, and
// SA_NODEFER lets it through at once), so the parent sees the process
// killed by that signal, as a shell expects of an interrupted command.
void on_stop_signal(int signal_number) {
    remove_pending_files();
    ::raise(signal_number);
    ::_exit(128 + signal_number);  // not reached
}

[[noreturn]] void stop_for_output_error(int error) {
    remove_pending_files();
    if (error != EPIPE) {
        // Directly, not through spdlog: this may run inside any printer call.
        std::fprintf(stderr, "alertscan: error: cannot write to standard output: %s\n",
                     errno_message(error).c_str());
        std::fflush(stderr);
    }
    // _exit: static destructors would flush std::cout into the same error.
    ::_exit(error == EPIPE ? kExitOk : kExitTrouble);
}

}  // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        ::sigaction(signal_number, &action, nullptr);
    }
    ::signal(SIGPIPE, SIG_IGN);
}

void route_stdout() {
    // Never freed: std::cout may be flushed during exit, after any static
    // buffer would have been destroyed.
    auto* buffer = new FdWriteBuffer(STDOUT_FILENO, false);
    buffer->on_error(stop_for_output_error);
    std::cout.rdbuf(buffer);
}

}  // namespace alertscan::cli
