/// # Relay
///
/// Store-and-forward to the store backend (`docs/backend-api.yaml`):
/// - `BackendClient`: `POST /v1/sales` (Idempotency-Key = sale id), `GET /v1/accounts/{credential}`,
///   `POST /v1/vouchers/{code}/redeem`, over URLSession with the system trust store, bearer
///   token from `BackendToken` (never logged).
/// - `OutboxDrainer`: sends the outbox in order, in bounded batches, with bounded concurrency;
///   classifies answers with `SaleDeliveryVerdict`; backs off with `RetrySchedule`.
/// - `AccountLookup`: the cross-store account at identification, falling back to the cache.
/// - `VoucherRedeemer`: single-use redemption online, `OfflineVoucherPolicy` offline.
/// - `BackendConfiguration`: the `backend` section of `kioskd.json`, decoded strictly.
