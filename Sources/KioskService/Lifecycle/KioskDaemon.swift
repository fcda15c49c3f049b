import Foundation
import LinuxIO

/// The running daemon: loads the configuration, builds the services in dependency order,
/// speaks to systemd, and stops gracefully on SIGTERM or SIGINT.
///
/// `run` returns the process exit code: 0 after a requested stop, 78 for a configuration
/// error (one line naming the key path), 69 when a resource the daemon needs is unavailable,
/// 1 when a service failed while running.
public enum KioskDaemon {
    /// Runs the daemon until a stop signal; returns the exit code.
    public static func run(
        options: DaemonOptions,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sink: LogSink = LogSink()
    ) async -> ExitCode {
        var logger = Logger(label: "kioskd", level: options.logLevel ?? KioskConfig.defaultLogLevel, sink: sink)
        let config: KioskConfig
        if let path = options.configPath {
            do {
                config = try KioskConfig.load(path: path)
            } catch {
                logger.error("\(error)")
                return .config
            }
        } else {
            config = KioskConfig.embeddedDefaults()
        }
        logger.level = options.logLevel ?? config.logLevel

        let signals: StopSignals
        do {
            signals = try StopSignals()
        } catch {
            logger.critical("cannot watch SIGTERM/SIGINT: \(error)")
            return .unavailable
        }
        let notifier = SystemdNotifier(environment: environment, logger: logger.labelled("systemd"))
        let mode = options.simulate ? "simulation" : "hardware"
        logger.notice("starting kioskd \(KioskdVersion.current) (kiosk \(config.kioskId), store \(config.storeId), \(mode) mode, config \(options.configPath ?? "embedded defaults"))")
        notifier.status("starting")

        do {
            try StateDirectory.prepare(config.stateDirectory)
        } catch {
            logger.error("stateDirectory '\(config.stateDirectory)': \(error)")
            return .config
        }

        let graph: DaemonGraph
        do {
            graph = try DaemonGraph.build(
                config: config, options: options, environment: environment, logger: logger, sink: sink, notifier: notifier)
        } catch {
            logger.error(error.message)
            return error.exitCode
        }
        let listening = graph.addresses.map(Self.url).joined(separator: " and ")
        logger.notice("API listening on \(listening) (token in '\(graph.tokenFile.path)')")
        let services = graph.services
        let log = logger
        let group = ServiceGroup(services: services, logger: logger)
        let readyLine = "ready (\(mode) mode, API on \(listening))"
        let outcome = await group.run(
            stopRequests: signals.requests,
            onStarted: {
                log.notice(readyLine)
                notifier.ready(status: readyLine)
            },
            onStopping: { reason in
                log.notice(reason)
                notifier.stopping(status: reason)
            }
        )
        switch outcome {
        case .stopped:
            logger.notice("stopped")
            return .ok
        case .serviceFailed, .timedOut:
            return .problemsFound
        }
    }

    /// `http://127.0.0.1:8765`, `http://[::1]:8765` or `unix:/run/kioskd/api.sock`.
    static func url(_ address: SocketAddress) -> String {
        switch address {
        case .ipv4(let host, let port): return "http://\(host):\(port)"
        case .ipv6(let host, let port): return "http://[\(host)]:\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }
}
