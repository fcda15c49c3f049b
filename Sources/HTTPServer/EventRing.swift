/// A bounded ring of the most recent elements, each numbered by an increasing sequence
/// (1, 2, 3, …), from which a reader can ask "everything after sequence N".
///
/// Pure value type. Appending beyond `capacity` forgets the oldest element; a reader whose
/// position was forgotten learns it missed elements (`missed == true`) instead of silently
/// skipping them.
public struct EventRing<Element: Sendable>: Sendable {
    /// How many elements are retained.
    public let capacity: Int
    private var storage: [Element?]
    /// Sequence the next appended element gets.
    public private(set) var nextSequence: UInt64 = 1

    /// What a reader gets from `elements(after:)`.
    public struct Slice: Sendable {
        /// The retained elements after the reader's position, oldest first.
        public let elements: [Element]
        /// Whether elements between the reader's position and `elements.first` were forgotten
        /// (or the position is unknown to this ring).
        public let missed: Bool
    }

    /// - Precondition: `capacity > 0`.
    public init(capacity: Int) {
        precondition(capacity > 0, "EventRing capacity must be positive")
        self.capacity = capacity
        storage = Array(repeating: nil, count: capacity)
    }

    /// Sequence of the newest element (0 when empty).
    public var latestSequence: UInt64 { nextSequence - 1 }

    /// Sequence of the oldest retained element (`nextSequence` when empty).
    public var oldestSequence: UInt64 { nextSequence - UInt64(count) }

    /// How many elements are retained.
    public var count: Int { Int(min(UInt64(capacity), nextSequence - 1)) }

    /// Appends `element`, forgetting the oldest when full. Returns the element's sequence.
    @discardableResult
    public mutating func append(_ element: Element) -> UInt64 {
        let sequence = nextSequence
        storage[Int(sequence % UInt64(capacity))] = element
        nextSequence += 1
        return sequence
    }

    /// The element with `sequence`, if still retained.
    public func element(at sequence: UInt64) -> Element? {
        guard sequence >= oldestSequence, sequence <= latestSequence, sequence > 0 else { return nil }
        return storage[Int(sequence % UInt64(capacity))]
    }

    /// The retained elements with a sequence greater than `sequence`. A `sequence` older than
    /// the oldest retained one's predecessor, or newer than the latest, is reported as `missed`
    /// with every retained element.
    public func elements(after sequence: UInt64) -> Slice {
        if sequence > latestSequence {
            return Slice(elements: all(from: oldestSequence), missed: true)
        }
        if sequence + 1 < oldestSequence {
            return Slice(elements: all(from: oldestSequence), missed: true)
        }
        return Slice(elements: all(from: sequence + 1), missed: false)
    }

    private func all(from first: UInt64) -> [Element] {
        guard first <= latestSequence else { return [] }
        return (first...latestSequence).compactMap { storage[Int($0 % UInt64(capacity))] }
    }
}
