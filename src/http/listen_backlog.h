// Debian's cpp-httplib is a compiled library whose listening socket is created with its built-in
// backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed when the .so was built). A burst of connections
// (a dashboard's parallel requests, a load test's 64 clients) then overflows the accept queue:
// the kernel drops the handshake's last ACK and the client's first request waits for a
// retransmission, 1–3 s later. WidenListenBacklog finds this process's listening TCP socket on
// `port` and calls listen() again with a larger backlog, which Linux applies to a socket that is
// already listening.
#pragma once

namespace receipts::http {

// The number of listening sockets on `port` whose backlog was widened to `backlog` (0 = none
// found; the server then works as before, with the library's backlog).
int WidenListenBacklog(int port, int backlog = 1024);

}  // namespace receipts::http
