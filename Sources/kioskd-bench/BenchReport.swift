import StrictJSON

/// One measured figure: a name, a value with its unit, and the budget it is held to.
struct Figure {
    /// How a value compares with its budget.
    enum Bound { case atMost(Double), atLeast(Double), none }

    let name: String
    let value: Double
    let unit: String
    let bound: Bound
    var note: String = ""

    /// Whether the value meets its budget (always true without one).
    var meetsBudget: Bool {
        switch bound {
        case .atMost(let limit): return value <= limit
        case .atLeast(let floor): return value >= floor
        case .none: return true
        }
    }

    var budgetText: String {
        switch bound {
        case .atMost(let limit): return "≤ \(Self.format(limit))"
        case .atLeast(let floor): return "≥ \(Self.format(floor))"
        case .none: return ""
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e12 { return String(Int(value)) }
        return value < 1 ? String(format: "%.3g", value) : String(format: "%.2f", value)
    }
}

/// The benchmark's output: a readable table on stderr-free stdout, then one JSON document.
struct BenchReport {
    var figures: [Figure] = []
    var skipped: [(name: String, reason: String)] = []
    /// The machine as measured (cores, load average): tail percentiles move with the load.
    var machine = ""

    mutating func add(_ figure: Figure) { figures.append(figure) }

    /// Appends another section's figures and skips.
    mutating func merge(_ other: BenchReport) {
        figures += other.figures
        skipped += other.skipped
    }

    mutating func skip(_ name: String, because reason: String) { skipped.append((name, reason)) }

    /// The table, one figure per line, with ✔/✘ against the budget.
    func table(cores: Int) -> String {
        var text = "kioskd benchmark (release build, \(cores) cores)\n"
        if !machine.isEmpty { text += "machine: \(machine)\n" }
        for figure in figures {
            let mark = figure.meetsBudget ? "ok  " : "MISS"
            let name = figure.name.padding(toLength: 46, withPad: " ", startingAt: 0)
            let value = (Figure.format(figure.value) + " " + figure.unit).padding(toLength: 18, withPad: " ", startingAt: 0)
            text += "[\(mark)] \(name) \(value) \(figure.budgetText) \(figure.note)\n"
        }
        for skip in skipped { text += "[skip] \(skip.name): \(skip.reason)\n" }
        return text
    }

    /// The JSON document: every figure with unit, budget and verdict, plus the core count.
    func json(cores: Int) -> String {
        let items: [JSONValue] = figures.map { figure in
            .object(JSONObject([
                (key: "name", value: .string(figure.name)),
                (key: "value", value: .number(Figure.format(figure.value))),
                (key: "unit", value: .string(figure.unit)),
                (key: "budget", value: .string(figure.budgetText)),
                (key: "meetsBudget", value: .bool(figure.meetsBudget)),
                (key: "note", value: .string(figure.note)),
            ]))
        }
        let skips: [JSONValue] = skipped.map { .object(JSONObject([(key: "name", value: .string($0.name)), (key: "reason", value: .string($0.reason))])) }
        return JSONWriter.string(.object(JSONObject([
            (key: "cores", value: .number(String(cores))),
            (key: "machine", value: .string(machine)),
            (key: "figures", value: .array(items)),
            (key: "skipped", value: .array(skips)),
        ])), indent: 2)
    }
}
