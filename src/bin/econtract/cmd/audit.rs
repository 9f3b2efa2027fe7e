//! `econtract audit`: verify transcripts and validate their contracts.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use econtract::audit::{Entry, EntryKind, Trust};
use econtract::{AuditOptions, Policy, Report, TranscriptError, render};
use serde_json::json;

use super::archive::{self, Progress, Summary};
use super::pki;
use crate::error::{CliError, EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use crate::fsio;
use crate::party;

/// The largest policy file read.
const MAX_POLICY: usize = 64 * 1024;
/// Transcripts up to this size are read whole, in one call.
const WHOLE_FILE: u64 = 4 << 20;
/// Consecutive files a job audits together in a many-file audit, with one
/// signature batch (SPEC.md 17): measured about 10% faster than one by one
/// on an archive of seven-step contracts.
const GROUP: usize = 8;

/// Output formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A timeline and where the contract stands, in words.
    Text,
    /// The report as JSON (SPEC.md section 14.3); for many files, one
    /// object holding each file's, then a summary, written as each file is
    /// audited.
    Json,
    /// JSON Lines: one line per file (its report, without the timeline),
    /// then a summary line (SPEC.md section 14.3).
    Jsonl,
    /// A Mermaid sequence diagram.
    Mermaid,
}

/// The options of `audit`.
#[derive(clap::Args)]
pub struct Args {
    /// A transcript file (`-`: standard input) or a directory of transcripts.
    #[arg(required_unless_present = "files_from", conflicts_with = "files_from")]
    pub transcript: Option<PathBuf>,
    /// Audit the transcripts listed in this file (`-`: standard input), one
    /// path per line, as they come: for `xargs`, GNU parallel or a cluster
    /// job that hands each worker a list.
    #[arg(long, value_name = "LIST")]
    pub files_from: Option<PathBuf>,
    /// Transcripts audited at once, for a directory or a list (default: one
    /// per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Directory of the party cards the auditor trusts (pins). Optional
    /// with --trust-ca: a card that is not pinned must then be certified.
    #[arg(long, required_unless_present = "trust_ca")]
    pub trust: Option<PathBuf>,
    /// Root certificates (PEM or DER; repeatable) of the certificate
    /// authorities whose certificates establish the parties' identities
    /// (SPEC.md 7.1): each party's signing key is checked against the
    /// certificates and CRLs in the transcript (`econtract certify`) and
    /// given with --cert and --crl, at the time each statement is proven.
    #[arg(long, value_name = "ROOTS")]
    pub trust_ca: Vec<PathBuf>,
    /// Root certificates (PEM or DER; repeatable) of the time-stamping
    /// authorities whose RFC 3161 tokens count (SPEC.md 11.1); needed to
    /// audit a transcript holding such tokens.
    #[arg(long, value_name = "ROOTS")]
    pub trust_tsa: Vec<PathBuf>,
    /// More certificates (PEM or DER; repeatable): intermediates, or party
    /// certificates kept outside the transcript.
    #[arg(long, value_name = "FILE")]
    pub cert: Vec<PathBuf>,
    /// More CRLs (PEM or DER; repeatable), for example fetched later than
    /// those the transcript holds.
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// A JSON policy file (SPEC.md section 18.7).
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Check every signature alone instead of in batches: slower, the same
    /// verdict (SPEC.md section 17).
    #[arg(long, alias = "strict-signatures")]
    pub one_by_one: bool,
    /// The card of the party whose own archive this is, when it is a
    /// provider's or a bank's: the report covers what that party can
    /// know (SPEC.md section 18.9; the policy's `viewer`).
    #[arg(long)]
    pub viewer: Option<PathBuf>,
}

type Audited = (Report, Vec<Entry>);
/// Why a file could not be audited, and the exit status that gives.
type Failed = (String, u8);

/// Audits one transcript or every `*.ect` file of a directory.
pub fn run(a: Args) -> Result<u8, CliError> {
    let options = AuditOptions {
        batch: !a.one_by_one,
        ..AuditOptions::default()
    };
    let trust = trust(&a)?;
    let mut policy: Policy = match &a.policy {
        Some(p) => {
            let bytes = fsio::read_input(p, MAX_POLICY, "policy")?;
            serde_json::from_slice(&bytes).map_err(|e| {
                CliError::input_hint(
                    fsio::name(p),
                    format!("not a policy: {e}"),
                    "a policy is a JSON object with the fields of SPEC.md section 18.7",
                )
            })?
        }
        None => Policy::default(),
    };
    if let Some(v) = &a.viewer {
        policy.viewer = Some(party::read_card(v)?.id());
    }
    let one_file = |t: &PathBuf| fsio::is_dash(t) || !t.is_dir();
    let transcript = match (&a.transcript, &a.files_from) {
        (Some(t), None) if one_file(t) => t.clone(),
        (Some(dir), None) => {
            let files = party::files_with_ext(dir, "ect")?;
            if files.is_empty() {
                return Err(CliError::usage(format!(
                    "{}: no *.ect transcript in this directory",
                    dir.display()
                )));
            }
            let total = files.len();
            return many(files.into_iter(), Some(total), &a, &trust, &policy, &options);
        }
        (None, Some(list)) => {
            let input: Box<dyn std::io::BufRead + Send> = if fsio::is_dash(list) {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                Box::new(std::io::BufReader::new(fsio::open_regular(list)?))
            };
            let (files, reader) = archive::list_reader(input);
            let status = many(files, None, &a, &trust, &policy, &options)?;
            return match reader.join() {
                Ok(Ok(_)) => Ok(status),
                Ok(Err(e)) => Err(CliError::input_hint(
                    fsio::name(list),
                    e,
                    "give one transcript path per line",
                )),
                Err(_) => Err(CliError::usage("the file list reader stopped".to_owned())),
            };
        }
        _ => {
            return Err(CliError::usage(
                "name a transcript, a directory, or --files-from LIST".to_owned(),
            ));
        }
    };
    let progress = std::io::stderr().is_terminal();
    let r = audit_one(&transcript, &trust, &policy, &options, progress, true);
    if progress {
        eprint!("\r\x1b[K");
    }
    let worst = exit_status(&r);
    match print_audit(&transcript, &r, a.format) {
        // `| head`: the reader stopped; the verdict stands.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(worst),
        other => other.map_err(CliError::Stdout)?,
    }
    if let Err((e, _)) = &r {
        crate::error::stderr_line(format_args!("econtract: error: {}: {e}", fsio::name(&transcript)));
    }
    Ok(worst)
}

/// What the auditor trusts: the pinned cards of --trust, the roots of
/// --trust-ca and --trust-tsa, and the certificates and CRLs given.
fn trust(a: &Args) -> Result<Trust, CliError> {
    let cards = a.trust.as_deref().map(party::read_card_dir).transpose()?;
    let mut certificates = Vec::new();
    for f in &a.cert {
        certificates.extend(pki::read_certificates(f)?);
    }
    let mut crls = Vec::new();
    for f in &a.crl {
        crls.extend(pki::read_crls(f)?);
    }
    let anchors = |roots: &[PathBuf], option: &str| {
        if roots.is_empty() {
            Ok(None)
        } else {
            pki::read_anchors(roots, &[], option).map(Some)
        }
    };
    Ok(Trust {
        cards,
        ca: anchors(&a.trust_ca, "--trust-ca")?,
        tsa: anchors(&a.trust_tsa, "--trust-tsa")?,
        certificates,
        crls,
    })
}

/// The message of a transcript that cannot be verified, with what to do
/// where the tool knows.
fn unverifiable(e: TranscriptError, path: &Path) -> Failed {
    use econtract::rfc3161::Rfc3161Error;
    match e {
        TranscriptError::TornTail { .. } => (
            format!(
                "{e}; run `econtract append --repair {}` to remove the torn record",
                path.display()
            ),
            EXIT_INPUT,
        ),
        TranscriptError::Io(e) => (format!("cannot read: {e}"), crate::error::EXIT_SYSTEM),
        TranscriptError::Rfc3161 {
            error: Rfc3161Error::UntrustedChain(_),
            ..
        } => (
            format!(
                "{e}; if you trust the time-stamping authority, give its root certificate with --trust-tsa ROOTS.pem"
            ),
            EXIT_INPUT,
        ),
        TranscriptError::Rfc3161 { .. } => (
            format!("unverifiable RFC 3161 time-stamp: {e}; the token is not evidence as it stands"),
            EXIT_INPUT,
        ),
        TranscriptError::X509 { ref error, .. } => {
            let hint = pki::x509_hint(error);
            (format!("{e}; {hint}"), EXIT_INPUT)
        }
        e => (e.to_string(), EXIT_INPUT),
    }
}

fn exit_status(r: &Result<Audited, Failed>) -> u8 {
    match r {
        Ok((report, _)) if report.is_valid() => EXIT_OK,
        Ok(_) => EXIT_FINDINGS,
        Err((_, status)) => *status,
    }
}

/// Audits many files (a directory, a list), on every core, printing each
/// file's result as it comes, in order, then the summary.
fn many(
    files: impl Iterator<Item = PathBuf> + Send,
    total: Option<usize>,
    a: &Args,
    trust: &Trust,
    policy: &Policy,
    options: &AuditOptions,
) -> Result<u8, CliError> {
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // Parallel across files: each file on one thread.
    let per_file = AuditOptions {
        threads: 1,
        ..options.clone()
    };
    let format = a.format;
    let timeline = !matches!(format, Format::Jsonl);
    let stdout = std::io::stdout();
    let mut progress = Progress::new(std::io::stderr().is_terminal() && !stdout.is_terminal(), total);
    // Written from whichever thread prints (archive::run), so not a lock.
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stdout);
    let mut summary = Summary::default();
    let mut worst = EXIT_OK;
    if matches!(format, Format::Json) {
        write!(out, "{{\"files\":[").map_err(CliError::Stdout)?;
    }
    // Each worker renders its files' output; printing only writes it.
    let work = |paths: &[PathBuf]| {
        let results = if options.batch {
            audit_group(paths, trust, policy, &per_file)
        } else {
            paths
                .iter()
                .map(|p| audit_one(p, trust, policy, &per_file, false, timeline))
                .collect()
        };
        paths
            .iter()
            .zip(results)
            .map(|(p, r)| {
                let file = fsio::name(p).to_string();
                let mut text = Vec::new();
                let rendered = render_one(&mut text, format, p, &file, &r);
                let status = exit_status(&r);
                let r = r.map(|(report, _)| report);
                (file, status, r, rendered.map(|()| text))
            })
            .collect()
    };
    let result = archive::run_grouped(files, jobs, GROUP, work, |_, (file, status, r, text)| {
        worst = worst.max(status);
        let first = summary.files == 0;
        match &r {
            Ok(report) => summary.audited(report),
            Err((e, _)) => {
                summary.failed(file.clone(), e);
                progress.done();
                crate::error::stderr_line(format_args!("econtract: error: {file}: {e}"));
            }
        }
        if matches!(format, Format::Json) && !first {
            out.write_all(b",")?;
        }
        out.write_all(&text?)?;
        progress.tick(&summary);
        Ok(())
    });
    progress.done();
    summary.seconds = progress.seconds();
    let end = result.and_then(|()| {
        match format {
            Format::Json => {
                let s = serde_json::to_string(&summary).map_err(std::io::Error::other)?;
                writeln!(out, "\n],\"summary\":{s}}}")?;
            }
            Format::Jsonl => {
                let s = serde_json::to_string(&json!({ "summary": summary })).map_err(std::io::Error::other)?;
                writeln!(out, "{s}")?;
            }
            Format::Text | Format::Mermaid => write!(out, "{}", summary.text())?,
        }
        out.flush()
    });
    match end {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(worst),
        Err(e) => Err(CliError::Stdout(e)),
        Ok(()) => Ok(worst),
    }
}

/// Renders one file's result of a many-file audit (for JSON, the array
/// element without its separating comma).
fn render_one(
    out: &mut impl Write,
    format: Format,
    path: &Path,
    file: &str,
    r: &Result<Audited, Failed>,
) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Jsonl => {
            let v = file_json(file, r, matches!(format, Format::Json));
            if matches!(format, Format::Json) {
                out.write_all(b"\n")?;
            }
            serde_json::to_writer(&mut *out, &v).map_err(std::io::Error::other)?;
            if matches!(format, Format::Jsonl) {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Text | Format::Mermaid => {
            writeln!(out, "== {}", path.display())?;
            if let Ok((report, timeline)) = r {
                write!(out, "{}", render_report(format, report, timeline))?;
            }
            Ok(())
        }
    }
}

/// A file's JSON object (SPEC.md section 14.3), with its timeline or not.
fn file_json(file: &str, r: &Result<Audited, Failed>, with_timeline: bool) -> serde_json::Value {
    match r {
        Ok((report, timeline)) => {
            let mut j = json!({
                "file": file,
                "verified": true,
                "valid": report.is_valid(),
                "complete": report.is_complete(),
            });
            if let Some(m) = j.as_object_mut() {
                if with_timeline {
                    m.insert("timeline".into(), timeline.iter().map(entry_json).collect());
                }
                m.insert("report".into(), json!(report));
            }
            j
        }
        Err((e, _)) => json!({"file": file, "verified": false, "error": e}),
    }
}

/// A transcript to audit: read whole (a small file), or streamed.
enum Input {
    Bytes(Vec<u8>),
    Stream(Box<dyn Read>),
}

/// Opens a transcript: refuses one an interrupted append left; reads a
/// small file whole in one call (an archive is many small transcripts); a
/// large one, or standard input, streams.
fn open_input(path: &Path) -> Result<Input, Failed> {
    if fsio::is_dash(path) {
        return Ok(Input::Stream(Box::new(std::io::stdin().lock())));
    }
    let mut journal = path.as_os_str().to_os_string();
    journal.push(".journal");
    if fsio::occupied(Path::new(&journal)) {
        return Err((
            format!(
                "an append to it was interrupted; run `econtract append --repair {}`",
                path.display()
            ),
            EXIT_INPUT,
        ));
    }
    let mut file = fsio::open_regular(path).map_err(|e| {
        let status = e.exit_status();
        let msg = match e {
            CliError::Io { op, err, .. } => format!("cannot {op}: {err}"),
            e => e.to_string(),
        };
        (msg, status)
    })?;
    match file.metadata().map(|m| m.len()) {
        Ok(len) if len <= WHOLE_FILE => {
            let mut bytes = Vec::with_capacity(len as usize + 1);
            file.read_to_end(&mut bytes)
                .map_err(|e| (format!("cannot read: {e}"), crate::error::EXIT_SYSTEM))?;
            Ok(Input::Bytes(bytes))
        }
        _ => Ok(Input::Stream(Box::new(std::io::BufReader::new(file)))),
    }
}

fn audit_one(
    path: &Path,
    trust: &Trust,
    policy: &Policy,
    options: &AuditOptions,
    progress: bool,
    keep_timeline: bool,
) -> Result<Audited, Failed> {
    let input: Box<dyn Read> = match open_input(path)? {
        Input::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes)),
        Input::Stream(r) => r,
    };
    let mut timeline = Vec::new();
    let report = econtract::audit::audit_trusting(input, trust, policy.clone(), options.clone(), |e| {
        if progress && e.index % 1000 == 999 {
            eprint!("\raudit: {} records\x1b[K", e.index + 1);
        }
        if keep_timeline {
            timeline.push(e.clone());
        }
    })
    .map_err(|e| unverifiable(e, path))?;
    Ok((report, timeline))
}

/// Audits consecutive files of a many-file audit: the small ones together,
/// with one signature batch (`audit_transcripts_with_timelines`: each gets
/// the verdict it has alone), the others one by one.
fn audit_group(
    paths: &[PathBuf],
    trust: &Trust,
    policy: &Policy,
    options: &AuditOptions,
) -> Vec<Result<Audited, Failed>> {
    let mut out: Vec<Option<Result<Audited, Failed>>> = Vec::with_capacity(paths.len());
    let mut small: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        match open_input(p) {
            Ok(Input::Bytes(b)) => {
                small.push((i, b));
                out.push(None);
            }
            Ok(Input::Stream(_)) => out.push(Some(audit_one(p, trust, policy, options, false, true))),
            Err(e) => out.push(Some(Err(e))),
        }
    }
    let refs: Vec<&[u8]> = small.iter().map(|(_, b)| b.as_slice()).collect();
    let results = econtract::audit::audit_transcripts_with_timelines(&refs, trust, policy);
    for ((i, _), r) in small.iter().zip(results) {
        out[*i] = Some(r.map_err(|e| unverifiable(e, &paths[*i])));
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(("not audited".into(), crate::error::EXIT_SYSTEM))))
        .collect()
}

fn entry_json(e: &Entry) -> serde_json::Value {
    let (record, kind, id, name) = match &e.what {
        EntryKind::Card(n) => ("card", None, None, Some(n.clone())),
        EntryKind::Statement(k, id) => ("statement", Some(k.name()), Some(*id), None),
        EntryKind::Token(imprint, _) => ("token", None, Some(*imprint), None),
        EntryKind::Rfc3161 { authority, .. } => ("rfc3161-token", None, None, Some(authority.clone())),
        EntryKind::X509(what) => (*what, None, None, None),
    };
    let mut j = json!({
        "index": e.index,
        "record": record,
        "time": e.time,
        "from": e.from,
        "verified": true,
    });
    if let Some(m) = j.as_object_mut() {
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
            EntryKind::Rfc3161 { serial, .. } => {
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
    }
    j
}

/// Prints one file's audit: its JSON object, text or diagram. File names
/// that are not UTF-8 are printed with replacement characters.
fn print_audit(path: &Path, r: &Result<Audited, Failed>, format: Format) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json | Format::Jsonl => {
            let j = file_json(&fsio::name(path).to_string(), r, matches!(format, Format::Json));
            let text = if matches!(format, Format::Json) {
                serde_json::to_string_pretty(&j)
            } else {
                serde_json::to_string(&j)
            }
            .map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text | Format::Mermaid => {
            if let Ok((report, timeline)) = r {
                write!(out, "{}", render_report(format, report, timeline))?;
            }
        }
    }
    out.flush()
}

/// A report and its timeline as text, or as a Mermaid diagram.
fn render_report(format: Format, report: &Report, timeline: &[Entry]) -> String {
    match format {
        Format::Mermaid => render::mermaid(report, timeline),
        _ => render::text(report, timeline),
    }
}
