import Loyalty

/// The texts of a voucher slip in French, Dutch and English. Placeholders in braces
/// (`{from}`, `{until}`, `{rate}`) are filled by `VoucherSlipLayout`.
public enum VoucherSlipLabels {
    public enum Key: String, Sendable, CaseIterable {
        case title
        /// Valid from the first to the last day (`{from}`, `{until}`).
        case validity
        /// Valid from the first day, no expiry (`{from}`).
        case validityOpenEnded
        /// VAT: none on the voucher line (a means of payment).
        case vatNone
        /// VAT: one fixed rate on the voucher line (`{rate}`).
        case vatFixed
        /// VAT: spread over the ticket's rates (a discount lowering the taxable amount).
        case vatProrata
        case usage
    }

    /// The default text of `key` in `language`.
    public static func text(_ key: Key, _ language: Language) -> String {
        switch language {
        case .fr:
            switch key {
            case .title: return "Bon de fidélité"
            case .validity: return "Valable du {from} au {until}"
            case .validityOpenEnded: return "Valable dès le {from}, sans date d'expiration"
            case .vatNone: return "Bon sans TVA : moyen de paiement"
            case .vatFixed: return "TVA {rate} comprise"
            case .vatProrata: return "Remise : TVA au prorata des taux du ticket"
            case .usage: return "À présenter lors d'un prochain achat. Utilisable une seule fois."
            }
        case .nl:
            switch key {
            case .title: return "Getrouwheidsbon"
            case .validity: return "Geldig van {from} tot en met {until}"
            case .validityOpenEnded: return "Geldig vanaf {from}, zonder vervaldatum"
            case .vatNone: return "Bon zonder btw: betaalmiddel"
            case .vatFixed: return "Inclusief {rate} btw"
            case .vatProrata: return "Korting: btw pro rata de tarieven van het ticket"
            case .usage: return "Toon deze bon bij een volgende aankoop. Eenmalig te gebruiken."
            }
        case .en:
            switch key {
            case .title: return "Loyalty voucher"
            case .validity: return "Valid from {from} to {until}"
            case .validityOpenEnded: return "Valid from {from}, no expiry date"
            case .vatNone: return "No VAT: a means of payment"
            case .vatFixed: return "Including {rate} VAT"
            case .vatProrata: return "Discount: VAT split pro rata over the ticket's rates"
            case .usage: return "Present at a next purchase. Single use."
            }
        }
    }

    /// `template` with each `{name}` replaced by `values[name]`.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}
