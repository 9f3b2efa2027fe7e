//! `econtract keygen`: a new party's keys and card; with `--csr`, also a
//! PKCS#10 certification request for its signing key, for a certificate
//! authority to sign (or, with `--key`, the request alone for an existing
//! party's key).

use std::path::{Path, PathBuf};

use econtract::PartySecret;
use getrandom::SysRng;
use rand_core::UnwrapErr;

use crate::error::{CliError, EXIT_OK, stdout_line};
use crate::fsio::{self, Output};
use crate::party;
use econtract::pkcs8::KeyAlgorithm;

/// The options of `keygen`.
#[derive(clap::Args)]
pub struct Args {
    /// The party's name, as its card will show it.
    #[arg(long, required_unless_present = "key")]
    pub name: Option<String>,
    /// Directory to write the files to (created if absent).
    #[arg(long, required_unless_present = "key")]
    pub out: Option<PathBuf>,
    /// Use this Ed25519 key (for example from `openssl genpkey -algorithm ed25519`).
    #[arg(long, requires = "encryption_key")]
    pub signing_key: Option<PathBuf>,
    /// Use this X25519 key (for example from `openssl genpkey -algorithm x25519`).
    #[arg(long, requires = "signing_key")]
    pub encryption_key: Option<PathBuf>,
    /// The card's creation time (RFC 3339); default now.
    #[arg(long)]
    pub time: Option<String>,
    /// Replace the party's files if they exist.
    #[arg(long)]
    pub force: bool,
    /// Also write a PKCS#10 certification request (PEM) for the signing
    /// key, signed by it, for a certificate authority (`openssl ca`).
    #[arg(long, value_name = "FILE", requires = "subject")]
    pub csr: Option<PathBuf>,
    /// The request's subject, RFC 4514, most specific first:
    /// "CN=Seller Ltd,O=Seller Ltd,C=GB".
    #[arg(long, value_name = "DN", requires = "csr")]
    pub subject: Option<String>,
    /// An organizationIdentifier (OID 2.5.4.97) to add to the subject, such
    /// as an LEI: LEIXG-<20 characters> (ETSI EN 319 412-1).
    #[arg(long, value_name = "ID", requires = "csr")]
    pub organization_identifier: Option<String>,
    /// Write only the request, for this existing party (its stem, as keygen
    /// printed it, or an Ed25519 PKCS#8 key file).
    #[arg(long, value_name = "KEY", requires = "csr", conflicts_with_all = ["name", "out", "signing_key", "encryption_key", "time"])]
    pub key: Option<PathBuf>,
}

/// Writes the party's four files (and its request), all or none.
pub fn run(a: Args) -> Result<u8, CliError> {
    let subject = a
        .subject
        .as_deref()
        .map(|s| super::csr::subject(s, a.organization_identifier.as_deref()))
        .transpose()?;
    if let Some(key) = &a.key {
        return request_only(&a, key, subject);
    }
    let (Some(name), Some(out)) = (&a.name, &a.out) else {
        return Err(CliError::usage(
            "give --name and --out (or --key KEY --csr FILE for an existing party)",
        ));
    };
    let created = super::time_arg("--time", &a.time)?;
    let keys = a.signing_key.clone().zip(a.encryption_key.clone());
    let party = match &keys {
        Some((s, e)) => party::party_from_keys(name, s, e, created)?,
        None => PartySecret::generate(name, created, &mut UnwrapErr(SysRng))
            .map_err(|e| CliError::usage(format!("--name: {e}")))?,
    };
    let mut dir = std::fs::DirBuilder::new();
    dir.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        dir.mode(0o755);
    }
    dir.create(out)
        .map_err(|e| CliError::io(out, "create the directory", e))?;
    let stem = out.join(party::stem_for(name, &party));
    let (paths, mut outputs) = party::party_outputs(&stem, &party);
    if let (Some(csr), Some(subject)) = (&a.csr, subject.clone()) {
        let pem = super::csr::request_pem(&party.signing_seed(), subject)?;
        outputs.push(Output::public(csr, pem.into_bytes()));
    }
    let inputs: Vec<&Path> = keys.iter().flat_map(|(s, e)| [s.as_path(), e.as_path()]).collect();
    fsio::commit_outputs(outputs, a.force, &inputs)?;
    stdout_line(format_args!("party {} ({})", party.name(), party.id()))?;
    for f in [&paths.sign, &paths.enc, &paths.card, &paths.text] {
        stdout_line(format_args!("  wrote {}", f.display()))?;
    }
    if let Some(csr) = &a.csr {
        stdout_line(format_args!("  wrote {} ({})", csr.display(), described(&a)))?;
    }
    Ok(EXIT_OK)
}

/// `keygen --key KEY --csr FILE`: a request for an existing party's
/// signing key; nothing else is written.
fn request_only(a: &Args, key: &Path, subject: Option<x509_cert::name::Name>) -> Result<u8, CliError> {
    let (Some(csr), Some(subject)) = (&a.csr, subject) else {
        return Err(CliError::usage("--key needs --csr FILE and --subject DN"));
    };
    // A stem (or one of its files) names the party's signing key file;
    // any other file is taken as an Ed25519 PKCS#8 key itself.
    let paths = party::Paths::of(key);
    let sign = if fsio::occupied(&paths.sign) || !fsio::occupied(key) {
        paths.sign.clone()
    } else {
        key.to_owned()
    };
    let seed = party::read_key(&sign, KeyAlgorithm::Ed25519)?;
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    // The party, when its card is there and holds this key.
    let card = fsio::occupied(&paths.card)
        .then(|| party::read_card(&paths.card).ok())
        .flatten()
        .filter(|c| c.signing_key() == &public);
    let pem = super::csr::request_pem(&seed, subject)?;
    let mut inputs = party::key_inputs(key);
    inputs.push(sign.clone());
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    fsio::commit_outputs(vec![Output::public(csr, pem.into_bytes())], a.force, &inputs)?;
    match card {
        Some(c) => stdout_line(format_args!("party {} ({})", c.name(), c.id()))?,
        None => stdout_line(format_args!("Ed25519 key {}", super::hex(&public)))?,
    }
    stdout_line(format_args!("  wrote {} ({})", csr.display(), described(a)))?;
    Ok(EXIT_OK)
}

/// The request's subject in words, as the user wrote it.
fn described(a: &Args) -> String {
    let mut s = format!("certification request for {}", a.subject.as_deref().unwrap_or_default());
    if let Some(o) = &a.organization_identifier {
        s.push_str(&format!(", organizationIdentifier {o}"));
    }
    s
}
