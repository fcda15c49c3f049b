import Identity
import Loyalty
import Testing

@Suite("VoucherSerialBlock: each kiosk its own part of the voucher code space")
struct VoucherSerialBlockTests {
    @Test("kiosk 7 with prefix 555 issues 555007000001x … 555007999999x")
    func block() throws {
        let block = try #require(VoucherSerialBlock(kioskNumber: 7, prefix: "555"))
        #expect(block.capacity == 999_999)
        #expect(block.serial(local: 1) == 7_000_001)
        #expect(block.serial(local: 999_999) == 7_999_999)
        #expect(block.serial(local: 0) == nil, "the counter starts at 1")
        #expect(block.serial(local: 1_000_000) == nil, "never spills into kiosk 8's range")
        let serial = try #require(block.serial(local: 42))
        let code = try #require(EAN13(prefix: "555", serial: serial))
        #expect(code.digits.hasPrefix("555007000042"))
    }

    @Test("two kiosks never share a serial, whatever their counters")
    func disjoint() throws {
        let one = try #require(VoucherSerialBlock(kioskNumber: 1, prefix: "555"))
        let two = try #require(VoucherSerialBlock(kioskNumber: 2, prefix: "555"))
        let firstRange = try #require(one.serial(local: 1))...(one.serial(local: one.capacity) ?? 0)
        let secondRange = try #require(two.serial(local: 1))...(two.serial(local: two.capacity) ?? 0)
        #expect(!firstRange.overlaps(secondRange))
        #expect(firstRange.lowerBound > 999_999, "kiosk 1 is above the serials counted from 1 before codes had a kiosk part")
    }

    @Test("kiosk numbers outside 1…999 and prefixes leaving under 4 counter digits are refused", arguments: [
        (0, "555"), (1000, "555"), (-1, "555"), (1, "555555"), (1, "12345678"),
    ])
    func refused(number: Int, prefix: String) {
        #expect(VoucherSerialBlock(kioskNumber: number, prefix: prefix) == nil)
    }

    @Test("a 5-digit prefix leaves 4 counter digits (9,999 vouchers per kiosk)")
    func longestPrefix() throws {
        #expect(VoucherSerialBlock.maximumPrefixLength == 5)
        #expect(VoucherSerialBlock(kioskNumber: 999, prefix: "55512")?.capacity == 9_999)
    }

    @Test("the default number is the kiosk id's trailing number, else a hash of store and kiosk ids", arguments: [
        ("kiosk-1", "store-A", 1), ("kiosk-2", "store-A", 2), ("kiosk-42", "store-B", 42), ("k999", "s", 999),
    ])
    func defaultNumber(kioskId: String, storeId: String, expected: Int) {
        #expect(VoucherSerialBlock.defaultKioskNumber(kioskId: kioskId, storeId: storeId) == expected)
    }

    @Test("without a usable trailing number the default is stable and in 1…999")
    func hashedDefault() {
        for (kiosk, store) in [("kiosk-e2e", "store-e2e"), ("kiosk-0", "s"), ("kiosk-1000", "s"), ("entrance", "gent")] {
            let number = VoucherSerialBlock.defaultKioskNumber(kioskId: kiosk, storeId: store)
            #expect(VoucherSerialBlock.kioskNumbers.contains(number), "\(kiosk): \(number)")
            #expect(number == VoucherSerialBlock.defaultKioskNumber(kioskId: kiosk, storeId: store), "deterministic")
        }
        #expect(VoucherSerialBlock.defaultKioskNumber(kioskId: "entrance", storeId: "gent")
                != VoucherSerialBlock.defaultKioskNumber(kioskId: "entrance", storeId: "brugge"), "the store id takes part")
    }
}
