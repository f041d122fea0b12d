import SwiftASN1
import X509

/// What is wrong with a certificate's DER, in words and at an X.509 field: the one reading of
/// SwiftASN1's and swift-certificates' errors.
///
/// Those print as `ASN1Error.invalidASN1Object: Trailing unparsed data is present
/// SwiftASN1/ASN1.swift:139`: a type name and a source line, of no use to the person holding the
/// file. Their codes are public and stable, so each code is said in words here, and the field being
/// read when it was thrown (``within(_:_:)``) says where.
struct DERProblem: Error, Equatable, CustomStringConvertible {
    /// The RFC 5280 name of the field (`issuer`, `validity`, `subjectAltName extension`), when known.
    let field: String?
    let reason: String

    init(field: String? = nil, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `error` in words: a `DERProblem` as it is, a SwiftASN1 or swift-certificates error by its code.
    init(_ error: any Error) {
        switch error {
        case let problem as DERProblem: self = problem
        case let asn1 as ASN1Error: self.init(Self.words(for: asn1.code))
        case let certificate as CertificateError: self.init(Self.words(for: certificate.code))
        default: self.init("malformed DER")
        }
    }

    var description: String { field.map { "\($0): \(reason)" } ?? reason }

    /// Runs `body`, naming `field` in whatever it throws; a field named further in is kept, being nearer.
    static func within<T>(_ field: String, _ body: () throws -> T) throws(DERProblem) -> T {
        do {
            return try body()
        } catch {
            let problem = DERProblem(error)
            throw problem.field == nil ? DERProblem(field: field, problem.reason) : problem
        }
    }

    private static func words(for code: ASN1Error.ErrorCode) -> String {
        switch code {
        case .truncatedASN1Field: "the DER ends inside a field (truncated, or not DER at all)"
        case .unexpectedFieldType: "a field has another ASN.1 type than X.509 puts there"
        case .invalidASN1IntegerEncoding: "an INTEGER is not in minimal DER form"
        case .unsupportedFieldLength: "a field's length is longer than DER allows here"
        case .invalidStringRepresentation: "a text field holds characters its string type does not allow"
        case .tooFewOIDComponents: "an object identifier has fewer than two parts"
        case .invalidPEMDocument: "not a PEM document"
        default: "the DER is not shaped as X.509 defines this field"  // invalidASN1Object, and codes added later
        }
    }

    private static func words(for code: CertificateError.ErrorCode) -> String {
        switch code {
        case .duplicateOID: "an extension appears more than once"
        case .incorrectOIDForExtension: "an extension holds another extension's identifier"
        case .unsupportedPublicKeyAlgorithm: "the public key algorithm is not supported"
        case .unsupportedSignatureAlgorithm: "the signature algorithm is not supported"
        default: "the value is not what X.509 defines for this field"
        }
    }
}
