import Foundation
import Testing
import TestSupport

/// A keyboard-wedge NFC reader (a USB keyboard typing badge UIDs) through the real daemon:
/// `input_event` records in a FIFO configured as a `badge` scanner device, read by the evdev
/// scanner, routed to the order book as `.keyboardWedge` presentations.
@Suite("keyboard-wedge badge flows", .serialized)
struct WedgeBadgeFlowTests {
    /// The `input_event` records (x86_64: timeval 16, type 2, code 2, value 4) a US-layout
    /// wedge reader sends typing `digits` then Enter, with SYN_REPORT after each key event.
    static func typing(_ digits: String, startingAt start: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        var time = start
        func event(_ type: UInt16, _ code: UInt16, _ value: Int32) {
            withUnsafeBytes(of: (time / 1_000_000).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: (time % 1_000_000).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: type.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: code.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        func key(_ code: UInt16) {
            for value: Int32 in [1, 0] {
                event(1, code, value)  // EV_KEY
                event(0, 0, 0)         // SYN_REPORT
                time += 500
            }
        }
        for digit in digits {
            let value = Int(String(digit))!
            key(value == 0 ? 11 : UInt16(value + 1))  // KEY_1 = 2 … KEY_9 = 10, KEY_0 = 11
        }
        key(28)  // KEY_ENTER
        return bytes
    }

    @Test("a badge typed by a wedge reader identifies, and a second tap after checkout confirms without any removal")
    func wedgeConfirms() async throws {
        let directory = TemporaryDirectory()
        let wedge = directory.path + "/wedge-reader"
        try FIFO.make(wedge)
        let scanner = #""scanner":{"discover":false,"devices":[{"path":"\#(wedge)","role":"badge","uidFormat":"hex"}]}"#
        let kiosk = try await SimulatedKiosk(directory: directory, extraConfig: scanner)
        let events = try await kiosk.events()
        let writer = try await FIFOWriter(path: wedge)
        defer { writer.close() }
        let uid = "04123456"
        let start = Int64(Date().timeIntervalSince1970 * 1_000_000)

        try writer.write(Self.typing(uid, startingAt: start))
        let identified = try #require(await events.waitFor("identified"), "the typed UID identifies: \(events.events)")
        let orderId = try #require(identified.json["orderId"] as? String)
        let identifiedAt = ContinuousClock.now
        let checkout = try await kiosk.post("/v1/orders/\(orderId)/checkout", Baskets.checkout(Baskets.coffees))
        #expect(checkout.json?["state"] as? String == "awaitingConfirmation", "\(checkout.text)")

        // Within the rescan guard (1.5 s) a second read is the same tap read twice.
        try writer.write(Self.typing(uid, startingAt: start + 100_000))
        let doubleRead = await waitOffPool(timeout: .seconds(30)) {
            events.events.first { $0.event == "badge" && $0.json["ignored"] as? String == "doubleRead" }
        }
        #expect(doubleRead != nil, "a re-read within the guard does not confirm: \(events.events)")

        // A later tap confirms: a wedge reader reports no removal, and none is required of it.
        try await Task.sleep(until: identifiedAt + .milliseconds(1_700))
        try writer.write(Self.typing(uid, startingAt: start + 2_000_000))
        #expect(await events.waitFor("confirmed") != nil, "the second wedge tap confirms: \(events.events)")
        let closed = try await kiosk.post("/v1/orders/\(orderId)/close", Baskets.close(Baskets.coffees, cents: 1230))
        #expect(closed.status == 200, "\(closed.text)")
        #expect((closed.json?["identity"] as? [String: Any])?["confirmed"] as? Bool == true, "\(closed.text)")
        #expect((closed.json?["loyalty"] as? [String: Any])?["eligibility"] as? String == "eligible", "the sale earns: \(closed.text)")
        #expect(await kiosk.stop() == 0)
    }
}
