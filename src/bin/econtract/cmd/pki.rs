//! X.509 inputs the tool reads (certificates, CRLs and trust anchors, as
//! PEM or DER), and what to tell the user when RFC 3161 or X.509 checks
//! refuse something.

use std::path::Path;

use econtract::rfc3161::{MAX_RFC3161_SIZE, Rfc3161Error, TrustAnchors};
use econtract::x509::{self, MAX_X509_SIZE, X509Error};

use crate::error::CliError;
use crate::fsio;

/// The largest PEM or DER file of certificates or CRLs read (a bundle of
/// roots can hold many).
pub const MAX_BUNDLE: usize = 4 << 20;

/// A PEM block: its label and its DER bytes.
type PemBlock = (String, Vec<u8>);

/// The PEM blocks of a text, or `None` when the text holds no `-----BEGIN`
/// line (then it is DER).
fn pem_blocks(bytes: &[u8], shown: &str) -> Result<Option<Vec<PemBlock>>, CliError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(None);
    };
    if !text.contains("-----BEGIN ") {
        return Ok(None);
    }
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start..];
        let label_end = after[11..]
            .find("-----")
            .map(|i| i + 11)
            .ok_or_else(|| bad_pem(shown, "a BEGIN line without its closing dashes"))?;
        let label = &after[11..label_end];
        let end_line = format!("-----END {label}-----");
        let end = after
            .find(&end_line)
            .ok_or_else(|| bad_pem(shown, &format!("no {end_line} line")))?
            + end_line.len();
        let (got, doc) = der::Document::from_pem(&after[..end]).map_err(|e| bad_pem(shown, &e.to_string()))?;
        blocks.push((got.to_owned(), doc.as_bytes().to_vec()));
        rest = &after[end..];
    }
    Ok(Some(blocks))
}

fn bad_pem(shown: &str, why: &str) -> CliError {
    CliError::input_hint(
        shown,
        format!("not a valid PEM file: {why}"),
        "give certificates and CRLs as PEM (as `openssl x509` and `openssl ca -gencrl` write them) or DER",
    )
}

/// Reads X.509 objects of one kind from a file: every PEM block labelled
/// `label` (other blocks are refused), or the whole file as one DER
/// object; each is checked with `check`.
fn read_objects(
    path: &Path,
    label: &str,
    what: &str,
    check: impl Fn(&[u8]) -> Result<(), X509Error>,
) -> Result<Vec<Vec<u8>>, CliError> {
    let bytes = fsio::read_input(path, MAX_BUNDLE, what)?;
    let shown = fsio::name(path);
    let ders = match pem_blocks(&bytes, &shown)? {
        Some(blocks) => {
            let mut out = Vec::with_capacity(blocks.len());
            for (l, der) in blocks {
                if l != label {
                    return Err(CliError::input_hint(
                        &shown,
                        format!("a PEM block labelled {l:?}, not {label:?}"),
                        format!("give a file of {what}s (`-----BEGIN {label}-----`)"),
                    ));
                }
                out.push(der);
            }
            if out.is_empty() {
                return Err(CliError::input(&shown, format!("no {what} in the file")));
            }
            out
        }
        None => {
            if bytes.len() > MAX_X509_SIZE {
                return Err(CliError::input_hint(
                    &shown,
                    format!("larger than the largest {what} accepted ({MAX_X509_SIZE} bytes)"),
                    format!("give one {what} per DER file, or PEM"),
                ));
            }
            vec![bytes]
        }
    };
    for der in &ders {
        check(der).map_err(|e| {
            CliError::input_hint(
                &shown,
                e,
                format!("give X.509 {what}s in DER or PEM, as OpenSSL writes them"),
            )
        })?;
    }
    Ok(ders)
}

/// The certificates (DER) of a PEM or DER file.
pub fn read_certificates(path: &Path) -> Result<Vec<Vec<u8>>, CliError> {
    read_objects(path, "CERTIFICATE", "certificate", x509::check_certificate)
}

/// The CRLs (DER) of a PEM or DER file.
pub fn read_crls(path: &Path) -> Result<Vec<Vec<u8>>, CliError> {
    read_objects(path, "X509 CRL", "CRL", x509::check_crl)
}

/// Trust anchors from root certificate files (PEM or DER), with extra
/// (untrusted) certificates; `option` names the option in messages.
pub fn read_anchors(roots: &[impl AsRef<Path>], extra: &[Vec<u8>], option: &str) -> Result<TrustAnchors, CliError> {
    let mut anchors = TrustAnchors::new();
    for r in roots {
        let r = r.as_ref();
        for der in read_certificates(r)? {
            anchors.add_root_der(&der).map_err(|e| {
                CliError::input_hint(
                    fsio::name(r),
                    e,
                    format!("{option} takes the root certificates you trust, PEM or DER"),
                )
            })?;
        }
    }
    for der in extra {
        anchors.add_extra_der(der).map_err(|e| CliError::input(option, e))?;
    }
    Ok(anchors)
}

/// What to do when an RFC 3161 response or token is refused.
pub fn rfc3161_hint(e: &Rfc3161Error) -> String {
    match e {
        Rfc3161Error::TooLarge { .. } => {
            format!(
                "a time-stamp response is at most {MAX_RFC3161_SIZE} bytes: check that the file is the TSA's answer"
            )
        }
        Rfc3161Error::Malformed { .. } => "the file is not a DER TimeStampResp (application/timestamp-reply): save \
             the TSA's answer exactly as received (curl --data-binary @req.tsq ... -o resp.tsr)"
            .into(),
        Rfc3161Error::NotGranted { .. } => "the authority refused the request: read its status text, fix the \
             request (or ask another TSA) and send a new request"
            .into(),
        Rfc3161Error::UnsupportedAlgorithm(_) => "the TSA signs with an algorithm econtract does not verify (it \
             takes ECDSA P-256, Ed25519 and RSA PKCS#1 v1.5 with SHA-2): use another TSA"
            .into(),
        Rfc3161Error::BadSignature(_) => "the response was altered after the TSA signed it, or is damaged: \
             request a new time-stamp"
            .into(),
        Rfc3161Error::SignerCertificate(_) => "the token does not carry the TSA's certificate: give it with \
             --tsa-cert FILE (or send requests with certReq, as `timestamp --request` does)"
            .into(),
        Rfc3161Error::ImprintMismatch => "the response answers another request: give the --request file that \
             was sent for this response"
            .into(),
        Rfc3161Error::NonceMismatch => "the response is not the answer to this request (its nonce differs): \
             give the --request file that was sent, or request again"
            .into(),
        Rfc3161Error::PolicyMismatch { .. } => {
            "the TSA used another policy than the request asked for: request again without --req-policy, or \
             with a policy the TSA supports"
                .into()
        }
        Rfc3161Error::TsaNameMismatch => {
            "the token names another authority than its signer: do not use this TSA's tokens".into()
        }
        Rfc3161Error::TimeStampingUsage(_) | Rfc3161Error::KeyUsage => "the signer's certificate is not a TSA \
             certificate (RFC 3161 2.3 requires a critical extendedKeyUsage of timeStamping only): use a TSA \
             whose certificate is"
            .into(),
        Rfc3161Error::NotValidAtTime { .. } => "the TSA's certificate (or its CA's) was expired or not yet valid \
             when it signed: check the TSA's clock, or use another TSA"
            .into(),
        Rfc3161Error::UntrustedChain(_) => "the TSA does not chain to a root you trust: give its root CA's \
             certificate with --trust-tsa ROOTS.pem (and intermediates with --tsa-cert) if you trust it"
            .into(),
        _ => "request a new time-stamp".into(),
    }
}

/// What to do when a certificate check refuses a party's identity.
pub fn x509_hint(e: &X509Error) -> &'static str {
    match e {
        X509Error::Malformed { .. } => "the certificate or CRL is damaged: append a good copy",
        X509Error::NoCertificate => "append the party's certificate with `econtract certify TRANSCRIPT --cert FILE`",
        X509Error::KeyUsage(_) => "the party needs a certificate with keyUsage digitalSignature or nonRepudiation",
        X509Error::NotValidAtTime { .. } => "the certificate was not valid when the party signed",
        X509Error::Untrusted(_) => {
            "give --trust-ca with the root of the CA that issued the party's certificate (and --cert for \
             intermediates) if you trust it"
        }
        _ => "check the party's certificate",
    }
}
