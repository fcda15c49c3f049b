import Foundation
import StrictJSON

extension LoyaltyProgram {
    /// Top-level keys of the `loyalty` object.
    static let keys = [
        "mode", "pointsPerEuro", "stampThreshold", "cashbackPercent", "conversionFactor", "target",
        "excludeDiscountedItems", "rules", "tiers", "maxMultiplier", "birthday", "inactivity", "rewards",
        "vouchers", "expiry", "cardPrefix", "labels",
    ]

    /// Limits on what a config may contain (each a named limit, see docs/loyalty.md).
    public enum Limits {
        public static let rules = 10_000
        public static let tiers = 16
        public static let rewards = 64
        public static let identifierLength = 64
        public static let labelLength = 120
    }

    /// Decodes a program strictly from the `loyalty` object of kioskd.json (shape in docs/loyalty.md).
    ///
    /// Every key is checked: an unknown key, a wrong type, a value out of range, a key that
    /// the chosen mode does not use, tiers out of order or a duplicate reward id fail with the
    /// key path (`loyalty.tiers[1].threshold: expected an integer > 500, got 400`).
    /// - Throws: `JSONDecodeError`.
    public static func decode(_ cursor: JSONCursor) throws -> LoyaltyProgram {
        let object = try cursor.object(keys: keys)
        let mode = LoyaltyMode(rawValue: try object.required("mode").oneOf(LoyaltyMode.allCases.map(\.rawValue)))!
        var program = LoyaltyProgram(mode: mode)

        func modeKey(_ key: String, usedBy modes: [LoyaltyMode]) throws -> JSONCursor? {
            guard let member = object.optional(key) else { return nil }
            guard modes.contains(mode) else {
                let users = modes.map { "\"\($0)\"" }.joined(separator: ", ")
                throw member.failure("not used in \"\(mode)\" mode (only in \(users))")
            }
            return member
        }
        func requiredModeKey(_ key: String, usedBy modes: [LoyaltyMode]) throws -> JSONCursor? {
            let member = try modeKey(key, usedBy: modes)
            if member == nil, modes.contains(mode) {
                throw JSONDecodeError(path: cursor.path.appending(key: key), message: "missing required key (\"\(mode)\" mode needs it)")
            }
            return member
        }

        if let member = try modeKey("pointsPerEuro", usedBy: [.points]) {
            program.pointsPerEuro = try member.decimal(min: 0, minExclusive: true)
        }
        if let member = try modeKey("stampThreshold", usedBy: [.stamps]) {
            program.stampThreshold = try member.int(min: 1, max: 1000)
        }
        if let member = try requiredModeKey("cashbackPercent", usedBy: [.cashback]) {
            program.cashbackPercent = try member.decimal(min: 0, max: 100, minExclusive: true)
        }
        if let member = try requiredModeKey("conversionFactor", usedBy: [.itemPoints, .pointsThreshold]) {
            program.conversionFactor = try member.decimal(min: 0, minExclusive: true)
        }
        if let member = try requiredModeKey("target", usedBy: [.pointsThreshold]) {
            program.target = try member.int(min: 1, max: 100_000_000)
        }
        if let member = object.optional("excludeDiscountedItems") { program.excludeDiscountedItems = try member.bool() }
        if let member = object.optional("rules") {
            program.rules = try member.array(maxCount: Limits.rules).map(decodeRule)
        }
        if let member = object.optional("tiers") { program.tiers = TierLadder(try decodeTiers(member)) }
        if let member = object.optional("maxMultiplier") { program.maxMultiplier = try member.decimal(min: 1, max: 100) }
        if let member = object.optional("birthday") {
            let birthday = try member.object(keys: ["multiplier"])
            program.birthdayMultiplier = try birthday.required("multiplier").decimal(min: 1, max: 100)
        }
        if let member = object.optional("inactivity") {
            let inactivity = try member.object(keys: ["days", "bonusPoints"])
            program.inactivity = InactivityBonus(
                days: try inactivity.required("days").int(min: 1, max: 3650),
                bonusPoints: try inactivity.required("bonusPoints").int(min: 0, max: 1_000_000)
            )
        }
        if let member = try modeKey("rewards", usedBy: [.points, .stamps, .pointsThreshold]) {
            program.rewards = try decodeRewards(member, mode: mode)
        }
        if mode == .stamps && program.rewards.isEmpty {
            program.rewards = [Reward(
                id: "free-product", kind: .freeProduct(sku: nil), cost: program.stampThreshold,
                name: LocalizedText(fr: "Produit offert", nl: "Gratis product", en: "Free product")
            )]
        }
        if let member = object.optional("cardPrefix") { program.cardPrefix = try decodePrefix(member) }
        if let member = object.optional("vouchers") { program.vouchers = try decodeVouchers(member) }
        if program.vouchers.prefix.hasPrefix(program.cardPrefix) || program.cardPrefix.hasPrefix(program.vouchers.prefix) {
            let at = object.optional("vouchers").map { $0.path.appending(key: "prefix") } ?? cursor.path.appending(key: "cardPrefix")
            throw JSONDecodeError(path: at, message: "voucher prefix \"\(program.vouchers.prefix)\" overlaps card prefix \"\(program.cardPrefix)\"")
        }
        if let member = object.optional("expiry") { program.expiry = try decodeExpiry(member) }
        if let member = object.optional("labels") { program.labels = try decodeLabels(member) }
        return program
    }

    static func decodeRule(_ cursor: JSONCursor) throws -> ItemRule {
        let object = try cursor.object(keys: ["sku", "family", "percent", "points", "stampEligible", "eligible"])
        let match: ItemRule.Match
        switch (object.optional("sku"), object.optional("family")) {
        case (let sku?, nil): match = .sku(try sku.string(nonEmpty: true, maxLength: Limits.identifierLength))
        case (nil, let family?): match = .family(try family.string(nonEmpty: true, maxLength: Limits.identifierLength))
        case (_?, let family?): throw family.failure("a rule matches either \"sku\" or \"family\", not both")
        case (nil, nil): throw cursor.failure("a rule needs \"sku\" or \"family\"")
        }
        return ItemRule(
            match: match,
            percent: try object.optional("percent")?.decimal(min: 0, max: 100),
            points: try object.optional("points")?.decimal(min: 0, max: 1_000_000),
            stampEligible: try object.optional("stampEligible")?.bool(),
            eligible: try object.optional("eligible")?.bool()
        )
    }

    static func decodeTiers(_ cursor: JSONCursor) throws -> [Tier] {
        var tiers: [Tier] = []
        for element in try cursor.array(maxCount: Limits.tiers) {
            let object = try element.object(keys: ["id", "name", "threshold", "multiplier"])
            let thresholdCursor = try object.required("threshold")
            let threshold: Int
            if let previous = tiers.last {
                threshold = try thresholdCursor.int(min: 0)
                if threshold <= previous.threshold {
                    throw thresholdCursor.mismatch("an integer > \(previous.threshold) (tiers in increasing order)")
                }
            } else {
                threshold = try thresholdCursor.int(min: 0, max: 0)
            }
            let id = try object.required("id").string(nonEmpty: true, maxLength: Limits.identifierLength)
            if tiers.contains(where: { $0.id == id }) { throw try object.required("id").failure("duplicate tier id \"\(id)\"") }
            tiers.append(Tier(
                id: id,
                name: try LocalizedText.decode(try object.required("name")),
                threshold: threshold,
                multiplier: try object.optional("multiplier")?.decimal(min: 0, max: 100, minExclusive: true) ?? 1
            ))
        }
        return tiers
    }

    static func decodeRewards(_ cursor: JSONCursor, mode: LoyaltyMode) throws -> [Reward] {
        let kindKeys: [String: [String]] = [
            "percentOffNextTicket": ["percent"], "amountOff": ["amountCents"], "freeProduct": ["sku"], "cashback": ["amountCents"],
        ]
        var rewards: [Reward] = []
        for element in try cursor.array(maxCount: Limits.rewards) {
            let object = try element.object(keys: ["id", "kind", "cost", "name", "percent", "amountCents", "sku"])
            let idCursor = try object.required("id")
            let id = try idCursor.string(nonEmpty: true, maxLength: Limits.identifierLength)
            if rewards.contains(where: { $0.id == id }) { throw idCursor.failure("duplicate reward id \"\(id)\"") }
            let kindName = try object.required("kind").oneOf(["percentOffNextTicket", "amountOff", "freeProduct", "cashback"])
            for key in ["percent", "amountCents", "sku"] where !kindKeys[kindName]!.contains(key) {
                if let stray = object.optional(key) { throw stray.failure("not used by a \"\(kindName)\" reward") }
            }
            let kind: Reward.Kind
            switch kindName {
            case "percentOffNextTicket": kind = .percentOffNextTicket(percent: try object.required("percent").decimal(min: 0, max: 100, minExclusive: true))
            case "amountOff": kind = .amountOff(Cents(try object.required("amountCents").int(min: 1, max: 100_000_00)))
            case "freeProduct": kind = .freeProduct(sku: try object.optional("sku")?.string(nonEmpty: true, maxLength: Limits.identifierLength))
            default: kind = .cashback(Cents(try object.required("amountCents").int(min: 1, max: 100_000_00)))
            }
            rewards.append(Reward(
                id: id, kind: kind,
                cost: try object.required("cost").int(min: 1, max: 100_000_000),
                name: try object.optional("name").map(LocalizedText.decode)
            ))
        }
        return rewards
    }

    static func decodePrefix(_ cursor: JSONCursor) throws -> String {
        let text = try cursor.string()
        guard (2...6).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw cursor.mismatch("a prefix of 2 to 6 digits")
        }
        return text
    }

    static func decodeVouchers(_ cursor: JSONCursor) throws -> VoucherPolicy {
        let object = try cursor.object(keys: ["prefix", "validDays", "activationDelayDays", "delivery", "vat", "remainder", "minimumCents"])
        var policy = VoucherPolicy()
        if let member = object.optional("prefix") { policy.prefix = try decodePrefix(member) }
        if let member = object.optional("validDays") { policy.validDays = try member.int(min: 1, max: 36_500) }
        if let member = object.optional("activationDelayDays") { policy.activationDelayDays = try member.int(min: 0, max: 365) }
        if let member = object.optional("delivery") {
            policy.delivery = VoucherDelivery(rawValue: try member.oneOf(VoucherDelivery.allCases.map(\.rawValue)))!
        }
        if let member = object.optional("vat") {
            if case .string = member.value {
                _ = try member.oneOf(["prorata"])
                policy.vat = .prorata
            } else {
                let rate = try member.decimal(min: 0, max: 100)
                policy.vat = rate == 0 ? .none : .fixed(rate)
            }
        }
        if let member = object.optional("remainder") {
            policy.remainder = VoucherRemainderPolicy(rawValue: try member.oneOf(VoucherRemainderPolicy.allCases.map(\.rawValue)))!
        }
        if let member = object.optional("minimumCents") { policy.minimumValue = Cents(try member.int(min: 1, max: 100_000_00)) }
        return policy
    }

    static func decodeExpiry(_ cursor: JSONCursor) throws -> PointsExpiryPolicy {
        let object = try cursor.object(keys: ["policy", "days"])
        let policy = try object.required("policy").oneOf(["never", "afterDays", "endOfMonth", "endOfYear"])
        if policy != "afterDays", let days = object.optional("days") { throw days.failure("only used with \"afterDays\"") }
        switch policy {
        case "afterDays": return .afterDays(try object.required("days").int(min: 1, max: 36_500))
        case "endOfMonth": return .endOfMonth
        case "endOfYear": return .endOfYear
        default: return .never
        }
    }

    static func decodeLabels(_ cursor: JSONCursor) throws -> [Language: [FooterLabel: String]] {
        let object = try cursor.object(keys: Language.allCases.map(\.rawValue))
        var labels: [Language: [FooterLabel: String]] = [:]
        for language in Language.allCases {
            guard let member = object.optional(language.rawValue) else { continue }
            let texts = try member.object(keys: FooterLabel.allCases.map(\.rawValue))
            var overrides: [FooterLabel: String] = [:]
            for label in FooterLabel.allCases {
                guard let text = texts.optional(label.rawValue) else { continue }
                let value = try text.string(nonEmpty: true, maxLength: Limits.labelLength)
                for placeholder in LabelTemplate.placeholders(in: value) where !label.placeholders.contains(placeholder) {
                    let offered = label.placeholders.isEmpty ? "none" : label.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                    throw text.failure("unknown placeholder {\(placeholder)} (this label offers: \(offered))")
                }
                overrides[label] = value
            }
            labels[language] = overrides
        }
        return labels
    }
}

/// Placeholder substitution in label texts (`"Cumulative points: {balance} ({delta})"`).
public enum LabelTemplate {
    /// The placeholder names in `text`, in order of appearance.
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `text` with each `{name}` replaced by `values[name]` in one pass (a value is never
    /// itself scanned for placeholders); unknown names stay as written.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
