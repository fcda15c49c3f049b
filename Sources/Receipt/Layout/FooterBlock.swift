/// The receipt footer block built from logical lines (the loyalty footer's text).
///
/// Layout: a full-width rule, the title bold and centered, then each line left-aligned and
/// word-wrapped. The text itself (labels, amounts, language) comes from the footer builder;
/// this type only decides how it sits on paper.
public enum FooterBlock {
    /// The elements of a footer whose first logical line is its title
    /// (`["Loyalty Program", "Cumulative points: 487 (+12)", …]`). No lines, no elements.
    public static func elements(_ logicalLines: [String]) -> [ReceiptElement] {
        guard let title = logicalLines.first else { return [] }
        return elements(title: title, lines: Array(logicalLines.dropFirst()))
    }

    /// The elements of a footer with an explicit title.
    public static func elements(title: String, lines: [String]) -> [ReceiptElement] {
        [.rule("-"), .text(title, .title)] + lines.map { .text($0, .plain) }
    }
}
