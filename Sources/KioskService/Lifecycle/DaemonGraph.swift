import Devices
import Foundation
import HTTPServer
import Identity
import LinuxIO
import Receipt
import Relay
import Storage
import StrictJSON

/// Why the daemon could not start: one log line and an exit code.
struct StartupFailure: Error {
    let exitCode: ExitCode
    let message: String
}

/// The daemon's object graph, built once from the configuration: every part gets its logger,
/// clock, store and transports here, and nowhere else (no singletons).
struct DaemonGraph {
    /// The services in dependency order (started in this order, stopped in reverse).
    let services: [any Service]
    /// Where the API listens, for the log and `STATUS=`.
    let addresses: [SocketAddress]
    /// The token file (its path is logged, never its content).
    let tokenFile: APITokenFile

    /// The simulated printer's paper when no printer is configured in simulation mode.
    static let simulatedPaperFile = "simulated-printer.bin"

    static func build(
        config: KioskConfig, options: DaemonOptions, environment: [String: String], logger: Logger, sink: LogSink,
        notifier: SystemdNotifier
    ) throws(StartupFailure) -> DaemonGraph {
        let clock = KioskClock(startingAt: options.now)
        if let now = options.now { logger.warning("wall clock pinned by --now to \(OrderSnapshot.iso8601(now)) (tests only)") }

        // The API token, registered for redaction before anything can log it.
        let tokenFile = APITokenFile(config: config)
        let token: String
        do {
            let (loaded, created) = try tokenFile.loadOrCreate()
            token = loaded
            sink.redact(token)
            if created { logger.notice("API token created in '\(tokenFile.path)' (mode 0640)") }
        } catch {
            throw StartupFailure(exitCode: .config, message: "api.tokenFile '\(tokenFile.path)': \(error)")
        }

        // Durable state.
        let store: KioskStore
        do {
            store = try KioskStore(stateDirectory: config.stateDirectory, now: { clock.now() })
        } catch {
            throw StartupFailure(exitCode: .unavailable, message: "state store in '\(config.stateDirectory)': \(error)")
        }
        let executor = BlockingExecutor(label: "kioskd-store")
        // Orders do not survive a restart: a voucher redeemed at the backend for an order that
        // never closed is released (the relay sends the releases).
        do {
            let released = try store.voucherHolds.releaseAllHeld()
            if released > 0 { logger.notice("\(released) voucher redemption(s) of orders left open at the last stop queued for release") }
        } catch {
            throw StartupFailure(exitCode: .unavailable, message: "state store in '\(config.stateDirectory)': \(error)")
        }

        // The store backend (optional): its token is registered for redaction at once.
        var backend: (client: BackendClient, token: BackendToken, relay: RelayService)?
        if let backendConfig = config.backend {
            let backendToken: BackendToken
            do {
                backendToken = try BackendToken.awaiting(tokenFile: backendConfig.tokenFile, environment: environment)
            } catch {
                throw StartupFailure(exitCode: .config, message: "backend.tokenFile: \(error)")
            }
            sink.redact(backendToken.secretForRedaction())
            if let reason = backendToken.unavailableReason {
                logger.warning("\(reason): nothing is sent to the backend; sales wait in the outbox until a valid token file appears")
            }
            let client = BackendClient(configuration: backendConfig, token: backendToken)
            let relay = RelayService(
                store: store, client: client, token: backendToken, stateDirectory: config.stateDirectory, sink: sink,
                logger: logger.labelled("relay"), clock: clock)
            backend = (client, backendToken, relay)
            logger.notice("relaying sales to \(backendConfig.url.absoluteString)")
            if !config.kioskNumberConfigured {
                logger.warning("""
                    kioskNumber not set: voucher codes use kiosk number \(config.kioskNumber), derived from the kiosk and store ids; \
                    set a number unique in the group so no two kiosks issue the same code
                    """)
            }
        } else {
            logger.notice("no backend configured: closed sales wait in the outbox")
        }

        // Events and devices.
        let broadcaster = EventBroadcaster()
        let events = BroadcastEventSink(broadcaster: broadcaster, logger: logger.labelled("events"))
        let devices = DeviceStatusBoard(events: events)
        let lookup = backend.map { AccountLookup(client: $0.client, cache: store.accounts, now: { clock.now() }) }
        let lookupLogger = logger.labelled("relay")
        let freshness = AccountFreshness()
        let orders = OrderBook(
            policy: config.identity, kioskId: config.kioskId, storeId: config.storeId, events: events, clock: clock,
            onIdentified: { credential in
                guard let lookup else { return }
                // Refresh the cross-store account while the customer orders.
                freshness.lookupStarted(credential.key)
                Task {
                    switch await lookup.account(credential: credential.key) {
                    case .live:
                        freshness.lookupEnded(credential.key, live: true)
                        lookupLogger.debug("account refreshed from the backend")
                    case .cached(_, let error):
                        freshness.lookupEnded(credential.key, live: false, reason: error)
                        lookupLogger.info("backend account lookup failed (\(error)); using the cached copy")
                    case .unknownCredential:
                        freshness.lookupEnded(credential.key, live: true)
                        lookupLogger.debug("credential unknown to the backend: a new customer")
                    case .unavailable(let error):
                        freshness.lookupEnded(credential.key, live: false, reason: error)
                        lookupLogger.info("backend account lookup failed (\(error)); no cached copy")
                    }
                }
            })

        var printer = config.printer
        var simulation: SimulatedDevices?
        if options.simulate {
            if printer == nil {
                let paper = (config.stateDirectory as NSString).appendingPathComponent(simulatedPaperFile)
                printer = PrinterConfiguration(connection: .file(path: paper), profile: .epson80mm)
            }
            var paperFile: String?
            if case .file(let path)? = printer?.connection { paperFile = path }
            simulation = SimulatedDevices(paperFile: paperFile, profile: printer?.profile ?? .epson80mm)
            devices.update("badgeReader", DeviceStatus(state: "simulated", name: SimulatedDevices.deviceName))
            devices.update("scanner", DeviceStatus(state: "simulated", name: SimulatedDevices.deviceName))
            devices.update("printer", DeviceStatus(state: paperFile == nil ? "configured" : "simulated", name: printer?.connection.description))
        }

        let desk = SaleDesk(
            configuration: .init(
                kioskId: config.kioskId, storeId: config.storeId, timeZone: config.timeZone, storeLanguage: config.language,
                program: config.loyalty, printerProfile: printer?.profile, kioskNumber: config.kioskNumber),
            store: store, executor: executor, clock: clock,
            redeemer: backend.map { VoucherRedeemer(client: $0.client, store: store) }, freshness: backend == nil ? nil : freshness)
        let drainer = backend?.relay.drainer
        let health = HealthReporter(
            devices: devices, store: store, executor: executor, loyaltyConfigured: config.loyalty != nil,
            mode: options.simulate ? "simulation" : "hardware",
            backend: { drainer.map { RelayService.health($0.status) } ?? ["state": "unconfigured"] })
        let screen = options.simulate ? KioskScreen.load(environment: environment) : nil
        if options.simulate && screen == nil { logger.warning("reference kiosk screen not found: GET / answers 404") }
        let api = KioskAPI(
            orders: orders, desk: desk, health: health, events: events, simulation: simulation, screen: screen,
            logger: logger.labelled("api"))
        let tickets = EventStreamTickets()
        let adapter = HTTPAdapter(api: api, broadcaster: broadcaster, tickets: tickets)

        // The API listeners.
        var listen: [SocketAddress] = [
            config.api.listen.isIPv6
                ? .ipv6(host: config.api.listen.host, port: config.api.listen.port)
                : .ipv4(host: config.api.listen.host, port: config.api.listen.port),
        ]
        if !config.api.listen.isLoopback {
            logger.warning("api.listen \(config.api.listen) is not a loopback address: the API is reachable from the network")
        }
        if let socket = unixSocketPath(config: config, environment: environment, logger: logger) {
            listen.append(.unix(path: socket))
        }
        let security = SecurityAccess(config: config, token: token, publicScreen: screen != nil)
        var httpConfiguration = HTTPServerConfiguration(
            listen: listen,
            limits: HTTPParserLimits(
                maxHeaderBytes: config.api.maxHeaderBytes, maxHeaderCount: config.api.maxHeaderCount,
                maxBodyBytes: config.api.maxBodyBytes),
            security: security.gate(port: config.api.listen.port),
            eventStreamTickets: tickets)
        httpConfiguration.shutdownGracePeriod = .seconds(5)
        let http: HTTPService
        do {
            http = try HTTPService(configuration: httpConfiguration, handler: { await adapter.handle($0) }, logger: logger.labelled("http"))
        } catch {
            throw StartupFailure(exitCode: .unavailable, message: "api.listen \(config.api.listen): \(error)")
        }
        let boundPort = http.addresses.compactMap(\.port).first ?? config.api.listen.port
        if boundPort != config.api.listen.port { http.server.replaceSecurity(security.gate(port: boundPort)) }

        // Device services.
        var services: [any Service] = []
        do {
            if let printer {
                services.append(try PrintSpoolerService(store: store, printer: printer, events: events, devices: devices, logger: logger.labelled("printer")))
                if !options.simulate { devices.update("printer", DeviceStatus(state: "configured", name: printer.connection.description)) }
            }
            if let scanner = config.scanner ?? (options.simulate ? nil : ScannerConfiguration()) {
                services.append(try ScannerService(configuration: scanner, policy: config.identity, orders: orders, devices: devices, logger: logger.labelled("scanner")))
            }
            let badgeReader = config.badgeReader ?? (options.simulate ? nil : BadgeReaderConfiguration())
            if let badgeReader, badgeReader.enabled {
                services.append(try BadgeReaderService(configuration: badgeReader, orders: orders, devices: devices, logger: logger.labelled("badge-reader")))
            }
        } catch {
            throw StartupFailure(exitCode: .unavailable, message: "devices: \(error)")
        }
        if let backend {
            services.append(backend.relay)
            do {
                let drainer = backend.relay.drainer
                services.append(try BackendTokenWatchService(token: backend.token, logger: logger.labelled("relay")) {
                    sink.redact(backend.token.secretForRedaction())
                    drainer.wake()
                })
            } catch {
                throw StartupFailure(exitCode: .unavailable, message: "backend token watch: \(error)")
            }
        }
        services.append(http)
        do {
            let server = http.server
            services.append(try TokenWatchService(file: tokenFile, logger: logger.labelled("api")) { newToken in
                sink.redact(newToken)
                server.replaceSecurity(SecurityAccess(config: config, token: newToken, publicScreen: screen != nil).gate(port: boundPort))
            })
        } catch {
            throw StartupFailure(exitCode: .unavailable, message: "token watch: \(error)")
        }
        services.append(WatchdogService(notifier: notifier))
        return DaemonGraph(services: services, addresses: http.addresses, tokenFile: tokenFile)
    }

    /// `api.unixSocket`, else `$RUNTIME_DIRECTORY/api.sock`, else `<stateDirectory>/api.sock`;
    /// nil (with a warning) when the default path is too long for `sockaddr_un`.
    static func unixSocketPath(config: KioskConfig, environment: [String: String], logger: Logger) -> String? {
        if let configured = config.api.unixSocket { return configured }
        let directory = environment["RUNTIME_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) } ?? config.stateDirectory
        let path = (directory as NSString).appendingPathComponent("api.sock")
        guard path.utf8.count <= APIConfig.maxUnixSocketPathBytes else {
            logger.warning("no unix socket: '\(path)' is longer than \(APIConfig.maxUnixSocketPathBytes) bytes (set api.unixSocket)")
            return nil
        }
        return path
    }
}

/// The security gate's inputs: allowed origins (configured, or the API's own), the token,
/// and whether the reference screen's static files are public (simulation mode: the page
/// holds no secret, it takes the token from its URL fragment).
struct SecurityAccess: Sendable {
    let config: KioskConfig
    let token: String
    let publicScreen: Bool

    /// The gate for an API bound on `port`.
    func gate(port: UInt16) -> SecurityGate {
        let origins = config.api.allowedOrigins ?? [
            "http://127.0.0.1:\(port)", "http://localhost:\(port)", "http://[::1]:\(port)",
        ]
        var additionalHosts: Set<String> = []
        if !config.api.listen.isLoopback { additionalHosts.insert(config.api.listen.with(port: port).description) }
        var publicEndpoints: Set<String> = ["GET /v1/health"]
        if publicScreen { publicEndpoints.formUnion(["GET /", "GET /index.html", "GET /kiosk.css", "GET /kiosk.js"]) }
        let policy = SecurityPolicy(
            allowedOrigins: Set(origins), additionalHosts: additionalHosts, publicEndpoints: publicEndpoints,
            acceptsTokenInEventStreamQuery: false)
        return SecurityGate(policy: policy, token: AccessToken(token)!)
    }
}
