/// # Storage
///
/// The kiosk's durable state over the system SQLite (`CSQLite`): sales, the append-only
/// loyalty ledger, vouchers, the account cache, the outbox with its dead letters, the print
/// queue and counters, in one WAL file with `synchronous=FULL`.
///
/// Entry point: `KioskStore` (one connection, the single writer of the daemon; `kioskctl`
/// opens a second one). Its parts: `commitClosedSale(_:)`, `PrintQueue`, `Outbox`,
/// `AccountCache`. Records are this module's own plain types (`SaleRecord`,
/// `LedgerEntryRecord`, `VoucherRecord`, …); the service maps loyalty results onto them.
/// The thin SQLite wrapper (`Database`, `Statement`, `StorageError`) is public for tools.
