/// The product version, shared by `kioskd --version`, `kioskctl` and `/v1/health`.
public enum KioskdVersion {
    public static let current = "0.1.0"
}
