//! `econtract append`: add records to a transcript, all or none, after
//! checking them against what it holds; `append --repair` undoes what an
//! interrupted append left.
//!
//! A new transcript is written whole to a temporary file and linked into
//! place (two processes creating one transcript: one wins, the other
//! appends to it). An existing one is locked (flock, exclusive), read,
//! checked, and then: a journal `TRANSCRIPT.journal` is written and made
//! durable (the old length, the new length and the SHA-256 of the bytes to
//! append); the records are written in one write at the old end and made
//! durable; the journal is removed. A write that fails (a full disk) is
//! undone at once. A crash leaves the journal: the next `append` refuses,
//! and `append --repair` either keeps the append (when it is all there, as
//! the journal's digest shows) or truncates the transcript to its old
//! length. So after a crash and its repair the transcript is the old one or
//! the new one, never anything else.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use econtract::pkcs8::MAX_CARD_FILE;
use econtract::rfc3161::MessageImprint;
use econtract::statement::MAX_STATEMENT_SIZE;
use econtract::{
    CardLookup, CardSet, ContractId, PartyCard, Record, Statement, StatementId, TimestampToken, TranscriptError,
    TranscriptReader, TranscriptWriter, Verified,
};
use sha2::{Digest, Sha256};

use crate::error::{CliError, EXIT_OK, stdout_line};
use crate::fsio::{self, MODE_PUBLIC, TempFile};
use crate::party;

/// The options of `append`.
#[derive(clap::Args)]
pub struct Args {
    /// The transcript.
    pub transcript: PathBuf,
    /// The contract id (needed to create the transcript).
    #[arg(long)]
    pub contract: Option<String>,
    /// Directory of the cards the transcript's auditors trust: statements
    /// and tokens are verified against them (and the transcript's own),
    /// and a card appended must be one of them.
    #[arg(long)]
    pub cards: Option<PathBuf>,
    /// The transcript is one party's own partial archive (a provider's or
    /// a bank's): a statement may answer one it does not hold.
    #[arg(long)]
    pub partial: bool,
    /// Undo an interrupted append (or cut off a torn last record), after
    /// checking that everything before it verifies; no FILES.
    #[arg(long, conflicts_with = "files")]
    pub repair: bool,
    /// Files holding a card, a statement or a token each (`-`: one from
    /// standard input).
    #[arg(required_unless_present = "repair")]
    pub files: Vec<PathBuf>,
}

/// A record read from a file and verified.
#[allow(clippy::large_enum_variant)]
enum Item {
    Card(PartyCard),
    Statement(Verified<Statement>),
    Token(Verified<TimestampToken>),
}

/// A record from a file, decoded but not yet checked.
#[allow(clippy::large_enum_variant)]
enum Raw {
    Card(PartyCard),
    Statement(Statement),
    Token(TimestampToken),
}

/// What a transcript holds, as far as the checks of an append need.
#[derive(Default)]
pub struct Held {
    /// The cards declared.
    pub cards: CardSet,
    /// The statements' ids.
    pub statements: HashSet<StatementId>,
    /// The SHA-256 of each econtract token.
    pub tokens: HashSet<[u8; 32]>,
    /// The RFC 9921 `3161-ctt` imprint of each statement, with its id.
    pub imprints: HashMap<[u8; 32], StatementId>,
    /// The SHA-256 of each RFC 3161 token, certificate and CRL record.
    pub x509: HashSet<[u8; 32]>,
    /// How many records.
    pub records: usize,
}

/// The transcript's cards, then the trusted ones.
struct Lookup<'a> {
    held: &'a CardSet,
    trusted: &'a CardSet,
}

impl CardLookup for Lookup<'_> {
    fn card(&self, id: &econtract::PartyId) -> Option<&PartyCard> {
        self.held.card(id).or_else(|| self.trusted.card(id))
    }
}

fn journal_path(transcript: &Path) -> PathBuf {
    let mut p = transcript.as_os_str().to_os_string();
    p.push(".journal");
    PathBuf::from(p)
}

/// Appends the files' records.
pub fn run(a: Args) -> Result<u8, CliError> {
    let given = a.contract.as_deref().map(super::contract_arg).transpose()?;
    if a.files.iter().filter(|f| fsio::is_dash(f)).count() > 1 {
        return Err(CliError::usage("`-` (standard input) can be given only once"));
    }
    let trusted = match &a.cards {
        Some(d) => Some(party::read_card_dir(d)?),
        None => None,
    };
    let mut raws = Vec::with_capacity(a.files.len());
    for f in &a.files {
        raws.push((f.clone(), read_record_file(f)?));
    }
    let t = &a.transcript;
    loop {
        let file = match OpenOptions::new().read(true).write(true).open(t) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let contract = given.clone().ok_or_else(|| {
                    CliError::usage(format!(
                        "{} does not exist: give --contract ID to create it",
                        t.display()
                    ))
                })?;
                let items = check(&raws, &mut Held::default(), &contract, trusted.as_ref(), &a)?;
                let mut w = TranscriptWriter::create(Vec::new(), &contract).map_err(|e| CliError::io(t, "write", e))?;
                write_items(&mut w, &items).map_err(|e| CliError::io(t, "write", e))?;
                let bytes = w.finish().map_err(|e| CliError::io(t, "write", e))?;
                let mut tmp = TempFile::new(t, MODE_PUBLIC)?;
                tmp.write_all_sync(&bytes, t)?;
                match tmp.commit(t, false) {
                    // Created meanwhile by another process: append to it.
                    Err(CliError::Exists(_)) => continue,
                    other => other?,
                }
                fsio::sync_dir(&fsio::parent(t))?;
                return summary(t, &items, true);
            }
            Err(e) => return Err(CliError::io(t, "open", e)),
        };
        return append_existing(file, &raws, given.as_ref(), trusted.as_ref(), &a);
    }
}

fn append_existing(
    file: File,
    raws: &[(PathBuf, Raw)],
    given: Option<&ContractId>,
    trusted: Option<&CardSet>,
    a: &Args,
) -> Result<u8, CliError> {
    let t = &a.transcript;
    let items = append_locked(file, t, |contract, held| {
        if let Some(g) = given.filter(|g| *g != contract) {
            return Err(CliError::usage(format!(
                "{} is the transcript of contract {contract}, not {g}",
                t.display()
            )));
        }
        let items = check(raws, held, contract, trusted, a)?;
        let mut w = TranscriptWriter::append(Vec::new());
        write_items(&mut w, &items).map_err(|e| CliError::io(t, "write", e))?;
        let bytes = w.finish().map_err(|e| CliError::io(t, "write", e))?;
        Ok((bytes, items))
    })?;
    summary(t, &items, false)
}

/// Opens an existing transcript for an append (read-write; a missing one
/// is an error naming `econtract append --contract ID`, which creates it).
pub fn open_existing(t: &Path) -> Result<File, CliError> {
    OpenOptions::new().read(true).write(true).open(t).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CliError::input_hint(
                t.display(),
                "the transcript does not exist",
                format!(
                    "create it first with `econtract append {} --contract ID --cards DIR CARDS...`",
                    t.display()
                ),
            )
        } else {
            CliError::io(t, "open", e)
        }
    })
}

/// Appends to an existing transcript under its lock, as SPEC.md 16.1 says:
/// the transcript is locked (flock, exclusive), refused if a journal or a
/// torn tail is there, read; `build` checks the new records against what
/// it holds and returns their encoded bytes (records only, no header) and
/// a value for the caller; then the journal is written and made durable,
/// the bytes are written in one write at the old end and made durable, and
/// the journal is removed. A failed write is undone at once. Nothing is
/// written if `build` fails or returns no bytes.
pub fn append_locked<R>(
    mut file: File,
    t: &Path,
    build: impl FnOnce(&ContractId, &mut Held) -> Result<(Vec<u8>, R), CliError>,
) -> Result<R, CliError> {
    let meta = file.metadata().map_err(|e| CliError::io(t, "read", e))?;
    if !meta.is_file() {
        return Err(CliError::io(
            t,
            "append to",
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        ));
    }
    file.lock().map_err(|e| CliError::io(t, "lock", e))?;
    let journal = journal_path(t);
    if fsio::occupied(&journal) {
        return Err(CliError::input_hint(
            t.display(),
            format!("an earlier append was interrupted ({} exists)", journal.display()),
            format!("run `econtract append --repair {}` first", t.display()),
        ));
    }
    let (contract, mut held, old_len) = read_held(&file, t, None)?;
    let (bytes, out) = build(&contract, &mut held)?;
    if bytes.is_empty() {
        return Ok(out);
    }
    let new_len = old_len + bytes.len() as u64;
    fsio::check_file_size_limit(t, new_len)?;
    // The journal first: a crash from here on is repaired from it.
    let mut j = TempFile::new(&journal, fsio::MODE_PRIVATE)?;
    j.write_all_sync(
        format!(
            "econtract append journal 1\nold {old_len}\nnew {new_len}\nsha256 {}\n",
            super::hex(&Sha256::digest(&bytes))
        )
        .as_bytes(),
        &journal,
    )?;
    j.commit(&journal, false)?;
    fsio::sync_dir(&fsio::parent(t))?;
    let written = file
        .seek(SeekFrom::Start(old_len))
        .and_then(|_| fsio::write_with_crash_points(&mut file, &bytes))
        .and_then(|_| {
            fsio::crash_point("fsync transcript");
            file.sync_all()
        });
    if let Err(e) = written {
        // Undo at once: the transcript is as it was.
        let undone = file.set_len(old_len).and_then(|_| file.sync_all());
        if undone.is_ok() {
            let _ = std::fs::remove_file(&journal);
            let _ = fsio::sync_dir(&fsio::parent(t));
        }
        return Err(CliError::io(t, "append to", e));
    }
    fsio::crash_point("remove journal");
    std::fs::remove_file(&journal).map_err(|e| CliError::io(&journal, "remove", e))?;
    fsio::sync_dir(&fsio::parent(t))?;
    Ok(out)
}

fn summary(t: &Path, items: &[Item], created: bool) -> Result<u8, CliError> {
    let count = |f: fn(&Item) -> bool| items.iter().filter(|i| f(i)).count();
    stdout_line(format_args!(
        "{} {}: {} records ({} cards, {} statements, {} tokens)",
        if created { "created" } else { "appended to" },
        t.display(),
        items.len(),
        count(|i| matches!(i, Item::Card(_))),
        count(|i| matches!(i, Item::Statement(_))),
        count(|i| matches!(i, Item::Token(_))),
    ))?;
    Ok(EXIT_OK)
}

fn write_items(w: &mut TranscriptWriter<Vec<u8>>, items: &[Item]) -> std::io::Result<()> {
    for i in items {
        match i {
            Item::Card(c) => w.card(c)?,
            Item::Statement(s) => w.statement(s)?,
            Item::Token(t) => w.token(t)?,
        }
    }
    Ok(())
}

/// Reads one file given to `append`: a card, a statement or a token.
fn read_record_file(f: &Path) -> Result<Raw, CliError> {
    let bytes = fsio::read_input(f, MAX_CARD_FILE.max(MAX_STATEMENT_SIZE), "card, statement or token")?;
    if let Ok(card) = econtract::pkcs8::decode_card_file(&bytes) {
        return Ok(Raw::Card(card));
    }
    if let Ok(s) = Statement::decode(&bytes) {
        return Ok(Raw::Statement(s));
    }
    if let Ok(t) = TimestampToken::decode(&bytes) {
        return Ok(Raw::Token(t));
    }
    Err(CliError::input_hint(
        super::shown(f),
        "not a party card, a statement or a time-stamp token",
        super::looks_like(
            &bytes,
            "the exact bytes of a card, a statement or a token (envelopes are opened with `open --statement-out` first)",
            "append",
        ),
    ))
}

/// Checks the new records, in order, against what the transcript holds
/// (and what came before them in this run); refuses at the first problem.
fn check(
    raws: &[(PathBuf, Raw)],
    held: &mut Held,
    contract: &ContractId,
    trusted: Option<&CardSet>,
    a: &Args,
) -> Result<Vec<Item>, CliError> {
    let none = CardSet::new();
    let mut items = Vec::with_capacity(raws.len());
    for (f, raw) in raws {
        let bad = |msg: String, hint: &str| CliError::input_hint(super::shown(f), msg, hint.to_string());
        match raw {
            Raw::Card(card) => {
                let id = card.id();
                let Some(trust) = trusted else {
                    return Err(bad(
                        format!("a card ({}, party {id}) can only be appended with --cards", card.name()),
                        "give --cards DIR, the cards the transcript's auditors trust, so that a card outside them \
                         is not written into the transcript",
                    ));
                };
                match trust.card(&id) {
                    Some(c) if c == card => {}
                    Some(_) => {
                        return Err(bad(
                            format!(
                                "the card of {} (party {id}) differs from the one in --cards",
                                card.name()
                            ),
                            "append the party's card from the trusted directory",
                        ));
                    }
                    None => {
                        return Err(bad(
                            format!(
                                "the card of {} (party {id}) is not among the trusted cards",
                                card.name()
                            ),
                            "an auditor could not verify the transcript: add the card to the --cards directory \
                             first if you trust it",
                        ));
                    }
                }
                match held.cards.card(&id) {
                    Some(c) if c == card => {
                        return Err(bad(
                            format!("the card of {} is already in the transcript", card.name()),
                            "leave it out",
                        ));
                    }
                    Some(_) => {
                        return Err(bad(
                            format!("a second, different card for {} (party {id})", card.name()),
                            "a party has one card per transcript",
                        ));
                    }
                    None => {}
                }
                held.cards.insert(card.clone());
                items.push(Item::Card(card.clone()));
            }
            Raw::Statement(s) => {
                if s.contract() != contract {
                    return Err(bad(
                        format!("a statement of contract {}, not {contract}", s.contract()),
                        "append it to its own contract's transcript",
                    ));
                }
                if held.statements.contains(&s.id()) {
                    return Err(bad(
                        format!("statement {} ({}) is already in the transcript", s.id(), s.kind()),
                        "leave it out",
                    ));
                }
                if !a.partial
                    && let Some(missing) = s.answers().iter().find(|id| !held.statements.contains(id))
                {
                    return Err(bad(
                        format!("it answers statement {missing}, which the transcript does not hold"),
                        "append the statement it answers first (or, for one party's own partial archive, \
                             give --partial)",
                    ));
                }
                let lookup = Lookup {
                    held: &held.cards,
                    trusted: trusted.unwrap_or(&none),
                };
                let v = s.clone().verify(&lookup).map_err(|e| match e {
                    econtract::VerifyError::UnknownSigner(id) => bad(
                        format!(
                            "{} party {id}, whose card is neither in the transcript nor in --cards",
                            if id == s.sender() {
                                "signed by"
                            } else {
                                "it carries a proof signed by"
                            }
                        ),
                        "append the signer's card first, from a --cards directory that holds it",
                    ),
                    e => bad(
                        e.to_string(),
                        "the statement was altered after it was signed, or is not the one you meant",
                    ),
                })?;
                held.statements.insert(s.id());
                held.imprints.insert(*MessageImprint::for_statement(s).digest(), s.id());
                items.push(Item::Statement(v));
            }
            Raw::Token(t) => {
                if !held.statements.contains(&t.imprint()) {
                    return Err(bad(
                        format!(
                            "a token for statement {}, which the transcript does not hold",
                            t.imprint()
                        ),
                        "append the statement before its token",
                    ));
                }
                let digest: [u8; 32] = Sha256::digest(t.as_bytes()).into();
                if held.tokens.contains(&digest) {
                    return Err(bad(
                        format!("this token (serial {}) is already in the transcript", t.serial()),
                        "leave it out",
                    ));
                }
                let lookup = Lookup {
                    held: &held.cards,
                    trusted: trusted.unwrap_or(&none),
                };
                let v = t.clone().verify(&lookup).map_err(|e| {
                    bad(
                        e.to_string(),
                        "the authority's card must be in the transcript or in --cards",
                    )
                })?;
                held.tokens.insert(digest);
                items.push(Item::Token(v));
            }
        }
    }
    Ok(items)
}

/// Reads what the transcript holds, up to `limit` bytes if given: its
/// contract, its records' ids, and where its last whole record ends. With
/// `verify`, every statement and token is verified too.
fn read_held(file: &File, t: &Path, limit: Option<u64>) -> Result<(ContractId, Held, u64), CliError> {
    let (contract, held, end, torn) = scan(file, t, limit, None)?;
    if let Some((index, offset)) = torn {
        return Err(CliError::input_hint(
            t.display(),
            format!("record {index} at byte {offset} is cut short (a torn tail, left by an interrupted write)"),
            format!(
                "run `econtract append --repair {}` to remove it after checking the rest",
                t.display()
            ),
        ));
    }
    Ok((contract, held, end))
}

type Scanned = (ContractId, Held, u64, Option<(usize, u64)>);

/// Reads the transcript (up to `limit` bytes): what it holds, where its
/// whole records end, and a torn tail if there is one. With `trusted`,
/// every statement and token is verified as it is read.
fn scan(file: &File, t: &Path, limit: Option<u64>, trusted: Option<&CardSet>) -> Result<Scanned, CliError> {
    let mut f = file.try_clone().map_err(|e| CliError::io(t, "read", e))?;
    f.seek(SeekFrom::Start(0)).map_err(|e| CliError::io(t, "read", e))?;
    let input: Box<dyn Read> = match limit {
        Some(n) => Box::new(BufReader::new(f).take(n)),
        None => Box::new(BufReader::new(f)),
    };
    let damaged = |e: TranscriptError| {
        CliError::input_hint(
            t.display(),
            format!("the transcript is damaged: {e}"),
            "it is not written to; keep it as evidence and rebuild a transcript from the parties' records",
        )
    };
    let mut reader = TranscriptReader::new(input).map_err(damaged)?;
    let contract = reader.contract().clone();
    let mut held = Held::default();
    let none = CardSet::new();
    loop {
        let end = reader.bytes_read();
        match reader.next_record() {
            Ok(None) => return Ok((contract, held, end, None)),
            Err(TranscriptError::TornTail { index, offset }) => {
                return Ok((contract, held, offset, Some((index, offset))));
            }
            Err(e) => return Err(damaged(e)),
            Ok(Some((index, record))) => {
                held.records = index + 1;
                let lookup = Lookup {
                    held: &held.cards,
                    trusted: trusted.unwrap_or(&none),
                };
                let unverifiable = |e: econtract::VerifyError| {
                    CliError::input_hint(
                        t.display(),
                        format!("record {index} does not verify: {e}"),
                        "nothing was removed; give --cards DIR if a signer's card is not in the transcript",
                    )
                };
                match record {
                    Record::Card(c) => {
                        let party = c.id();
                        if !held.cards.insert(c) {
                            return Err(damaged(TranscriptError::CardConflict { index, party }));
                        }
                    }
                    Record::Statement(s) => {
                        if trusted.is_some() {
                            s.clone().verify(&lookup).map_err(unverifiable)?;
                        }
                        held.statements.insert(s.id());
                        held.imprints
                            .insert(*MessageImprint::for_statement(&s).digest(), s.id());
                    }
                    Record::Token(tok) => {
                        if trusted.is_some() {
                            tok.clone().verify(&lookup).map_err(unverifiable)?;
                        }
                        held.tokens.insert(Sha256::digest(tok.as_bytes()).into());
                    }
                    // Checked to be DER when read; verified by `audit`
                    // under the auditor's anchors (SPEC.md 7.1, 11.1).
                    Record::Rfc3161(tok) => {
                        held.x509.insert(Sha256::digest(tok.as_der()).into());
                    }
                    Record::Certificate(der) | Record::Crl(der) => {
                        held.x509.insert(Sha256::digest(&der).into());
                    }
                }
            }
        }
    }
}

/// `append --repair`: undoes an interrupted append, or cuts off a torn
/// last record, after checking that everything before it verifies.
pub fn repair(t: &Path, cards: &Option<PathBuf>) -> Result<u8, CliError> {
    let trusted = party::card_dir(cards)?;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(t)
        .map_err(|e| CliError::io(t, "open", e))?;
    let meta = file.metadata().map_err(|e| CliError::io(t, "read", e))?;
    if !meta.is_file() {
        return Err(CliError::io(
            t,
            "repair",
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        ));
    }
    file.lock().map_err(|e| CliError::io(t, "lock", e))?;
    let len = file.metadata().map_err(|e| CliError::io(t, "read", e))?.len();
    let journal = journal_path(t);
    let cut = if fsio::occupied(&journal) {
        let text = fsio::read_input(&journal, 256, "append journal")?;
        let (old, new, digest) = parse_journal(&text).ok_or_else(|| {
            CliError::input_hint(
                journal.display(),
                "not an append journal",
                "nothing was changed; move the file away if it is not the tool's",
            )
        })?;
        if len == new && appended_digest(&file, t, old, new)? == digest {
            // The append had finished: keep it.
            scan(&file, t, None, Some(&trusted))?;
            remove_journal(&journal, t)?;
            stdout_line(format_args!(
                "{}: the interrupted append had completed; nothing removed",
                t.display()
            ))?;
            return Ok(EXIT_OK);
        }
        if len < old {
            return Err(CliError::input_hint(
                t.display(),
                format!("shorter ({len} bytes) than before the interrupted append ({old} bytes)"),
                "nothing was changed: the transcript lost data that no append removes; restore it from a backup",
            ));
        }
        Some((old, "the interrupted append".to_string()))
    } else {
        match scan(&file, t, None, Some(&trusted))? {
            (_, _, _, Some((index, offset))) => Some((offset, format!("record {index}, cut short"))),
            _ => None,
        }
    };
    let Some((keep, what)) = cut else {
        stdout_line(format_args!("{}: nothing to repair", t.display()))?;
        return Ok(EXIT_OK);
    };
    // Everything kept must verify before anything is removed.
    let (_, held, end, torn) = scan(&file, t, Some(keep), Some(&trusted))?;
    if torn.is_some() || end != keep {
        return Err(CliError::input(
            t.display(),
            format!("the first {keep} bytes do not end on a whole record; nothing was changed"),
        ));
    }
    let removed = len - keep;
    fsio::crash_point("truncate");
    file.set_len(keep)
        .and_then(|_| file.sync_all())
        .map_err(|e| CliError::io(t, "truncate", e))?;
    if fsio::occupied(&journal) {
        remove_journal(&journal, t)?;
    }
    stdout_line(format_args!(
        "{}: removed {removed} bytes after byte {keep} ({what}); {} whole records kept, and they verify",
        t.display(),
        held.records
    ))?;
    Ok(EXIT_OK)
}

fn remove_journal(journal: &Path, t: &Path) -> Result<(), CliError> {
    std::fs::remove_file(journal).map_err(|e| CliError::io(journal, "remove", e))?;
    fsio::sync_dir(&fsio::parent(t))
}

fn parse_journal(text: &[u8]) -> Option<(u64, u64, String)> {
    let text = std::str::from_utf8(text).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "econtract append journal 1" {
        return None;
    }
    let old = lines.next()?.strip_prefix("old ")?.parse().ok()?;
    let new = lines.next()?.strip_prefix("new ")?.parse().ok()?;
    let digest = lines.next()?.strip_prefix("sha256 ")?.to_owned();
    (new >= old && digest.len() == 64).then_some((old, new, digest))
}

fn appended_digest(file: &File, t: &Path, old: u64, new: u64) -> Result<String, CliError> {
    let mut f = file.try_clone().map_err(|e| CliError::io(t, "read", e))?;
    f.seek(SeekFrom::Start(old)).map_err(|e| CliError::io(t, "read", e))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f.take(new - old), &mut HashWriter(&mut h)).map_err(|e| CliError::io(t, "read", e))?;
    Ok(super::hex(&h.finalize()))
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
