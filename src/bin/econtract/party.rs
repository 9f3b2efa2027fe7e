//! A party's files.
//!
//! A party written by `econtract keygen --out DIR` is four files sharing a
//! stem: `STEM.sign.pem` (Ed25519, PKCS#8, mode 0600), `STEM.enc.pem`
//! (X25519, PKCS#8, mode 0600), `STEM.card` (the party card, CBOR, 0644)
//! and `STEM.card.txt` (the card in words and as PEM, 0644). A KEY argument
//! is the stem (`DIR/STEM`), or any of those file names.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use econtract::pkcs8::{self, KeyAlgorithm, MAX_CARD_FILE, MAX_KEY_FILE};
use econtract::{CardSet, PartyCard, PartySecret, UnixTime};

use crate::error::CliError;
use crate::fsio::{self, Output};

/// The four paths of a party's files.
pub struct Paths {
    pub sign: PathBuf,
    pub enc: PathBuf,
    pub card: PathBuf,
    pub text: PathBuf,
}

const SUFFIXES: [&str; 4] = [".sign.pem", ".enc.pem", ".card.txt", ".card"];

impl Paths {
    /// The files of the party at `stem` (or at one of its file names).
    /// Works on the path's bytes: a non-UTF-8 stem stays as it is.
    pub fn of(stem: &Path) -> Paths {
        let raw = stem.as_os_str().as_encoded_bytes();
        let base_len = SUFFIXES
            .iter()
            .find_map(|s| raw.strip_suffix(s.as_bytes()).map(|b| b.len()))
            .unwrap_or(raw.len());
        let base = strip_to(stem, base_len);
        let with = |suffix: &str| {
            let mut s = base.clone();
            s.push(suffix);
            PathBuf::from(s)
        };
        Paths {
            sign: with(".sign.pem"),
            enc: with(".enc.pem"),
            card: with(".card"),
            text: with(".card.txt"),
        }
    }
}

/// The first `len` bytes of `path`, where `len` ends just before an ASCII
/// suffix (so the cut is on a character boundary of any encoding).
fn strip_to(path: &Path, len: usize) -> OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(&path.as_os_str().as_bytes()[..len]).to_os_string()
    }
    #[cfg(not(unix))]
    {
        let s = path.to_string_lossy();
        OsString::from(&s[..len.min(s.len())])
    }
}

/// The file stem for a party name: its letters and digits (of any script)
/// in lower case, other characters as single `-`. Names that differ only
/// in punctuation or case share a stem; `keygen` then refuses to overwrite.
pub fn stem_for(name: &str, party: &PartySecret) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        party.id().to_hex()[..16].to_owned()
    } else {
        out
    }
}

/// The outputs of a new party's four files.
pub fn party_outputs(stem: &Path, party: &PartySecret) -> (Paths, Vec<Output>) {
    let p = Paths::of(stem);
    let outputs = vec![
        Output::private(&p.sign, party.signing_key_pkcs8_pem().as_bytes()),
        Output::private(&p.enc, party.encryption_key_pkcs8_pem().as_bytes()),
        Output::public(&p.card, party.card().as_bytes().to_vec()),
        Output::public(&p.text, pkcs8::card_text(party.card()).into_bytes()),
    ];
    (p, outputs)
}

/// Reads one private key file of the given algorithm: its 32 secret bytes.
pub fn read_key(path: &Path, alg: KeyAlgorithm) -> Result<zeroize::Zeroizing<[u8; 32]>, CliError> {
    let bytes = fsio::read_secret(path, MAX_KEY_FILE)?;
    pkcs8::decode_private_key(&bytes, alg).map_err(|e| CliError::input(path.display(), e))
}

/// Builds a party from two PKCS#8 key files, signing a new card.
pub fn party_from_keys(name: &str, sign: &Path, enc: &Path, created: UnixTime) -> Result<PartySecret, CliError> {
    let s = read_key(sign, KeyAlgorithm::Ed25519)?;
    let e = read_key(enc, KeyAlgorithm::X25519)?;
    PartySecret::from_secrets(name, &s, &e, created)
        .map_err(|err| CliError::input(format!("{} and {}", sign.display(), enc.display()), err))
}

/// Reads a card file (CBOR, or the PEM inside a `.card.txt`).
pub fn read_card(path: &Path) -> Result<PartyCard, CliError> {
    let bytes = fsio::read_input(path, MAX_CARD_FILE, "party card")?;
    pkcs8::decode_card_file(&bytes).map_err(|e| CliError::input(fsio::name(path), e))
}

/// Reads a party from its stem: both keys and its card, which must match.
pub fn read_party(stem: &Path) -> Result<PartySecret, CliError> {
    let p = Paths::of(stem);
    if !fsio::occupied(&p.card) && !fsio::occupied(&p.sign) {
        return Err(CliError::Io {
            what: stem.display().to_string(),
            op: "read the party's files",
            err: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "neither {} nor {} exists (a KEY is the stem keygen printed, such as keys/seller-ltd)",
                    p.card.display(),
                    p.sign.display()
                ),
            ),
        });
    }
    let card = read_card(&p.card)?;
    let party = party_from_keys(card.name(), &p.sign, &p.enc, card.created())?;
    if party.card() != &card {
        return Err(CliError::input_hint(
            p.card.display(),
            format!(
                "the card ({}, party {}) does not belong to the keys {} and {}",
                card.name(),
                card.id(),
                p.sign.display(),
                p.enc.display()
            ),
            "give the stem of one party's files, as keygen wrote them",
        ));
    }
    Ok(party)
}

/// The files in `dir` named `*.ext`, sorted by path.
pub fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, CliError> {
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| CliError::io(dir, "read the directory", e))? {
        let p = entry.map_err(|e| CliError::io(dir, "read the directory", e))?.path();
        if p.extension().is_some_and(|x| x == ext) {
            paths.push(p);
        }
    }
    paths.sort();
    Ok(paths)
}

/// All cards in a directory (files ending in `.card`).
pub fn read_card_dir(dir: &Path) -> Result<CardSet, CliError> {
    let mut set = CardSet::new();
    for p in files_with_ext(dir, "card")? {
        let card = read_card(&p)?;
        if !set.insert(card) {
            return Err(CliError::input_hint(
                p.display(),
                "a second, different card for a party that another card in this directory already names",
                "keep one card per party in the directory",
            ));
        }
    }
    Ok(set)
}

/// The cards of an optional directory.
pub fn card_dir(dir: &Option<PathBuf>) -> Result<CardSet, CliError> {
    match dir {
        Some(d) => read_card_dir(d),
        None => Ok(CardSet::new()),
    }
}

/// The files a party's KEY argument reads (its keys and its card), for the
/// outputs that must not replace them.
pub fn key_inputs(stem: &Path) -> Vec<PathBuf> {
    let p = Paths::of(stem);
    vec![p.sign, p.enc, p.card, p.text]
}

/// The card files of an optional directory, for the same purpose.
pub fn dir_inputs(dir: &Option<PathBuf>) -> Vec<PathBuf> {
    dir.as_ref()
        .and_then(|d| files_with_ext(d, "card").ok())
        .unwrap_or_default()
}
