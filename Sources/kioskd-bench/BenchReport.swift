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
    /// The machine's 1-minute load average when the figure's section started (-1 unknown).
    var load: Double = -1

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

    /// Appends another section's figures and skips, each figure stamped with `load`.
    mutating func merge(_ other: BenchReport, load: Double = -1) {
        figures += other.figures.map { figure in
            var stamped = figure
            if stamped.load < 0 { stamped.load = load }
            return stamped
        }
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
            let value = (Figure.format(figure.value) + " " + figure.unit).padding(toLength: 20, withPad: " ", startingAt: 0)
            let budget = figure.budgetText.padding(toLength: 8, withPad: " ", startingAt: 0)
            let load = figure.load >= 0 ? String(format: "load %.1f", figure.load) : ""
            text += "[\(mark)] \(name) \(value) \(budget) \(load.padding(toLength: 9, withPad: " ", startingAt: 0)) \(figure.note)\n"
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
                (key: "cores", value: .number(String(cores))),
                (key: "load", value: .number(String(format: "%.2f", figure.load))),
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
