import Foundation

extension Date {
    /// Milliseconds since the Unix epoch, as stored in INTEGER time columns.
    var storageMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The same instant rounded to the millisecond, as it reads back from the database.
    public var roundedToMilliseconds: Date { Date(storageMilliseconds: storageMilliseconds) }

    /// The date `milliseconds` after the Unix epoch.
    init(storageMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

extension SQLValue {
    /// A date as INTEGER milliseconds since the Unix epoch.
    static func date(_ date: Date) -> SQLValue { .integer(date.storageMilliseconds) }
    /// A date as INTEGER milliseconds, or NULL.
    static func date(_ date: Date?) -> SQLValue { date.map { .date($0) } ?? .null }
}

extension Statement {
    /// Column `index` as a date stored in milliseconds.
    func date(_ index: Int32) -> Date { Date(storageMilliseconds: int64(index)) }
    /// Column `index` as a date, nil when NULL.
    func optionalDate(_ index: Int32) -> Date? { optionalInt64(index).map(Date.init(storageMilliseconds:)) }
}
