import StrictJSON

extension PrinterProfile {
    /// The keys a profile object may contain.
    public static let jsonKeys = ["maker", "columns", "codePage", "codePageTable", "cut", "feedLinesBeforeCut", "answersStatus"]

    /// Decodes a profile strictly, e.g.
    /// `{"maker": "epson", "columns": 42, "codePage": "cp858", "cut": "partial", "answersStatus": true}`.
    ///
    /// `columns` and `codePage` are required. `codePageTable` is required unless `maker`
    /// names a maker whose table for that code page is known (epson: cp437 0, cp850 2,
    /// wpc1252 16, cp858 19; star: cp437 1, cp858 4, wpc1252 32); an explicit number always wins.
    /// `cut` is `"full"`, `"partial"` (default) or `"none"`; `feedLinesBeforeCut` defaults to 4;
    /// `answersStatus` defaults to true.
    /// - Throws: `JSONDecodeError` naming the key path at fault
    ///   (`printer.profile.codePageTable: missing required key (no known table for cp850 on star)`).
    public init(decoding cursor: JSONCursor) throws {
        let object = try cursor.object(keys: Self.jsonKeys)
        let maker = try object.optional("maker").map { try PrinterMaker(rawValue: $0.oneOf(PrinterMaker.allCases.map(\.rawValue)))! }
        let columns = try object.required("columns").int(min: Self.columnRange.lowerBound, max: Self.columnRange.upperBound)
        let codePage = try CodePage(rawValue: object.required("codePage").oneOf(CodePage.allCases.map(\.rawValue)))!
        let table: UInt8
        if let explicit = object.optional("codePageTable") {
            table = UInt8(try explicit.int(min: 0, max: 255))
        } else if let maker, let known = maker.table(for: codePage) {
            table = known
        } else {
            let why = maker.map { "no known table for \(codePage) on \($0.rawValue)" } ?? "or give \"maker\""
            throw JSONDecodeError(path: cursor.path.appending(key: "codePageTable"), message: "missing required key (\(why))")
        }
        let cut: EscPosEncoder.Cut?
        switch try object.optional("cut")?.oneOf(["full", "partial", "none"]) ?? "partial" {
        case "full": cut = .full
        case "none": cut = nil
        default: cut = .partial
        }
        let feed = try object.optional("feedLinesBeforeCut")?.int(min: Self.feedRange.lowerBound, max: Self.feedRange.upperBound) ?? 4
        let answers = try object.optional("answersStatus")?.bool() ?? true
        self.init(
            columns: columns, codePage: codePage, codePageTable: table, cut: cut,
            feedLinesBeforeCut: feed, answersStatus: answers)
    }
}
