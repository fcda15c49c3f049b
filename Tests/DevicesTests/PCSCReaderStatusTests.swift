import Devices
import Testing

@Suite("PCSCReaderStatus")
struct PCSCReaderStatusTests {
    @Test("the low word holds the flags, the high word the event counter")
    func split() {
        let status = PCSCReaderStatus(rawValue: 0x0003_0022)
        #expect(status.flags == [.present, .changed])
        #expect(status.eventCount == 3)
        #expect("\(status)" == "CHANGED|PRESENT events=3")
    }

    @Test("acknowledging clears CHANGED and keeps the rest")
    func acknowledged() {
        #expect(PCSCReaderStatus(rawValue: 0x0002_0012).acknowledged == PCSCReaderStatus(rawValue: 0x0002_0010))
    }

    @Test("no flag prints as UNAWARE")
    func unaware() {
        #expect("\(PCSCReaderStatus.unaware.flags)" == "UNAWARE")
    }

    @Test("the plug-and-play pseudo-reader has pcsc-lite's name")
    func plugAndPlay() {
        #expect(PCSCReaderState.plugAndPlayNotification == #"\\?PnP?\Notification"#)
    }
}
