/// The version of this build of Pacer.
public enum PacerVersion {
    public static let current = "0.1.0"
}
