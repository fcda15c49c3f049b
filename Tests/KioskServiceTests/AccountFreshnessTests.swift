import Testing
@testable import KioskService

@Suite("AccountFreshness: live or cached figures, per credential")
struct AccountFreshnessTests {
    @Test("without a lookup the figures are not marked; pending and failed lookups mean the cache; a live answer clears it")
    func states() {
        let freshness = AccountFreshness()
        #expect(!freshness.isFromCache("badge:04A1B2C3"), "no backend, no lookup: nothing to mark")
        freshness.lookupStarted("badge:04A1B2C3")
        #expect(freshness.isFromCache("badge:04A1B2C3"), "the live copy has not arrived")
        freshness.lookupEnded("badge:04A1B2C3", live: false, reason: "connection refused")
        #expect(freshness.state("badge:04A1B2C3") == .cache(reason: "connection refused"))
        freshness.lookupStarted("badge:04A1B2C3")
        freshness.lookupEnded("badge:04A1B2C3", live: true)
        #expect(!freshness.isFromCache("badge:04A1B2C3"))
    }

    @Test("at most maximumEntries credentials are remembered, the oldest forgotten")
    func bounded() {
        let freshness = AccountFreshness()
        for index in 0...AccountFreshness.maximumEntries { freshness.lookupStarted("card:\(index)") }
        #expect(freshness.state("card:0") == nil)
        #expect(freshness.state("card:\(AccountFreshness.maximumEntries)") == .pending)
    }
}
