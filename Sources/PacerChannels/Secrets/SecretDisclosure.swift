extension Secret {
    /// The value itself, for `pacer auth` (module PacerAuth), which sends a client secret in its
    /// own requests and stores it in the credential file pacerd renews tokens with. Nothing may
    /// print it.
    public var disclosedValue: String { value }
}
