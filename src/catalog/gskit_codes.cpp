// The GSKit / System SSL return-code catalogue (see gskit_codes.hpp).
//
// Numbers and constant names, as summarised in the project's GSKit research
// note (gskit.md, §2.1-§2.4, §3):
//   - distributed GSKit 8 and IBM i: IBM's own IBM i V5R4 header
//     QSYSINC/H GSKSSL ("GSKit 6B level", friedkiwi/iheaders v5r4/GSKSSL.H)
//     for 0-12, 101-109, 201-206, 301, 401-436, 501-502, 601-602, 701-707,
//     1501-1502 and 1601-1605; Scott Klement's RPG copy of the current IBM i
//     gskssl.h (ScottKlement/httpapi GSKSSL_H.rpgleinc) for 13, 207,
//     437-444, 503, 708-711 and the IBM i 6000-6019 and GSKVAL lists.
//     Descriptions follow Db2 11.5 "GSKit return codes", the Tivoli Storage
//     Manager "IBM Global Security Kit return codes" page, the Tivoli Directory
//     Server 6.3 programming reference and IBM i "Secure socket API error code
//     messages" where those say more than the constant name;
//   - z/OS System SSL: IBM MQ "SSL and TLS return codes" (z/OS System SSL
//     texts), the z/OS gsktrace sample in IBM Developer for z/OS "SSL Alert
//     messages" (exit status 0x0000019e (414)), the TN3270 Q&A for 412, the
//     AT-TLS Q&A for 428, the CICS technote swg21285004 for 435 and CICS APAR
//     PI44136 for 446;
//   - GSKVAL certificate-validation codes: the IBM i numbering of
//     GSKSSL_H.rpgleinc.
// The meaning and check texts are this project's own wording.
#include "catalog/gskit_codes.hpp"

#include <cstddef>
#include <iterator>

namespace alertscan::catalog {

namespace {

using enum GskTable;

constexpr GskCodeInfo dist(int code, std::string_view name, std::string_view meaning,
                           std::string_view check) {
    return {.code = code, .table = Distributed, .name = name, .meaning = meaning, .check = check};
}

constexpr GskCodeInfo zos(int code, std::string_view name, std::string_view meaning,
                          std::string_view check) {
    return {.code = code, .table = ZOS, .name = name, .meaning = meaning, .check = check};
}

constexpr GskCodeInfo val(int code, std::string_view name, std::string_view meaning,
                          std::string_view check) {
    return {.code = code, .table = Validation, .name = name, .meaning = meaning, .check = check};
}

constexpr std::string_view kInternal = "IBM support: internal GSKit error; collect a GSKit trace.";
constexpr std::string_view kAppDefect =
    "Application call-sequence or parameter error, not a TLS problem; IBM support: collect a GSKit "
    "trace.";
constexpr std::string_view kNotAnError = "Not an error.";
constexpr std::string_view kZosInternal =
    "IBM support: internal System SSL error; collect a System SSL trace (GSK_TRACE).";
constexpr std::string_view kZosAppDefect =
    "Application call-sequence or parameter error, not a TLS problem; collect a System SSL trace "
    "(GSK_TRACE).";
constexpr std::string_view kValInternal =
    "IBM support: internal error of the GSKit validation engine; collect a GSKit trace.";
constexpr std::string_view kReissue =
    "The certificate itself is malformed or unusual: inspect it (openssl x509 -text) and have it "
    "re-issued.";
constexpr std::string_view kCrlSource =
    "Check the CRL source (LDAP or HTTP distribution point) is reachable and publishes a current "
    "CRL signed by the CA.";
constexpr std::string_view kOcsp =
    "Check the OCSP responder URL, proxy and firewall, and that the responder answers for this CA.";
constexpr std::string_view kPolicy =
    "Certificate-policy processing failed: compare the chain's policy extensions with the "
    "acceptable policies configured, or have the CA fix them.";
constexpr std::string_view kNameConstraints =
    "Name-constraints processing failed: inspect the CA certificates' name constraints (openssl "
    "x509 -text); the CA may need re-issuing.";

// ---------------------------------------------------------------------------
// Distributed GSKit 8 and IBM i (research note table 2.2 plus the IBM i list).
// ---------------------------------------------------------------------------

constexpr GskCodeInfo kDistributed[] = {
    // gskssl.h V5R4: "may be returned by all functions" (0-12); 13 from GSKSSL_H.rpgleinc.
    dist(0, "GSK_OK", "Success: the GSKit call completed without error.",
         "Nothing to fix here; a failure next to rc 0 comes from a later call or another layer."),
    dist(1, "GSK_INVALID_HANDLE",
         "The environment or connection handle passed to GSKit is not valid.", kAppDefect),
    dist(2, "GSK_API_NOT_AVAILABLE",
         "The GSKit library was unloaded, so its API is not available (Windows).",
         "Check the GSKit installation and that the product loads the GSKit level it ships with; "
         "restart the process."),
    dist(3, "GSK_INTERNAL_ERROR", "GSKit hit an internal error.", kInternal),
    dist(4, "GSK_INSUFFICIENT_STORAGE", "GSKit could not allocate memory.",
         "Check the process memory limits (ulimit, heap size) and the memory use of the process."),
    dist(5, "GSK_INVALID_STATE",
         "The handle is in the wrong state for this call (e.g. initialised twice).", kAppDefect),
    dist(6, "GSK_KEY_LABEL_NOT_FOUND",
         "The requested certificate label is not in the key database.",
         "List the .kdb (gskcapicmd/runmqakm -cert -list) and compare with the configured label "
         "(e.g. SSLServerCert, CERTLABL); labels must match exactly."),
    dist(7, "GSK_CERTIFICATE_NOT_AVAILABLE", "No certificate was received from the partner.",
         "With client authentication, make sure the client has a personal certificate with private "
         "key issued by a CA the server trusts."),
    dist(8, "GSK_ERROR_CERT_VALIDATION", "A certificate failed validation.",
         "Look for a GSKVAL 575xxx code next to it; check the chain, signer certificates in the "
         "key database, validity dates and the clock."),
    dist(9, "GSK_ERROR_CRYPTO", "A cryptographic operation failed.",
         "Check that the private key matches the certificate, the key type/size is supported, and "
         "FIPS or crypto-hardware settings; collect a GSKit trace."),
    dist(10, "GSK_ERROR_ASN", "A certificate has ASN.1 fields GSKit could not decode or validate.",
         "Dump the certificate (openssl x509 -text) and look for malformed fields or extensions; "
         "re-issue or re-import it."),
    dist(11, "GSK_ERROR_LDAP", "GSKit could not connect to the LDAP server (CRL checking).",
         "Check the LDAP server host, port and credentials configured for CRL checking, and "
         "network reachability."),
    dist(12, "GSK_ERROR_UNKNOWN_ERROR", "GSKit reported an unknown internal error.", kInternal),
    dist(13, "GSK_INVALID_PARAMETER", "A parameter passed to a GSKit function is not valid.",
         kAppDefect),

    // gskssl.h V5R4: "may be returned by all _open functions"; texts after Db2 and TDS 6.3.
    dist(101, "GSK_OPEN_CIPHER_ERROR", "Internal error while opening the GSKit environment.",
         kInternal),
    dist(102, "GSK_KEYFILE_IO_ERROR", "I/O error while reading the key database.",
         "Check the .kdb path, read permission for the service user, disk errors, and that the "
         ".kdb, .rdb, .crl and .sth files belong together."),
    dist(103, "GSK_KEYFILE_INVALID_FORMAT", "The key database has an invalid internal format.",
         "The file may be damaged or of another type (e.g. a .p12 given as .kdb); recreate the key "
         "database."),
    dist(104, "GSK_KEYFILE_DUPLICATE_KEY", "Two key database entries hold the same key.",
         "List the key database and remove the duplicate entry."),
    dist(105, "GSK_KEYFILE_DUPLICATE_LABEL", "Two key database entries have the same label.",
         "List the key database and rename or remove one of the entries."),
    dist(106, "GSK_BAD_FORMAT_OR_INVALID_PASSWORD",
         "The key database is corrupt or its password is wrong.",
         "Re-create the stash file (.sth) from the correct password; if the password is right, the "
         ".kdb is damaged."),
    dist(107, "GSK_KEYFILE_CERT_EXPIRED", "The certificate of the default key has expired.",
         "Check the validity dates of the personal certificate in the key database; renew it or "
         "remove the expired entry."),
    dist(108, "GSK_ERROR_LOAD_GSKLIB", "A GSKit library could not be loaded.",
         "Check the GSKit installation, the library path (PATH, LIBPATH, LD_LIBRARY_PATH) and that "
         "32/64-bit levels match."),
    dist(109, "GSK_PENDING_CLOSE_ERROR",
         "A connection was attempted after a delayed environment close began.", kAppDefect),

    // gskssl.h V5R4: "may be returned by gsk_environment_init"; 207 from GSKSSL_H.rpgleinc.
    dist(201, "GSK_NO_KEYFILE_PASSWORD",
         "Neither a key database password nor a stash file was given.",
         "Configure the stash file (.sth next to the .kdb) or the password, and check the stash "
         "file exists and is readable."),
    dist(202, "GSK_KEYRING_OPEN_ERROR", "The key database could not be opened.",
         "Check the configured .kdb path and that the service user can read the .kdb, .rdb and "
         ".sth files."),
    dist(203, "GSK_RSA_TEMP_KEY_PAIR", "A temporary RSA key pair could not be generated.",
         kInternal),
    dist(204, "GSK_ERROR_LDAP_NO_SUCH_OBJECT",
         "The LDAP user object given for CRL access was not found.",
         "Check the LDAP user DN configured for CRL checking."),
    dist(205, "GSK_ERROR_LDAP_INVALID_CREDENTIALS",
         "The LDAP password given for CRL access is wrong.",
         "Check the LDAP password configured for CRL checking."),
    dist(206, "GSK_ERROR_BAD_INDEX", "An index into the LDAP fail-over server list is not valid.",
         "Check the list of LDAP servers configured for CRL checking."),
    dist(207, "GSK_ERROR_FIPS_NO_SUPPORTED",
         "FIPS mode was requested but is not supported (name as spelt in the header).",
         "Check the FIPS setting against the GSKit level and crypto library in use."),

    // gskssl.h V5R4: "may be returned by all _close functions" (an older RPG copy says 203).
    dist(301, "GSK_CLOSE_FAILED", "Closing the environment or connection failed.",
         "Usually harmless at shutdown; if it repeats, collect a GSKit trace for IBM support."),

    // gskssl.h V5R4: "may be returned by gsk_secure_soc_init" (401-436); 437-444 from
    // GSKSSL_H.rpgleinc (IBM i; presence on distributed GSKit not verified).
    dist(401, "GSK_ERROR_BAD_DATE", "A certificate is expired or not yet valid.",
         "Check notBefore/notAfter of own, peer and intermediate certificates, and the system "
         "clock and time zone on both ends."),
    dist(402, "GSK_ERROR_NO_CIPHERS",
         "No cipher suite is available or none is shared with the peer.",
         "Compare enabled cipher specs and protocols on both ends (SSLCipherSpec, SSLCIPH); check "
         "the certificate's key type suits the ciphers."),
    dist(403, "GSK_ERROR_NO_CERTIFICATE",
         "No certificate is available, or none was received from the peer.",
         "Check the personal certificate label exists with its private key; with client "
         "authentication, check the client sent a certificate."),
    dist(404, "GSK_ERROR_BAD_CERTIFICATE", "A certificate is badly formatted or cannot be used.",
         "Inspect the certificate encoding and extensions; re-import it together with its private "
         "key into the key database."),
    dist(405, "GSK_ERROR_UNSUPPORTED_CERTIFICATE_TYPE", "The certificate type is not supported.",
         "Check the certificate's key algorithm and size (RSA, ECDSA) against the enabled cipher "
         "specs and protocol."),
    dist(406, "GSK_ERROR_IO", "Socket I/O error during the handshake.",
         "Network failure or peer reset: check firewalls, load balancers, timeouts and the peer's "
         "own log."),
    dist(407, "GSK_ERROR_BAD_KEYFILE_LABEL", "The configured key label is not valid or not found.",
         "List the key database and compare with the configured label (SSLServerCert, CERTLABL); "
         "it must name a personal certificate with private key."),
    dist(408, "GSK_ERROR_BAD_KEYFILE_PASSWORD", "The key database password is not correct.",
         "Re-create the stash file (.sth) with the right password; check the .sth belongs to the "
         ".kdb in use and is readable."),
    dist(409, "GSK_ERROR_BAD_KEY_LEN_FOR_EXPORT",
         "The key length is not allowed for export ciphers.",
         "Disable export cipher specs, or use a key size they permit."),
    dist(410, "GSK_ERROR_BAD_MESSAGE", "A badly formatted message was received from the peer.",
         "Often a non-TLS peer (plain HTTP or another protocol on the TLS port) or a protocol "
         "mismatch: check ports and protocol settings on both ends."),
    dist(411, "GSK_ERROR_BAD_MAC", "A record failed its integrity (MAC) check.",
         "Look for data corruption by a middlebox or a peer TLS bug; capture the traffic."),
    dist(412, "GSK_ERROR_UNSUPPORTED",
         "A protocol version or feature is not supported; no shared protocol.",
         "Compare enabled protocol versions on both ends (e.g. SSLProtocolDisable, SSLMinProtocol, "
         "FIPS mode) and the cipher specs."),
    dist(413, "GSK_ERROR_BAD_CERT_SIG", "A certificate signature is not correct.",
         "The signer certificate in the key database must be the real issuer (same key); re-import "
         "the right intermediate/root."),
    dist(414, "GSK_ERROR_BAD_CERT",
         "A certificate is not valid: the peer's certificate failed validation.",
         "Add the peer's root and intermediate signer certificates to the key database; check "
         "dates, the clock and any GSKVAL code next to it."),
    dist(415, "GSK_ERROR_BAD_PEER", "The peer violated the SSL/TLS protocol.",
         "Read the peer's log for why it aborted; compare protocol and cipher settings; capture "
         "the handshake."),
    dist(416, "GSK_ERROR_PERMISSION_DENIED", "Permission denied.",
         "Check the service user's access to the key database files, crypto devices and other "
         "configured resources."),
    dist(417, "GSK_ERROR_SELF_SIGNED", "A self-signed certificate cannot be validated.",
         "Add the peer's self-signed certificate as a trusted signer certificate in the key "
         "database, or give the peer a CA-issued certificate."),
    dist(418, "GSK_ERROR_NO_READ_FUNCTION", "No read callback was set.", kAppDefect),
    dist(419, "GSK_ERROR_NO_WRITE_FUNCTION", "No write callback was set.", kAppDefect),
    dist(420, "GSK_ERROR_SOCKET_CLOSED",
         "The partner closed the socket before the handshake completed.",
         "Read the peer's log: it usually rejected our certificate, protocol or ciphers; also "
         "check firewalls, proxies and timeouts."),
    dist(421, "GSK_ERROR_BAD_V2_CIPHER", "An SSLv2 cipher spec is not valid.",
         "Check the SSLv2 cipher settings; SSLv2 should be disabled anyway."),
    dist(422, "GSK_ERROR_BAD_V3_CIPHER", "An SSLv3/TLS cipher spec is not valid.",
         "Check the configured cipher spec names (SSLCipherSpec, SSLCIPH) against those this GSKit "
         "level supports."),
    dist(423, "GSK_ERROR_BAD_SEC_TYPE", "The security protocol type is not valid.",
         "Check the configured protocol setting for values this GSKit level supports."),
    dist(424, "GSK_ERROR_BAD_SEC_TYPE_COMBINATION",
         "The combination of protocol settings is not valid.",
         "Check the enabled and disabled protocol versions for a contradictory combination."),
    dist(425, "GSK_ERROR_HANDLE_CREATION_FAILED", "A GSKit handle could not be created.",
         "Check memory limits of the process; otherwise collect a GSKit trace for IBM support."),
    dist(426, "GSK_ERROR_INITIALIZATION_FAILED", "GSKit initialisation failed.",
         "Check the key database, stash file and certificate messages logged just before it; "
         "collect a GSKit trace."),
    dist(427, "GSK_ERROR_LDAP_NOT_AVAILABLE", "The LDAP server is not available.",
         "Check that the LDAP server used for CRL checking is up and reachable."),
    dist(428, "GSK_ERROR_NO_PRIVATE_KEY", "The key entry has no private key.",
         "The label names a signer certificate: import the personal certificate with its key "
         "(.p12) or receive it into the .kdb that made the request."),
    dist(429, "GSK_ERROR_PKCS11_LIBRARY_NOTLOADED", "The PKCS#11 library could not be loaded.",
         "Check the PKCS#11 driver path and that its 32/64-bit level matches the process."),
    dist(430, "GSK_ERROR_PKCS11_TOKEN_LABELMISMATH",
         "The PKCS#11 token label does not match (name as spelt in IBM's header).",
         "Check the configured PKCS#11 token label."),
    dist(431, "GSK_ERROR_PKCS11_TOKEN_NOTPRESENT", "The PKCS#11 token is not present.",
         "Check the crypto hardware or token is attached and online."),
    dist(432, "GSK_ERROR_PKCS11_TOKEN_BADPASSWORD", "The PKCS#11 token password is wrong.",
         "Check the configured token password or PIN."),
    dist(433, "GSK_ERROR_INVALID_V2_HEADER", "An SSLv2 record header is not valid.",
         "The peer sent SSLv2-style or non-TLS data: check it speaks TLS on this port and its "
         "protocol settings."),
    dist(434, "GSK_CSP_OPEN_ERROR", "The cryptographic service provider could not be opened.",
         "Check the crypto provider (CSP) configuration and installation."),
    dist(435, "GSK_CONFLICTING_ATTRIBUTE_SETTING", "Two GSKit attribute settings conflict.",
         "Review the TLS settings for contradictions (protocol vs ciphers, FIPS vs cipher list); "
         "on z/OS 435 means unknown CA instead."),
    dist(436, "GSK_UNSUPPORTED_PLATFORM", "The function is not supported on this platform.",
         "Check the feature is supported by the GSKit level and operating system in use."),
    dist(437, "GSK_PEERID_NOT_SET_ERROR", "The peer ID was not set (IBM i header).", kInternal),
    dist(438, "GSK_ERROR_INCORRECT_SESSION_TYPE",
         "The session type is wrong for this call (IBM i header).", kAppDefect),
    dist(439, "GSK_ERROR_BAD_TLSV11_CIPHER", "A TLS 1.1 cipher spec is not valid (IBM i header).",
         "Check the TLS 1.1 cipher list in the configuration."),
    dist(440, "GSK_ERROR_PKCS11_DEVICE", "A PKCS#11 device error occurred (IBM i header).",
         "Check the crypto device status and its own log."),
    dist(441, "GSK_ERROR_PKCS11_DEVICE_SEVERE",
         "A severe PKCS#11 device error occurred (IBM i header).",
         "Check the crypto device status and its own log."),
    dist(442, "GSK_ERROR_EMPTY_DATA_SEGMENT", "An empty data segment was received (IBM i header).",
         kInternal),
    dist(443, "GSK_ERROR_NO_RI_INDICATION",
         "The peer gave no secure-renegotiation indication (RFC 5746) (IBM i header).",
         "Update the peer to support RFC 5746 renegotiation indication, or review the "
         "renegotiation setting."),
    dist(444, "GSK_ERROR_SEQNUM_EXHAUSTED",
         "The record sequence number is exhausted (IBM i header).",
         "A very long-lived connection: reconnect or renegotiate periodically."),

    // gskssl.h V5R4: read and write functions; 503 from GSKSSL_H.rpgleinc.
    dist(501, "GSK_INVALID_BUFFER_SIZE", "The read or write buffer size is not valid.", kAppDefect),
    dist(502, "GSK_WOULD_BLOCK", "The operation would block on a non-blocking socket.",
         "Normally retried by the application; not a failure by itself."),
    dist(503, "GSK_ERROR_SSL_CLOSED", "The secure connection has been closed (IBM i header).",
         "The peer or the application closed the session; read the peer's log if unexpected."),

    // gskssl.h V5R4: gsk_secure_soc_misc.
    dist(601, "GSK_ERROR_NOT_SSLV3", "The call needs an SSLv3/TLS session.", kAppDefect),
    dist(602, "GSK_MISC_INVALID_ID", "Invalid function id passed to gsk_secure_soc_misc.",
         kAppDefect),

    // gskssl.h V5R4: gsk_attribute_set_* (701-707); 708-711 from GSKSSL_H.rpgleinc.
    dist(701, "GSK_ATTRIBUTE_INVALID_ID", "An attribute id is not valid for this GSKit level.",
         "The product may need a newer GSKit: check the GSKit level shipped with or required by "
         "the product."),
    dist(702, "GSK_ATTRIBUTE_INVALID_LENGTH", "An attribute value has an invalid length.",
         "Check the lengths of configured strings (labels, cipher lists, paths)."),
    dist(703, "GSK_ATTRIBUTE_INVALID_ENUMERATION", "An attribute enumeration value is not valid.",
         "Check configured option values (protocol, FIPS and validation switches) against the "
         "GSKit level."),
    dist(704, "GSK_ATTRIBUTE_INVALID_SID_CACHE", "The session ID cache setting is not valid.",
         "Check the session cache size and timeout settings."),
    dist(705, "GSK_ATTRIBUTE_INVALID_NUMERIC_VALUE", "A numeric attribute value is out of range.",
         "Check numeric settings such as timeouts and cache sizes."),
    dist(706, "GSK_CONFLICTING_VALIDATION_SETTING", "Certificate validation settings conflict.",
         "Review the CRL, OCSP and validation-mode settings for contradictions."),
    dist(707, "GSK_AES_UNSUPPORTED", "AES ciphers are not supported here.",
         "Remove the AES cipher specs or update the GSKit/crypto support."),
    dist(708, "GSK_PEERID_LENGTH_ERROR", "The peer ID length is not valid.", kInternal),
    dist(709, "GSK_FIPS_CIPHER_INVALID_WHEN_FIPS_MODE_OFF",
         "A FIPS-only cipher was requested while FIPS mode is off.",
         "Enable FIPS mode or remove the FIPS-only cipher spec from the list."),
    dist(710, "GSK_CIPHER_INVALID_WHEN_FIPS_MODE_ON",
         "A cipher not allowed in FIPS mode was requested.",
         "Remove the non-FIPS cipher specs from the list or turn FIPS mode off."),
    dist(711, "GSK_CIPHER_INVALID_WHEN_SUITEB_MODE_ON",
         "A cipher not allowed in Suite B mode was requested.",
         "Use Suite B cipher specs (ECDHE-ECDSA with AES-GCM) or turn Suite B mode off."),

    // gskssl.h V5R4: certificate prompt callback and gsk_start_trace()/gsk_stop_trace().
    dist(1501, "GSK_SC_OK", "The certificate prompt callback answered OK.", kNotAnError),
    dist(1502, "GSK_SC_CANCEL", "The certificate prompt callback was cancelled.",
         "The user or application cancelled certificate selection."),
    dist(1601, "GSK_TRACE_STARTED", "GSKit trace started.", kNotAnError),
    dist(1602, "GSK_TRACE_STOPPED", "GSKit trace stopped.", kNotAnError),
    dist(1603, "GSK_TRACE_NOT_STARTED", "A trace stop was requested but no trace was running.",
         kNotAnError),
    dist(1604, "GSK_TRACE_ALREADY_STARTED",
         "A trace start was requested but a trace is already running.", kNotAnError),
    dist(1605, "GSK_TRACE_OPEN_FAILED", "The GSKit trace file could not be opened.",
         "Check the trace file path and write permission for the service user."),

    // IBM i only, GSKSSL_H.rpgleinc "IBMI specific constants" (older spellings GSK_AS400_ERROR_*
    // in ScottKlement/ftpapi and GSK_OS400_ERROR_* in curl's lib/vtls/gskit.c are accepted by
    // find_gsk_code). 6006 is not defined there and is deliberately absent.
    dist(6000, "GSK_IBMI_ERROR_NOT_TRUSTED_ROOT",
         "The certificate's root CA is not trusted (IBM i).",
         "In DCM, trust the issuing root CA and add it to the application's CA trust list; import "
         "missing intermediate/root certificates."),
    dist(6001, "GSK_IBMI_ERROR_PASSWORD_EXPIRED",
         "The certificate store password has expired (IBM i).",
         "Change the certificate store password in DCM (Digital Certificate Manager)."),
    dist(6002, "GSK_IBMI_ERROR_NOT_REGISTERED",
         "The application is not registered with DCM (IBM i).",
         "Register the application ID in DCM and assign a certificate to it."),
    dist(6003, "GSK_IBMI_ERROR_NO_ACCESS", "Access to the key database is not allowed (IBM i).",
         "Check the job user's authority to the certificate store (e.g. *SYSTEM .KDB) and its "
         "stash file in the IFS, and the application's DCM setup."),
    dist(6004, "GSK_IBMI_ERROR_CLOSED", "The secure session was closed (IBM i).",
         "Check the job log and the peer's log for who closed the session and why."),
    dist(6005, "GSK_IBMI_ERROR_NO_CERTIFICATE_AUTHORITIES",
         "No certificate authorities are trusted for the application (IBM i).",
         "In DCM, define the application's CA trust list or trust the needed CA certificates."),
    dist(6007, "GSK_IBMI_ERROR_NO_INITIALIZE", "The environment was not initialised (IBM i).",
         kAppDefect),
    dist(6008, "GSK_IBMI_ERROR_ALREADY_SECURE", "The socket is already secured (IBM i).",
         kAppDefect),
    dist(6009, "GSK_IBMI_ERROR_NOT_TCP", "The socket is not a TCP socket (IBM i).", kAppDefect),
    dist(6010, "GSK_IBMI_ERROR_INVALID_POINTER", "A pointer argument is not valid (IBM i).",
         kAppDefect),
    dist(6011, "GSK_IBMI_ERROR_TIMED_OUT", "The operation timed out (IBM i).",
         "Check the handshake timeout, network latency and that the peer answers."),
    dist(6012, "GSK_IBMI_ASYNCHRONOUS_RECV", "An asynchronous receive is pending (IBM i).",
         kNotAnError),
    dist(6013, "GSK_IBMI_ASYNCHRONOUS_SEND", "An asynchronous send is pending (IBM i).",
         kNotAnError),
    dist(6014, "GSK_IBMI_ERROR_INVALID_OVERLAPPEDIO_T",
         "The overlapped I/O structure is not valid (IBM i).", kAppDefect),
    dist(6015, "GSK_IBMI_ERROR_INVALID_IOCOMPLETIONPORT",
         "The I/O completion port is not valid (IBM i).", kAppDefect),
    dist(6016, "GSK_IBMI_ERROR_BAD_SOCKET_DESCRIPTOR",
         "The socket descriptor is not valid (IBM i).", kAppDefect),
    dist(6017, "GSK_IBMI_ERROR_CERTIFICATE_REVOKED", "A certificate has been revoked (IBM i).",
         "Check the CRL/OCSP status of the peer's chain and replace the revoked certificate; check "
         "the CRL locations defined in DCM."),
    dist(6018, "GSK_IBMI_ERROR_CRL_INVALID", "A certificate revocation list is not valid (IBM i).",
         kCrlSource),
    dist(6019, "GSK_IBMI_ERROR_ASYNCHRONOUS_SOC_INIT",
         "An asynchronous handshake is in progress (IBM i).", kNotAnError),
};

// ---------------------------------------------------------------------------
// z/OS System SSL (research note §2.4). Only numbers documented for z/OS;
// texts from IBM MQ "SSL and TLS return codes" (z/OS System SSL) unless noted.
// A distributed name is reused only where the z/OS text has the same meaning;
// the name is left empty where the z/OS meaning differs and no z/OS constant
// name is documented (106, 109, 204, 302).
// ---------------------------------------------------------------------------

constexpr GskCodeInfo kZos[] = {
    zos(1, "GSK_INVALID_HANDLE", "The handle passed to System SSL is not valid.", kZosAppDefect),
    zos(3, "GSK_INTERNAL_ERROR", "System SSL hit an internal error.", kZosInternal),
    zos(4, "GSK_INSUFFICIENT_STORAGE", "Not enough storage is available.",
        "Check the address space's REGION and MEMLIMIT."),
    zos(5, "GSK_INVALID_STATE", "The handle is in the wrong state for this call.", kZosAppDefect),
    zos(6, "GSK_KEY_LABEL_NOT_FOUND", "The key label was not found.",
        "Compare the configured label with the key ring (RACDCERT LISTRING) or key database; "
        "labels must match exactly."),
    zos(7, "GSK_CERTIFICATE_NOT_AVAILABLE", "No certificate is available.",
        "Check the key ring has a default or labelled personal certificate with private key, "
        "connected with USAGE(PERSONAL)."),
    zos(8, "GSK_ERROR_CERT_VALIDATION", "A certificate failed validation.",
        "Check the partner chain's CA certificates are connected to the key ring as CERTAUTH and "
        "TRUST status; check dates and the clock."),
    zos(9, "GSK_ERROR_CRYPTO", "A cryptographic operation failed.",
        "Check ICSF is active and the user may use it (CSFSERV/CSFKEYS profiles); collect a System "
        "SSL trace."),
    zos(10, "GSK_ERROR_ASN", "ASN.1 processing of a certificate failed.",
        "Inspect the encoding of the partner's or key ring's certificates; collect a System SSL "
        "trace."),
    zos(11, "GSK_ERROR_LDAP", "LDAP processing failed (CRL checking).",
        "Check the LDAP server configured for CRL checking is reachable and its credentials."),
    zos(12, "GSK_ERROR_UNKNOWN_ERROR", "An unexpected error occurred.", kZosInternal),
    zos(102, "GSK_KEYFILE_IO_ERROR", "Error reading the key database or SAF key ring.",
        "Check the key ring name and owner, the user's access to IRR.DIGTCERT.LISTRING, or the key "
        "database file permissions."),
    zos(103, "GSK_KEYFILE_INVALID_FORMAT", "A key database record has an incorrect format.",
        "The key database is damaged or not a gskkyman database; recreate it."),
    // Same number as distributed GSK_BAD_FORMAT_OR_INVALID_PASSWORD, narrower z/OS text.
    zos(106, "", "The key database password is incorrect (z/OS).",
        "Fix the password or recreate the stash file with gskkyman."),
    // Distributed 109 is GSK_PENDING_CLOSE_ERROR: different meaning, no z/OS name documented.
    zos(109, "", "No certificate authority certificates are available (z/OS).",
        "Connect the CA certificates to the key ring with USAGE(CERTAUTH), or add them to the key "
        "database."),
    zos(201, "GSK_NO_KEYFILE_PASSWORD", "No key database password was supplied.",
        "Supply the key database password or stash file in the configuration."),
    zos(202, "GSK_KEYRING_OPEN_ERROR", "Error opening the key database or key ring.",
        "Check the key ring name/owner and the user's access (IRR.DIGTCERT.LISTRING, RDATALIB) or "
        "file permissions; AT-TLS EZD1281I shows the user."),
    zos(203, "GSK_RSA_TEMP_KEY_PAIR", "A temporary key pair could not be generated.", kZosInternal),
    // Distributed 204 is GSK_ERROR_LDAP_NO_SUCH_OBJECT: different meaning.
    zos(204, "", "The key database password has expired (z/OS).",
        "Change the key database password with gskkyman and recreate the stash file."),
    // Not defined in the distributed table.
    zos(302, "", "The connection is still active, so the request is not allowed (z/OS).",
        kZosAppDefect),
    zos(401, "GSK_ERROR_BAD_DATE", "A certificate is expired or not yet valid.",
        "Check validity dates of key ring certificates (RACDCERT LIST) and the partner's chain, "
        "and the system clock."),
    zos(402, "GSK_ERROR_NO_CIPHERS", "No SSL cipher specifications are available.",
        "Compare cipher lists (TTLSCipherParms, CipherSuite) and enabled protocols on both ends; "
        "check the certificate's key type."),
    zos(403, "GSK_ERROR_NO_CERTIFICATE", "No certificate was received from the partner.",
        "With client authentication the client must send a certificate issued by a CA connected to "
        "this key ring."),
    zos(405, "GSK_ERROR_UNSUPPORTED_CERTIFICATE_TYPE", "The certificate format is not supported.",
        "Check the certificate's key type and size against the ciphers and protocol in use."),
    // TN3270 Q&A: PARM1 19C (412) "SSL protocol or certificate type not supported".
    zos(412, "GSK_ERROR_UNSUPPORTED", "The SSL protocol or certificate type is not supported.",
        "Compare enabled protocol versions (TTLSEnvironmentAdvancedParms) and certificate types on "
        "both ends."),
    // z/OS gsktrace sample ("Exit status 0x0000019e (414)" after alert 46) and gsk_strerror;
    // GSK_ERR_BAD_CERT "Certificate is not valid." from the z/OS gsk_secure_socket_init page.
    zos(414, "GSK_ERR_BAD_CERT", "A certificate is not valid.",
        "The partner's certificate failed validation: connect its CA certificates to the key ring "
        "as CERTAUTH with TRUST status; check dates."),
    // AT-TLS Q&A; z/OS 2.1 "Summary of changes", function return codes: 428 "Key entry does
    // not contain a private key." (z/OS V1R13).
    zos(428, "GSK_ERROR_NO_PRIVATE_KEY", "The key entry has no private key.",
        "The label must name a PERSONAL or SITE certificate with its private key on the ring, and "
        "the user must be allowed to use that key."),
    // CICS technote swg21285004: DFHSO0123 "Return code 435 ... Untrusted Certificate
    // Authority", CICS trace GSK_ERR_UNKNOWN_CA ... 1B3.
    zos(435, "GSK_ERR_UNKNOWN_CA", "The certification authority is unknown (untrusted CA).",
        "Connect the partner's root and intermediate CA certificates to the key ring as CERTAUTH "
        "with TRUST status."),
    // CICS APAR PI44136.
    zos(446, "GSK_ERR_TLS_EXTENSION_MISMATCH",
        "The TLS extensions of client and server do not match.",
        "Compare TLS extension settings on both ends (e.g. server name indication, renegotiation "
        "indication); see CICS APAR PI44136."),
};

// ---------------------------------------------------------------------------
// GSKVAL certificate-validation codes, IBM i numbering of GSKSSL_H.rpgleinc
// (575060 is not defined there and is deliberately absent).
//
// Numbering drift: distributed GSKit 8 prints these codes +2 from 575049 on,
// e.g. runmqakm "GSKVAL_ERR_CA_MISSING_CRITICAL_BASIC_CONSTRAINT (575051)"
// (bdsaen/mqtoolbox README) and the IBM ITX technote's
// "575059 (GSKVAL_ERROR_BAD_ACCEPTABLE_POLICIES)", which are 575049 and 575057
// here. Prefer the name printed in the line; a bare number >= 575043 from a
// distributed product may not mean what this table says. Distributed GSKit
// spells the prefix GSKVAL_ERR_; find_gsk_code() accepts both.
// ---------------------------------------------------------------------------

constexpr GskCodeInfo kValidation[] = {
    val(575001, "GSKVAL_ERROR_UNKNOWN_ERROR", "Unknown error during certificate validation.",
        kValInternal),
    val(575002, "GSKVAL_ERROR_ASN_ERROR", "ASN.1 decoding failed during certificate validation.",
        kReissue),
    val(575003, "GSKVAL_ERROR_KRY_ERROR",
        "A cryptographic error occurred during certificate validation.",
        "Check the signature and key algorithms of the chain are supported (and allowed in FIPS "
        "mode); collect a GSKit trace."),
    val(575004, "GSKVAL_ERROR_DB_ERROR",
        "A key database error occurred during certificate validation.",
        "Check the key database holding the signer certificates is readable and intact."),
    val(575005, "GSKVAL_ERROR_DIR_ERROR",
        "A directory (LDAP) error occurred during certificate validation.",
        "Check access to the LDAP directory used for CRLs or certificates."),
    val(575006, "GSKVAL_ERROR_INVALID_IMPL_LIBRARY",
        "The validation implementation library is not valid.", kValInternal),
    val(575007, "GSKVAL_ERROR_FAILED", "Certificate validation failed.",
        "Check the chain, signer certificates in the key database, validity dates and the clock."),
    val(575008, "GSKVAL_ERROR_NO_APPROPRIATE_VALIDATOR",
        "No suitable validator exists for this certificate.", kValInternal),
    val(575009, "GSKVAL_ERROR_ROOT_NOT_TRUSTED",
        "The root certificate of the chain is not trusted.",
        "Add the partner's root CA to the key database as a trusted signer certificate (or mark it "
        "trusted)."),
    val(575010, "GSKVAL_ERROR_NO_CHAIN_BUILT",
        "No chain to a trusted certificate could be built; an issuer is missing.",
        "Add the missing intermediate and root signer certificates to the key database, or make "
        "the peer send its full chain."),
    val(575011, "GSKVAL_ERROR_SIGALG_MISMATCH",
        "The certificate's two signature algorithm fields disagree.", kReissue),
    val(575012, "GSKVAL_ERROR_SIGNATURE_MISMATCH",
        "A certificate signature does not verify with its issuer's key.",
        "A signer certificate with the same name but another key is in use: import the real issuer "
        "certificate."),
    val(575013, "GSKVAL_ERROR_VER_EXCLUDES_UNIQUE_IDS",
        "The certificate version does not allow unique IDs, yet they are present.", kReissue),
    val(575014, "GSKVAL_ERROR_VER_EXCLUDES_EXTNS",
        "The certificate version does not allow extensions, yet they are present.", kReissue),
    val(575015, "GSKVAL_ERROR_UNKNOWN_VERSION", "The certificate version is unknown.", kReissue),
    val(575016, "GSKVAL_ERROR_BAD_VALIDITY_RANGE",
        "The certificate's validity period is not valid.",
        "Check notBefore/notAfter of the chain (notBefore after notAfter, bad encoding) and the "
        "clock; re-issue if the dates are wrong."),
    val(575017, "GSKVAL_ERROR_CERT_NOT_YET_VALID", "A certificate is not yet valid.",
        "Check notBefore of the chain and the clocks and time zones of both systems."),
    val(575018, "GSKVAL_ERROR_CERT_EXPIRED", "A certificate has expired.",
        "Check notAfter of every chain element, signers in the key database included, and the "
        "clock; renew the expired certificate."),
    val(575019, "GSKVAL_ERROR_UNKNOWN_CRIT_XTNS",
        "A certificate has an unrecognised critical extension.",
        "Inspect the extensions (openssl x509 -text); re-issue without it or update GSKit."),
    val(575020, "GSKVAL_ERROR_DUP_XTNS", "A certificate contains the same extension twice.",
        kReissue),
    val(575021, "GSKVAL_ERROR_DIRNAMES_DONT_MATCH",
        "The authority key identifier's issuer name does not match the issuer.",
        "An issuer certificate with the wrong name is in the chain or key database; import the "
        "right intermediate."),
    val(575022, "GSKVAL_ERROR_SERIAL_NUMBERS_DONT_MATCH",
        "The authority key identifier's serial number does not match the issuer.",
        "An old or wrong issuer certificate is in the chain or key database; import the right "
        "intermediate."),
    val(575023, "GSKVAL_ERROR_KEY_IDS_DONT_MATCH",
        "The authority key identifier does not match the issuer's subject key identifier.",
        "A CA certificate with the same name but another key (e.g. renewed CA) is used; import the "
        "current intermediate/root."),
    val(575024, "GSKVAL_ERROR_UNRECOGNIZED_ISSUERALTNAME",
        "The issuer alternative name is not recognised.", kReissue),
    val(575025, "GSKVAL_ERROR_BASIC_CONTRAINTS_NOT_CA",
        "An issuing certificate is not marked as a CA (name as spelt in the header).",
        "The issuer lacks basicConstraints CA:TRUE: check the right CA certificate is used, or "
        "have it re-issued."),
    val(575026, "GSKVAL_ERROR_PATHLENGTH_WITH_NONCA",
        "A path length constraint is set on a non-CA certificate.", kReissue),
    val(575027, "GSKVAL_ERROR_BASIC_CONSTRAINTS_PATHLENGTH_EXCEEEDED",
        "The chain is longer than a CA's path length limit.",
        "Check the chain for extra intermediates and the CA's pathLenConstraint."),
    val(575028, "GSKVAL_ERROR_NO_SIGN_AUTH",
        "An issuer's key usage does not allow signing certificates.",
        "The CA certificate lacks keyCertSign in its key usage; have it re-issued."),
    val(575029, "GSKVAL_ERROR_NONCA_SIGNED", "A certificate was signed by a non-CA certificate.",
        "The chain uses an end-entity certificate as issuer; obtain a certificate from a real CA."),
    val(575030, "GSKVAL_ERROR_UNRECOGNIZED_SUBJECTALTNAME",
        "The subject alternative name is not recognised.", kReissue),
    val(575031, "GSKVAL_ERROR_INVALID_CHAIN", "The certificate chain is not valid.",
        "Check the order and completeness of the chain sent by the peer and the signer "
        "certificates in the key database."),
    val(575032, "GSKVAL_ERROR_REVOKED_CERT", "A certificate in the chain has been revoked.",
        "Check CRL/OCSP status of the chain and replace the revoked certificate; make sure the "
        "revocation source is current."),
    val(575033, "GSKVAL_ERROR_UNRECOGNIZED_DISTRIBUTION_POINT",
        "A CRL distribution point is not recognised.", kCrlSource),
    val(575034, "GSKVAL_ERROR_NAME_CHAINING_FAILED", "Issuer and subject names do not chain.",
        "An issuer certificate is missing or has a different name: import the right intermediate "
        "and root signer certificates."),
    val(575035, "GSKVAL_ERROR_CERT_NOT_IN_CHAIN", "The certificate is not part of the chain.",
        "Check the chain sent by the peer and the signer certificates in the key database."),
    val(575036, "GSKVAL_ERROR_CRL_NOT_YET_VALID", "A CRL is not yet valid.",
        "Check the clock of this system and the CRL's thisUpdate time."),
    val(575037, "GSKVAL_ERROR_CRL_EXPIRED", "A CRL has expired.", kCrlSource),
    val(575038, "GSKVAL_ERROR_VER_EXCLUDES_CRIT_EXTNS",
        "The certificate version does not allow critical extensions.", kReissue),
    val(575039, "GSKVAL_ERROR_UNKNOWN_CRL_DIST_PTS", "The CRL distribution points are unknown.",
        kCrlSource),
    val(575040, "GSKVAL_ERROR_NO_CRLS_FOR_CRL_DIST_PTS",
        "No CRL was found at the distribution points.", kCrlSource),
    val(575041, "GSKVAL_ERROR_DIST_PTS_DONT_MATCH",
        "The CRL's distribution point does not match the certificate's.", kCrlSource),
    val(575042, "GSKVAL_ERROR_NO_AVAILABLE_CRL_DATASOURCE", "No CRL data source is available.",
        "Configure or fix the CRL source (LDAP server, HTTP CDP access) or review the revocation "
        "checking setting."),
    // GSKSSL_H.rpgleinc: "PKIX specific" from here on.
    val(575043, "GSKVAL_ERROR_NULL_CA_SUBJECT", "A CA certificate has an empty subject name.",
        kReissue),
    val(575044, "GSKVAL_ERROR_NAMES_DONT_CHAIN", "Issuer and subject names do not chain.",
        "The issuer DN must equal the signer's subject DN exactly (encoding included); import the "
        "right intermediate/root."),
    val(575045, "GSKVAL_ERROR_MISSING_SUBJECTALTNAME",
        "A required subject alternative name is missing.",
        "A certificate with an empty subject needs a critical subjectAltName; have it re-issued."),
    val(575046, "GSKVAL_ERROR_UNIQUEID_MISMATCH", "Issuer and subject unique IDs do not match.",
        kReissue),
    val(575047, "GSKVAL_ERROR_NAME_NOT_PERMITTED",
        "A name is outside a CA's permitted name constraints.", kNameConstraints),
    val(575048, "GSKVAL_ERROR_NAME_EXCLUDED", "A name is excluded by a CA's name constraints.",
        kNameConstraints),
    val(575049, "GSKVAL_ERROR_CA_MISSING_CRITICAL_BASIC_CONSTRAINT",
        "A CA certificate's basic constraints are not marked critical.",
        "Have the CA certificate re-issued with critical basicConstraints. Distributed GSKit 8 "
        "prints this as 575051."),
    val(575050, "GSKVAL_ERROR_NAME_CONSTRAINTS_NOT_CRITICAL",
        "A CA's name constraints extension is not marked critical.", kNameConstraints),
    val(575051, "GSKVAL_ERROR_NAME_CONSTRAINTS_MIN_NOT_ZERO",
        "Name constraints set a minimum other than zero.",
        "Distributed GSKit 8 prints CA_MISSING_CRITICAL_BASIC_CONSTRAINT as 575051: trust the "
        "printed name. Otherwise check the CA's name constraints."),
    val(575052, "GSKVAL_ERROR_NAME_CONSTRAINTS_MAX_PRESENT",
        "Name constraints contain a maximum, which is not allowed.", kNameConstraints),
    val(575053, "GSKVAL_ERROR_UNSUPPORTED_NAME_CONSTRAINT",
        "A name constraint form is not supported.", kNameConstraints),
    val(575054, "GSKVAL_ERROR_EMPTY_POLICY_CONSTRAINTS", "A policy constraints extension is empty.",
        kPolicy),
    val(575055, "GSKVAL_ERROR_BAD_CERT_POLICIES", "A certificate policies extension is not valid.",
        kPolicy),
    val(575056, "GSKVAL_ERROR_CERT_POLICIES_NOT_ACCEPTABLE",
        "The chain's certificate policies are not acceptable.", kPolicy),
    val(575057, "GSKVAL_ERROR_BAD_ACCEPTABLE_POLICIES",
        "The set of acceptable policies is not valid.",
        "Distributed GSKit 8 prints this as 575059. Check the acceptable-policy settings and the "
        "chain's policy extensions."),
    val(575058, "GSKVAL_ERROR_POLICY_MAPPINGS_CRITICAL",
        "A policy mappings extension is marked critical.", kPolicy),
    val(575059, "GSKVAL_ERROR_CERT_CUR_VALID_NOT_VALID_IN_RANGE",
        "A certificate is valid now but not over the required range.",
        "Distributed GSKit 8 prints BAD_ACCEPTABLE_POLICIES as 575059: trust the printed name. "
        "Otherwise check the chain's validity dates."),
    val(575061, "GSKVAL_ERROR_NO_UPCALL_PROCESS", "No validation callback process is available.",
        kValInternal),
    val(575062, "GSKVAL_ERROR_EXTKEYUSG_BADAUTH", "The extended key usage does not allow this use.",
        "Check extendedKeyUsage contains serverAuth or clientAuth as the role requires; have the "
        "certificate re-issued."),
    val(575063, "GSKVAL_ERROR_OCSP_UNKNOWNVERSION", "The OCSP response has an unknown version.",
        kOcsp),
    val(575064, "GSKVAL_ERROR_OCSP_UNKNOWNRESPONSE", "The OCSP response type is unknown.", kOcsp),
    val(575065, "GSKVAL_ERROR_OCSP_BAD_KEYUSAGE_XTN",
        "The OCSP responder certificate's key usage is not valid.",
        "The responder certificate needs OCSPSigning in its extended key usage; check the "
        "responder configuration."),
    val(575066, "GSKVAL_ERROR_OCSP_BAD_NONCE",
        "The OCSP response nonce does not match the request.", kOcsp),
    val(575067, "GSKVAL_ERROR_OCSP_MISSING_NONCE", "The OCSP response lacks the requested nonce.",
        "The responder ignores nonces (e.g. cached responses); check it or the nonce setting."),
    val(575068, "GSKVAL_ERROR_OCSP_NO_CLIENT", "No OCSP client is available.", kOcsp),
    val(575961, "GSKVAL_ERROR_REVOCATIONSTATUS_UNDETERMINED",
        "The revocation status could not be determined.",
        "CRL/OCSP sources were unreachable or silent: check CDP/OCSP URLs, proxy and firewall, or "
        "the unknown-revocation-status policy."),
};

constexpr bool well_formed(std::span<const GskCodeInfo> table, GskTable expected) {
    int previous = -1;
    for (const GskCodeInfo& info : table) {
        if (info.code <= previous || info.table != expected || info.meaning.empty()) {
            return false;
        }
        previous = info.code;
    }
    return true;
}

static_assert(std::size(kDistributed) == 98 + 19,
              "table 2.2 has 98 entries and the IBM i list 19 (6000-6019 without 6006)");
static_assert(std::size(kZos) == 29, "29 z/OS numbers are documented in the research note");
static_assert(std::size(kValidation) == 68, "575001-575068 without 575060, plus 575961");
static_assert(well_formed(kDistributed, Distributed), "codes ascending, table and meaning set");
static_assert(well_formed(kZos, ZOS), "codes ascending, table and meaning set");
static_assert(well_formed(kValidation, Validation), "codes ascending, table and meaning set");

// Older or other spellings accepted by find_gsk_code(): the prefix `from` is
// read as `to`.
struct PrefixAlias {
    std::string_view from;
    std::string_view to;
};

constexpr PrefixAlias kPrefixAliases[] = {
    {"GSKVAL_ERR_", "GSKVAL_ERROR_"},  // distributed GSKit 8 (runmqakm, GSKKM messages)
    {"GSK_OS400_", "GSK_IBMI_"},       // curl lib/vtls/gskit.c
    {"GSK_AS400_", "GSK_IBMI_"},       // ScottKlement/ftpapi GSKSSL_H
};

constexpr char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// True when `wanted` spells `name`, directly or through a prefix alias.
constexpr bool name_matches(std::string_view name, std::string_view wanted) {
    if (iequals(name, wanted)) {
        return true;
    }
    for (const PrefixAlias& alias : kPrefixAliases) {
        if (istarts_with(wanted, alias.from) && istarts_with(name, alias.to) &&
            iequals(name.substr(alias.to.size()), wanted.substr(alias.from.size()))) {
            return true;
        }
    }
    return false;
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

std::string_view to_string(GskTable table) {
    switch (table) {
        case GskTable::Distributed:
            return "distributed";
        case GskTable::ZOS:
            return "zos";
        case GskTable::Validation:
            return "validation";
    }
    return "distributed";
}

std::span<const GskCodeInfo> gsk_codes(GskTable table) {
    switch (table) {
        case GskTable::Distributed:
            return kDistributed;
        case GskTable::ZOS:
            return kZos;
        case GskTable::Validation:
            return kValidation;
    }
    return {};
}

std::optional<GskCodeInfo> gsk_code(GskTable table, int code) {
    for (const GskCodeInfo& info : gsk_codes(table)) {
        if (info.code == code) {
            return info;
        }
        if (info.code > code) {
            break;
        }
    }
    return std::nullopt;
}

// Distributed first, so a name shared with the z/OS table (GSK_ERROR_NO_CIPHERS)
// yields the distributed entry; GSK_ERR_* names exist only in the z/OS table.
std::optional<GskCodeInfo> find_gsk_code(std::string_view name) {
    const std::string_view wanted = trim(name);
    if (wanted.empty()) {
        return std::nullopt;
    }
    for (GskTable table : {GskTable::Distributed, GskTable::ZOS, GskTable::Validation}) {
        for (const GskCodeInfo& info : gsk_codes(table)) {
            if (!info.name.empty() && name_matches(info.name, wanted)) {
                return info;
            }
        }
    }
    return std::nullopt;
}

}  // namespace alertscan::catalog
