import Glibc
import LinuxIO
import Testing
import TestSupport

@Suite("Sockets")
struct SocketTests {
    @Test("socket addresses parse and print in the same form", arguments: [
        "127.0.0.1:8765", "[::1]:0", "0.0.0.0:80", "unix:/run/kioskd/api.sock",
    ])
    func addressRoundTrip(text: String) throws {
        #expect(try SocketAddress(parsing: text).description == text)
    }

    @Test("malformed socket addresses are refused with the reason", arguments: [
        "localhost:8765", "127.0.0.1", "127.0.0.1:65536", "127.0.0.1:-1", "[::1:80", "::1:80", "unix:", "300.1.1.1:80",
    ])
    func addressErrors(text: String) {
        #expect(throws: SocketAddressError.self, "\(text) must be refused") { try SocketAddress(parsing: text) }
    }

    @Test("loopback addresses are recognised")
    func loopback() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:1").isLoopback)
        #expect(try SocketAddress(parsing: "[::1]:1").isLoopback)
        #expect(!(try SocketAddress(parsing: "0.0.0.0:1").isLoopback))
        #expect(!(try SocketAddress(parsing: "192.168.1.2:1").isLoopback))
    }

    @Test("TCP on port 0 reads back the port the kernel chose; connect, accept and exchange bytes", arguments: [
        SocketAddress.loopbackIPv4(port: 0), SocketAddress.loopbackIPv6(port: 0),
    ])
    func tcpRoundTrip(address: SocketAddress) throws {
        let listener = try SocketListener.listen(on: address)
        defer { listener.close() }
        let port = try #require(listener.address.port)
        #expect(port != 0, "bound port read back")
        #expect(try listener.accept() == nil, "nothing pending: non-blocking accept returns nil")

        let client = try SocketConnection.connect(to: listener.address)
        defer { client.close() }
        _ = try Poll.wait([(listener.descriptor, .readable)], timeoutMilliseconds: 2000)
        let server = try #require(try listener.accept())
        defer { server.close() }
        #expect(server.peerAddress?.port == client.localAddress.port, "the peer is the client")
        try client.sendAll("ping")
        _ = try Poll.wait([(server.descriptor, .readable)], timeoutMilliseconds: 2000)
        #expect(try server.receive(upTo: 16) == Array("ping".utf8))
        #expect(try server.peerCredentials() == nil, "no peer credentials over TCP")
        client.close()
        _ = try Poll.wait([(server.descriptor, .readable)], timeoutMilliseconds: 2000)
        #expect(try server.receive(upTo: 16) == [], "end of stream after the client closed")
    }

    @Test("sending to a closed peer throws EPIPE or ECONNRESET instead of raising SIGPIPE")
    func noSigpipe() throws {
        let listener = try SocketListener.listen(on: .loopbackIPv4(port: 0))
        defer { listener.close() }
        let client = try SocketConnection.connect(to: listener.address)
        defer { client.close() }
        _ = try Poll.wait([(listener.descriptor, .readable)], timeoutMilliseconds: 2000)
        let server = try #require(try listener.accept())
        server.close()
        var caught: SystemError?
        for _ in 0..<100 where caught == nil {
            do { try client.sendAll([UInt8](repeating: 1, count: 65536)) } catch let error as SystemError { caught = error }
        }
        #expect(caught?.code == EPIPE || caught?.code == ECONNRESET, "got \(String(describing: caught))")
    }

    @Test("a unix socket gets the requested mode, reports peer credentials and removes its file on close")
    func unixSocket() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/api.sock"
        let listener = try SocketListener.listen(on: .unix(path: path), options: .init(unixSocketMode: 0o660))
        var status = stat()
        #expect(lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK)
        #expect(status.st_mode & 0o777 == 0o660, "mode \(String(status.st_mode & 0o777, radix: 8))")

        let client = try SocketConnection.connect(to: .unix(path: path))
        _ = try Poll.wait([(listener.descriptor, .readable)], timeoutMilliseconds: 2000)
        let server = try #require(try listener.accept())
        let credentials = try #require(try server.peerCredentials())
        #expect(credentials.userID == getuid() && credentials.processID == getpid())
        client.close()
        server.close()
        listener.close()
        #expect(access(path, F_OK) != 0, "closing the listener removes the socket file")
    }

    @Test("a stale unix socket file is replaced; a live one or a regular file is left alone")
    func staleSocket() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/api.sock"
        // A socket file nobody listens on: bind then close the descriptor without unlinking.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        Glibc.close(fd)
        #expect(access(path, F_OK) == 0, "stale socket file exists")

        let listener = try SocketListener.listen(on: .unix(path: path))
        defer { listener.close() }
        let error = #expect(throws: SystemError.self) { try SocketListener.listen(on: .unix(path: path)) }
        #expect(error?.code == EADDRINUSE, "a live socket is not taken over")

        let regular = try directory.write("not-a-socket", "keep me")
        let refused = #expect(throws: SystemError.self) { try SocketListener.listen(on: .unix(path: regular)) }
        #expect(refused?.code == EEXIST)
        #expect(access(regular, F_OK) == 0, "a regular file is never removed")
    }

    @Test("binding an address in use fails with EADDRINUSE naming the address")
    func addressInUse() throws {
        let first = try SocketListener.listen(on: .loopbackIPv4(port: 0))
        defer { first.close() }
        let error = #expect(throws: SystemError.self) { try SocketListener.listen(on: first.address) }
        #expect(error?.code == EADDRINUSE)
        #expect(error?.description.contains("bind(\(first.address))") == true, "\(String(describing: error))")
    }
}
