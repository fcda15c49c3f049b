import Foundation
import Relay
import Storage
import Testing
import TestSupport

@Suite("VoucherRedeemer: single use across stores online, the configured policy offline")
struct VoucherRedeemerTests {
    func redeemer(_ fixture: RelayFixture) throws -> VoucherRedeemer {
        VoucherRedeemer(client: try fixture.client(), store: fixture.store)
    }

    @Test("online: redeemed once; the same sale retrying gets the same answer; another sale is refused")
    func singleUse() async throws {
        let fixture = try await RelayFixture()
        try await fixture.backend.addVoucher(code: "5550000000011", accountId: "acct-1", valueCents: 500)
        let redeemer = try redeemer(fixture)
        #expect(await redeemer.redeem(code: "5550000000011", saleId: "S-1", storeId: "store-A", kioskId: "kiosk-1", accountId: "acct-1")
                == .redeemed(valueCents: 500))
        #expect(await redeemer.redeem(code: "5550000000011", saleId: "S-1", storeId: "store-A", kioskId: "kiosk-1", accountId: "acct-1")
                == .redeemed(valueCents: 500), "a retried close reuses its idempotency key")
        #expect(await redeemer.redeem(code: "5550000000011", saleId: "S-2", storeId: "store-B", kioskId: "kiosk-9", accountId: "acct-1")
                == .refused(.alreadyRedeemed), "a second use, even in another store, is refused")
        #expect(await redeemer.redeem(code: "5559999999999", saleId: "S-3", storeId: "store-A", kioskId: "kiosk-1", accountId: nil)
                == .refused(.unknownVoucher))
    }

    @Test("a voucher already redeemed here is refused without asking the backend")
    func localFirst() async throws {
        let fixture = try await RelayFixture()
        _ = try fixture.store.commitClosedSale(relaySale("S-0"))
        var sale = relaySale("S-1")
        sale.voucherRedemptions = [VoucherRedemptionRecord(code: "5550000000028", accountId: "acct-1", valueCents: 300)]
        _ = try fixture.store.commitClosedSale(sale)
        await fixture.backend.stop()
        #expect(await try redeemer(fixture).redeem(code: "5550000000028", saleId: "S-2", storeId: "store-A", kioskId: "kiosk-1", accountId: "acct-1")
                == .refused(.alreadyRedeemed))
    }

    @Test("offline with policy refuse: refused, the customer keeps the voucher")
    func offlineRefuse() async throws {
        let fixture = try await RelayFixture(offlineVouchers: .refuse)
        await fixture.backend.stop()
        let decision = await try redeemer(fixture).redeem(code: "5550000000011", saleId: "S-1", storeId: "store-A", kioskId: "kiosk-1",
                                                           accountId: "acct-1", knownValueCents: 200)
        guard case .refused(.offlineRefused) = decision else { Issue.record("expected offlineRefused, got \(decision)"); return }
    }

    @Test("offline with allowUpTo: a known voucher up to the limit is accepted, above or unknown is refused", arguments: [
        (Int64?.some(500), true), (Int64?.some(501), false), (Int64?.none, false),
    ])
    func offlineAllowUpTo(value: Int64?, accepted: Bool) async throws {
        let fixture = try await RelayFixture(offlineVouchers: .allowUpTo(maxCents: 500))
        await fixture.backend.stop()
        let decision = await try redeemer(fixture).redeem(code: "5550000000011", saleId: "S-1", storeId: "store-A", kioskId: "kiosk-1",
                                                           accountId: "acct-1", knownValueCents: value)
        switch decision {
        case .redeemedOffline(let cents, _): #expect(accepted && cents == value)
        case .refused(.offlineLimit(let cents, 500, _)): #expect(!accepted && cents == value)
        default: Issue.record("unexpected \(decision)")
        }
    }

    @Test("the offline decision is a pure function of policy and value")
    func pureOfflineDecision() {
        #expect(VoucherRedeemer.offlineDecision(policy: .refuse, valueCents: 1, backendError: "down") == .refused(.offlineRefused(backendError: "down")))
        #expect(VoucherRedeemer.offlineDecision(policy: .allowUpTo(maxCents: 0), valueCents: 0, backendError: "down") == .redeemedOffline(valueCents: 0, backendError: "down"))
    }
}
