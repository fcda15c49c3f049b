/// The share of the voucher code space that belongs to one kiosk, so that kiosks of one store
/// or one group never issue the same code, even offline.
///
/// A voucher code is the prefix, then a 12 − prefix-length digit serial, then the EAN-13 check
/// digit. The serial's first `kioskNumberDigits` digits are the kiosk number (1…999) and the
/// rest is the kiosk's own counter: with the default prefix `555`, kiosk 7's serials are
/// 007000001…007999999 and its codes `555007000001x`…`555007999999x` (999,999 vouchers per
/// kiosk). Kiosk number 0 is never used: its range holds the codes issued before codes had a
/// kiosk part (their serials counted from 1).
///
/// Guarantees: two blocks with different kiosk numbers and the same prefix never share a
/// serial; `serial(local:)` is nil rather than spilling into the next kiosk's range.
public struct VoucherSerialBlock: Sendable, Hashable {
    /// Digits of the serial taken by the kiosk number.
    public static let kioskNumberDigits = 3
    /// Valid kiosk numbers.
    public static let kioskNumbers: ClosedRange<Int> = 1...999
    /// Fewest digits left for the kiosk's counter: a longer prefix is refused (9,999 vouchers).
    public static let minimumCounterDigits = 4

    /// This kiosk's number in the group.
    public let kioskNumber: Int
    /// Digits of the kiosk's own counter (12 − prefix length − `kioskNumberDigits`).
    public let counterDigits: Int

    /// The block of kiosk `kioskNumber` for codes starting with `prefix`; nil when the number
    /// is outside `kioskNumbers` or the prefix leaves fewer than `minimumCounterDigits` digits.
    public init?(kioskNumber: Int, prefix: String) {
        let counterDigits = 12 - prefix.count - Self.kioskNumberDigits
        guard Self.kioskNumbers.contains(kioskNumber), counterDigits >= Self.minimumCounterDigits else { return nil }
        self.kioskNumber = kioskNumber
        self.counterDigits = counterDigits
    }

    /// Longest prefix that still leaves `minimumCounterDigits` digits to each kiosk.
    public static var maximumPrefixLength: Int { 12 - kioskNumberDigits - minimumCounterDigits }

    /// How many vouchers this kiosk can issue (local serials 1…capacity).
    public var capacity: UInt64 { Self.power(counterDigits) - 1 }

    /// The serial of the kiosk's `local`-th voucher (1-based); nil when `local` is 0 or past
    /// `capacity`.
    public func serial(local: UInt64) -> UInt64? {
        guard local >= 1, local <= capacity else { return nil }
        return UInt64(kioskNumber) * Self.power(counterDigits) + local
    }

    /// The kiosk number used when the configuration sets none: the number `kioskId` ends with
    /// when it is in 1…999 (`kiosk-3` → 3, so the numbered kiosks of one store never collide);
    /// otherwise 1 + FNV-1a-64(`storeId/kioskId`) mod 999. Deterministic: the same ids give the
    /// same number on every start and every machine.
    public static func defaultKioskNumber(kioskId: String, storeId: String) -> Int {
        let trailing = String(kioskId.reversed().prefix { $0.isASCII && $0.isNumber }.reversed())
        if !trailing.isEmpty, trailing.count <= 3, let number = Int(trailing), kioskNumbers.contains(number) {
            return number
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (storeId + "/" + kioskId).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(kioskNumbers.count)) + kioskNumbers.lowerBound
    }

    private static func power(_ digits: Int) -> UInt64 {
        (0..<digits).reduce(1) { value, _ in value * 10 }
    }
}
