// RequestIds: the console's one sequence of request ids. Every server the console runs takes
// its requests' ids from here (ServerFactory's servers override BaseServer::new_request_id()),
// so that "#12" names one request in the whole console — in the log, the connections table,
// headless --commands — however many servers run, and an id is never given twice while the
// process lives (a server's next run goes on from where the sequence is).
//
// Thread safe; never returns 0 ("no request").
#pragma once

#include <socketserver/observer.hpp>

namespace RequestIds {

/// The next id: 1, 2, 3, ... for the whole process.
socketserver::RequestId next() noexcept;

} // namespace RequestIds
