import EvidenceModel
import Foundation

/// A DSSE v1 envelope (secure-systems-lab/dsse): a payload, its type, and signatures over the
/// pre-authentication encoding `PAE(type, payload)`.
public struct DSSEEnvelope: Sendable, Hashable {
    public struct Signature: Sendable, Hashable {
        /// An unauthenticated hint naming the key; Vigil always sets it (securesystemslib requires it).
        public let keyID: String
        public let signature: Data

        public init(keyID: String, signature: Data) {
            self.keyID = keyID
            self.signature = signature
        }
    }

    public let payload: Data
    public let payloadType: String
    public let signatures: [Signature]

    public init(payload: Data, payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal bytes.
    public static func preAuthenticationEncoding(payloadType: String, payload: Data) -> Data {
        let type = Data(payloadType.utf8)
        var out = Data("DSSEv1 \(type.count) ".utf8)
        out.append(type)
        out.append(Data(" \(payload.count) ".utf8))
        out.append(payload)
        return out
    }

    public var preAuthenticationEncoding: Data {
        Self.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
    }

    /// The envelope as JSON with keys in a fixed order.
    public var json: Data {
        // Base64 needs no escaping in JSON: quoted as it is (through JSONSerialization, a 42 MB payload
        // was copied several times over).
        let signatureLines = signatures.map { signature in
            "{\"keyid\":\(Self.quoted(signature.keyID)),\"sig\":\"\(signature.signature.base64EncodedString())\"}"
        }
        var json = Data("{\"payload\":\"".utf8)
        json.append(payload.base64EncodedData())
        json.append(Data("\",\"payloadType\":\(Self.quoted(payloadType)),\"signatures\":[\(signatureLines.joined(separator: ","))]}\n".utf8))
        return json
    }

    /// Parses an envelope; base64 may be standard or URL-safe, as the spec requires of verifiers.
    public init(json: Data) throws(BundleError) {
        let object: JSONValue
        // Its payload, the statement naming every file of the bundle (~230 bytes a file), is as long as
        // the envelope: a bundle of 67k records has a 31 MB one. The envelope's own size is bounded
        // where the bundle is read.
        var limits = InputLimits.standard
        limits.stringBytes = max(limits.stringBytes, json.count)
        do { object = try JSONValue.parse(json, limits: limits) } catch { throw .manifest("the DSSE envelope: \(error)") }
        guard object.objectValue != nil else { throw .manifest("the DSSE envelope is not a JSON object") }
        guard let payloadText = object["payload"]?.stringValue, let payload = Self.base64(payloadText) else {
            throw .manifest("the DSSE envelope has no base64 payload")
        }
        guard let type = object["payloadType"]?.stringValue else { throw .manifest("the DSSE envelope has no payloadType") }
        guard let list = object["signatures"]?.arrayValue, !list.isEmpty else {
            throw .manifest("the DSSE envelope has no signatures")
        }
        var signatures: [Signature] = []
        for entry in list {
            guard let sigText = entry["sig"]?.stringValue, let sig = Self.base64(sigText) else {
                throw .manifest("a DSSE signature is not base64")
            }
            signatures.append(Signature(keyID: entry["keyid"]?.stringValue ?? "", signature: sig))
        }
        self.init(payload: payload, payloadType: type, signatures: signatures)
    }

    /// Standard or URL-safe base64, padded or not, rewritten to standard on its bytes: string
    /// replacements over a 42 MB payload (a bundle of 67k records) were a tenth of its verification.
    static func base64(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "-") {
                bytes[index] = UInt8(ascii: "+")
            } else if bytes[index] == UInt8(ascii: "_") {
                bytes[index] = UInt8(ascii: "/")
            }
        }
        bytes += Array(repeating: UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
        return Data(base64Encoded: Data(bytes))
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}
