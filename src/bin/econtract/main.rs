//! `econtract`: the command-line tool for parties and auditors.
//!
//! Exit status: 0 success (for `audit`: valid, complete or in progress
//! without findings), 1 findings (`audit`), 2 unreadable, unverifiable or
//! invalid input. Errors are one line on standard error.

#![forbid(unsafe_code)]

mod keyfile;

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use econtract::audit::{Entry, EntryKind};
use econtract::*;
use getrandom::SysRng;
use rand_core::UnwrapErr;
use serde_json::json;

/// A failure (bad input: a file, an argument, a message), printed as one
/// line.
#[derive(Debug)]
pub struct Fail(String);

impl Fail {
    pub fn input(msg: String) -> Fail {
        Fail(msg)
    }
    pub fn io(path: &Path, e: std::io::Error) -> Fail {
        Fail(format!("{}: {e}", path.display()))
    }
    pub fn internal(e: impl std::fmt::Display) -> Fail {
        Fail(format!("internal error: {e}"))
    }
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Parser)]
#[command(
    name = "econtract",
    version,
    about = "Signed, encrypted, time-stamped contract messages, and audits of contract transcripts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a party: keys (PKCS#8 PEM, mode 0600) and its card.
    Keygen {
        /// The party's name, as its card will show it.
        #[arg(long)]
        name: String,
        /// Directory to write the files to.
        #[arg(long)]
        out: PathBuf,
        /// Use this Ed25519 key (for example from `openssl genpkey -algorithm ed25519`).
        #[arg(long, requires = "encryption_key")]
        signing_key: Option<PathBuf>,
        /// Use this X25519 key (for example from `openssl genpkey -algorithm x25519`).
        #[arg(long, requires = "signing_key")]
        encryption_key: Option<PathBuf>,
        /// The card's creation time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
    },
    /// Sign a message and seal it to its recipient (and copy holders).
    Seal {
        /// The sender's keys (stem or file written by keygen).
        #[arg(long)]
        from: PathBuf,
        /// The recipient's card.
        #[arg(long)]
        to: PathBuf,
        /// Cards of further parties to seal copies to.
        #[arg(long, num_args = 1..)]
        also: Vec<PathBuf>,
        /// Message kind: offer, acceptance, service-instruction, service-proof,
        /// performance-notice, payment, title-transfer, receipt, rejection,
        /// revocation, counter-offer, confirmation, withdrawal, objection,
        /// collection-instruction.
        #[arg(long)]
        kind: String,
        /// The message body as JSON (field names as in SPEC.md).
        #[arg(long)]
        body: PathBuf,
        /// The contract id.
        #[arg(long)]
        contract: String,
        /// Ids (hex) of the statements this one answers.
        #[arg(long, num_args = 1..)]
        answers: Vec<String>,
        /// Signing time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Directory of cards, to verify the proofs a performance notice carries.
        #[arg(long)]
        cards: Option<PathBuf>,
        /// Where to write the envelope for the recipient; copies go to FILE.<party id prefix>.
        #[arg(long)]
        out: PathBuf,
        /// Also write the signed statement itself (for the sender's transcript).
        #[arg(long)]
        statement_out: Option<PathBuf>,
    },
    /// Open an envelope and print the verified message as JSON.
    Open {
        /// The recipient's keys.
        #[arg(long)]
        key: PathBuf,
        /// The sender's card.
        #[arg(long)]
        from: PathBuf,
        /// Directory of further cards (the providers of a notice's proofs).
        #[arg(long)]
        cards: Option<PathBuf>,
        /// Accept only this contract.
        #[arg(long)]
        contract: Option<String>,
        /// Accept copies (statements naming this party as a copy holder).
        #[arg(long)]
        copy: bool,
        /// Write the verified statement's bytes here (for a transcript).
        #[arg(long)]
        statement_out: Option<PathBuf>,
        /// The envelope.
        file: PathBuf,
    },
    /// Time-stamp a statement as an authority.
    Timestamp {
        /// The authority's keys; its next serial number is kept in KEY.card.serial.
        #[arg(long)]
        authority: PathBuf,
        /// A nonce to include (hex).
        #[arg(long)]
        nonce: Option<String>,
        /// Time to attest (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Where to write the token; default STATEMENT.tst.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The statement (its exact bytes, for example from `open --statement-out`).
        statement: PathBuf,
    },
    /// Sign a receipt for a statement received, sealed to its sender.
    Receipt {
        /// The addressee's keys.
        #[arg(long)]
        key: PathBuf,
        /// The statement received (its exact bytes).
        #[arg(long = "for")]
        statement: PathBuf,
        /// The card of the statement's sender.
        #[arg(long)]
        to: PathBuf,
        /// When it was received (RFC 3339); default now.
        #[arg(long)]
        received: Option<String>,
        /// Signing time (RFC 3339); default now.
        #[arg(long)]
        time: Option<String>,
        /// Where to write the envelope for the sender.
        #[arg(long)]
        out: PathBuf,
        /// Also write the signed receipt itself.
        #[arg(long)]
        statement_out: Option<PathBuf>,
    },
    /// Append cards, statements or tokens to a transcript (created if absent).
    Append {
        /// The transcript.
        transcript: PathBuf,
        /// The contract id (needed to create the transcript).
        #[arg(long)]
        contract: Option<String>,
        /// Directory of the cards that statements and tokens are verified
        /// against before they are appended (cards appended are used too).
        #[arg(long)]
        cards: Option<PathBuf>,
        /// Files holding a card, a statement or a token each.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Verify a transcript (or every *.ect file in a directory) and validate
    /// the contract.
    Audit {
        /// A transcript file or a directory of transcripts.
        transcript: PathBuf,
        /// Directory of the party cards the auditor trusts.
        #[arg(long)]
        trust: PathBuf,
        /// A JSON policy file (SPEC.md section 18.7).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check every signature alone with the reference rule
        /// (verify_strict) instead of in batches (SPEC.md section 17).
        #[arg(long)]
        strict_signatures: bool,
        /// The card of the party whose own archive this is, when it is a
        /// provider's or a bank's: the report covers what that party can
        /// know (SPEC.md section 18.9; the policy's `viewer`).
        #[arg(long)]
        viewer: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Mermaid,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("econtract: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn time_arg(t: &Option<String>) -> Result<UnixTime, Fail> {
    match t {
        Some(s) => UnixTime::parse_rfc3339(s).map_err(|e| Fail::input(format!("{e}"))),
        None => Ok(SystemClock.now()),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Fail> {
    fs::read(path).map_err(|e| Fail::io(path, e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    fs::write(path, bytes).map_err(|e| Fail::io(path, e))
}

fn card_dir(dir: &Option<PathBuf>) -> Result<CardSet, Fail> {
    match dir {
        Some(d) => keyfile::read_card_dir(d),
        None => Ok(CardSet::new()),
    }
}

fn run(cmd: Command) -> Result<ExitCode, Fail> {
    let mut rng = UnwrapErr(SysRng);
    match cmd {
        Command::Keygen {
            name,
            out,
            signing_key,
            encryption_key,
            time,
        } => {
            let created = time_arg(&time)?;
            let party = match (signing_key, encryption_key) {
                (Some(s), Some(e)) => keyfile::party_from_keys(&name, &s, &e, created)?,
                _ => PartySecret::generate(&name, created, &mut rng).map_err(|e| Fail::input(format!("{e}")))?,
            };
            fs::create_dir_all(&out).map_err(|e| Fail::io(&out, e))?;
            let stem: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let stem = if stem.is_empty() {
                party.id().to_hex()[..16].to_owned()
            } else {
                stem
            };
            let p = keyfile::write_party(&out.join(stem), &party)?;
            println!("party {} ({})", party.name(), party.id());
            for f in [&p.sign, &p.enc, &p.card, &p.text] {
                println!("  wrote {}", f.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Seal {
            from,
            to,
            also,
            kind,
            body,
            contract,
            answers,
            time,
            cards,
            out,
            statement_out,
        } => {
            let sender = keyfile::read_party(&from)?;
            let recipient = keyfile::read_card(&to)?;
            let copies = also
                .iter()
                .map(|p| keyfile::read_card(p))
                .collect::<Result<Vec<_>, _>>()?;
            let kind: Kind = kind.parse().map_err(|e| Fail::input(format!("--kind: {e}")))?;
            let text = fs::read_to_string(&body).map_err(|e| Fail::io(&body, e))?;
            let mut de = serde_json::Deserializer::from_str(&text);
            let message = Message::deserialize_body(kind, &mut de)
                .and_then(|m| de.end().map(|_| m))
                .map_err(|e| Fail::input(format!("{}: not a valid {kind} body: {e}", body.display())))?;
            let contract = ContractId::new(&contract).map_err(|e| Fail::input(format!("--contract: {e}")))?;
            let mut proof_cards = card_dir(&cards)?;
            proof_cards.insert(sender.card().clone());
            let mut b =
                Statement::build(&sender, &recipient, &contract, time_arg(&time)?, message).proof_cards(&proof_cards);
            for a in &answers {
                b = b.answers(a.parse().map_err(|e| Fail::input(format!("--answers {a}: {e}")))?);
            }
            for c in &copies {
                b = b.copy_to(c);
            }
            let statement = b.sign().map_err(|e| Fail::input(format!("cannot sign: {e}")))?;
            let envelope = seal(&statement, &recipient, &mut rng).map_err(|e| Fail::input(format!("{e}")))?;
            write(&out, &envelope)?;
            for c in &copies {
                let path = PathBuf::from(format!("{}.{}", out.display(), &c.id().to_hex()[..16]));
                write(
                    &path,
                    &seal(&statement, c, &mut rng).map_err(|e| Fail::input(format!("{e}")))?,
                )?;
            }
            if let Some(p) = statement_out {
                write(&p, statement.as_bytes())?;
            }
            println!("{}", statement.id());
            Ok(ExitCode::SUCCESS)
        }
        Command::Open {
            key,
            from,
            cards,
            contract,
            copy,
            statement_out,
            file,
        } => {
            let me = keyfile::read_party(&key)?;
            let sender = keyfile::read_card(&from)?;
            let mut known = card_dir(&cards)?;
            known.insert(sender);
            let mut opener = Opener::new(&me);
            let contract = contract
                .map(|c| ContractId::new(&c).map_err(|e| Fail::input(format!("--contract: {e}"))))
                .transpose()?;
            if let Some(c) = &contract {
                opener = opener.contract(c);
            }
            if copy {
                opener = opener.allow_copies();
            }
            let s = opener
                .open(&read(&file)?, &known)
                .map_err(|e| Fail::input(format!("{}: {e}", file.display())))?;
            if let Some(p) = statement_out {
                write(&p, s.as_bytes())?;
            }
            let j = statement_json(&s);
            println!("{}", serde_json::to_string_pretty(&j).map_err(Fail::internal)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Timestamp {
            authority,
            nonce,
            time,
            out,
            statement,
        } => {
            let party = keyfile::read_party(&authority)?;
            let bytes = read(&statement)?;
            let s = Statement::decode(&bytes).map_err(|e| Fail::input(format!("{}: {e}", statement.display())))?;
            let serial_file = PathBuf::from(format!("{}.serial", keyfile::Paths::of(&authority).card.display()));
            let serial: u64 = match fs::read_to_string(&serial_file) {
                Ok(t) => t
                    .trim()
                    .parse()
                    .map_err(|_| Fail::input(format!("{}: not a number", serial_file.display())))?,
                // No file yet: the authority's first token.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => 1,
                Err(e) => return Err(Fail::io(&serial_file, e)),
            };
            let nonce = nonce
                .map(|h| decode_hex(&h).ok_or_else(|| Fail::input("--nonce: not hex".into())))
                .transpose()?;
            let when = time_arg(&time)?;
            let mut tsa = LocalAuthority::new(party, move || when, serial);
            let token = tsa
                .stamp(s.id(), nonce.as_deref())
                .map_err(|e| Fail::input(format!("{e}")))?;
            write(&serial_file, format!("{}\n", tsa.next_serial()).as_bytes())?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{}.tst", statement.display())));
            write(&out, token.as_bytes())?;
            println!(
                "{}",
                json!({"imprint": token.imprint(), "serial": token.serial(), "time": token.time(), "authority": token.authority(), "out": out})
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Receipt {
            key,
            statement,
            to,
            received,
            time,
            out,
            statement_out,
        } => {
            let me = keyfile::read_party(&key)?;
            let sender = keyfile::read_card(&to)?;
            let bytes = read(&statement)?;
            let s = Statement::decode(&bytes)
                .map_err(VerifyError::from)
                .and_then(|s| s.verify(&sender))
                .map_err(|e| Fail::input(format!("{}: {e}", statement.display())))?;
            if s.recipient() != me.id() {
                return Err(Fail::input(format!(
                    "{}: not addressed to {}",
                    statement.display(),
                    me.name()
                )));
            }
            let received = time_arg(&received)?;
            let r = Statement::build(&me, &sender, s.contract(), time_arg(&time)?, Receipt { received })
                .answers(s.id())
                .sign()
                .map_err(|e| Fail::input(format!("cannot sign: {e}")))?;
            write(
                &out,
                &seal(&r, &sender, &mut rng).map_err(|e| Fail::input(format!("{e}")))?,
            )?;
            if let Some(p) = statement_out {
                write(&p, r.as_bytes())?;
            }
            println!("{}", r.id());
            Ok(ExitCode::SUCCESS)
        }
        Command::Append {
            transcript,
            contract,
            cards,
            files,
        } => {
            // The transcript's contract: from its header, or from --contract
            // for a new one; both given must agree.
            let given = contract
                .map(|c| ContractId::new(&c).map_err(|e| Fail::input(format!("--contract: {e}"))))
                .transpose()?;
            let exists = transcript.exists();
            let k = if exists {
                let file = fs::File::open(&transcript).map_err(|e| Fail::io(&transcript, e))?;
                let header = TranscriptReader::new(std::io::BufReader::new(file))
                    .map_err(|e| Fail::input(format!("{}: {e}", transcript.display())))?;
                let k = header.contract().clone();
                if let Some(g) = given.filter(|g| *g != k) {
                    return Err(Fail::input(format!(
                        "{}: the transcript is of contract {k}, not {g}",
                        transcript.display()
                    )));
                }
                k
            } else {
                given.ok_or_else(|| Fail::input("--contract is needed to create a transcript".into()))?
            };
            let mut known = card_dir(&cards)?;
            // Every file is read and verified before the transcript is
            // touched: a bad file leaves it as it was.
            let mut records = Vec::with_capacity(files.len());
            for f in &files {
                let bytes = read(f)?;
                let bad = |e: &dyn std::fmt::Display| Fail::input(format!("{}: {e}", f.display()));
                let item = match PartyCard::from_bytes(&bytes) {
                    Ok(card) => {
                        known.insert(card.clone());
                        Item::Card(card)
                    }
                    Err(card_err) => match Statement::decode(&bytes) {
                        Ok(s) => {
                            if s.contract() != &k {
                                return Err(bad(&format!("a statement of contract {}, not {k}", s.contract())));
                            }
                            Item::Statement(s.verify(&known).map_err(|e| bad(&e))?)
                        }
                        Err(statement_err) => match TimestampToken::decode(&bytes) {
                            Ok(t) => Item::Token(t.verify(&known).map_err(|e| bad(&e))?),
                            Err(token_err) => {
                                return Err(bad(&format!(
                                    "not a card ({card_err}), statement ({statement_err}) or token ({token_err})"
                                )));
                            }
                        },
                    },
                };
                records.push(item);
            }
            let file = fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&transcript)
                .map_err(|e| Fail::io(&transcript, e))?;
            let mut w = if exists {
                TranscriptWriter::append(file)
            } else {
                TranscriptWriter::create(file, &k).map_err(|e| Fail::io(&transcript, e))?
            };
            for r in &records {
                match r {
                    Item::Card(c) => w.card(c),
                    Item::Statement(s) => w.statement(s),
                    Item::Token(t) => w.token(t),
                }
                .map_err(|e| Fail::io(&transcript, e))?;
            }
            w.finish().map_err(|e| Fail::io(&transcript, e))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            transcript,
            trust,
            policy,
            format,
            strict_signatures,
            viewer,
        } => {
            let options = AuditOptions {
                batch: !strict_signatures,
                ..AuditOptions::default()
            };
            let trusted = keyfile::read_card_dir(&trust)?;
            let mut policy: Policy = match policy {
                Some(p) => serde_json::from_slice(&read(&p)?)
                    .map_err(|e| Fail::input(format!("{}: not a policy: {e}", p.display())))?,
                None => Policy::default(),
            };
            if let Some(v) = viewer {
                let card = PartyCard::from_bytes(&read(&v)?)
                    .map_err(|e| Fail::input(format!("{}: not a party card: {e}", v.display())))?;
                policy.viewer = Some(card.id());
            }
            let many = transcript.is_dir();
            let files: Vec<PathBuf> = if many {
                let v = keyfile::files_with_ext(&transcript, "ect")?;
                if v.is_empty() {
                    return Err(Fail::input(format!(
                        "{}: no *.ect transcript in this directory",
                        transcript.display()
                    )));
                }
                v
            } else {
                vec![transcript.clone()]
            };
            let progress = std::io::stderr().is_terminal();
            let mut worst = 0u8;
            let mut outputs = Vec::new();
            for (k, f) in files.iter().enumerate() {
                if progress && files.len() > 1 {
                    eprint!("\raudit: file {}/{} {}\x1b[K", k + 1, files.len(), f.display());
                }
                match audit_one(f, &trusted, &policy, &options, progress) {
                    Ok((report, timeline)) => {
                        worst = worst.max(if report.is_valid() { 0 } else { 1 });
                        outputs.push((f.clone(), Ok((report, timeline))));
                    }
                    Err(e) => {
                        worst = 2;
                        outputs.push((f.clone(), Err(e)));
                    }
                }
            }
            if progress {
                eprint!("\r\x1b[K");
            }
            match print_audits(&outputs, format, many) {
                // A reader that stops early (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.map_err(Fail::internal)?,
            }
            for (f, r) in &outputs {
                if let Err(e) = r {
                    eprintln!("econtract: error: {}: {e}", f.display());
                }
            }
            Ok(ExitCode::from(worst))
        }
    }
}

/// A record read and verified for `append` (a few per run: no boxing).
#[allow(clippy::large_enum_variant)]
enum Item {
    Card(PartyCard),
    Statement(Verified<Statement>),
    Token(Verified<TimestampToken>),
}

fn decode_hex(h: &str) -> Option<Vec<u8>> {
    if !h.len().is_multiple_of(2) {
        return None;
    }
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
        .collect()
}

fn statement_json(s: &Statement) -> serde_json::Value {
    json!({
        "id": s.id(),
        "kind": s.kind(),
        "from": s.sender(),
        "to": s.recipient(),
        "copies": s.copies(),
        "contract": s.contract(),
        "time": s.time(),
        "answers": s.answers(),
        "body": s.message(),
    })
}

type Audited = (Report, Vec<Entry>);

fn audit_one(
    path: &Path,
    trusted: &CardSet,
    policy: &Policy,
    options: &AuditOptions,
    progress: bool,
) -> Result<Audited, String> {
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    let mut timeline = Vec::new();
    let input = std::io::BufReader::new(file);
    let report = econtract::audit::audit_with(input, Some(trusted), policy.clone(), options.clone(), |e| {
        if progress && e.index % 1000 == 999 {
            eprint!("\raudit: {} records\x1b[K", e.index + 1);
        }
        timeline.push(e.clone());
    })
    .map_err(|e| e.to_string())?;
    Ok((report, timeline))
}

fn entry_json(e: &Entry) -> serde_json::Value {
    let (record, kind, id, name) = match &e.what {
        EntryKind::Card(n) => ("card", None, None, Some(n.clone())),
        EntryKind::Statement(k, id) => ("statement", Some(k.name()), Some(*id), None),
        EntryKind::Token(imprint, _) => ("token", None, Some(*imprint), None),
    };
    let mut j = json!({
        "index": e.index,
        "record": record,
        "time": e.time,
        "from": e.from,
        "verified": true,
    });
    let m = j.as_object_mut().expect("object");
    if let Some(k) = kind {
        m.insert("kind".into(), json!(k));
    }
    if let Some(to) = e.to {
        m.insert("to".into(), json!(to));
    }
    match &e.what {
        EntryKind::Token(_, serial) => {
            m.insert("stamps".into(), json!(id));
            m.insert("serial".into(), json!(serial));
        }
        _ => {
            if let Some(id) = id {
                m.insert("id".into(), json!(id));
            }
        }
    }
    if let Some(n) = name {
        m.insert("name".into(), json!(n));
    }
    j
}

/// Prints the audits: for a directory (`many`), an array of JSON objects or
/// one section per file; otherwise the one file's object or text.
fn print_audits(outputs: &[(PathBuf, Result<Audited, String>)], format: Format, many: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = outputs
                .iter()
                .map(|(f, r)| match r {
                    Ok((report, timeline)) => json!({
                        "file": f,
                        "verified": true,
                        "valid": report.is_valid(),
                        "complete": report.is_complete(),
                        "timeline": timeline.iter().map(entry_json).collect::<Vec<_>>(),
                        "report": report,
                    }),
                    Err(e) => json!({"file": f, "verified": false, "error": e}),
                })
                .collect();
            let j = if many {
                json!(list)
            } else {
                list.into_iter().next().unwrap_or(json!(null))
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&j)?)?;
        }
        Format::Text | Format::Mermaid => {
            for (f, r) in outputs {
                if many {
                    writeln!(out, "== {}", f.display())?;
                }
                if let Ok((report, timeline)) = r {
                    let text = match format {
                        Format::Mermaid => render::mermaid(report, timeline),
                        _ => render::text(report, timeline),
                    };
                    write!(out, "{text}")?;
                }
            }
        }
    }
    Ok(())
}
