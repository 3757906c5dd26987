// The TLS alert catalogue (see alerts.hpp).
//
// Registry names, values and references follow the IANA "TLS Alerts" registry
// (TLS Parameters, AlertDescription) as updated by RFC 8446/RFC 9846 §11 and
// App. B.2, RFC 6066 §10.2, RFC 8447, RFC 9147 and RFC 9849. Levels per
// version follow RFC 6101 §5.4 (SSL 3.0), RFC 2246/4346/5246 §7.2 (TLS 1.0-1.2),
// RFC 6066 §§3-9, RFC 4279, RFC 7301, RFC 7507 and RFC 9846 §6 (TLS 1.3).
// Aliases were collected from OpenSSL/BoringSSL tls1.h, ssl3.h and
// ssl_stat.c, Go crypto/tls alert.go, rustls AlertDescription, the Windows SDK
// schannel.h, Microsoft's "Schannel Error Codes for TLS and SSL Alerts" page,
// Mbed TLS ssl.h and Wireshark packet-tls-utils.c, as summarised in the
// project's alert research note (alerts.md, §1-§4).
//
// find_alert() already treats ' ', '-' and '_' alike and ignores case, so an
// alias that differs from the registry name only in those respects is left
// out (e.g. OpenSSL's "handshake failure" or Wireshark's "Close Notify").
// OpenSSL's two-letter codes (CA, CU, IP, ...) are deliberately not aliases:
// they would match ordinary words in free-text lookups.
#include "catalog/alerts.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace alertscan::catalog {

namespace {

using enum Level;
using Names = std::string_view;

// ---------------------------------------------------------------------------
// Aliases, one array per code.
// ---------------------------------------------------------------------------

constexpr Names kAliases1[] = {
    // Labels for TLS 1.3 draft -11..-18 end_of_early_data; never registered.
    "end_of_early_data",           // Wireshark "End of Early Data"
    "TLS13_AD_END_OF_EARLY_DATA",  // OpenSSL 1.1.1 tls1.h
    "TLS1_AD_END_OF_EARLY_DATA",   // BoringSSL tls1.h
};
constexpr Names kAliases0[] = {
    "TLS1_ALERT_CLOSE_NOTIFY",
    "SSL3_AD_CLOSE_NOTIFY",
    "CloseNotify",
};
constexpr Names kAliases10[] = {
    "TLS1_ALERT_UNEXPECTED_MESSAGE",
    "SSL3_ALERT_UNEXPECTED_MESSAGE",
    "SSL3_AD_UNEXPECTED_MESSAGE",
    "UnexpectedMessage",
};
constexpr Names kAliases20[] = {
    "TLS1_ALERT_BAD_RECORD_MAC",
    "SSL3_AD_BAD_RECORD_MAC",
    "BadRecordMac",
};
constexpr Names kAliases21[] = {
    "decryption_failed",  // RFC 2246, RFC 6066 enum, OpenSSL/Go "decryption failed"
    "TLS1_ALERT_DECRYPTION_FAILED",
    "TLS1_AD_DECRYPTION_FAILED",
    "DecryptionFailed",
};
constexpr Names kAliases22[] = {
    "TLS1_ALERT_RECORD_OVERFLOW",
    "TLS1_AD_RECORD_OVERFLOW",
    "RecordOverflow",
};
constexpr Names kAliases30[] = {
    "decompression_failure",  // SSL 3.0 and RFC 2246-5246 name
    "TLS1_ALERT_DECOMPRESSION_FAIL", "SSL3_ALERT_DECOMPRESSION_FAIL",
    "SSL3_AD_DECOMPRESSION_FAILURE", "DecompressionFailure",
};
constexpr Names kAliases40[] = {
    "TLS1_ALERT_HANDSHAKE_FAILURE",
    "SSL3_ALERT_HANDSHAKE_FAILURE",
    "SSL3_AD_HANDSHAKE_FAILURE",
    "HandshakeFailure",
};
constexpr Names kAliases41[] = {
    "no_certificate",  // SSL 3.0 name; OpenSSL "no certificate"
    "SSL3_AD_NO_CERTIFICATE",
    "MBEDTLS_SSL_ALERT_MSG_NO_CERT",
    "NoCertificate",
};
constexpr Names kAliases42[] = {
    "TLS1_ALERT_BAD_CERTIFICATE",
    "SSL3_AD_BAD_CERTIFICATE",
    "BadCertificate",
};
constexpr Names kAliases43[] = {
    "TLS1_ALERT_UNSUPPORTED_CERT",
    "SSL3_AD_UNSUPPORTED_CERTIFICATE",
    "UnsupportedCertificate",
};
constexpr Names kAliases44[] = {
    "revoked certificate",  // Go
    "TLS1_ALERT_CERTIFICATE_REVOKED",
    "SSL3_AD_CERTIFICATE_REVOKED",
    "CertificateRevoked",
};
constexpr Names kAliases45[] = {
    "expired certificate",  // Go
    "TLS1_ALERT_CERTIFICATE_EXPIRED",
    "SSL3_AD_CERTIFICATE_EXPIRED",
    "CertificateExpired",
};
constexpr Names kAliases46[] = {
    "unknown certificate",  // Go
    "TLS1_ALERT_CERTIFICATE_UNKNOWN",
    "SSL3_AD_CERTIFICATE_UNKNOWN",
    "CertificateUnknown",
};
constexpr Names kAliases47[] = {
    "TLS1_ALERT_ILLEGAL_PARAMETER",
    "SSL3_ALERT_ILLEGAL_PARAMETER",
    "SSL3_AD_ILLEGAL_PARAMETER",
    "IllegalParameter",
};
constexpr Names kAliases48[] = {
    "unknown certificate authority",  // Go ("unknown CA" of OpenSSL equals the name)
    "TLS1_ALERT_UNKNOWN_CA",
    "TLS1_AD_UNKNOWN_CA",
    "UnknownCA",
};
constexpr Names kAliases49[] = {
    "TLS1_ALERT_ACCESS_DENIED",
    "TLS1_AD_ACCESS_DENIED",
    "AccessDenied",
};
constexpr Names kAliases50[] = {
    "error decoding message",  // Go
    "TLS1_ALERT_DECODE_ERROR",
    "TLS1_AD_DECODE_ERROR",
    "DecodeError",
};
constexpr Names kAliases51[] = {
    "error decrypting message",  // Go
    "TLS1_ALERT_DECRYPT_ERROR",
    "TLS1_AD_DECRYPT_ERROR",
    "DecryptError",
};
constexpr Names kAliases60[] = {
    "export_restriction",  // RFC 2246 name; OpenSSL "export restriction"
    "TLS1_ALERT_EXPORT_RESTRICTION",
    "TLS1_AD_EXPORT_RESTRICTION",
    "ExportRestriction",
};
constexpr Names kAliases70[] = {
    "protocol version not supported",  // Go
    "TLS1_ALERT_PROTOCOL_VERSION",
    "TLS1_AD_PROTOCOL_VERSION",
    "ProtocolVersion",
};
constexpr Names kAliases71[] = {
    "insufficient security level",     // Go
    "TLS1_ALERT_INSUFFIENT_SECURITY",  // sic, Windows SDK schannel.h
    "TLS1_AD_INSUFFICIENT_SECURITY",
    "InsufficientSecurity",
};
constexpr Names kAliases80[] = {
    "TLS1_ALERT_INTERNAL_ERROR",
    "TLS1_AD_INTERNAL_ERROR",
    "InternalError",
};
constexpr Names kAliases86[] = {
    "TLS1_AD_INAPPROPRIATE_FALLBACK",
    "SSL3_AD_INAPPROPRIATE_FALLBACK",
    "MBEDTLS_SSL_ALERT_MSG_INAPROPRIATE_FALLBACK",  // sic, Mbed TLS ssl.h
    "InappropriateFallback",
};
constexpr Names kAliases90[] = {
    "user_cancelled",  // OpenSSL/BoringSSL identifiers, widely copied tables
    "TLS1_ALERT_USER_CANCELED",
    "TLS1_AD_USER_CANCELLED",
    "SSL_AD_USER_CANCELLED",
    "UserCanceled",   // rustls
    "UserCancelled",  // Rust tls-parser
};
constexpr Names kAliases100[] = {
    "no_renegotiation_RESERVED",  // its name in the TLS 1.3 list (RFC 9846 App. B.2)
    "TLS1_ALERT_NO_RENEGOTIATION",
    "TLS1_AD_NO_RENEGOTIATION",
    "NoRenegotiation",
};
constexpr Names kAliases109[] = {
    "TLS13_AD_MISSING_EXTENSION",  // OpenSSL
    "TLS1_AD_MISSING_EXTENSION",   // BoringSSL
    "MissingExtension",
};
constexpr Names kAliases110[] = {
    "TLS1_ALERT_UNSUPPORTED_EXT",
    "TLS1_AD_UNSUPPORTED_EXTENSION",
    "UnsupportedExtension",
};
constexpr Names kAliases111[] = {
    "certificate_unobtainable",  // RFC 6066 name; OpenSSL/Go "certificate unobtainable"
    "TLS1_AD_CERTIFICATE_UNOBTAINABLE",
    "CertificateUnobtainable",
};
constexpr Names kAliases112[] = {
    "TLS1_AD_UNRECOGNIZED_NAME",
    "UnrecognisedName",  // rustls (British spelling)
};
constexpr Names kAliases113[] = {
    "TLS1_AD_BAD_CERTIFICATE_STATUS_RESPONSE",
    "BadCertificateStatusResponse",
};
constexpr Names kAliases114[] = {
    "bad_certificate_hash_value",  // RFC 6066 name; OpenSSL/Go "bad certificate hash value"
    "TLS1_AD_BAD_CERTIFICATE_HASH_VALUE",
    "BadCertificateHashValue",
};
constexpr Names kAliases115[] = {
    "TLS1_ALERT_UNKNOWN_PSK_IDENTITY",
    "TLS1_AD_UNKNOWN_PSK_IDENTITY",
    "UnknownPSKIdentity",
};
constexpr Names kAliases116[] = {
    "TLS13_AD_CERTIFICATE_REQUIRED",  // OpenSSL
    "TLS1_AD_CERTIFICATE_REQUIRED",   // BoringSSL
    "CertificateRequired",
};
constexpr Names kAliases117[] = {
    "GeneralError",  // rustls
};
constexpr Names kAliases120[] = {
    "TLS1_ALERT_NO_APP_PROTOCOL",
    "TLS1_AD_NO_APPLICATION_PROTOCOL",
    "NoApplicationProtocol",
};
constexpr Names kAliases121[] = {
    // BoringSSL's "ECH required" equals the registry name once folded.
    "encrypted client hello required",  // Go
    "TLS1_AD_ECH_REQUIRED",             // BoringSSL
    "EncryptedClientHelloRequired",     // rustls
};

// ---------------------------------------------------------------------------
// Assigned codes, in code order. Levels: ssl3 / tls10 / tls11_12 / tls13.
// ---------------------------------------------------------------------------

constexpr AlertInfo kAssigned[] = {
    // IANA registry; RFC 9846 §6.1 (closure alert, sent as warning); RFC 5246 §7.2.1; RFC 6101
    {.code = 0,
     .assigned = true,
     .name = "close_notify",
     .aliases = kAliases0,
     .reference = "RFC 9846",
     .ssl3 = Warning,
     .tls10 = Warning,
     .tls11_12 = Warning,
     .tls13 = Warning,
     .meaning = "The sender has finished and will send nothing more on this connection: an orderly "
                "close, not a failure.",
     .check = "Informational. What deserves attention is its absence: connections cut without it "
              "point at idle timeouts or resets by a load balancer, firewall or the application.",
     .note = {}},

    // IANA registry; RFC 9846 §6.2; RFC 5246 §7.2.2; RFC 6101 (fatal)
    {.code = 10,
     .assigned = true,
     .name = "unexpected_message",
     .aliases = kAliases10,
     .reference = "RFC 9846",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The sender got a message that is not allowed at that point of the protocol (wrong "
                "type or wrong order).",
     .check = "Look for non-TLS bytes on the port (plain HTTP/LDAP, STARTTLS vs implicit TLS, "
              "probes) and TLS-inspecting middleboxes. SChannel error state 1203 with it has no "
              "public meaning.",
     .note = {}},

    // IANA registry; RFC 9846 §6.2; RFC 5246 §7.2.2; Microsoft support blog on state 960
    {.code = 20,
     .assigned = true,
     .name = "bad_record_mac",
     .aliases = kAliases20,
     .reference = "RFC 9846",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "A protected record failed its integrity check, so the sender could not "
                "authenticate or decrypt it.",
     .check = "Suspect corruption in transit or SSL-offload/LB firmware. With SChannel state 960, "
              "reorder or drop TLS_DHE_RSA_*_CBC_SHA suites in the cipher-suite order policy and "
              "update the device.",
     .note = {}},

    // IANA registry (reserved); RFC 2246 §7.2.2 (fatal); RFC 5246 §7.2.2 (MUST NOT be sent)
    {.code = 21,
     .assigned = true,
     .name = "decryption_failed_RESERVED",
     .aliases = kAliases21,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Reserved,
     .tls13 = Reserved,
     .meaning = "Legacy TLS 1.0 alert: a record decrypted to invalid padding or length.",
     .check = "Only very old TLS 1.0 stacks still send it; newer versions report the same problem "
              "as 20. Identify the legacy peer and troubleshoot it like bad_record_mac.",
     .note = "Called decryption_failed in RFC 2246 and by most tools; reserved since TLS 1.1."},

    // IANA registry; RFC 9846 §6.2; RFC 5246 §7.2.2; RFC 6066 §4 (max_fragment_length)
    {.code = 22,
     .assigned = true,
     .name = "record_overflow",
     .aliases = kAliases22,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "A record arrived that was longer than the protocol or a negotiated limit allows.",
     .check = "Look for corrupted or mis-framed traffic, devices that re-segment TLS, and "
              "max_fragment_length or record_size_limit settings on constrained clients.",
     .note = {}},

    // IANA registry (reserved for TLS 1.3); RFC 6101; RFC 5246 §7.2.2; RFC 9846 App. B.2
    {.code = 30,
     .assigned = true,
     .name = "decompression_failure_RESERVED",
     .aliases = kAliases30,
     .reference = "RFC 9846",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Reserved,
     .meaning = "A compressed record could not be decompressed.",
     .check = "Only possible when a legacy peer negotiated TLS-level compression, which is "
              "obsolete; disable compression on that peer.",
     .note = "Current as decompression_failure up to TLS 1.2; reserved in TLS 1.3."},

    // IANA registry; RFC 9846 §6.2; RFC 5246 §7.2.2; SChannel events 36874/36888
    {.code = 40,
     .assigned = true,
     .name = "handshake_failure",
     .aliases = kAliases40,
     .reference = "RFC 9846",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The sender could not agree on an acceptable set of security parameters with its "
                "peer.",
     .check = "Usually no common cipher suite (SChannel logs 36874 with it): compare protocols, "
              "cipher-suite policy and GSKit cipher specs, the certificate key type, and whether "
              "client auth is required.",
     .note = {}},

    // IANA registry (reserved); RFC 6101 §5.4.2; RFC 6066 §10.2 ("41 is not defined")
    {.code = 41,
     .assigned = true,
     .name = "no_certificate_RESERVED",
     .aliases = kAliases41,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = Reserved,
     .tls11_12 = Reserved,
     .tls13 = Reserved,
     .meaning = "SSL 3.0 only: the client has no suitable certificate for the server's certificate "
                "request.",
     .check = "SSL 3.0 with client authentication is still in use: disable SSL 3.0 and review the "
              "client certificate setup. TLS reports this case as 40, 42, 46 or 116.",
     .note = "Defined by SSL 3.0 only (normally sent as a warning); TLS never defined it."},

    // IANA registry; RFC 5246 §7.2.2 (level optional); RFC 9846 §4.4.2.4, §6.2
    {.code = 42,
     .assigned = true,
     .name = "bad_certificate",
     .aliases = kAliases42,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "A certificate was corrupt or its signatures did not verify.",
     .check = "Often a rejected client certificate: check chain signatures (MD5/SHA-1), key "
              "usage/EKU and cert/key pairing. SChannel 36887 = peer rejected ours; 36888 = we "
              "rejected theirs.",
     .note = {}},

    // IANA registry; RFC 5246 §7.2.2; RFC 9846 §4.4.2.4 (default for unusable chains)
    {.code = 43,
     .assigned = true,
     .name = "unsupported_certificate",
     .aliases = kAliases43,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "The certificate is of a type or key algorithm the receiver cannot use.",
     .check = "Compare the key algorithm and size (ECDSA, EdDSA, RSA-PSS) with what the peer "
              "supports and check key usage/EKU; in TLS 1.3 an incomplete chain can also cause it.",
     .note = {}},

    // IANA registry; RFC 5246 §7.2.2; RFC 9846 §6.2
    {.code = 44,
     .assigned = true,
     .name = "certificate_revoked",
     .aliases = kAliases44,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "A certificate in the chain has been revoked by its issuer.",
     .check = "Check CRL/OCSP status of the leaf, intermediates and client certificate; a "
              "replaced certificate may still be bound (IIS binding, GSKit .kdb default label).",
     .note = {}},

    // IANA registry; RFC 5246 §7.2.2; RFC 9846 §6.2; IBM technotes on GSK rc 414
    {.code = 45,
     .assigned = true,
     .name = "certificate_expired",
     .aliases = kAliases45,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "A certificate has expired or is not yet valid by the receiver's clock.",
     .check = "Check the validity dates of every chain element, client certificates included, and "
              "time sync on both hosts. GSKit may show this as rc 414 (GSK_ERROR_BAD_CERT).",
     .note = {}},

    // IANA registry; RFC 5246 §7.2.2; RFC 9846 §6.2; IBM z/OS System SSL trace sample
    {.code = 46,
     .assigned = true,
     .name = "certificate_unknown",
     .aliases = kAliases46,
     .reference = "RFC 9846",
     .ssl3 = SenderChooses,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "The certificate was rejected for a reason no more specific alert covers.",
     .check = "Mostly the peer distrusts our chain: send intermediates, add the issuing CA to its "
              "trust store (Java cacerts, GSKit .kdb, Windows store); check SAN vs host name and "
              "CRL/OCSP reachability.",
     .note = {}},

    // IANA registry; RFC 9846 §6.2; RFC 5246 §7.2.2; RFC 6101 (fatal)
    {.code = 47,
     .assigned = true,
     .name = "illegal_parameter",
     .aliases = kAliases47,
     .reference = "RFC 9846",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "A handshake field was well-formed but out of range or inconsistent with other "
                "fields.",
     .check = "Inspect ClientHello/ServerHello in a trace for a version, suite, group or key share "
              "that was never offered; update the peer and bypass TLS-inspecting middleboxes.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2
    {.code = 48,
     .assigned = true,
     .name = "unknown_ca",
     .aliases = kAliases48,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The certificate chain could not be traced to a CA the receiver trusts.",
     .check = "Find which side sent it. Make the sender present its intermediates; add the root "
              "(and issuing intermediate for client auth) to the receiver's trust store or GSKit "
              "key database.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2
    {.code = 49,
     .assigned = true,
     .name = "access_denied",
     .aliases = kAliases49,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The peer's credentials were valid, but access-control policy refused it.",
     .check = "Check authorization on the server: client-certificate-to-account mapping, "
              "allow-lists or ACLs, and the state of the mapped account.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §4.4.2.4, §6.2
    {.code = 50,
     .assigned = true,
     .name = "decode_error",
     .aliases = kAliases50,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "A message could not be parsed because a length or field value was malformed.",
     .check = "Capture the handshake and look for truncated or mangled messages; update the peer "
              "and rule out middleboxes. TLS 1.3 clients also send it for an empty server "
              "Certificate.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2
    {.code = 51,
     .assigned = true,
     .name = "decrypt_error",
     .aliases = kAliases51,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "A handshake cryptographic check failed: a signature, Finished message or PSK "
                "binder did not verify.",
     .check = "Check certificate/private-key pairing and where the key lives: TPM or legacy CSP "
              "keys may fail RSA-PSS for TLS 1.3. With PSK, confirm both ends share the same key.",
     .note = {}},

    // IANA registry; RFC 9147 §9 and IANA section (DTLS 1.3 connection IDs)
    {.code = 52,
     .assigned = true,
     .name = "too_many_cids_requested",
     .aliases = {},
     .dtls_only = true,
     .reference = "RFC 9147",
     .ssl3 = Undefined,
     .tls10 = Undefined,
     .tls11_12 = Undefined,
     .tls13 = Fatal,
     .meaning = "A DTLS 1.3 peer asked for more connection IDs than the sender is willing to "
                "provide.",
     .check = "DTLS 1.3 only, so not expected in SChannel or GSKit TLS logs: confirm the number "
              "came from a DTLS session, then review the peer's connection-ID handling.",
     .note = "Defined for DTLS 1.3 only, where it is fatal; the tls13 level applies to DTLS 1.3."},

    // IANA registry (reserved); RFC 2246 §7.2.2 (fatal); RFC 5246 §7.2.2 (MUST NOT be sent)
    {.code = 60,
     .assigned = true,
     .name = "export_restriction_RESERVED",
     .aliases = kAliases60,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Reserved,
     .tls13 = Reserved,
     .meaning = "Legacy TLS 1.0 alert: a key exchange broke the size limits of export-grade "
                "cryptography.",
     .check = "A legacy peer still negotiates 1990s export cipher suites; remove them from its "
              "configuration.",
     .note = "Called export_restriction in RFC 2246; reserved since TLS 1.1."},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2
    {.code = 70,
     .assigned = true,
     .name = "protocol_version",
     .aliases = kAliases70,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The sender recognises the protocol version the peer proposed but will not use it.",
     .check = "Compare allowed versions on both ends: SCHANNEL\\Protocols\\<version>\\Client and "
              "Server registry values, application TLS settings, GSKit/IHS protocol directives.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2
    {.code = 71,
     .assigned = true,
     .name = "insufficient_security",
     .aliases = kAliases71,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The server demands stronger cryptography than anything the client offered.",
     .check = "Compare the client's cipher list and key/DH sizes with the server's hardening or "
              "FIPS policy; enable modern ECDHE suites with AEAD ciphers on the client.",
     .note = {}},

    // IANA registry; RFC 2246 §7.2.2; RFC 9846 §6.2; Microsoft IIS support blog (36870)
    {.code = 80,
     .assigned = true,
     .name = "internal_error",
     .aliases = kAliases80,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The sender hit a local failure unrelated to the peer's messages.",
     .check = "Read the sender's own logs: private key present and readable by the service account "
              "(SChannel 36870, 0x8009030D), HSM/TPM or key-provider errors, resource exhaustion.",
     .note = {}},

    // IANA registry; RFC 7507 §2-3; NSS/BoringSSL also use it on SSL 3.0
    {.code = 86,
     .assigned = true,
     .name = "inappropriate_fallback",
     .aliases = kAliases86,
     .reference = "RFC 7507",
     .ssl3 = Fatal,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The client retried with a lower version (TLS_FALLBACK_SCSV) although the server "
                "supports a higher one.",
     .check = "Find out why the client's first, higher-version attempt failed (reset, timeout, "
              "middlebox) and make all servers behind the name support the same TLS versions.",
     .note = {}},

    // IANA registry; RFC 5246 §7.2.1 (generally a warning); RFC 9846 §6.1 (closure alert)
    {.code = 90,
     .assigned = true,
     .name = "user_canceled",
     .aliases = kAliases90,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Warning,
     .tls11_12 = Warning,
     .tls13 = Warning,
     .meaning =
         "The sender is abandoning the handshake for a reason other than a protocol failure.",
     .check = "Usually benign: a user dismissed a certificate or credential prompt, or the "
              "application aborted or timed out. Correlate with client-side cancellations.",
     .note = "Registry spelling has one 'l'; user_cancelled is a common variant. In TLS 1.3 it "
             "is a closure alert followed by close_notify."},

    // IANA registry; RFC 5246 §7.2.2 (always a warning); RFC 9846 App. B.2 (reserved)
    {.code = 100,
     .assigned = true,
     .name = "no_renegotiation",
     .aliases = kAliases100,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Warning,
     .tls11_12 = Warning,
     .tls13 = Reserved,
     .meaning = "The sender declines the peer's request to renegotiate the connection.",
     .check = "Typically a server asking for a client certificate after the handshake: request it "
              "in the initial handshake, or review renegotiation settings (IHS SSL0192W/SSL0193W).",
     .note = "Listed as no_renegotiation_RESERVED for TLS 1.3, which has no renegotiation."},

    // IANA registry; RFC 9846 §4.2, §9.2, §6.2 (new in RFC 8446)
    {.code = 109,
     .assigned = true,
     .name = "missing_extension",
     .aliases = kAliases109,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Undefined,
     .tls11_12 = Undefined,
     .tls13 = Fatal,
     .meaning = "A handshake message lacked an extension that is mandatory in that context.",
     .check = "Often a server that requires SNI got none (client connecting by IP address): make "
              "sure the client sends server_name and no middlebox strips extensions.",
     .note = "TLS 1.3 only; OpenSSL sends handshake_failure (40) instead on older versions."},

    // IANA registry; RFC 5246 §7.2.2 (from RFC 3546); RFC 9846 §6.2
    {.code = 110,
     .assigned = true,
     .name = "unsupported_extension",
     .aliases = kAliases110,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The peer's reply contained an extension that the sender never offered.",
     .check = "Identify the extension in a trace: a server or TLS-inspection appliance is adding "
              "something unrequested. Patch or reconfigure that device.",
     .note = {}},

    // IANA registry (reserved for TLS 1.3); RFC 6066 §5 (client_certificate_url)
    {.code = 111,
     .assigned = true,
     .name = "certificate_unobtainable_RESERVED",
     .aliases = kAliases111,
     .reference = "RFC 6066, RFC 9846",
     .ssl3 = Undefined,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Reserved,
     .meaning = "The server could not fetch the client certificate from the URL the client gave.",
     .check = "Only happens with the client_certificate_url extension, which is practically "
              "unused; identify the unusual constrained client that negotiated it.",
     .note = {}},

    // IANA registry; RFC 6066 §3 (warning level NOT RECOMMENDED); RFC 9846 §6.2
    {.code = 112,
     .assigned = true,
     .name = "unrecognized_name",
     .aliases = kAliases112,
     .reference = "RFC 6066",
     .ssl3 = Undefined,
     .tls10 = SenderChooses,
     .tls11_12 = SenderChooses,
     .tls13 = Fatal,
     .meaning = "The server has no configuration for the host name the client sent in SNI.",
     .check = "Compare the host name clients use with IIS SNI bindings, virtual hosts and LB SNI "
              "maps, and add the missing name. Java clients fail even on a warning-level 112.",
     .note = {}},

    // IANA registry; RFC 6066 §8 (status_request)
    {.code = 113,
     .assigned = true,
     .name = "bad_certificate_status_response",
     .aliases = kAliases113,
     .reference = "RFC 6066",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The client rejected the OCSP response the server stapled to its certificate.",
     .check = "Check the server's OCSP stapling cache for stale or wrongly signed responses, the "
              "OCSP responder's reachability, and the clocks on both ends.",
     .note = {}},

    // IANA registry (reserved for TLS 1.3); RFC 6066 §5 (client_certificate_url)
    {.code = 114,
     .assigned = true,
     .name = "bad_certificate_hash_value_RESERVED",
     .aliases = kAliases114,
     .reference = "RFC 6066, RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Reserved,
     .meaning = "A certificate fetched via client_certificate_url did not match the hash the "
                "client supplied.",
     .check = "Only possible with the client_certificate_url extension, which is practically "
              "unused; find the unusual client that negotiated it.",
     .note = {}},

    // IANA registry; RFC 4279 §2 (no level stated, fatal in practice); RFC 9846 §6.2
    {.code = 115,
     .assigned = true,
     .name = "unknown_psk_identity",
     .aliases = kAliases115,
     .reference = "RFC 4279",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The server does not recognise the pre-shared-key identity the client offered.",
     .check = "Check PSK identity and key provisioning on both ends (IoT, DTLS, TLS-PSK clients). "
              "Servers may send 51 instead to hide whether an identity exists.",
     .note = {}},

    // IANA registry; RFC 9846 §4.4.2.4, §6.2 (new in RFC 8446)
    {.code = 116,
     .assigned = true,
     .name = "certificate_required",
     .aliases = kAliases116,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Undefined,
     .tls11_12 = Undefined,
     .tls13 = Fatal,
     .meaning = "The server requires a client certificate and the client did not send one.",
     .check = "Check the client's certificate store, its access to the private key, and that a "
              "certificate matches the CA list the server advertises. TLS 1.2 shows this as 40.",
     .note = "TLS 1.3 only; OpenSSL sends handshake_failure (40) instead on older versions."},

    // IANA registry; RFC 9846 §6.2, §11 (new in RFC 9846)
    {.code = 117,
     .assigned = true,
     .name = "general_error",
     .aliases = kAliases117,
     .reference = "RFC 9846",
     .ssl3 = Undefined,
     .tls10 = Undefined,
     .tls11_12 = Undefined,
     .tls13 = Fatal,
     .meaning = "A generic failure, used when no specific alert fits or the sender prefers not to "
                "reveal the reason.",
     .check = "The alert itself carries no detail; only the sending side's logs show the real "
              "cause. Few TLS stacks send it yet.",
     .note = {}},

    // IANA registry; RFC 7301 §3.2 (ALPN); RFC 8447 (added the registry row)
    {.code = 120,
     .assigned = true,
     .name = "no_application_protocol",
     .aliases = kAliases120,
     .reference = "RFC 7301, RFC 8447",
     .ssl3 = Undefined,
     .tls10 = Fatal,
     .tls11_12 = Fatal,
     .tls13 = Fatal,
     .meaning = "The server supports none of the application protocols the client offered via "
                "ALPN.",
     .check = "Compare the ALPN lists of client, server and any proxy (e.g. an HTTP/2- or "
              "gRPC-only server vs an http/1.1 client). SChannel applications see 0x80090367.",
     .note = "Microsoft's alert table labels 0x80090367 SEC_E_ILLEGAL_MESSAGE; it is "
             "SEC_E_APPLICATION_PROTOCOL_MISMATCH."},

    // IANA registry; RFC 9849 (TLS Encrypted Client Hello), client processing and IANA sections
    {.code = 121,
     .assigned = true,
     .name = "ech_required",
     .aliases = kAliases121,
     .reference = "RFC 9849",
     .ssl3 = Undefined,
     .tls10 = Undefined,
     .tls11_12 = Undefined,
     .tls13 = Fatal,
     .meaning = "The client offered Encrypted ClientHello, the server did not accept it, so the "
                "client gives up.",
     .check = "Usually a stale ECH config in DNS after key rotation or a front end lacking the ECH "
              "key; clients should retry with retry configs. Not used by SChannel or GSKit today.",
     .note = {}},
};

constexpr std::string_view kUnassignedMeaning = "Not assigned in the IANA TLS Alerts registry.";
constexpr std::string_view kUnassignedCheck =
    "A number outside the registry usually means a mis-parsed or non-TLS value (GSKit rc, SChannel "
    "error state, hex read as decimal), or private/experimental use.";

// Builds all 256 entries: unassigned defaults, then the registry rows.
constexpr std::array<AlertInfo, 256> build_table() {
    std::array<AlertInfo, 256> table{};
    for (std::size_t i = 0; i < table.size(); ++i) {
        table[i].code = static_cast<int>(i);
        table[i].meaning = kUnassignedMeaning;
        table[i].check = kUnassignedCheck;
    }
    // TLS 1.3 drafts -11..-18 (tlswg/tls13-spec); OpenSSL 1.1.1, BoringSSL, Wireshark labels.
    table[1].aliases = kAliases1;
    table[1].note =
        "Some tools label 1 end_of_early_data, a warning alert of TLS 1.3 drafts -11 to -18 "
        "that became a handshake message and was never registered.";
    // RFC 5246 App. A.3: "(255)" only sizes the enum; unsupported_extension is 110.
    table[255].note =
        "Copied alert tables often call 255 unsupported_extension; that alert is 110, and 255 "
        "in the RFC enum only marks the field's maximum.";
    for (const AlertInfo& info : kAssigned) {
        table[static_cast<std::size_t>(info.code)] = info;
    }
    return table;
}

constexpr bool codes_ascending() {
    int previous = -1;
    for (const AlertInfo& info : kAssigned) {
        if (info.code <= previous || info.code > 255) {
            return false;
        }
        previous = info.code;
    }
    return true;
}

static_assert(std::size(kAssigned) == 37, "the registry has 37 assigned alert values");
static_assert(codes_ascending(), "assigned codes must be unique, ascending and <= 255");

constexpr std::array<AlertInfo, 256> kTable = build_table();

// Normalization used for name lookup: ASCII lowercase, ' ' and '-' become '_'.
constexpr char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
        return static_cast<char>(c - 'A' + 'a');
    }
    if (c == ' ' || c == '-') {
        return '_';
    }
    return c;
}

constexpr bool same_name(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fold(a[i]) != fold(b[i])) {
            return false;
        }
    }
    return true;
}

constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::string_view to_string(Level level) {
    switch (level) {
        case Level::Fatal:
            return "fatal";
        case Level::Warning:
            return "warning";
        case Level::SenderChooses:
            return "sender chooses";
        case Level::Reserved:
            return "reserved";
        case Level::Undefined:
            return "undefined";
    }
    return "undefined";
}

const AlertInfo& alert(int code) {
    if (code < 0 || code > 255) {
        throw std::out_of_range("TLS alert code out of range 0-255: " + std::to_string(code));
    }
    return kTable[static_cast<std::size_t>(code)];
}

std::span<const AlertInfo> all_alerts() {
    return kTable;
}

std::optional<int> find_alert(std::string_view name_or_alias) {
    const std::string_view wanted = trim(name_or_alias);
    if (wanted.empty()) {
        return std::nullopt;
    }
    for (const AlertInfo& info : kTable) {
        if (!info.name.empty() && same_name(info.name, wanted)) {
            return info.code;
        }
        for (std::string_view alias : info.aliases) {
            if (same_name(alias, wanted)) {
                return info.code;
            }
        }
    }
    return std::nullopt;
}

// Fatal in at least one version and a warning in none. SenderChooses, Reserved
// and Undefined neither qualify nor disqualify, so 42-46 (sender chooses up to
// TLS 1.2, fatal in 1.3) count as usually fatal while 0, 90 and 100 do not.
bool usually_fatal(const AlertInfo& info) {
    const Level levels[] = {info.ssl3, info.tls10, info.tls11_12, info.tls13};
    bool any_fatal = false;
    for (Level level : levels) {
        if (level == Level::Warning) {
            return false;
        }
        any_fatal = any_fatal || level == Level::Fatal;
    }
    return any_fatal;
}

}  // namespace alertscan::catalog
