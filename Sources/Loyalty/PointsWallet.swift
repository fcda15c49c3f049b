import Foundation

/// Balance operations that keep `LoyaltyAccount.balance` and its `pointBatches` consistent.
///
/// Points outside any batch (imported, or earned while points did not expire) never expire and
/// count as the oldest. Spending takes the oldest first; a refund takes back the newest first.
struct PointsWallet {
    var account: LoyaltyAccount

    /// Points outside any batch.
    var unbatched: Int { max(0, account.balance - account.pointBatches.reduce(0) { $0 + $1.points }) }

    /// Removes every batch whose expiry is at or before `now`; returns the expired batches.
    mutating func expire(at now: Date) -> [PointBatch] {
        let expired = account.pointBatches.filter { batch in batch.expiresAt.map { $0 <= now } ?? false }
        guard !expired.isEmpty else { return [] }
        account.pointBatches.removeAll { batch in batch.expiresAt.map { $0 <= now } ?? false }
        account.balance -= expired.reduce(0) { $0 + $1.points }
        account.balance = max(0, account.balance)
        return expired
    }

    /// Spends `points` (at most the balance), oldest first; returns what was spent.
    @discardableResult
    mutating func spend(_ points: Int) -> Int {
        let spent = min(points, account.balance)
        var left = spent - min(spent, unbatched)
        account.pointBatches.sort { $0.earnedAt < $1.earnedAt }
        var index = 0
        while left > 0, index < account.pointBatches.count {
            let take = min(left, account.pointBatches[index].points)
            account.pointBatches[index].points -= take
            left -= take
            index += 1
        }
        account.pointBatches.removeAll { $0.points == 0 }
        account.balance -= spent
        return spent
    }

    /// Takes back up to `points` (never below zero), newest batch first; returns what was taken.
    mutating func takeBack(_ points: Int) -> Int {
        let taken = min(points, account.balance)
        var left = taken
        account.pointBatches.sort { $0.earnedAt < $1.earnedAt }
        var index = account.pointBatches.count - 1
        while left > 0, index >= 0 {
            let take = min(left, account.pointBatches[index].points)
            account.pointBatches[index].points -= take
            left -= take
            index -= 1
        }
        account.pointBatches.removeAll { $0.points == 0 }
        account.balance -= taken
        return taken
    }

    /// Adds `points` to the balance, in a batch when they expire.
    mutating func add(_ points: Int, earnedAt: Date, expiresAt: Date?, saleId: String?) {
        guard points > 0 else { return }
        account.balance += points
        if let expiresAt {
            account.pointBatches.append(PointBatch(earnedAt: earnedAt, points: points, expiresAt: expiresAt, saleId: saleId))
        }
    }
}
